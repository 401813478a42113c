"""The job watchdog of publishing (beat, every JOBS_SWEEP_SECONDS): a stalled run's open chunks are enqueued again.

A run is stalled when no chunk finished for JOBS_STALL_SECONDS (statements.selectors.runs.stalled_runs): its messages
never reached the broker, the broker lost them, or the worker publishing a chunk died (its chunk's transaction rolled
back, its message invisible for the broker's visibility timeout). Chunks are done once (statement_chunk_publish), so
sending every open chunk again is safe; a run is resumed at most once per JOBS_STALL_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from reconcile.selectors.jobs import stall_cutoff
from reconcile.services.audit import audit_record
from statements.models import RunChunk, RunStatus, StatementRun
from statements.selectors.runs import stalled_runs

logger = logging.getLogger(__name__)


def stalled_runs_resume(*, now: dt.datetime | None = None) -> list[int]:
    """Enqueue the open chunks of every stalled run again; returns the ids of the runs resumed."""
    from statements.services.publishing import enqueue_open_chunks

    now = now or timezone.now()
    cutoff = stall_cutoff(now)
    not_resumed_since = Q(resumed_at__isnull=True) | Q(resumed_at__lt=cutoff)
    resumed = []
    for run in stalled_runs(now).filter(not_resumed_since).order_by("pk"):
        with transaction.atomic():
            if (
                StatementRun.objects.filter(not_resumed_since, pk=run.pk, status=RunStatus.RUNNING).update(
                    resumed_at=now, resumes=F("resumes") + 1
                )
                != 1
            ):
                continue  # finished meanwhile, or another watchdog resumed it
            open_chunks = list(RunChunk.objects.filter(run=run, done_at__isnull=True).values_list("index", flat=True))
            audit_record(
                actor=None,
                action="statement_run.resumed",
                target=run,
                after={"idle_since": run.idle_since, "open_chunks": open_chunks},
            )
            transaction.on_commit(lambda run=run: enqueue_open_chunks(run))
        logger.warning(
            "Publishing run %s (%s) made no progress since %s: its %s open chunk(s) were queued again",
            run.pk,
            run.period,
            run.idle_since,
            len(open_chunks),
        )
        resumed.append(run.pk)
    return resumed
