"""Bank operations reassign an account a company holds wrongly (registered by that company's own upload, before the
bank alone registered accounts) to its real customer, or take it back to the bank (no customer).

What the previous company brought to the account by its own uploads is its books, not the account's: those lines are
retired as if its imports were withdrawn (its single-account imports become ``withdrawn``; the rows stay for the
history), the matches they were in are undone, its balance checkpoints and review submissions (复核) on the account go,
and its closed periods are reopened, so the new holder sees none of it. Lines the bank fed (bank staff's or the server's imports) stay.
An account the bank onboarded (an agreement or statements) is not moved here: that would hand the agreement's
contacts and the statements with their answers to another company.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.roles import is_bank_staff
from core.services.audit import audit_record_many
from core.validators import normalize_credit_code
from reconcile.models import (
    BalanceCheckpoint,
    BankAccount,
    BankLine,
    CloseReview,
    Customer,
    Import,
    ImportStatus,
    JournalEntry,
    Match,
    MatchLink,
    PeriodClose,
    Suggestion,
)
from statements.models import Agreement, BalanceStatement


@dataclass(frozen=True)
class Reassigned:
    account: BankAccount
    lines_retired: int
    imports_withdrawn: int
    matches_undone: int
    periods_reopened: int


def _new_holder(credit_code: str) -> Customer | None:
    code = normalize_credit_code(credit_code or "")
    if not code:
        return None
    customer = Customer.objects.filter(credit_code=code).first()
    if customer is None:
        raise ServiceError(
            _(
                "No customer has the credit code %(code)s. Onboard the customer first on the page Upload "
                "agreements and balances (/ops/onboarding/; administrators: import_agreements), or leave "
                "the code empty to take the account back to the bank."
            )
            % {"code": code},
            code="unknown_customer",
        )
    return customer


def _refuse_onboarded(account: BankAccount) -> None:
    if Agreement.objects.filter(account=account).exists() or BalanceStatement.objects.filter(account=account).exists():
        raise ServiceError(
            _(
                "Account %(number)s was onboarded by the bank (it has an agreement or statements): "
                "reassigning it would hand that company's agreement, contacts and statements to another. "
                "Correct the onboarding with the branch instead."
            )
            % {"number": account.number},
            code="has_agreement",
        )


def bank_account_reassign(*, actor: Actor, account_id: int, credit_code: str, reason: str) -> Reassigned:
    """Give the account to the customer with ``credit_code`` (empty: to no customer, the bank's), audited."""
    if not is_bank_staff(actor):
        raise ServiceError(_("Only bank operations may reassign an account."), code="forbidden")
    why = (reason or "").strip()
    if not why:
        raise ServiceError(_("Say why the account is reassigned (kept in the audit log)."), code="reason_required")
    new = _new_holder(credit_code)
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().get(pk=account_id)
        previous = account.customer_id
        if previous == (new.pk if new else None):
            raise ServiceError(
                _("Account %(number)s already belongs there.") % {"number": account.number}, code="unchanged"
            )
        _refuse_onboarded(account)
        now = timezone.now()
        note = _("account reassigned by the bank: %(reason)s") % {"reason": why}
        theirs = {"account": account, "source_import__uploaded_by__customer_id": previous}
        bank_ids = list(BankLine.objects.live().filter(**theirs).values_list("pk", flat=True)) if previous else []
        journal_ids = (
            list(JournalEntry.objects.live().filter(**theirs).values_list("pk", flat=True)) if previous else []
        )
        links = MatchLink.objects.active().filter(match__account=account)
        touched = links.filter(bank_line_id__in=bank_ids) | links.filter(journal_entry_id__in=journal_ids)
        groups = list(Match.objects.select_for_update().active().filter(pk__in=touched.values("match_id")))
        if groups:
            MatchLink.objects.filter(match__in=groups).update(active=False)
            Match.objects.filter(pk__in=[g.pk for g in groups]).update(
                undone_at=now, undone_by=user_row(actor), undo_reason=note[:300]
            )
        Suggestion.objects.filter(account=account).delete()  # built from lines that may be retired; a run rebuilds
        their_imports = Import.objects.filter(uploaded_by__customer_id=previous) if previous else Import.objects.none()
        # Entries another file had that their journal exports dropped come back (as withdrawing those exports would).
        JournalEntry.objects.filter(account=account, removed_by__in=their_imports).exclude(
            source_import__in=their_imports
        ).update(removed_at=None, removed_by=None)
        BankLine.objects.filter(pk__in=bank_ids).update(removed_at=now, removed_by_id=F("source_import_id"))
        JournalEntry.objects.filter(pk__in=journal_ids).update(removed_at=now, removed_by_id=F("source_import_id"))
        BalanceCheckpoint.objects.filter(account=account, superseded_by__in=their_imports).update(superseded_by=None)
        BalanceCheckpoint.objects.filter(account=account, source_import__in=their_imports).delete()
        reopened = (
            PeriodClose.objects.in_force()
            .filter(account=account)
            .update(reopened_at=now, reopened_by=user_row(actor), reopen_reason=note[:300])
        )
        # Their review submissions (复核: pending, returned with their reviewer's note, approved) are their books' too:
        # the new holder neither sees nor decides them, and a pending one no longer holds its period.
        reviews_removed = (
            CloseReview.objects.filter(account=account, submitted_by__customer_id=previous)
            .delete()[1]
            .get(CloseReview._meta.label, 0)
            if previous
            else 0
        )
        withdrawn = their_imports.filter(account=account, status=ImportStatus.DONE).update(
            status=ImportStatus.WITHDRAWN
        )
        account.customer = new
        account.save(update_fields=["customer"])
        result = Reassigned(account, len(bank_ids) + len(journal_ids), withdrawn, len(groups), reopened)
        audit_record_many(
            actor=actor,
            entries=[
                *({"action": "match.undone", "target": group, "after": {"reason": note[:300]}} for group in groups),
                {
                    "action": "bank_account.reassigned",
                    "target": account,
                    "before": {"customer_id": previous},
                    "after": {
                        "customer_id": account.customer_id,
                        "reason": why,
                        "lines_retired": result.lines_retired,
                        "imports_withdrawn": withdrawn,
                        "matches_undone": len(groups),
                        "periods_reopened": reopened,
                        "reviews_removed": reviews_removed,
                    },
                },
            ],
        )
    return result
