"""The account an import names (the import's "resolve the account" step).

Bank staff and the server's commands register an unknown number on first sight; a company user's file must name an
account the bank registered for that company. A module of its own so that storing an import (``import_store``)
resolves accounts without importing ``imports``, which imports the store (issue 21: no import circles).
"""

from __future__ import annotations

from core.actors import Actor
from core.errors import FactError
from core.roles import supplies_bank_lines
from reconcile import import_messages  # noqa: F401  (registers the message keys used here)
from reconcile.models import BankAccount, Customer
from reconcile.parsers.messages import msg
from reconcile.selectors import sees_all_customers


def by_company(uploader: Actor | None) -> bool:
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
    registered: list[str],
    company_upload: bool = False,
) -> BankAccount:
    """The account a file names. A company user's upload needs an account the bank registered for the company;
    bank staff and the server's commands register an unknown number on first sight (race-safe), for the customer
    given (``import_file --customer``) or for none (bank staff only see it until onboarding assigns it)."""
    from reconcile.services.books import bank_account_register

    if company_upload:
        account = account_of_company(number=number, customer=customer)
    else:
        account, created = bank_account_register(
            actor=actor, customer=customer, number=number, branch="", currency=currency or "CNY"
        )
        if created:
            registered.append(account.number)
            return account
        if customer is not None and account.customer_id not in (None, customer.pk):
            raise FactError(msg("import.not_your_account", number=number))
    if currency and account.currency != currency:
        raise FactError(msg("import.currency_mismatch", file=currency, number=number, account=account.currency))
    return account
