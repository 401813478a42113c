"""Accounts a company registered itself by uploading a file (before the bank alone registered accounts).

Until company uploads of unknown account numbers were refused, the first upload of a number registered the account
to the uploading company; the audit log's ``bank_account.created`` event of such an account names a company user as
its actor. Bank operations review these accounts and reassign the wrong ones (statements.services.account_reassign),
and import_agreements names them when the bank onboards one for another customer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.models import AuditEvent
from reconcile.models import BankAccount, BankLine, JournalEntry

_TARGET = BankAccount._meta.label_lower


@dataclass(frozen=True)
class CompanyRegistration:
    account_id: int
    company: str  # the legal name of the registering user's company
    username: str
    at: dt.datetime


def company_registrations(account_ids: list[int] | None = None) -> dict[int, CompanyRegistration]:
    """account id -> who registered it, for the accounts a company user registered (of those asked, or all)."""
    events = (
        AuditEvent.objects.filter(action="bank_account.created", target_type=_TARGET, actor__customer__isnull=False)
        .select_related("actor__customer")
        .order_by("id")
    )
    if account_ids is not None:
        events = events.filter(target_id__in=[str(pk) for pk in account_ids])
    found: dict[int, CompanyRegistration] = {}
    for event in events:
        pk = int(event.target_id)
        found.setdefault(
            pk, CompanyRegistration(pk, event.actor.customer.legal_name, event.actor_label, event.created_at)
        )
    return found


def accounts_registered_by_companies() -> list[tuple[BankAccount, CompanyRegistration]]:
    """The accounts still held by a company that a company user registered, oldest registration first."""
    registrations = company_registrations()
    accounts = BankAccount.objects.filter(pk__in=list(registrations), customer__isnull=False).select_related("customer")
    return sorted(((a, registrations[a.pk]) for a in accounts), key=lambda pair: pair[1].at)


def company_lines_on(account: BankAccount) -> tuple[int, int]:
    """(bank lines, journal entries) the account's holder brought by its own users' uploads, still counting."""
    if account.customer_id is None:
        return 0, 0
    theirs = {"account": account, "source_import__uploaded_by__customer_id": account.customer_id}
    return BankLine.objects.live().filter(**theirs).count(), JournalEntry.objects.live().filter(**theirs).count()
