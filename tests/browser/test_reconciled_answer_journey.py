"""Issue 17's journey in a real browser: ops feed a statement with its detail and publish it; the client's accountant,
who uploads no bank statement, reconciles in the workbench and answers with the table; the confirmer submits
调节后相符; ops see the answer; the receipt lists the outstanding items. The detail downloads on the way."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from pypdf import PdfReader

from reconcile.models import BankLine, Import, MatchRun
from reconcile.parsers import parse_file
from reconcile.services.imports import import_file
from statements.models import (
    AnswerDraft,
    BalanceSource,
    BalanceStatement,
    Channel,
    Confirmation,
    Decision,
    PeriodBalance,
    StatementRun,
    StatementStatus,
)
from statements.services.agreements import agreement_create
from tests.browser.support import (
    download,
    ensure_calendar,
    exact,
    expect,
    last_finished_month,
    log_in,
    sign_answer,
    submit,
    tr,
)


def _bank_csv(month) -> str:
    """The month as the bank feeds it: opens at 1,168,500.00, closes at the core-banking 1,250,000.00."""
    ym = f"{month.end:%Y-%m}"
    return (
        "交易日期,摘要,对方户名,借方发生额,贷方发生额,余额,交易流水号\n"
        f'{ym}-03,收恒瑞货款,上海恒瑞贸易有限公司,,"200,000.00","1,368,500.00",FED0001\n'
        f'{ym}-10,支付货款,北京中科信达科技有限公司,"120,000.00",,"1,248,500.00",FED0002\n'
        f'{ym}-{month.end.day - 2:02d},手续费,,150.00,,"1,248,350.00",FED0003\n'
        f'{ym}-{month.end.day:02d},结息,,,"1,650.00","1,250,000.00",FED0004\n'
    )


def _journal_csv(month) -> str:
    """The company's books: the same two payments, a cheque received on the last day and one written the day before
    (neither at the bank yet); the fee and the interest not booked. Book balance 1,198,500.00."""
    ym = f"{month.end:%Y-%m}"
    return (
        "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
        f'{ym}-01,,期初余额,,,,,,借,"1,168,500.00"\n'
        f'{ym}-03,记-03,收恒瑞贸易货款,应收账款,电汇,,"200,000.00",,借,"1,368,500.00"\n'
        f'{ym}-10,记-09,付中科信达货款,应付账款,电汇,,,"120,000.00",借,"1,248,500.00"\n'
        f'{ym}-{month.end.day - 1:02d},记-20,付中科信达设备款,应付账款,转账支票,10234567,,"80,000.00",借,'
        f'"1,168,500.00"\n'
        f'{ym}-{month.end.day:02d},记-22,收恒瑞贸易转账支票,应收账款,转账支票,10234561,"30,000.00",,借,'
        f'"1,198,500.00"\n'
    )


def test_ops_feed_the_accountant_answers_with_the_table_and_the_confirmer_submits(
    new_context, shot, ops, accountant_a, client_a, account_a, settings
):
    settings.BANK_STAFF_REQUIRE_2FA = False  # the embedded default; the second factor has its own tests
    ensure_calendar()
    month = last_finished_month()
    agreement_create(
        actor=None,
        account=account_a,
        cycle="monthly",
        channel=Channel.ONLINE_BANKING,
        contact_name="王丽",
        mobile="13812345678",
        valid_from=month.start,
    )
    PeriodBalance.objects.create(
        account=account_a, as_of=month.end, balance=Decimal("1250000.00"), source=BalanceSource.CORE_FEED
    )

    # Ops feed the bank's statement of the month (the upload page, as bank staff: bank-fed lines) and publish.
    bank = new_context().new_page()
    log_in(bank, "ops_user")
    bank.goto("/imports/upload/")
    bank.get_by_label("文件类型", exact=True).select_option("bank")
    bank.get_by_label("文件", exact=True).set_input_files(
        {"name": "core-feed.csv", "mimeType": "text/csv", "buffer": _bank_csv(month).encode()}
    )
    bank.get_by_label(tr("Account"), exact=True).select_option(account_a.number)  # offered as a list (issue 22.8)
    submit(bank, bank.get_by_role("button", name="上传并导入"))
    bank.wait_for_url(re.compile(r"/imports/\d+/$"))
    expect(bank.locator("dl.facts strong").first).to_have_text("已导入")
    shot(bank, "ops-fed-the-detail")
    assert BankLine.objects.fed().filter(account=account_a).count() == 4
    bank.goto("/ops/publish/")
    bank.get_by_label("期间", exact=True).fill(month.key)
    submit(bank, bank.get_by_role("button", name=tr("Publish"), exact=True))
    # The confirmation names what goes out; only the ticked box publishes.
    expect(bank.locator(".publish-confirm")).to_contain_text(month.key)
    bank.locator("#publish-confirm").check()
    submit(bank, bank.get_by_role("button", name=tr("Publish and send the notices"), exact=True))
    bank.wait_for_url(re.compile(r"/ops/runs/\d+/$"))
    expect(bank.get_by_role("status")).to_contain_text("100% · 已完成")
    statement = BalanceStatement.objects.get(run=StatementRun.objects.get(period=month.key), account=account_a)
    assert (statement.detail_lines, statement.opening_balance) == (4, Decimal("1168500.00"))
    shot(bank, "published")

    # The company's ERP pushes its journal (the accountant uploads no bank statement: the bank fed it).
    journal = import_file(
        actor=accountant_a,
        kind="journal",
        data=_journal_csv(month).encode(),
        filename="journal.csv",
        account_number=account_a.number,
        source="api",
    )
    assert journal.status == "done", journal.errors
    assert not Import.objects.filter(kind="bank", uploaded_by=accountant_a).exists()

    # The accountant: the statement's detail and its downloads, then the workbench.
    accountant = new_context().new_page()
    log_in(accountant, "accountant_a")
    accountant.goto(f"/statements/{statement.pk}/lines/")
    expect(accountant.get_by_role("row").filter(has_text="FED0001")).to_contain_text("200,000.00")
    data, name = download(accountant, lambda: accountant.get_by_role("link", name="camt.053", exact=True).click())
    assert name == f"detail-{statement.number}-v1.xml"
    [parsed] = parse_file(data, name)
    assert [line.serial for line in parsed.lines] == ["FED0001", "FED0002", "FED0003", "FED0004"]
    data, name = download(accountant, lambda: accountant.get_by_role("link", name="MT940", exact=True).click())
    assert name.endswith(".sta") and data.startswith(b":20:")
    shot(accountant, "detail-page")

    accountant.goto(f"/reconcile/{account_a.pk}/?period={month.end}")
    submit(accountant, accountant.get_by_role("button", name=tr("Match automatically")))
    accountant.wait_for_url(re.compile(r"/reconcile/runs/\d+/$"))
    expect(accountant.get_by_role("status")).to_contain_text("100% · 已完成")
    assert MatchRun.objects.get(account=account_a).matched == 2
    accountant.get_by_role("link", name=tr("Back to the workbench")).click()
    accountant.wait_for_url(re.compile(rf"/reconcile/{account_a.pk}/\?period={month.end}$"))
    table = accountant.locator("table.adjustment")
    adjusted = table.get_by_role("row").last.get_by_role("cell")
    expect(adjusted.nth(0)).to_have_text(exact("1,200,000.00"))
    expect(adjusted.nth(1)).to_have_text(exact("1,200,000.00"))
    expect(accountant.get_by_role("status").filter(has_text=tr("The balances agree after adjustment."))).to_be_visible()
    offer = accountant.get_by_role("region", name=tr("Answer the statement"))
    expect(offer).to_contain_text(statement.number)
    shot(accountant, "workbench-agreed-with-offer")
    submit(accountant, offer.get_by_role("button", name=tr("Answer with this table")))
    accountant.wait_for_url(re.compile(rf"/statements/{statement.pk}/$"))
    expect(accountant.locator(".messages")).to_contain_text(
        tr(
            "The answer is prepared from the balance adjustment table: the items explain the difference. A confirmer of "
            "your company submits it."
        )
    )
    shot(accountant, "answer-prepared")
    draft = AnswerDraft.objects.get(statement=statement)
    assert (draft.book_balance, draft.difference, len(draft.items)) == (Decimal("1198500.00"), 0, 4)
    assert not Confirmation.objects.exists()  # prepared, not answered

    # The confirmer reviews the prepared answer and submits 调节后相符 (maker-checker).
    confirmer = new_context().new_page()
    log_in(confirmer, "client_a")
    confirmer.goto(f"/statements/{statement.pk}/")
    confirmer.get_by_role("link", name=tr("Review and submit the prepared answer")).click()
    confirmer.wait_for_url(re.compile(rf"/statements/{statement.pk}/adjusted/\?draft=1$"))
    expect(confirmer.locator("input[value='1,198,500.00']")).to_have_count(1)  # grouped, as its hint
    shot(confirmer, "prepared-answer-form")
    submit(confirmer, confirmer.get_by_role("button", name=tr("Submit: the balances agree after adjustment")))
    sign_answer(confirmer)  # the one-time code the SMS carried, bound to this answer
    confirmer.wait_for_url(re.compile(rf"/statements/{statement.pk}/$"))
    expect(confirmer.locator(".messages")).to_contain_text(
        tr("Thank you: you confirmed that the balances agree after adjustment.")
    )
    shot(confirmer, "submitted")
    answer = Confirmation.objects.get(statement=statement)
    assert (answer.decision, answer.submitted_by, answer.unexplained_difference) == (
        Decision.AGREE_ADJUSTED,
        client_a,
        0,
    )
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.CONFIRMED

    # Ops see it: the statement's answer with its items, and the return rate's 调节后相符 column.
    bank.goto(f"/statements/{statement.pk}/")
    answers = bank.locator("section.card", has=bank.get_by_role("heading", name=tr("Answers")))
    expect(answers).to_contain_text(tr("Agree after adjustment"))
    expect(answers.locator("tbody tr")).to_have_count(4)
    expect(answers).to_contain_text("10234567")
    shot(bank, "ops-see-the-answer")
    bank.goto("/ops/")
    expect(bank.locator("table").get_by_role("row").filter(has_text=month.key).first).to_be_visible()

    # The receipt lists the items.
    confirmer.goto(f"/statements/{statement.pk}/")
    data, name = download(
        confirmer, lambda: confirmer.get_by_role("link", name=tr("Download the receipt of your answer")).click()
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for words in (
        "调节后相符",
        "企业已收银行未收",
        "企业已付银行未付",
        "银行已收企业未收",
        "银行已付企业未付",
        "30,000.00",
        "80,000.00",
        "1,650.00",
        "150.00",
        "1,198,500.00",
        "已核对银行明细",
    ):
        assert words in text, words
    shot(confirmer, "receipt-downloaded")
