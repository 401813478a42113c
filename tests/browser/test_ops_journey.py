"""Bank operations in a real browser: onboard by file, publish a month, watch the deadlines, settle a dispute."""

from __future__ import annotations

import re
from decimal import Decimal

from portal.models import Role
from reconcile.models import BankAccount, Customer
from statements.models import (
    Agreement,
    BalanceStatement,
    Dispute,
    DisputeStatus,
    PeriodBalance,
    RunStatus,
    SmsMessage,
    SmsStatus,
    StatementRun,
    StatementStatus,
)
from statements.reports import return_rates
from tests.browser.support import (
    column_cell,
    ensure_calendar,
    exact,
    expect,
    last_finished_month,
    log_in,
    sign_answer,
    submit,
    tr,
)
from tests.factories import credit_code, make_user

AGREEMENTS_HEADER = ",".join(
    [
        "customer_name",
        "credit_code",
        "account_number",
        "currency",
        "branch",
        "cycle",
        "channel",
        "contact_name",
        "mobile",
        "address",
        "status",
    ]
)
BRANCH = "上海浦东分行营业部"
ACCOUNTS = [
    ("上海浦江精密机械有限公司", credit_code(501), "6222020000771001", "1250000.00"),
    ("苏州工业园区启明电子有限公司", credit_code(502), "6222020000771002", "3088000.50"),
]


def _agreements_csv() -> bytes:
    start = last_finished_month().start
    rows = [AGREEMENTS_HEADER + ",valid_from"] + [
        f"{name},{code},{number},CNY,{BRANCH},monthly,online_banking,王丽,13812345678,上海市浦东新区世纪大道100号,active,"
        f"{start:%Y-%m-%d}"
        for name, code, number, _ in ACCOUNTS
    ]
    return ("\n".join(rows) + "\n").encode()


def _balances_csv(as_of) -> bytes:
    rows = ["account_number,currency,as_of,balance"] + [
        f'{number},CNY,{as_of:%Y-%m-%d},"{Decimal(amount):,.2f}"' for _, _, number, amount in ACCOUNTS
    ]
    return ("\n".join(rows) + "\n").encode()


def _upload(page, field_id: str, name: str, data: bytes, button: str) -> None:
    page.locator(f"#{field_id}").set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    submit(page, page.get_by_role("button", name=button, exact=True))
    expect(page).to_have_url(re.compile(r"/ops/onboarding/$"))
    expect(page.locator(".messages")).to_contain_text(f"{name}: ")


def test_ops_onboard_publish_and_resolve_a_dispute_as_bank_error(new_context, shot, ops, settings):
    settings.BANK_STAFF_REQUIRE_2FA = False  # the embedded default; the second factor has its own tests
    ensure_calendar()
    month = last_finished_month()
    page = new_context().new_page()
    log_in(page, "ops_user")

    # Onboarding: the agreements file, then the period-end balances from core banking.
    page.goto("/ops/onboarding/")
    shot(page, "onboarding")
    _upload(page, "id_agreements-file", "agreements.csv", _agreements_csv(), tr("Upload agreements"))
    expect(page.locator(".messages")).to_contain_text("共 2 行：新建账户 2 个，新建对账协议 2 份，新建客户 2 户")
    shot(page, "agreements-uploaded")
    numbers = [number for _, _, number, _ in ACCOUNTS]
    assert sorted(BankAccount.objects.values_list("number", flat=True)) == numbers
    assert sorted(Customer.objects.values_list("credit_code", flat=True)) == sorted(c for _, c, _, _ in ACCOUNTS)
    _upload(page, "id_balances-file", "balances.csv", _balances_csv(month.end), tr("Upload balances"))
    expect(page.locator(".messages")).to_contain_text("新增 2 条，更正 0 条，未变 0 条")
    shot(page, "balances-uploaded")
    assert PeriodBalance.objects.get(account__number=numbers[1], as_of=month.end).balance == Decimal("3088000.50")
    # The upload dates the agreements with its valid_from column (signed before the month that just ended).
    agreements = Agreement.objects.filter(account__number__in=numbers)
    assert set(agreements.values_list("valid_from", flat=True)) == {month.start}

    # Publish the last finished month: the run page reaches 100 % and shows the deadlines.
    page.goto("/ops/publish/")
    page.get_by_label("期间", exact=True).fill(month.key)
    shot(page, "publish-form")
    submit(page, page.get_by_role("button", name=tr("Publish"), exact=True))
    # The confirmation names what goes out; only the ticked box publishes.
    expect(page.locator(".publish-confirm")).to_contain_text(month.key)
    page.locator("#publish-confirm").check()
    submit(page, page.get_by_role("button", name=tr("Publish and send the notices"), exact=True))
    page.wait_for_url(re.compile(r"/ops/runs/\d+/$"))
    expect(page.get_by_role("status").locator("progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("status")).to_contain_text("100% · 已完成")
    run = StatementRun.objects.get(period=month.key)
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(f"{run.dispatch_deadline:%Y-%m-%d}")
    expect(facts).to_contain_text(f"{run.sms_deadline:%Y-%m-%d}")
    shot(page, "run-done")
    assert (run.status, run.accounts_due, run.statements_created) == (RunStatus.DONE, 2, 2)
    statements = BalanceStatement.objects.filter(run=run).select_related("account")
    assert {s.status for s in statements} == {StatementStatus.DISPATCHED}
    disputed = statements.get(account__number=numbers[0])

    # The dashboard: the run with its dispatch and SMS deadlines, everything dispatched and notified.
    page.goto("/ops/")
    runs = page.locator("section.card", has=page.get_by_role("heading", name=tr("Publishing runs and deadlines")))
    runs_table = runs.locator("table")
    row = runs_table.get_by_role("row").filter(has=page.get_by_role("link", name=month.key, exact=True))
    expect(column_cell(runs_table, row, tr("Progress"))).to_contain_text("100%")
    expect(column_cell(runs_table, row, tr("Statements"))).to_have_text(exact("2"))
    expect(column_cell(runs_table, row, tr("Dispatch deadline"))).to_have_text(
        exact(f"{run.dispatch_deadline:%Y-%m-%d}")
    )
    expect(column_cell(runs_table, row, tr("Not yet dispatched"))).to_have_text(exact("0"))
    expect(column_cell(runs_table, row, tr("SMS notice deadline"))).to_have_text(exact(f"{run.sms_deadline:%Y-%m-%d}"))
    # SMS notices are queued at publishing and held during the quiet hours (21:00-08:00), so "not sent" depends
    # on the hour the test runs; the page must show what the outbox holds.
    notices = SmsMessage.objects.filter(statement__run=run, template="statement_notice")
    assert notices.count() == 2
    unsent = notices.exclude(status=SmsStatus.SENT).count()
    cell = column_cell(runs_table, row, tr("Notices not sent"))
    expect(cell).to_have_text(re.compile(rf"^\s*{unsent}(\D|$)"))
    if unsent:  # held for the quiet hours: the cell also says until when
        expect(cell.locator(".hint")).to_be_visible()
    shot(page, "dashboard-deadlines")

    # A client of the first account, in a browser of their own, disagrees.
    make_user("client_pujiang", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER], disputed.account.customer)
    client = new_context().new_page()
    log_in(client, "client_pujiang")
    client.get_by_role("link", name=disputed.number, exact=True).click()
    client.get_by_role("link", name="不符：余额不一致").click()
    client.get_by_label("贵公司账面余额", exact=True).fill("1,249,500.00")
    client.get_by_label("不符原因", exact=True).fill(
        "10月31日贵行扣收的 500.00 元账户管理费我方未收到通知，且与协议不符。"
    )
    submit(client, client.get_by_role("button", name="提交不符回复"))
    sign_answer(client)
    client.wait_for_url(re.compile(rf"/statements/{disputed.pk}/$"))
    expect(client.locator(".status")).to_have_text("不符")
    shot(client, "client-disagreed")
    dispute = Dispute.objects.get(statement=disputed)

    # Back at the bank: the dispute list, take it, resolve it as a bank error with the corrected balance.
    page.goto("/ops/disputes/")
    row = page.get_by_role("row").filter(has_text=disputed.number)
    expect(row).to_contain_text("1,250,000.00")
    expect(row).to_contain_text("1,249,500.00")
    expect(row).to_contain_text(f"{dispute.bank_due_date:%Y-%m-%d}")
    shot(page, "disputes-list")
    row.get_by_role("link", name=str(dispute.pk), exact=True).click()
    page.wait_for_url(re.compile(rf"/ops/disputes/{dispute.pk}/$"))
    expect(page.locator("dl.facts")).to_contain_text("10月31日贵行扣收的 500.00 元账户管理费")
    submit(page, page.get_by_role("button", name=tr("Take this dispute")))
    expect(page.get_by_role("heading", level=1)).to_contain_text("处理中")
    expect(page.locator("dl.facts")).to_contain_text("ops_user")
    shot(page, "dispute-taken")
    dispute.refresh_from_db()
    assert (dispute.status, dispute.assigned_to) == (DisputeStatus.INVESTIGATING, ops)

    page.get_by_label(tr("Finding"), exact=True).select_option("bank_error")
    page.get_by_label(tr("Explanation for the client"), exact=True).fill(
        "经核查，账户管理费系误扣，已冲回；余额更正后重新出具对账单。"
    )
    page.get_by_label(tr("Corrected balance (bank error only)"), exact=True).fill("1,250,500.00")
    shot(page, "resolve-form")
    submit(page, page.get_by_role("button", name=tr("Resolve the dispute")))
    page.wait_for_url(re.compile(rf"/ops/disputes/{dispute.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(tr("Dispute resolved."))
    expect(page.get_by_role("heading", level=1)).to_contain_text("已处理")
    expect(page.locator("dl.facts")).to_contain_text("银行差错")
    # The resolved dispute leads to the version that replaced the disputed one.
    expect(page.locator("dl.facts").get_by_role("link", name=f"{disputed.number} v2", exact=True)).to_be_visible()
    shot(page, "dispute-resolved")
    dispute.refresh_from_db()
    assert (dispute.status, dispute.finding, dispute.resolved_by) == (DisputeStatus.RESOLVED, "bank_error", ops)
    versions = list(BalanceStatement.objects.filter(number=disputed.number).order_by("version"))
    assert [(v.version, v.status) for v in versions] == [
        (1, StatementStatus.SUPERSEDED),
        (2, StatementStatus.DISPATCHED),
    ]
    assert versions[1].balance == Decimal("1250500.00") and versions[1].previous_id == disputed.pk

    # The client sees the re-issued version 2 to answer.
    client.goto("/")
    client.get_by_role("link", name=disputed.number, exact=True).click()
    expect(client.get_by_role("heading", level=1)).to_contain_text(tr("version %(v)s") % {"v": 2})
    expect(client.locator("dd.balance")).to_contain_text("CNY 1,250,500.00")
    expect(client.locator("section", has=client.get_by_role("heading", name="版本记录"))).to_contain_text("v2")
    shot(client, "client-sees-version-2")

    # The dashboard's return-rate table shows the period (v1 superseded; v2 and the other one open).
    page.goto("/ops/")
    rates = page.locator("section.card", has=page.get_by_role("heading", name=tr("Return rate"), exact=True))
    rates_table = rates.locator("table")
    row = rates_table.get_by_role("row").filter(has_text=month.key)
    expect(row).to_have_count(1)
    expected = next(r for r in return_rates(by_branch=True) if r.period == month.key)
    assert (expected.branch, expected.dispatched, expected.open, expected.answered) == (BRANCH, 2, 2, 0)
    expect(column_cell(rates_table, row, tr("Period"))).to_have_text(exact(month.key))
    expect(column_cell(rates_table, row, tr("Branch"))).to_have_text(exact(BRANCH))
    expect(column_cell(rates_table, row, tr("Dispatched"))).to_have_text(exact("2"))
    expect(column_cell(rates_table, row, tr("Open"))).to_have_text(exact("2"))
    expect(column_cell(rates_table, row, tr("Return rate"))).to_have_text(exact("0%"))
    shot(page, "dashboard-return-rate")
