"""The job watchdog of publishing (beat, every JOBS_SWEEP_SECONDS): a stalled run's open chunks are enqueued again.

A run is stalled when no chunk finished for JOBS_STALL_SECONDS (statements.selectors.runs.stalled_runs): its messages
never reached the broker, the broker lost them, or the worker publishing a chunk died (its chunk's transaction rolled
back, its message invisible for the broker's visibility timeout). Chunks are done once (statement_chunk_publish), so
sending every open chunk again is safe; a run is resumed at most once per JOBS_STALL_SECONDS, and after
JOBS_MAX_REQUEUES resumptions it is given up (audited, logged as an error, shown to ops as needing a person).

The same watchdog renders again the PDF of a posted paper statement that is older than the recording of its posting
(statements.selectors.runs.stale_paper_pdfs): the re-rendering that paper_batch_mark_posted queued was lost or keeps
failing, and the stored letter would state no due date, or an old one. Queued again at most once per
JOBS_STALL_SECONDS and JOBS_MAX_REQUEUES times, then given up likewise.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor
from core.errors import ConflictError
from core.roles import refuse_unless_bank
from core.services.audit import audit_record
from reconcile.models import Import, ImportStatus, MatchRun, RunState
from reconcile.queue import enqueue_on_commit
from reconcile.selectors.jobs import stall_cutoff
from statements.models import BalanceStatement, RunChunk, RunStatus, StatementRun
from statements.selectors.runs import stale_paper_pdfs, stalled_runs

logger = logging.getLogger(__name__)


def stalled_runs_resume(*, now: dt.datetime | None = None) -> list[int]:
    """Enqueue the open chunks of every stalled run again; returns the ids of the runs resumed."""
    from statements.services.publishing import enqueue_open_chunks

    now = now or timezone.now()
    cutoff = stall_cutoff(now)
    not_resumed_since = Q(resumed_at__isnull=True) | Q(resumed_at__lt=cutoff)
    resumed = []
    for run in stalled_runs(now).filter(not_resumed_since).order_by("pk"):
        if run.resumes >= settings.JOBS_MAX_REQUEUES:
            _run_give_up(run, not_resumed_since, now)
            continue
        with transaction.atomic():
            if (
                StatementRun.objects.filter(
                    not_resumed_since, pk=run.pk, status=RunStatus.RUNNING, given_up_at__isnull=True
                ).update(resumed_at=now, resumes=F("resumes") + 1)
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


def _run_give_up(run: StatementRun, not_resumed_since: Q, now: dt.datetime) -> None:
    with transaction.atomic():
        if (
            StatementRun.objects.filter(
                not_resumed_since, pk=run.pk, status=RunStatus.RUNNING, given_up_at__isnull=True
            ).update(given_up_at=now)
            != 1
        ):
            return
        audit_record(actor=None, action="statement_run.given_up", target=run, after={"resumes": run.resumes})
    logger.error(
        "Publishing run %s (%s) made no progress after being resumed %s times: given up",
        run.pk,
        run.period,
        run.resumes,
    )


# Per sweep; the next sweep takes the rest.
PDF_SWEEP_LIMIT = 500


def stale_pdfs_requeue(*, now: dt.datetime | None = None) -> list[int]:
    """Queue again the rendering of posted paper statements' PDFs that still predate their posting; returns their ids.

    A statement queued JOBS_MAX_REQUEUES times whose PDF is still old is given up instead (pdf_given_up_at)."""
    now = now or timezone.now()
    cutoff = stall_cutoff(now)
    not_requeued_since = Q(pdf_requeued_at__isnull=True) | Q(pdf_requeued_at__lt=cutoff)
    requeued = []
    candidates = stale_paper_pdfs(now).filter(not_requeued_since).order_by("pk")
    for pk, requeues in candidates.values_list("pk", "pdf_requeues")[:PDF_SWEEP_LIMIT]:
        still = BalanceStatement.objects.filter(not_requeued_since, pk=pk, pdf_given_up_at__isnull=True)
        with transaction.atomic():
            if requeues >= settings.JOBS_MAX_REQUEUES:
                if still.update(pdf_given_up_at=now) == 1:
                    audit_record(
                        actor=None,
                        action="statement_pdf.given_up",
                        target_type="statements.balancestatement",
                        target_id=str(pk),
                        after={"requeues": requeues},
                    )
                    logger.error(
                        "Statement %s: its PDF still predates the posting after %s re-renderings: given up",
                        pk,
                        requeues,
                    )
                continue
            if still.update(pdf_requeued_at=now, pdf_requeues=F("pdf_requeues") + 1) != 1:
                continue  # rendered meanwhile, or another watchdog took it
            audit_record(
                actor=None,
                action="statement_pdf.requeued",
                target_type="statements.balancestatement",
                target_id=str(pk),
                after={"reason": "PDF older than the posting"},
            )
        requeued.append(pk)
    if requeued:
        enqueue_on_commit("statements.refresh_pdfs", requeued)
        logger.warning(
            "Job watchdog: %s paper statement PDF(s) older than their posting were queued again", len(requeued)
        )
    return requeued


GIVEN_UP_KINDS = ("import", "match_run", "run", "pdf")


def given_up_job_retry(*, actor: Actor, kind: str, job_id: int) -> None:
    """Ops, once the cause is fixed: a given-up job is queued again, with JOBS_MAX_REQUEUES fresh attempts."""
    refuse_unless_bank(actor)
    now = timezone.now()
    with transaction.atomic():
        if kind == "import":
            taken = Import.objects.filter(pk=job_id, status=ImportStatus.PENDING, given_up_at__isnull=False).update(
                given_up_at=None, requeues=0, requeued_at=now
            )
            target = ("reconcile.import", "import.retried")
            task: tuple = ("reconcile.import_process", job_id)
        elif kind == "match_run":
            taken = MatchRun.objects.filter(pk=job_id, state=RunState.FAILED, given_up_at__isnull=False).update(
                state=RunState.QUEUED,
                given_up_at=None,
                requeues=0,
                requeued_at=now,
                progress=0,
                message="",
                started_at=None,
                finished_at=None,
            )
            target = ("reconcile.matchrun", "match_run.retried")
            task = ("reconcile.match_run", job_id)
        elif kind == "run":
            taken = StatementRun.objects.filter(pk=job_id, status=RunStatus.RUNNING, given_up_at__isnull=False).update(
                given_up_at=None, resumes=0, resumed_at=now
            )
            target = ("statements.statementrun", "statement_run.retried")
            task = ()
        elif kind == "pdf":
            taken = BalanceStatement.objects.filter(pk=job_id, pdf_given_up_at__isnull=False).update(
                pdf_given_up_at=None, pdf_requeues=0, pdf_requeued_at=now
            )
            target = ("statements.balancestatement", "statement_pdf.retried")
            task = ("statements.refresh_pdfs", [job_id])
        else:
            taken = 0
        if taken != 1:
            raise ConflictError(_("This job is no longer waiting for a person; reload the page."), code="not_given_up")
        audit_record(actor=actor, action=target[1], target_type=target[0], target_id=str(job_id))
        if task:
            enqueue_on_commit(*task)
        else:
            from statements.services.publishing import enqueue_open_chunks

            run = StatementRun.objects.get(pk=job_id)
            transaction.on_commit(lambda: enqueue_open_chunks(run))
