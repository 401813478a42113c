"""Numbers, verification codes, content hashes and PDFs of statements."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from statements.calendar.rules import SHANGHAI
from statements.models import BalanceStatement
from statements.periods import parse_period
from core.documents import document_sign
from statements.render.statement_pdf import StatementData, render_statement_pdf

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
    return content_hash(number=statement.number, version=statement.version, account_number=statement.account.number,
                        currency=statement.currency, period=statement.period, balance=claimed) == statement.content_hash


def pdf_relative_path(statement: BalanceStatement) -> str:
    return f"statements/{statement.period}/{statement.number}-v{statement.version}.pdf"


def statement_data(statement: BalanceStatement) -> StatementData:
    account, agreement = statement.account, statement.agreement
    period = parse_period(statement.period if "Q" not in statement.period else
                          f"{statement.period[:4]}-{int(statement.period[-1]) * 3:02d}")
    issued = timezone.localtime(statement.dispatched_at or statement.published_at, SHANGHAI).date()
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
        due_date=statement.due_date or issued,
        confirmation_instructions=(
            "请于回复截止日前登录企业网银或对账网站核对余额并选择“相符”或“不符”；逾期未回复视同相符。"
            "如对余额有异议，请选择“不符”并填写贵单位账面余额及原因。"),
        verification_code=f"{code[:4]}-{code[4:8]}-{code[8:]}",
        verify_url=f"{settings.PORTAL_BASE_URL.rstrip('/')}/verify/{code}",
    )


def statement_pdf_write(statement: BalanceStatement) -> str:
    """Render and store the PDF; returns its path relative to MEDIA_ROOT."""
    relative = pdf_relative_path(statement)
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(document_sign(render_statement_pdf(statement_data(statement)), reason="余额对账单"))
    tmp.replace(path)  # atomic: a reader never sees half a PDF
    return relative
