"""Reads shared by the confirmation process: the working-day calendar and statement lookups, here; answers,
statement detail and publishing runs in their modules (answers, detail, runs). This package imports none of them
(answers imports ``statements_for`` from it), so there is no import circle: import from the module.
"""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from statements.calendar import WorkdayCalendar
from statements.models import WorkdayOverride

_cache_lock = threading.Lock()
_cache: dict[str, object] = {"key": None, "calendar": None}


def workday_calendar() -> WorkdayCalendar:
    """The official calendar plus the override table, rebuilt only when the table changed."""
    state = WorkdayOverride.objects.aggregate(n=Count("id"), latest=Max("updated_at"), last_id=Max("id"))
    key = (state["n"], state["latest"], state["last_id"])
    with _cache_lock:
        if _cache["key"] == key and _cache["calendar"] is not None:
            return _cache["calendar"]  # type: ignore[return-value]
    overrides = dict(WorkdayOverride.objects.values_list("date", "kind"))
    calendar = WorkdayCalendar(overrides)
    with _cache_lock:
        _cache["key"], _cache["calendar"] = key, calendar
    return calendar


def statements_for(user):
    """Statements a user may see: bank staff all; company users their own once dispatched, a group user also those
    of the subsidiaries it is granted."""
    from reconcile.selectors import Scope

    return statements_in(Scope.of(user))


def statements_in(scope):
    """``statements_for`` by the scope's facts (``reconcile.selectors.Scope``): the one definition of who sees
    which statement, which the statement page also compiles once per shape of user (``statement_visible``)."""
    from statements.models import BalanceStatement

    queryset = with_group_grants(BalanceStatement.objects.select_related("account", "account__customer"), scope)
    if not scope.unrestricted:
        queryset = queryset.exclude(dispatched_at__isnull=True)
    return queryset


def with_group_grants(base, scope):
    """``reconcile.selectors.scope_to`` and, for a group user, the rows of the subsidiaries it is granted: who sees
    a customer's rows, for every model of this app scoped by its ``CUSTOMER_LOOKUP`` (statements, inquiries)."""
    from reconcile.models import GroupGrant
    from reconcile.selectors import scope_to

    queryset = scope_to(base, scope)
    # has_group_grant comes with the signed-in user (portal.auth): without any grant the scope stays one indexed
    # filter. A user loaded some other way has no such attribute and gets the subquery, which is always right.
    if scope.customer_id is not None and scope.has_group_grant and scope.signed_in and not scope.sees_all:
        # A group user also sees the subsidiaries it is granted (集团): live grants to companies still in its
        # group, as a subquery of the same SQL (no query of its own).
        granted = GroupGrant.objects.filter(
            user_id=scope.user_id, withdrawn_at=None, subsidiary__parent_id=scope.customer_id
        ).values("subsidiary_id")
        queryset = queryset | base.filter(**{f"{base.model.CUSTOMER_LOOKUP}_id__in": granted})
    return queryset


def inquiries_for(user):
    """The non-receipt inquiries a user may read, newest first: bank staff all; a company user its company's, a
    group user also those of the subsidiaries it is granted (as ``statements_for``)."""
    from reconcile.selectors import Scope
    from statements.models import NonReceiptInquiry

    base = NonReceiptInquiry.objects.select_related("account", "account__customer")
    return with_group_grants(base, Scope.of(user)).order_by("-raised_at", "-id")


def sees_all(user) -> bool:
    from reconcile.selectors import sees_all_customers

    return sees_all_customers(user)


def calendar_schedule_warnings(today) -> list[str]:
    """Implausible schedules of this year or later in ops' override table (loaded with --force, or before the
    check existed): one sentence each, for the operations dashboard and `workdays status`."""
    from statements.calendar import schedule_problems

    calendar = workday_calendar()
    warnings: list[str] = []
    for year in calendar.override_years():
        if year >= today.year:
            warnings += schedule_problems(calendar, year)
    return warnings


def reminders_held(today, calendar=None) -> int:
    """Open statements whose reminder date cannot be worked out today because the calendar lacks a year.

    The first reminder goes 3 working days before the due date: counting them needs the working days from today
    to the due date. Due dates come from the calendar, so a missing year holds back only statements due after the
    last loaded day, or every statement not yet due when today's own year is missing. One query.
    """
    import datetime as dt

    from statements.calendar import YearNotLoaded
    from statements.models import BalanceStatement

    calendar = calendar or workday_calendar()
    open_statements = BalanceStatement.objects.open_for_answer()
    if not calendar.is_loaded(today.year):
        return open_statements.filter(due_date__gt=today).count()
    year = today.year
    while calendar.is_loaded(year):
        year += 1
    try:
        calendar.add_workdays(today, 3)
    except YearNotLoaded:
        return open_statements.filter(due_date__gt=dt.date(year - 1, 12, 31)).count()
    return 0
