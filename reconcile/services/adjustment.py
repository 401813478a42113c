"""Building the 余额调节表 of an account at a period end from the stored lines and matches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Sum, When
from django.utils.translation import gettext as _

from reconcile.errors import ServiceError
from reconcile.models import BankAccount, BankLine, Import, ImportKind, ImportStatus, JournalEntry
from reconcile.render.adjustment import AdjustmentItem, AdjustmentTable
from reconcile.selectors_matching import outstanding_at

from reconcile.services.imports import OPENING  # noqa: E402  (opening items never move a balance)

_SIGNED = Case(When(direction="in", then=F("amount")), default=-F("amount"),
               output_field=DecimalField(max_digits=18, decimal_places=2))


def _opening(account: BankAccount, kind: str) -> Decimal | None:
    first = (Import.objects.filter(account=account, kind=kind, status=ImportStatus.DONE)
             .exclude(source=OPENING).exclude(opening_balance__isnull=True).order_by("period_start", "pk").first())
    return first.opening_balance if first else None


def _balance(account: BankAccount, kind: str, period_end: dt.date) -> Decimal:
    """Opening balance of the first import plus every movement up to the period end.

    Summing movements is exact whatever order the exports listed their lines in, and is checked against the
    running balances the parser already verified line by line.
    """
    opening = _opening(account, kind)
    label = _("bank statement") if kind == ImportKind.BANK else _("journal")
    if opening is None:
        raise ServiceError(_("The %(what)s of account %(n)s has no opening balance: import a file that shows "
                             "balances (a balance column or an opening-balance row).") % {"what": label,
                                                                                          "n": account.number},
                           code="no_opening_balance")
    if kind == ImportKind.BANK:
        rows = BankLine.objects.filter(account=account, booking_date__lte=period_end)
    else:
        rows = JournalEntry.objects.filter(account=account, date__lte=period_end, removed_at__isnull=True)
    moved = rows.exclude(source_import__source=OPENING).aggregate(total=Sum(_SIGNED))["total"]
    return (opening + (moved or Decimal("0"))).quantize(Decimal("0.01"))


def _bank_item(line: BankLine) -> AdjustmentItem:
    return AdjustmentItem(date=line.booking_date, reference=line.voucher_no or line.serial,
                          summary=" ".join(t for t in (line.summary, line.counterparty_name) if t), amount=line.amount)


def _journal_item(entry: JournalEntry) -> AdjustmentItem:
    return AdjustmentItem(date=entry.date, reference=entry.settlement_no or entry.voucher,
                          summary=" ".join(t for t in (entry.summary, entry.counterparty) if t), amount=entry.amount)


def adjustment_table_build(*, account: BankAccount, period_end: dt.date, prepared_by: str = "") -> AdjustmentTable:
    bank_open, journal_open = outstanding_at(account, period_end)
    bank_lines, journal_entries = list(bank_open), list(journal_open)
    customer = account.customer.legal_name if account.customer else ""
    return AdjustmentTable(
        account_number=account.number, account_name=customer, period_end=period_end,
        bank_balance=_balance(account, ImportKind.BANK, period_end),
        book_balance=_balance(account, ImportKind.JOURNAL, period_end),
        journal_in_not_bank=tuple(_journal_item(e) for e in journal_entries if e.direction == "in"),
        journal_out_not_bank=tuple(_journal_item(e) for e in journal_entries if e.direction == "out"),
        bank_in_not_journal=tuple(_bank_item(b) for b in bank_lines if b.direction == "in"),
        bank_out_not_journal=tuple(_bank_item(b) for b in bank_lines if b.direction == "out"),
        company_name=customer, currency=account.currency, prepared_by=prepared_by,
    )


