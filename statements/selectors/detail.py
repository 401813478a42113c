"""A published statement's detail as the detail writers take it (``statements.render.detail.StatementDetail``): the
downloads (XLSX, CSV, MT940, camt.053) and the statement PDF's detail pages are made from this one read."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from statements.models import BalanceStatement
from statements.render.detail import DetailLine, StatementDetail
from statements.selectors.answers import statement_detail

_LINE_FIELDS = (
    "booking_date",
    "value_date",
    "direction",
    "amount",
    "balance",
    "counterparty_name",
    "counterparty_account",
    "counterparty_bank",
    "summary",
    "purpose",
    "serial",
    "voucher_no",
)


def detail_document(statement: BalanceStatement) -> StatementDetail | None:
    """The statement's bank-fed lines with its period and balances, or None for a bare balance (no detail).

    Refuses (``detail_does_not_join``, naming the statement) when the lines no longer lead from the opening to the
    statement's balance - a balance corrected after publishing - rather than writing a file that contradicts itself.
    """
    detail = statement_detail(statement)
    if detail is None:
        return None
    account = statement.account
    lines = tuple(
        DetailLine(
            booking_date=row["booking_date"],
            value_date=row["value_date"],
            direction=row["direction"],
            amount=row["amount"],
            balance_after=row["balance"],
            counterparty_name=row["counterparty_name"],
            counterparty_account=row["counterparty_account"],
            counterparty_bank=row["counterparty_bank"],
            summary=row["summary"],
            purpose=row["purpose"],
            serial=row["serial"],
            voucher_no=row["voucher_no"],
        )
        for row in detail.lines.values(*_LINE_FIELDS)
    )
    try:
        return StatementDetail(
            bank_name=settings.PORTAL_BANK_NAME,
            bank_bic=settings.PORTAL_BANK_BIC,
            account_number=account.number,
            currency=statement.currency,
            customer_name=account.customer.legal_name if account.customer else "",
            statement_number=statement.number,
            version=statement.version,
            period_start=detail.start,
            period_end=statement.period_end,
            opening_balance=detail.opening,
            closing_balance=detail.closing,
            lines=lines,
            # The publication time: the same statement gives the same file whenever it is downloaded. In Beijing time,
            # as the statement page shows it: the files print it without a zone (生成时间, the XLSX's stamp).
            generated_at=timezone.localtime(statement.published_at or timezone.now()),
        )
    except ValueError as exc:
        raise ServiceError(
            _(
                "The detail of statement %(number)s (version %(version)s) no longer leads to its "
                "balance (%(problem)s); ask the bank to re-issue it."
            )
            % {"number": statement.number, "version": statement.version, "problem": exc},
            code="detail_does_not_join",
        ) from exc
