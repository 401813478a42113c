"""Paper mail in a real browser: ops print a batch, the mailed letter states the reply rule, the return address
and the slip; recording the posting makes every stored copy state the due date the system enforces."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from pypdf import PdfReader

from statements.models import BalanceSource, BalanceStatement, Channel, PeriodBalance, StatementStatus
from statements.services.agreements import agreement_create
from statements.services.publishing import statement_run_start
from tests.browser.support import (
    download,
    ensure_calendar,
    expect,
    last_finished_month,
    log_in,
    submit,
    today,
    tr,
    working_days_after,
)

RULE = "寄出后第5个工作日视为送达，请于送达后10个工作日内（即寄出后第15个工作日北京时间23:59:59前）回复"


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_the_mailed_letter_and_the_stored_pdf_state_the_enforced_deadline(new_context, shot, ops, account_b, settings):
    settings.BANK_STAFF_REQUIRE_2FA = False
    settings.PORTAL_RETURN_ADDRESS = "上海市浦东新区银城中路200号 邮编200120"
    ensure_calendar()
    month = last_finished_month()
    agreement_create(
        actor=None,
        account=account_b,
        cycle="monthly",
        channel=Channel.PAPER,
        contact_name="李强",
        mobile="13901234567",
        address="北京市海淀区中关村大街27号",
        valid_from=month.start,
    )
    PeriodBalance.objects.create(
        account=account_b, as_of=month.end, balance=Decimal("88000.50"), source=BalanceSource.CORE_FEED
    )
    statement_run_start(actor=None, period=month.key)
    statement = BalanceStatement.objects.get(account=account_b)
    assert (statement.status, statement.due_date) == (StatementStatus.PUBLISHED, None)

    page = new_context().new_page()
    log_in(page, "ops_user")
    page.goto("/ops/paper/")
    submit(page, page.get_by_role("button", name=tr("Make a print batch")))
    shot(page, "batch-made")
    letter, _ = download(page, lambda: page.get_by_role("link", name="PDF", exact=True).click())
    text = _text(letter)
    # The letter goes out before anyone knows the posting day: it states the rule, never the publishing day.
    assert RULE in text and "回复截止时间" not in text and f"{_cn(today())}23:59:59" not in text
    assert "余额对账单回执" in text and "寄回：上海市浦东新区银城中路200号邮编200120" in text
    assert "扫描二维码打开本对账单" in text

    # Ops record the posting (today): the due date is fixed by the rule the letter states.
    submit(page, page.get_by_role("button", name=tr("Record posting")))
    expect(page.locator(".messages")).to_contain_text("1")
    shot(page, "posted")
    statement.refresh_from_db()
    due = working_days_after(today(), 15)
    assert (statement.status, statement.due_date) == (StatementStatus.DISPATCHED, due)

    # The stored PDF was rendered again with that date: ops download it from the statement page.
    page.goto(f"/statements/{statement.pk}/")
    stored, _ = download(page, lambda: page.get_by_role("link", name=tr("Download the PDF")).click())
    text = _text(stored)
    assert f"回复截止时间：{_cn(due)}23:59:59（北京时间）" in text
    assert f"本对账单于{_cn(today())}寄出" in text

    # The letter's QR code leads to the verification page, which shows the date and leads to the statement.
    code = statement.verification_code
    visitor = new_context().new_page()
    visitor.goto(f"/verify/{code}/")
    expect(visitor.locator("dl.facts")).to_contain_text(f"{due:%Y-%m-%d}")
    shot(visitor, "verify-page")
    visitor.get_by_role("link", name=tr("Open the statement to answer it online")).click()
    visitor.wait_for_url(re.compile(r"/login/"))
    assert f"/statements/{statement.pk}/" in visitor.url
