"""The engine called for a match run, and what a run does when the engine fails.

The engine is pure code over lines already validated on import, so an exception from it is a fault of the engine
(a stage bug on data it was never tried on), not of the user's lines. Queuing the run again would fail the same way
until the job watchdog gave up an hour later, with the run page at 30% meanwhile: the run fails at once instead,
nothing of it stored, with a message that says so and what to do, and the fault is logged with its traceback for
the bank's support (Sentry, where configured).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from core.services.audit import audit_record
from reconcile.engine import Line, MatchResult, match
from reconcile.engine.rules import match_with_rules
from reconcile.models import MatchRun, RunState

logger = logging.getLogger(__name__)

WINDOW_DAYS = 3

# A run's messages are stored as their English text and translated where they are shown (the run page, the API), in
# each reader's language: the worker that writes them has no reader.
NO_CALENDAR = gettext_noop(
    "A line lies in a year without a loaded working-day calendar: the window counted calendar days."
)
ENGINE_FAILED = gettext_noop(
    "The matching stopped on an internal error and changed nothing. Start it again; if it stops again, tell the "
    "bank's support this run's number."
)


class EngineFault(Exception):
    """The engine raised on a run's lines; the original exception is the cause."""


def engine_calendar() -> Any:
    return import_string(settings.RECONCILE_CALENDAR)()


def engine_result(
    bank: Sequence[Line],
    journal: Sequence[Line],
    rules: Sequence[Any],
    *,
    engine: Callable[..., MatchResult] | None = None,
) -> tuple[MatchResult, str]:
    """The engine's result over the run's lines with the accountant's rules first, and a note for the run (a year
    without a loaded working-day calendar counts calendar days). Raises ``EngineFault`` for any other failure of the
    engine; a fault reading the calendar (the database) is raised as it is. ``engine``: the engine to call (this
    module's ``match`` when None)."""
    engine = engine or match
    # Read before the engine runs, outside the catch-all: the calendar comes from the database, whose faults are its
    # own (retried, said as such), not the engine's.
    calendar = engine_calendar()
    try:
        try:
            return match_with_rules(bank, journal, rules, engine=engine, window_days=WINDOW_DAYS, calendar=calendar), ""
        except LookupError as exc:
            if isinstance(exc, (KeyError, IndexError)):  # the engine's own bug, not a year the calendar lacks
                raise
            return match_with_rules(bank, journal, rules, engine=engine, window_days=WINDOW_DAYS), NO_CALENDAR
    except Exception as exc:
        raise EngineFault(type(exc).__name__) from exc


def match_run_fail(*, run_id: int, started: dt.datetime) -> MatchRun:
    """A running run whose engine failed: failed now with its message, nothing stored, audited; a run another
    claim has taken over since (the job watchdog) is left to it."""
    logger.exception("Match run %s: the matching engine failed; the run is marked failed", run_id)
    with transaction.atomic():
        failed = MatchRun.objects.filter(pk=run_id, state=RunState.RUNNING, started_at=started).update(
            state=RunState.FAILED,
            finished_at=timezone.now(),
            message=ENGINE_FAILED,
        )
        run = MatchRun.objects.get(pk=run_id)
        if failed == 1:
            audit_record(actor=None, action="match_run.failed", target=run, after={"reason": "engine error"})
    return run
