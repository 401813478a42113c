"""复核: closing a period by two people (maker-checker).

The accountant who prepared the period submits it; a reviewer of the same company (role ``reviewer``), who is not the
one who submitted it, approves it, which closes the period (a PeriodClose naming both), or returns it with a note
saying what to fix. A company with no reviewer other than the accountant closes directly (reconcile.services.matching
.period_close), as before reviewers existed; once it has one, a direct close is refused.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ConflictError, ServiceError
from core.formatting import format_amount
from core.roles import Role, is_accountant_of, is_reviewer_of
from core.services.audit import audit_record, audit_record_many
from core.text import refuse_hidden_characters
from reconcile.models import BankAccount, CloseReview, PeriodClose, ReviewState
from reconcile.selectors.matching import closed_through, review_pending_through
from reconcile.services.adjustment import adjustment_table_build

NOTE_MAX = 300


def _clean_note(note: str) -> str:
    # A NUL byte cannot be stored in PostgreSQL text and means nothing in a note.
    return (note or "").replace("\x00", "").strip()[:NOTE_MAX]


def review_required(account: BankAccount, actor: Actor) -> bool:
    """Whether closing this account's periods needs a reviewer: its company has an active reviewer besides ``actor``.

    An accountant who is the company's only reviewer cannot review their own work, so they close directly, as does a
    company that has no reviewer at all.
    """
    from django.contrib.auth import get_user_model

    reviewers = get_user_model().objects.filter(
        customer_id=account.customer_id or 0, is_active=True, role_grants__role=Role.REVIEWER
    )
    return reviewers.exclude(pk=getattr(actor, "pk", None) or 0).exists()


def refuse_awaiting_review(account: BankAccount, day: dt.date) -> None:
    """Maker-checker: the reviewer approves the table that was submitted, so nothing dated up to a period awaiting
    review changes (not by the preparer, not by a reviewer who is also an accountant, not by a run)."""
    pending = review_pending_through(account)
    if pending is not None and day <= pending:
        raise ConflictError(
            _(
                "The period up to %(d)s is awaiting review: its matches stay as submitted until the reviewer "
                "approves it or returns it with a note."
            )
            % {"d": pending},
            code="awaiting_review",
        )


def refuse_frozen(account: BankAccount, last: dt.date) -> None:
    """Lines up to ``last`` are read-only while their period is closed or handed to the reviewer (复核): a match by
    hand, an undo or a rejected suggestion touching them is refused, naming why."""
    frozen_until = closed_through(account)
    if frozen_until is not None and last <= frozen_until:
        raise ServiceError(
            _("The period up to %(d)s is closed; reopen it to change its matches.") % {"d": frozen_until},
            code="closed",
        )
    refuse_awaiting_review(account, last)


def refuse_unended(period_end: dt.date) -> None:
    """A period is closed, or submitted for review, once it has ended: a closed (or submitted) period refuses every
    later change to it, the bank's own feed of the account's lines included."""
    if period_end > timezone.localdate():
        raise ServiceError(
            _("The period up to %(d)s has not ended yet: close it, or submit it for review, from its last day on.")
            % {"d": period_end},
            code="period_not_ended",
        )


def refuse_not_period_end(period_end: dt.date) -> None:
    """A period is a month (the workbench's periods, the 余额调节表's month end; a quarter ends on a month's last day
    too): a day inside a month is no period end to submit for review nor to close directly (one rule, one message,
    for the workbench and the API)."""
    month_end = (period_end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    if period_end != month_end:
        raise ServiceError(
            _("%(d)s is not the end of a period: a period ends on the last day of a month; choose %(end)s.")
            % {"d": period_end, "end": month_end},
            code="not_period_end",
            field="date",
        )


def _is_closed(account: BankAccount, period_end: dt.date) -> bool:
    """The day lies in a closed period: its own close, or a later one (everything up to a close is read-only)."""
    through = closed_through(account)
    return through is not None and period_end <= through


def _require_agreed_table(account: BankAccount, period_end: dt.date) -> None:
    """Only a table that agrees is submitted: the table's own refusal (no_files, balance_gap, no_opening_balance)
    stands, and a difference is named (the workbench offers the button only then; the API and a crafted form too)."""
    table = adjustment_table_build(account=account, period_end=period_end)
    if not table.agreed:
        raise ConflictError(
            _(
                "The balance adjustment table at %(day)s does not agree (difference %(d)s): match or explain the "
                "outstanding items until it agrees, then submit the period for review."
            )
            % {"day": period_end, "d": format_amount(table.difference)},
            code="not_agreed",
        )


def _require_preparer(actor: Actor, account: BankAccount) -> None:
    if not is_accountant_of(actor, account):
        raise ServiceError(
            _("Only an accountant of the account's company may submit its period for review."), code="forbidden"
        )


def _require_reviewer(actor: Actor, account: BankAccount) -> None:
    if not is_reviewer_of(actor, account):
        raise ServiceError(_("Only a reviewer of the account's company may review its period close."), code="forbidden")


def close_review_submit(*, actor: Actor, account_id: int, period_end: dt.date) -> CloseReview:
    """The preparer hands the period to a reviewer. One pending submission per account and period end."""
    refuse_not_period_end(period_end)
    refuse_unended(period_end)
    with transaction.atomic():
        # The caller's right first, read without a lock: another customer's request must not make this account wait.
        _require_preparer(actor, BankAccount.objects.get(pk=account_id))
        account = BankAccount.objects.select_for_update().get(pk=account_id)
        _require_preparer(actor, account)  # the account may have been given to another customer meanwhile
        if _is_closed(account, period_end):
            raise ConflictError(_("This period is already closed."), code="already_closed")
        if not review_required(account, actor):
            # Nobody could approve or return it (one's own submission is no one's to decide), and the period would
            # stay held as submitted: a company without another active reviewer closes directly.
            raise ConflictError(
                _(
                    "No one else in the company can review this period (it has no other active reviewer): close it "
                    "directly in the workbench, or ask the bank to give a second person the reviewer role."
                ),
                code="no_reviewer",
            )
        if CloseReview.objects.filter(account=account, period_end=period_end, state=ReviewState.SUBMITTED).exists():
            raise ConflictError(_("This period is already awaiting review."), code="already_submitted")
        _require_agreed_table(account, period_end)
        try:
            with transaction.atomic():
                review = CloseReview.objects.create(
                    account=account, period_end=period_end, submitted_by=user_row(actor), submitted_at=timezone.now()
                )
        except IntegrityError as exc:  # the unique constraint: a second submission in a race
            raise ConflictError(_("This period is already awaiting review."), code="already_submitted") from exc
        audit_record(
            actor=actor,
            action="period.review_submitted",
            target=review,
            after={"account_id": account.pk, "period_end": period_end},
        )
    return review


def _pending(actor: Actor, review_id: int) -> CloseReview:
    """The submission locked, after the checks every decision shares (the account locked first, as elsewhere)."""
    found = CloseReview.objects.select_related("account").filter(pk=review_id).first()
    if found is None:
        raise CloseReview.DoesNotExist(review_id)
    # The caller's right before any lock: another customer's request must not make this account wait.
    _require_reviewer(actor, found.account)
    account = BankAccount.objects.select_for_update().get(pk=found.account_id)
    review = CloseReview.objects.select_for_update().get(pk=review_id)
    review.account = account
    _require_reviewer(actor, account)  # the account may have been given to another customer meanwhile
    if review.state != ReviewState.SUBMITTED:
        raise ConflictError(
            _("This submission was already decided (%(state)s).") % {"state": review.get_state_display()},
            code="already_reviewed",
        )
    if review.submitted_by_id == getattr(actor, "pk", None):
        raise ServiceError(
            _("You submitted this period yourself: another reviewer must review it."), code="self_review"
        )
    return review


def close_review_approve(*, actor: Actor, review_id: int) -> CloseReview:
    """The reviewer approves: the period closes, naming the preparer and the reviewer, at the approval time."""
    with transaction.atomic():
        review = _pending(actor, review_id)
        if _is_closed(review.account, review.period_end):
            raise ConflictError(_("This period is already closed."), code="already_closed")
        now = timezone.now()
        close = PeriodClose.objects.create(
            account=review.account,
            period_end=review.period_end,
            closed_by=user_row(actor),
            closed_at=now,
            prepared_by_id=review.submitted_by_id,
            reviewed_by=user_row(actor),
        )
        review.state, review.reviewed_by, review.reviewed_at, review.period_close = (
            ReviewState.APPROVED,
            user_row(actor),
            now,
            close,
        )
        review.save(update_fields=["state", "reviewed_by", "reviewed_at", "period_close"])
        audit_record_many(
            actor=actor,
            entries=[
                {
                    "action": "period.review_approved",
                    "target": review,
                    "after": {"period_close_id": close.pk, "period_end": review.period_end},
                },
                {
                    "action": "period.closed",
                    "target": close,
                    "after": {
                        "period_end": review.period_end,
                        "prepared_by": review.submitted_by_id,
                        "reviewed_by": actor.pk,
                    },
                },
            ],
        )
    return review


def close_review_return(*, actor: Actor, review_id: int, note: str) -> CloseReview:
    """The reviewer sends the period back with a note saying what to fix; the preparer submits it again after."""
    note = _clean_note(note)
    if not note:
        raise ServiceError(_("Say what the preparer should fix (note)."), code="note_required")
    refuse_hidden_characters(note, where=_("The note"), field="note")
    with transaction.atomic():
        review = _pending(actor, review_id)
        review.state, review.reviewed_by, review.reviewed_at, review.note = (
            ReviewState.RETURNED,
            user_row(actor),
            timezone.now(),
            note,
        )
        review.save(update_fields=["state", "reviewed_by", "reviewed_at", "note"])
        audit_record(actor=actor, action="period.review_returned", target=review, after={"note": note})
    return review
