"""Reads for 复核 (review before close): who signed a period off, and where its review stands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from reconcile.models import BankAccount, CloseReview, PeriodClose
from reconcile.people import person_name


@dataclass(frozen=True)
class SignOff:
    """The names the 余额调节表 prints for a closed period (real names, reconcile.people) and when it was approved."""

    prepared_by: str
    reviewed_by: str
    reviewed_at: dt.datetime | None


def period_signoff(account: BankAccount, period_end: dt.date) -> SignOff | None:
    """The sign-off of a closed period (None while it is open): the preparer, and the reviewer with the approval time
    when a reviewer closed it (a direct close names the preparer only)."""
    close = (
        PeriodClose.objects.in_force()
        .filter(account=account, period_end=period_end)
        .select_related("prepared_by", "reviewed_by", "closed_by")
        .first()
    )
    if close is None:
        return None
    preparer = close.prepared_by or close.closed_by
    if close.reviewed_by is None:
        return SignOff(prepared_by=person_name(preparer), reviewed_by="", reviewed_at=None)
    return SignOff(
        prepared_by=person_name(preparer), reviewed_by=person_name(close.reviewed_by), reviewed_at=close.closed_at
    )


def latest_review(account: BankAccount, period_end: dt.date) -> CloseReview | None:
    """The newest submission for the period (pending, returned with its note, or approved), with its people."""
    return (
        CloseReview.objects.filter(account=account, period_end=period_end)
        .select_related("submitted_by", "reviewed_by")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def pending_reviews(accounts) -> list[CloseReview]:
    """Submissions awaiting review among ``accounts`` (already scoped to the user), oldest first."""
    # A period closed meanwhile (directly, while the company had no other active reviewer) awaits nothing.
    closed = PeriodClose.objects.in_force().filter(account=OuterRef("account"), period_end=OuterRef("period_end"))
    return list(
        CloseReview.objects.filter(account__in=accounts, state="submitted")
        .exclude(Exists(closed))
        .select_related("account", "submitted_by")
        .order_by("submitted_at", "pk")[:200]
    )


def returned_reviews(accounts) -> list[CloseReview]:
    """Periods among ``accounts`` (already scoped to the user) that a reviewer returned with a note and that were
    neither submitted again nor closed since, newest return first: what waits for its preparer."""
    newer = CloseReview.objects.filter(
        account=OuterRef("account"), period_end=OuterRef("period_end"), submitted_at__gt=OuterRef("submitted_at")
    )
    closed = PeriodClose.objects.in_force().filter(account=OuterRef("account"), period_end=OuterRef("period_end"))
    return list(
        CloseReview.objects.filter(account__in=accounts, state="returned")
        .exclude(Exists(newer))
        .exclude(Exists(closed))
        .select_related("account", "reviewed_by")
        .order_by("-reviewed_at", "-pk")[:200]
    )
