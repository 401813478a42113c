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
