"""The job watchdog of the books (beat, every JOBS_SWEEP_SECONDS): queued work that nothing finished is sent again.

A pending import or a queued match run is the durable record of work to do; its message may never have reached the
broker (it was down when the request committed) or been lost there (restarted without persistence, a worker gone).
Each delayed job is enqueued again at most once per JOBS_STALL_SECONDS, under a guarded update so two watchdogs never
both send it; the tasks are idempotent (an import or a run done meanwhile is left as it is).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reconcile.models import Import, ImportStatus, MatchRun, RunState
from reconcile.queue import enqueue_on_commit
from reconcile.selectors.jobs import delayed_imports, delayed_match_runs, lost_worker_cutoff, stall_cutoff
from reconcile.services.audit import audit_record

logger = logging.getLogger(__name__)

# Per sweep; the next sweep takes the rest.
SWEEP_LIMIT = 500


@dataclass(frozen=True)
class Requeued:
    imports: int
    match_runs: int


def _not_requeued_since(cutoff: dt.datetime) -> Q:
    return Q(requeued_at__isnull=True) | Q(requeued_at__lt=cutoff)


def books_jobs_requeue(*, now: dt.datetime | None = None) -> Requeued:
    now = now or timezone.now()
    cutoff = stall_cutoff(now)
    imports = 0
    for pk in (
        delayed_imports(now)
        .filter(_not_requeued_since(cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    ):
        with transaction.atomic():
            if (
                Import.objects.filter(_not_requeued_since(cutoff), pk=pk, status=ImportStatus.PENDING).update(
                    requeued_at=now
                )
                != 1
            ):
                continue  # finished meanwhile, or another watchdog took it
            audit_record(
                actor=None,
                action="import.requeued",
                target_type="reconcile.import",
                target_id=str(pk),
                after={"reason": "not finished in time"},
            )
            enqueue_on_commit("reconcile.import_process", pk)  # by name: reconcile.tasks imports this module
        imports += 1
    runs = 0
    for run in delayed_match_runs(now).filter(_not_requeued_since(cutoff)).order_by("pk")[:SWEEP_LIMIT]:
        with transaction.atomic():
            if run.state == RunState.RUNNING:
                # Its worker was lost: the run goes back to the queue; that worker, should it still be alive, finds its
                # claim gone and stores nothing (reconcile.services.matching.match_run_execute).
                taken = MatchRun.objects.filter(
                    _not_requeued_since(cutoff),
                    pk=run.pk,
                    state=RunState.RUNNING,
                    started_at=run.started_at,
                    started_at__lt=lost_worker_cutoff(now),
                ).update(state=RunState.QUEUED, progress=0, requeued_at=now)
            else:
                taken = MatchRun.objects.filter(_not_requeued_since(cutoff), pk=run.pk, state=RunState.QUEUED).update(
                    requeued_at=now
                )
            if taken != 1:
                continue
            audit_record(
                actor=None,
                action="match_run.requeued",
                target=run,
                after={"was": run.state, "reason": "not finished in time"},
            )
            enqueue_on_commit("reconcile.match_run", run.pk)
        runs += 1
    if imports or runs:
        logger.warning(
            "Job watchdog: %s import(s) and %s match run(s) not finished in time were queued again", imports, runs
        )
    return Requeued(imports=imports, match_runs=runs)
