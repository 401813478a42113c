"""Building the 余额调节表 of an account at a period end from the stored lines and matches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.documents import document_sign
from core.errors import ServiceError
from reconcile.balances.checkpoints import balance_at, breaks_affecting, find_breaks
from reconcile.balances.reads import checkpoints_for, coverage_for, describe_break, movements_for
from reconcile.models import BankAccount, BankLine, ImportKind, JournalEntry
from reconcile.render.adjustment import AdjustmentItem, AdjustmentTable
from reconcile.render.adjustment_pdf import render_adjustment_pdf
from reconcile.render.adjustment_words import DEFAULT_LANGUAGE, in_language, title
from reconcile.selectors.matching import outstanding_at, sides_without_files
from reconcile.selectors.review import period_signoff


def _balance(account: BankAccount, kind: str, period_end: dt.date) -> Decimal:
    """The balance at the period end, counted from the nearest balance a file states (reconcile.balances).

    Refused when the stored history does not join up before the period end: a missing statement would make both the
    balance and the list of unmatched items wrong, and a 余额调节表 built on it would mislead.
    """
    checkpoints = checkpoints_for(account, kind)
    movements = movements_for(account, kind)
    label = _("bank statement") if kind == ImportKind.BANK else _("journal")
    if not checkpoints:
        raise ServiceError(
            _(
                "The %(what)s of account %(n)s has no opening balance: import a file that shows "
                "balances (a balance column or an opening-balance row)."
            )
            % {"what": label, "n": account.number},
            code="no_opening_balance",
        )
    # Where the missing days lie decides which tables a break touches.
    gaps = breaks_affecting(find_breaks(checkpoints, movements, lambda: coverage_for(account, kind)), period_end)
    if gaps:
        more = len(gaps) - 1
        text = describe_break(account, kind, gaps[0])
        if more:
            text += " " + more_gaps_text(more, period_end)
        raise ServiceError(text, code="balance_gap")
    balance = balance_at(checkpoints, movements, period_end)
    assert balance is not None  # there are checkpoints
    return balance.quantize(Decimal("0.01"))


def more_gaps_text(more: int, period_end: dt.date) -> str:
    """The tail of a balance-gap refusal: how many more gaps lie before the period's end."""
    return ngettext("(%(n)s more such gap before %(day)s.)", "(%(n)s more such gaps before %(day)s.)", more) % {
        "n": more,
        "day": period_end,
    }


def _item(line: BankLine | JournalEntry) -> AdjustmentItem:
    """One outstanding line of either side: its document number (bank 凭证号, journal 结算号), else its own serial."""
    return AdjustmentItem(
        date=line.booking_date,
        reference=line.voucher_no or line.serial,
        summary=" ".join(t for t in (line.summary, line.counterparty_name) if t),
        amount=line.amount,
        line_id=line.pk,
    )


def _bank_name(account: BankAccount) -> str:
    """The opening bank as the table prints it (开户银行): blank for an account registered from a file, until
    onboarding names its branch."""
    return account.branch


def _require_files(account: BankAccount, period_end: dt.date) -> None:
    """Nothing uploaded is not a table with no balance or with every line matched: say what to upload."""
    missing = sides_without_files(account, period_end)
    if not missing:
        return
    if missing == {ImportKind.BANK, ImportKind.JOURNAL}:
        text = _(
            "No bank statement or journal yet for this period (up to %(day)s): upload account %(n)s's bank "
            "statement and its bank journal, then match them here."
        )
    elif ImportKind.BANK in missing:
        text = _("No bank statement yet for this period (up to %(day)s): upload account %(n)s's bank statement.")
    else:
        text = _("No journal yet for this period (up to %(day)s): upload account %(n)s's bank journal from your books.")
    raise ServiceError(text % {"day": period_end, "n": account.number}, code="no_files")


def adjustment_table_build(*, account: BankAccount, period_end: dt.date, prepared_by: str = "") -> AdjustmentTable:
    """The table at ``period_end``. A closed period prints who signed it off (the preparer who submitted it, the
    reviewer who approved it and when); an open one prints ``prepared_by`` (the person asking) and no reviewer."""
    _require_files(account, period_end)
    signoff = period_signoff(account, period_end)
    reviewed_by, reviewed_at = "", None
    if signoff is not None:
        prepared_by, reviewed_by, reviewed_at = signoff.prepared_by, signoff.reviewed_by, signoff.reviewed_at
        if reviewed_at is not None:
            reviewed_at = timezone.localtime(reviewed_at)  # printed in the bank's time zone (TIME_ZONE)
    bank_open, journal_open = outstanding_at(account, period_end)
    bank_lines, journal_entries = list(bank_open), list(journal_open)
    customer = account.customer.legal_name if account.customer else ""
    return AdjustmentTable(
        account_number=account.number,
        account_name=customer,
        period_end=period_end,
        bank_balance=_balance(account, ImportKind.BANK, period_end),
        book_balance=_balance(account, ImportKind.JOURNAL, period_end),
        journal_in_not_bank=tuple(_item(e) for e in journal_entries if e.direction == "in"),
        journal_out_not_bank=tuple(_item(e) for e in journal_entries if e.direction == "out"),
        bank_in_not_journal=tuple(_item(b) for b in bank_lines if b.direction == "in"),
        bank_out_not_journal=tuple(_item(b) for b in bank_lines if b.direction == "out"),
        company_name=customer,
        bank_name=_bank_name(account),
        currency=account.currency,
        prepared_by=prepared_by,
        reviewed_by=reviewed_by,
        reviewed_at=reviewed_at,
    )


def adjustment_pdf_render(*, table: AdjustmentTable, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The 余额调节表 as the PDF the portal issues: rendered in ``language`` (Chinese unless English is asked for),
    then signed by the bank."""
    with in_language(language):
        reason = title()
    return document_sign(render_adjustment_pdf(table, language=language), reason=reason)
