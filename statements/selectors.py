"""Reads shared by the confirmation process: the working-day calendar and statement lookups."""

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
    """Statements a user may see: bank staff all; company users their own once dispatched."""
    from reconcile.roles import is_bank_staff
    from reconcile.selectors import scope_to_user
    from statements.models import BalanceStatement

    queryset = scope_to_user(BalanceStatement.objects.select_related("account", "account__customer"), user)
    if not (is_bank_staff(user) or getattr(user, "is_superuser", False)):
        queryset = queryset.exclude(dispatched_at__isnull=True)
    return queryset


def statement_pdf_path(statement) -> str:
    """The stored PDF of a statement, rendering it first if the background task has not yet."""
    from pathlib import Path

    from django.conf import settings

    from statements.models import BalanceStatement
    from statements.services.publishing import statement_pdfs_render

    if not statement.pdf_path or not (Path(settings.MEDIA_ROOT) / statement.pdf_path).exists():
        BalanceStatement.objects.filter(pk=statement.pk).update(pdf_path="")
        statement_pdfs_render(statement_ids=[statement.pk])
        statement.refresh_from_db(fields=["pdf_path"])
    return str(Path(settings.MEDIA_ROOT) / statement.pdf_path)


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
