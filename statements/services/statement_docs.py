"""Numbers, verification codes, content hashes and PDFs of statements."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from core.documents import document_sign
from core.errors import ServiceError
from statements.calendar.rules import (
    RECEIPT_WORKDAYS,
    RESPONSE_WORKDAYS,
    SHANGHAI,
    paper_received_date,
    paper_response_due_date,
)
from statements.channels.registry import channel
from statements.models import BalanceStatement, StatementStatus
from statements.periods import parse_period
from statements.render.detail import StatementDetail
from statements.render.statement_pdf import ReplySlip, StatementData, render_statement_pdf
from statements.selectors import workday_calendar
from statements.selectors.detail import detail_document

log = logging.getLogger(__name__)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def statement_number(label: str, account_id: int) -> str:
    return f"{label.replace('-', '')}-{account_id:08d}"


def verification_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))


def content_hash(*, number: str, version: int, account_number: str, currency: str, period: str, balance) -> str:
    canonical = f"{number}|{version}|{account_number}|{currency}|{period}|{balance:.2f}"
    return hashlib.sha256(canonical.encode()).hexdigest()


def balance_matches(statement: BalanceStatement, claimed) -> bool:
    """Whether a balance someone reads off a printed statement is the one the bank issued."""
    return (
        content_hash(
            number=statement.number,
            version=statement.version,
            account_number=statement.account.number,
            currency=statement.currency,
            period=statement.period,
            balance=claimed,
        )
        == statement.content_hash
    )


def pdf_relative_path(statement: BalanceStatement) -> str:
    return f"statements/{statement.period}/{statement.number}-v{statement.version}.pdf"


ONLINE_INSTRUCTIONS = (
    "请于回复截止日前登录企业网银或对账网站核对余额并选择“相符”、“调节后相符”（列明未达账项）或“不符”；"
    "逾期未回复视同相符。"
    "如对余额有异议，请选择“不符”并填写贵单位账面余额及原因。"
)
PAPER_INSTRUCTIONS = (
    "请核对上列余额后任选一种方式回复：（一）在下方回执勾选“相符”、“调节后相符”（附余额调节表）或“不相符”"
    "（不相符请填写贵单位账面余额"
    "及原因），加盖预留印鉴后沿虚线剪下，寄回回执所列地址，须于回复截止日前寄达；（二）扫描二维码打开本"
    "对账单，登录对账网站在线回复。逾期未回复视同相符。"
)


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def paper_due_rule() -> str:
    """The rule a paper letter states before its posting date is known; the date it gives is the one
    `paper_batch_mark_posted` stores (statements.calendar.rules.paper_response_due_date)."""
    total = RECEIPT_WORKDAYS + RESPONSE_WORKDAYS
    return (
        f"以信封邮戳日期为寄出日，寄出后第{RECEIPT_WORKDAYS}个工作日视为送达，请于送达后{RESPONSE_WORKDAYS}个工作日内"
        f"（即寄出后第{total}个工作日北京时间23:59:59前）回复；扫描二维码可查看确切的回复截止日期。"
    )


def _due_terms(statement: BalanceStatement) -> tuple[dt.date | None, str]:
    """The due date the system enforces (statement.due_date), and the rule that gave it, for the letter."""
    if statement.due_date is None:
        return None, paper_due_rule()  # only a paper letter before its posting has none
    # A disagreement settled as a client error or a timing difference gave this version a new window.
    never_disputed = statement.status in (StatementStatus.DISPATCHED, StatementStatus.VIEWED)  # spares a query
    settled = (
        None
        if never_disputed
        else (
            statement.disputes.filter(status="resolved")
            .exclude(finding="bank_error")
            .order_by("-resolved_at")
            .values_list("resolved_at", flat=True)
            .first()
        )
    )
    if settled is not None:
        return statement.due_date, (
            f"（贵单位的不符回复已于{_cn(timezone.localtime(settled, SHANGHAI).date())}处理"
            f"完毕，请于此后{RESPONSE_WORKDAYS}个工作日内重新核对回复。）"
        )
    if channel(statement.channel).dispatched_on_publish:
        return statement.due_date, ""
    posted = timezone.localtime(statement.dispatched_at or statement.published_at, SHANGHAI).date()
    calendar = workday_calendar()
    if statement.due_date != paper_response_due_date(calendar, posted):
        # The posting was recorded late and the window runs from the recording (paper_batch_mark_posted): the
        # postmark rule would name an earlier day than the one enforced, so only the enforced date is stated.
        return statement.due_date, f"（本对账单于{_cn(posted)}寄出，因寄出登记较晚，回复期限已顺延至上述日期。）"
    received = paper_received_date(calendar, posted)
    return statement.due_date, (
        f"（本对账单于{_cn(posted)}寄出，寄出后第{RECEIPT_WORKDAYS}个工作日即{_cn(received)}视为"
        f"送达，请于送达后{RESPONSE_WORKDAYS}个工作日内回复。）"
    )


def statement_data(statement: BalanceStatement) -> StatementData:
    account, agreement = statement.account, statement.agreement
    period = parse_period(
        statement.period
        if "Q" not in statement.period
        else f"{statement.period[:4]}-{int(statement.period[-1]) * 3:02d}"
    )
    # The day the bank issued the statement; a paper letter keeps it when it is posted later (the posting date is
    # stated with the due date).
    issued = timezone.localtime(statement.published_at or timezone.now(), SHANGHAI).date()
    due_date, due_rule = _due_terms(statement)
    paper = not channel(statement.channel).dispatched_on_publish  # a posted letter: the reply slip
    code = statement.verification_code
    return StatementData(
        bank_name=settings.PORTAL_BANK_NAME,
        operations_centre=settings.PORTAL_OPERATIONS_CENTRE,
        branch=account.branch,
        customer_name=account.customer.legal_name if account.customer else "",
        account_number=account.number,
        currency=statement.currency,
        period_label=period.display(agreement.cycle),
        period_end=statement.period_end,
        balance=statement.balance,
        statement_number=statement.number,
        version=statement.version,
        issue_date=issued,
        due_date=due_date,
        due_rule=due_rule,
        confirmation_instructions=PAPER_INSTRUCTIONS if paper else ONLINE_INSTRUCTIONS,
        reply_slip=ReplySlip(recipient=settings.PORTAL_OPERATIONS_CENTRE, return_address=settings.PORTAL_RETURN_ADDRESS)
        if paper
        else None,
        verification_code=f"{code[:4]}-{code[4:8]}-{code[8:]}",
        verify_url=f"{settings.PORTAL_BASE_URL.rstrip('/')}/verify/{code}",
        # The period's bank-fed lines as pages after the statement: when the agreement asks for them, and always on
        # paper (the letter is all a paper client gets). None for a bare balance.
        detail=_pdf_detail(statement)
        if channel(statement.channel).always_prints_detail or agreement.detail_in_pdf
        else None,
    )


def _pdf_detail(statement: BalanceStatement) -> StatementDetail | None:
    try:
        return detail_document(statement)
    except ServiceError as exc:
        # Publishing refuses a detail that does not join its balance, so this is a balance corrected since; the
        # statement itself must still print (the correction re-issues it), without lines that contradict it.
        log.warning("statement %s v%s printed without its detail: %s", statement.number, statement.version, exc.message)
        return None


def statement_pdf_write(statement: BalanceStatement) -> str:
    """Render and store the PDF; returns its path relative to MEDIA_ROOT."""
    relative = pdf_relative_path(statement)
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(document_sign(render_statement_pdf(statement_data(statement)), reason="余额对账单"))
    tmp.replace(path)  # atomic: a reader never sees half a PDF
    return relative
