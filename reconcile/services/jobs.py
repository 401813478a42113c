"""The job watchdog of the books (beat, every JOBS_SWEEP_SECONDS): queued work that nothing finished is sent again.

A pending import or a queued match run is the durable record of work to do; its message may never have reached the
broker (it was down when the request committed) or been lost there (restarted without persistence, a worker gone).
Each delayed job is enqueued again at most once per JOBS_STALL_SECONDS, under a guarded update so two watchdogs never
both send it; the tasks are idempotent (an import or a run done meanwhile is left as it is). A job queued again
JOBS_MAX_REQUEUES times that is still not done keeps failing: it is given up (audited, logged as an error) and listed
for ops as needing a person, never queued again by the watchdog.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.services.audit import audit_record
from reconcile.models import Import, ImportStatus, MatchRun, RunState
from reconcile.queue import enqueue_on_commit
from reconcile.selectors.jobs import delayed_imports, delayed_match_runs, lost_worker_cutoff, stall_cutoff

logger = logging.getLogger(__name__)

# Per sweep; the next sweep takes the rest.
SWEEP_LIMIT = 500
RUN_GIVEN_UP = gettext_noop("Not done after being queued several times; start the matching again.")


@dataclass(frozen=True)
class Requeued:
    imports: int
    match_runs: int
    given_up: int = 0


def _not_requeued_since(cutoff: dt.datetime) -> Q:
    return Q(requeued_at__isnull=True) | Q(requeued_at__lt=cutoff)


def books_jobs_requeue(*, now: dt.datetime | None = None) -> Requeued:
    now = now or timezone.now()
    cutoff = stall_cutoff(now)
    limit = settings.JOBS_MAX_REQUEUES
    imports = given_up = 0
    for pk, requeues in (
        delayed_imports(now)
        .filter(_not_requeued_since(cutoff))
        .order_by("pk")
        .values_list("pk", "requeues")[:SWEEP_LIMIT]
    ):
        if requeues >= limit:
            given_up += _import_give_up(pk, requeues, cutoff, now)
            continue
        with transaction.atomic():
            if (
                Import.objects.filter(
                    _not_requeued_since(cutoff), pk=pk, status=ImportStatus.PENDING, given_up_at__isnull=True
                ).update(requeued_at=now, requeues=F("requeues") + 1)
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
        if run.requeues >= limit:
            given_up += _match_run_give_up(run, cutoff, now)
            continue
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
                ).update(state=RunState.QUEUED, progress=0, requeued_at=now, requeues=F("requeues") + 1)
            else:
                taken = MatchRun.objects.filter(_not_requeued_since(cutoff), pk=run.pk, state=RunState.QUEUED).update(
                    requeued_at=now, requeues=F("requeues") + 1
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
    return Requeued(imports=imports, match_runs=runs, given_up=given_up)


def _import_give_up(pk: int, requeues: int, cutoff: dt.datetime, now: dt.datetime) -> int:
    with transaction.atomic():
        if (
            Import.objects.filter(
                _not_requeued_since(cutoff), pk=pk, status=ImportStatus.PENDING, given_up_at__isnull=True
            ).update(given_up_at=now)
            != 1
        ):
            return 0
        audit_record(
            actor=None,
            action="import.given_up",
            target_type="reconcile.import",
            target_id=str(pk),
            after={"requeues": requeues},
        )
    logger.error("Job watchdog: import %s is still not done after being queued %s times: given up", pk, requeues)
    return 1


def _match_run_give_up(run: MatchRun, cutoff: dt.datetime, now: dt.datetime) -> int:
    with transaction.atomic():
        still = Q(state=run.state) & (Q(started_at=run.started_at) if run.started_at else Q(started_at__isnull=True))
        if (
            MatchRun.objects.filter(still, _not_requeued_since(cutoff), pk=run.pk).update(
                state=RunState.FAILED,
                given_up_at=now,
                finished_at=now,
                # Stored in English, translated where it is shown (reconcile.services.match_engine).
                message=RUN_GIVEN_UP,
            )
            != 1
        ):
            return 0
        audit_record(
            actor=None, action="match_run.given_up", target=run, after={"was": run.state, "requeues": run.requeues}
        )
    logger.error(
        "Job watchdog: match run %s is still not done after being queued %s times: given up", run.pk, run.requeues
    )
    return 1
