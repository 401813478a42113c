"""Step 3, resolve the account: the account each statement of a file goes into, and whether it may go there.

Bank staff and the server's commands register an unknown number on first sight; a company user's file must name an
account the bank registered for that company. Once the account is known, the statement's days are checked against
it: opening outstanding items lie before everything else the account holds (``opening_checks``), and a bank cannot
have booked a transaction after today.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from core.actors import Actor
from core.errors import FactError
from core.roles import supplies_bank_lines
from core.text import shown_value
from core.validators import is_account_number, normalize_account_number
from reconcile import import_messages  # noqa: F401  (registers the message keys used here)
from reconcile.models import BankAccount, Customer, Import, ImportKind
from reconcile.parsers.messages import msg
from reconcile.parsers.types import ParsedFile
from reconcile.selectors import sees_all_customers
from reconcile.services.books import bank_account_register
from reconcile.services.imports.opening_checks import (
    refuse_lines_before_opening_items,
    refuse_misplaced_opening_items,
)
from reconcile.services.imports.sources import OPENING_SOURCES

_CURRENCY_FORM = re.compile(r"^[A-Z]{3}$")
# A stated account that is neither a full account number nor masked ("0123", "尾号0123": a card's last digits) is
# compared by its digits when it has at least this many: fewer match too many accounts to tell one from another.
FRAGMENT_DIGITS = 4


@dataclass(frozen=True)
class Placed:
    """One statement of the file, and the account it goes into (``registered``: by this import, on first sight)."""

    statement: ParsedFile
    number: str
    account: BankAccount
    registered: bool


def by_company(*, uploader: Actor | None) -> bool:
    """Whether an import was made by a company user (not bank staff or a bank system feed, not the server's command
    or a task)."""
    return uploader is not None and not sees_all_customers(uploader) and not supplies_bank_lines(uploader)


def _not_registered(number: str) -> FactError:
    # One message whether the number is unknown, unassigned or another company's: it reveals nothing.
    return FactError(msg("import.account_not_registered", number=number), code="account_not_registered")


def account_of_company(*, number: str, customer: Customer | None) -> BankAccount:
    """The account a company user's file names: it must be registered by the bank for that company.

    In a bank-run portal the bank decides who holds an account (onboarding, import_agreements); a company's file is
    no evidence of that, so an unknown, unassigned or other company's number is refused, never registered. Nothing of
    the file is stored, and once the bank has registered the account the same file imports.
    """
    account = BankAccount.objects.filter(number=number).first()
    if account is None or customer is None or account.customer_id != customer.pk:
        raise _not_registered(number)
    return account


def account_for_import(
    *,
    number: str,
    currency: str | None,
    customer: Customer | None,
    actor: Actor | None,
    company_upload: bool = False,
) -> tuple[BankAccount, bool]:
    """The account a file names, and whether this import registered it. A company user's upload needs an account
    the bank registered for the company; bank staff and the server's commands register an unknown number on first
    sight (race-safe), for the customer given (``import_file --customer``) or for none (bank staff only see it until
    onboarding assigns it)."""
    if company_upload:
        account = account_of_company(number=number, customer=customer)
    else:
        account, created = bank_account_register(
            actor=actor, customer=customer, number=number, branch="", currency=currency or "CNY"
        )
        if created:
            return account, True
        if customer is not None and account.customer_id not in (None, customer.pk):
            raise FactError(msg("import.not_your_account", number=number), code="not_your_account")
    if currency and account.currency != currency:
        raise FactError(
            msg("import.currency_mismatch", file=currency, number=number, account=account.currency),
            code="currency_mismatch",
        )
    return account, False


def account_numbers(*, statements: list[ParsedFile], chosen: str, bank: bool = True) -> list[str]:
    """The account each statement goes to. A file that names its accounts goes to them; the account chosen at upload
    is for a file that does not say (or names another form of it: masked, or the end of the number). A file holding
    several accounts' statements is imported into each of them: a chosen account that is not one of them is refused,
    saying so. A bank statement that names one account, another than the one chosen, is refused: the upload form
    offers the account last chosen, and importing another account's lines into it would corrupt both books.
    (``bank=False``: a journal's stated account may be a ledger code, so the chosen one stands.)"""
    stated = [normalize_account_number(pf.account_number or "") for pf in statements]
    distinct = list(dict.fromkeys(n for n in stated if n))
    if not chosen:
        return stated
    if len(distinct) > 1:
        if chosen not in distinct or "" in stated:
            raise FactError(
                msg("import.several_accounts_chosen", n=len(distinct), accounts=distinct), code="several_accounts"
            )
        return stated
    if bank and distinct and _another_account(distinct[0], chosen):
        # A masked number is no account to choose ("choose that account, or none" led to "choose the account"):
        # the refusal names the digits it shows.
        head, tail = _masked_ends(distinct[0]) if "*" in distinct[0] else ("", "")
        if head and tail:
            raise FactError(
                msg("import.chosen_account_masked_differs", stated=distinct[0], chosen=chosen, head=head, tail=tail),
                code="chosen_account_differs",
            )
        fragment = tail or _fragment(distinct[0])
        if fragment is not None:
            raise FactError(
                msg("import.chosen_account_tail_differs", stated=distinct[0], chosen=chosen, digits=fragment),
                code="chosen_account_differs",
            )
        raise FactError(
            msg("import.chosen_account_differs", stated=distinct[0], chosen=chosen), code="chosen_account_differs"
        )
    return [chosen] * len(statements)


def _digits(text: str) -> str:
    return "".join(c for c in text if "0" <= c <= "9")


def _fragment(stated: str) -> str | None:
    """The digits a stated account gives when it is neither a full account number nor masked (a card's last digits:
    "0123", "尾号0123"), or None for a full or masked number."""
    if not stated or "*" in stated or is_account_number(stated):
        return None
    return _digits(stated)


def account_unchecked(stated: str) -> bool:
    """Whether a bank file's stated account (in its normal form) is too little to check against the chosen one: no
    full account number, not masked, fewer than FRAGMENT_DIGITS digits ("12", "N/A"). The import says so."""
    fragment = _fragment(stated)
    return fragment is not None and len(fragment) < FRAGMENT_DIGITS


def _masked_ends(stated: str) -> tuple[str, str]:
    """The digits a masked number shows before and after its mask: ("6222", "0123") for 6222****0123."""
    head, _, rest = stated.partition("*")
    return head, rest.rpartition("*")[2]


def _another_account(stated: str, chosen: str) -> bool:
    """Whether a file's account is plainly not the chosen one: a full account number (not a short form the chosen
    one ends with, or that ends with the chosen one) that differs from it; a masked one (6222****0123) whose shown
    digits are not the chosen number's first and last ones: the mask hides the middle, not which card it is; or a
    shorter form of at least FRAGMENT_DIGITS digits (a card's last digits) the chosen number's digits do not end
    with. Fewer digits are not compared (``account_unchecked``)."""
    if "*" in stated:
        head, tail = _masked_ends(stated)
        return not (chosen.startswith(head) and chosen.endswith(tail) and len(head) + len(tail) <= len(chosen))
    fragment = _fragment(stated)
    if fragment is not None:
        return len(fragment) >= FRAGMENT_DIGITS and not _digits(chosen).endswith(fragment)
    if stated == chosen:
        return False
    return not (stated.endswith(chosen) or chosen.endswith(stated))


def _check_account(number: str, pf: ParsedFile) -> None:
    if not number:
        raise FactError(msg("import.no_account"), code="no_account")
    if "*" in number:  # a card number the export shows masked (6222****1234)
        raise FactError(msg("import.masked_account", number=shown_value(number)), code="no_account")
    if not is_account_number(number):
        raise FactError(msg("import.bad_account", number=shown_value(number)), code="bad_account")
    if pf.currency and not _CURRENCY_FORM.match(pf.currency):
        raise FactError(msg("import.bad_currency", currency=shown_value(pf.currency)), code="bad_currency")


def _refuse_future(pf: ParsedFile) -> None:
    """A bank cannot have booked a transaction after today (Beijing time): such a row is a typo or a wrong
    date format, and would sit in the wrong period. (Journals may hold post-dated vouchers; they are not checked.)"""
    today = timezone.localdate()
    late = [line for line in pf.lines if line.booking_date > today]
    if late:
        first = min(late, key=lambda line: (line.booking_date, line.row or 0))
        raise FactError(
            msg("import.future_date", row=first.row or "-", date=first.booking_date, today=today, count=len(late)),
            code="future_date",
        )


# No statement or journal line is older than this: an earlier date (0001-01-01 from an empty or mistyped date,
# 1899-12-30 from an Excel date cell of 0) would sit outstanding in every 余额调节表 from then on, where no period
# end can reach it (periods run from 1990 to 2099, as for opening items).
EARLIEST_LINE = dt.date(1990, 1, 1)


def _refuse_ancient(pf: ParsedFile) -> None:
    """A line dated before 1990 (either kind) is a mistyped date: refused naming the first such row."""
    old = [line for line in pf.lines if line.booking_date < EARLIEST_LINE]
    if old:
        first = min(old, key=lambda line: (line.booking_date, line.row or 0))
        raise FactError(
            msg("import.ancient_date", row=first.row or "-", date=first.booking_date, count=len(old)),
            code="ancient_date",
        )


# Formats whose file states its currency itself: an MT940's is in its balance lines (:60F:/:62F:), the only place
# it is written. One without them states none, and must not be taken for the portal's default currency (CNY). A QIF
# file never states one (nor its account, nor balances): the message of the refusal says which.
_CURRENCY_IN_BALANCES = {"mt940": "import.no_currency", "mt942": "import.no_currency", "qif": "import.no_currency_qif"}


def _currency_from_account(statement: ParsedFile, number: str, company_upload: bool) -> None:
    """An MT940 without balance lines, or a QIF file, is read in its account's currency when the portal holds the
    account; without the account its currency is unknown, and it is refused rather than registered as a CNY account."""
    if statement.currency or statement.format not in _CURRENCY_IN_BALANCES:
        return
    account = BankAccount.objects.filter(number=number).first()
    if account is None:
        if company_upload:
            return  # refused as an account the bank has not registered, which says what to do
        raise FactError(msg(_CURRENCY_IN_BALANCES[statement.format], number=number), code="no_currency")
    statement.currency = account.currency
    statement.warnings.append(msg("import.note_account_currency", number=number, currency=account.currency))


def place(*, record: Import, statement: ParsedFile, number: str, actor: Actor | None, company_upload: bool) -> Placed:
    """The account ``statement`` goes into, refused when the number, the account or the statement's days do not
    allow it. ``company_upload``: made by a company user (``by_company`` of the uploader, not of the task's actor: a
    queued import is processed by a worker with no actor)."""
    _check_account(number, statement)
    _currency_from_account(statement, number, company_upload)
    account, registered = account_for_import(
        number=number,
        currency=statement.currency,
        customer=record.customer,
        actor=actor,
        company_upload=company_upload,
    )
    # Opening items lie before everything else the account holds, whichever arrives first. A line before 1990 is a
    # mistyped date first (ancient_date), not a line reaching back before the account's opening items.
    if record.source in OPENING_SOURCES:
        refuse_misplaced_opening_items(record, account, statement)
    else:  # opening items have their own, older-than-1990 rule
        _refuse_ancient(statement)
        refuse_lines_before_opening_items(record, account, statement)
    if record.kind == ImportKind.BANK:
        _refuse_future(statement)
    return Placed(statement=statement, number=number, account=account, registered=registered)
