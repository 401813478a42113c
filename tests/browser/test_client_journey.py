"""The corporate client in a real browser: find the statement, read and download it, agree, disagree, get receipts."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from statements.models import (
    BalanceStatement,
    Confirmation,
    ConfirmationStatus,
    Dispute,
    DisputeStatus,
    StatementStatus,
)
from tests.browser.support import (
    download,
    expect,
    log_in,
    publish_last_month,
    sign_answer,
    submit,
    today,
    tr,
    working_days_after,
)
from tests.factories import BankAccountFactory


def _statement_link(page, statement):
    return page.get_by_role("link", name=statement.number, exact=True)


def test_client_confirms_one_statement_and_disputes_the_other(page, shot, client_a, customer_a, account_a):
    second_account = BankAccountFactory(customer=customer_a, number="31050161373600005678")
    published = publish_last_month({account_a: "1250000.00", second_account: "88000.50"})
    first, second = published[account_a.pk], published[second_account.pk]
    assert first.due_date == second.due_date == working_days_after(today(), 10)  # 10 working days to answer
    due = f"{first.due_date:%Y-%m-%d}"

    # Log in: the home page lists both statements that need an answer, with number and due date.
    log_in(page, "client_a")
    to_answer = page.locator("section", has=page.get_by_role("heading", name="待回复的对账单"))
    for statement in (first, second):
        row = to_answer.get_by_role("row").filter(has=_statement_link(page, statement))
        expect(row).to_contain_text(statement.account.number)
        expect(row).to_contain_text(due)
    shot(page, "home-statements-to-answer")

    # Open the first one: the balance in figures and in capitals; opening it marks it viewed.
    _statement_link(page, first).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(first.number)
    expect(page.locator("dd.balance")).to_contain_text("CNY 1,250,000.00")
    expect(page.locator("dd.balance")).to_contain_text("壹佰贰拾伍万元整")
    expect(page.locator(".status")).to_have_text("已查看")
    assert BalanceStatement.objects.get(pk=first.pk).status == StatementStatus.VIEWED
    shot(page, "statement-viewed")

    data, name = download(page, lambda: page.get_by_role("link", name="下载 PDF").click())
    assert data.startswith(b"%PDF") and name == f"{first.number}-v1.pdf"
    first.refresh_from_db()
    assert data == (Path(settings.MEDIA_ROOT) / first.pdf_path).read_bytes()  # the stored statement, unchanged

    # Agree: a confirmation step first (nothing recorded yet), then the button.
    page.get_by_role("link", name="相符：余额一致").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("确认余额")
    expect(page.get_by_text("确认后不可撤销")).to_be_visible()
    expect(page.locator("p.balance")).to_have_text("CNY 1,250,000.00")
    assert BalanceStatement.objects.get(pk=first.pk).status == StatementStatus.VIEWED
    shot(page, "agree-confirmation-step")
    submit(page, page.get_by_role("button", name="是，余额相符"))
    # The answer is signed with the code sent by SMS to the confirmer's registered mobile.
    masked = f"{client_a.mobile[:3]}****{client_a.mobile[-4:]}"
    expect(page.locator("section.card")).to_contain_text(masked)
    assert BalanceStatement.objects.get(pk=first.pk).status == StatementStatus.VIEWED
    shot(page, "agree-code-step")
    sign_answer(page)
    page.wait_for_url(re.compile(rf"/statements/{first.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("感谢您的确认：余额相符。")
    expect(page.locator(".status")).to_have_text("已确认（相符）")
    expect(page.get_by_role("link", name="相符：余额一致")).to_have_count(0)
    shot(page, "agreed")
    first.refresh_from_db()
    assert first.status == StatementStatus.CONFIRMED and first.answered_at is not None
    answer = Confirmation.objects.get(statement=first)
    assert (answer.decision, answer.status, answer.submitted_by) == ("agree", ConfirmationStatus.FINAL, client_a)

    # Home now lists only the second statement; disagree with it.
    page.get_by_role("link", name=tr("Home"), exact=True).click()
    page.wait_for_url("/")
    expect(_statement_link(page, first)).to_have_count(0)
    _statement_link(page, second).click()
    page.get_by_role("link", name="不符：余额不一致").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("Report a difference"))
    page.get_by_label("贵公司账面余额", exact=True).fill("87,500.50")
    page.get_by_label("不符原因", exact=True).fill("我方已记一笔 500.00 元手续费，贵行对账单未扣。")
    shot(page, "disagree-form")
    submit(page, page.get_by_role("button", name="提交不符回复"))
    sign_answer(page)
    page.wait_for_url(re.compile(rf"/statements/{second.pk}/$"))

    # The dispute thread with the bank's answer-by date (5 working days from today).
    bank_due = working_days_after(today(), 5)
    expect(page.locator(".status")).to_have_text("不符")
    thread = page.locator("section.thread")
    expect(thread.get_by_role("heading", name="不符处理")).to_be_visible()
    expect(thread).to_contain_text(f"银行答复截止 {bank_due:%Y-%m-%d}")
    expect(page.get_by_role("textbox", name="留言")).to_be_visible()
    expect(page.locator("section.card", has_text="87,500.50")).to_contain_text("我方已记一笔 500.00 元手续费")
    shot(page, "disputed-thread")
    second.refresh_from_db()
    assert second.status == StatementStatus.DISPUTED
    dispute = Dispute.objects.get(statement=second)
    assert (dispute.status, dispute.bank_due_date) == (DisputeStatus.OPEN, bank_due)
    assert dispute.confirmation.book_balance == Decimal("87500.50")

    # The receipt of the first answer.
    page.goto(f"/statements/{first.pk}/")
    shot(page, "first-statement-with-receipt-link")
    data, name = download(page, lambda: page.get_by_role("link", name="下载回复回执").click())
    assert data.startswith(b"%PDF") and name == f"receipt-{first.number}-v1.pdf"


def test_confirming_works_without_javascript(new_context, shot, client_a, account_a):
    statement = publish_last_month({account_a: "1250000.00"})[account_a.pk]
    page = new_context(java_script_enabled=False).new_page()

    log_in(page, "client_a")
    page.get_by_role("link", name=statement.number, exact=True).click()
    shot(page, "statement-no-js")
    page.get_by_role("link", name="相符：余额一致").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("确认余额")
    shot(page, "agree-step-no-js")
    submit(page, page.get_by_role("button", name="是，余额相符"))
    sign_answer(page)
    page.wait_for_url(re.compile(rf"/statements/{statement.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("感谢您的确认：余额相符。")
    expect(page.locator(".status")).to_have_text("已确认（相符）")
    shot(page, "agreed-no-js")
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.CONFIRMED
