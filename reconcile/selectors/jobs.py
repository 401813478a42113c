"""Reads for queued work of the books that nothing finished in time (the job watchdog and the pages that show it).

A job is delayed once JOBS_STALL_SECONDS have passed without it finishing: an import still processing that long after
it was received, a match run still queued that long after it was started. A match run claimed by a worker longer ago
than the broker's visibility timeout (longer than any task may take) lost its worker. A job the watchdog queued again
JOBS_MAX_REQUEUES times and still not done is given up: no longer delayed, it needs a person.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from reconcile.models import Import, ImportStatus, MatchRun, RunState


def stall_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(seconds=settings.JOBS_STALL_SECONDS)


def lost_worker_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)


def delayed_imports(now: dt.datetime | None = None) -> QuerySet[Import]:
    return Import.objects.filter(
        status=ImportStatus.PENDING, given_up_at__isnull=True, created_at__lt=stall_cutoff(now)
    )


def import_delayed(record: Import, now: dt.datetime | None = None) -> bool:
    return (
        record.status == ImportStatus.PENDING and record.given_up_at is None and record.created_at < stall_cutoff(now)
    )


def given_up_imports() -> QuerySet[Import]:
    """Imports the watchdog stopped queueing (still not imported): a person must look at them."""
    return Import.objects.filter(status=ImportStatus.PENDING, given_up_at__isnull=False)


def given_up_match_runs() -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(state=RunState.FAILED, given_up_at__isnull=False)


def delayed_match_runs(now: dt.datetime | None = None) -> QuerySet[MatchRun]:
    """Runs still queued after the stall time, and runs whose worker was lost."""
    return MatchRun.objects.filter(
        Q(state=RunState.QUEUED, created_at__lt=stall_cutoff(now))
        | Q(state=RunState.RUNNING, started_at__lt=lost_worker_cutoff(now))
    )


def match_run_delayed(run: MatchRun, now: dt.datetime | None = None) -> bool:
    return delayed_match_runs(now).filter(pk=run.pk).exists()
