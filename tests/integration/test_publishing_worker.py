"""Publishing a period through real Celery worker processes, including a worker killed mid-run."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Count
from django.urls import reverse

from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from statements.models import (
    BalanceStatement,
    RunChunk,
    RunStatus,
    SmsMessage,
    StatementRun,
    StatementStatus,
)
from statements.selectors.runs import stalled_run_ids
from statements.services.publishing import statement_run_start
from tests.integration.support import (
    audit_head_lock,
    backend_alive,
    ensure_calendar,
    last_finished_month,
    make_due_accounts,
    row_locks,
    wait_for_lock_waiters,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]

RUN_TIMEOUT = 120


def _wait_run_done(run_id: int) -> StatementRun:
    def done():
        run = StatementRun.objects.get(pk=run_id)
        return run if run.status == RunStatus.DONE else None

    return wait_until(done, timeout=RUN_TIMEOUT, what=f"publishing run #{run_id} to finish")


def _assert_published_once(run: StatementRun, due) -> None:
    """One statement per due account, every chunk done exactly once, one notice per online statement."""
    statements = BalanceStatement.objects.filter(run=run)
    assert statements.count() == len(due.account_ids) == run.accounts_due
    assert set(statements.values_list("account_id", flat=True)) == set(due.account_ids)
    assert not statements.values("account_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert (run.chunks_done, run.statements_created) == (run.chunks_total, len(due.account_ids))
    assert not RunChunk.objects.filter(run=run, done_at__isnull=True).exists()
    # Each chunk's transaction committed once: one "published" audit event per chunk, naming its index.
    published = AuditEvent.objects.filter(action="statements.published", target_id=str(run.pk))
    assert sorted(e.after["chunk"] for e in published) == list(range(run.chunks_total))
    audited_ids = [i for e in published for i in e.after["statement_ids"]]
    assert sorted(audited_ids) == sorted(statements.values_list("pk", flat=True))

    online = statements.filter(account_id__in=due.online_ids)
    assert set(online.values_list("status", flat=True)) == {StatementStatus.DISPATCHED}
    assert set(statements.exclude(account_id__in=due.online_ids).values_list("status", flat=True)) == {
        StatementStatus.PUBLISHED
    }
    notices = SmsMessage.objects.filter(template="statement_notice")
    assert notices.count() == online.count() == len(due.online_ids)
    assert Counter(notices.values_list("statement_id", flat=True)) == Counter(online.values_list("pk", flat=True))
    assert audit_chain_verify().ok


def test_publishing_2500_accounts_through_the_worker(celery_workers, settings):
    worker = celery_workers.start(wait=False)  # its queue receives this process's tasks; it boots meanwhile
    ensure_calendar()
    period, end = last_finished_month()
    due = make_due_accounts(2500, period_end=end)
    settings.PUBLISH_CHUNK_SIZE = 500  # chunks are computed here; the worker only executes them
    worker.wait_ready()

    outcome = statement_run_start(actor=None, period=period)  # enqueues the chunks on commit

    assert outcome.created and "2500 accounts due in 5 chunks" in outcome.message
    assert sorted(len(c.account_ids) for c in RunChunk.objects.filter(run=outcome.run)) == [500] * 5
    run = _wait_run_done(outcome.run.pk)
    _assert_published_once(run, due)


def test_a_worker_killed_mid_run_is_resumed_without_duplicates_or_gaps(celery_workers, settings):
    ensure_calendar()
    period, end = last_finished_month()
    # 4 small chunks: the new worker renders the PDFs and sends the notices of the chunks done before the
    # restart ahead of the re-enqueued chunks, so they are kept cheap; the kill point is set by locks, not timing.
    due = make_due_accounts(200, period_end=end)
    settings.PUBLISH_CHUNK_SIZE = 50
    queue = celery_workers.queue()

    # The run is committed and its 4 chunk tasks wait in Redis; no worker consumes the queue yet.
    run = statement_run_start(actor=None, period=period).run
    later_chunks = list(RunChunk.objects.filter(run=run, index__gt=0).values_list("pk", flat=True))
    assert len(later_chunks) == 3

    # Chunks 1-3 are locked by another session, so the worker can finish chunk 0 and no more.
    with row_locks("SELECT id FROM statements_runchunk WHERE id = ANY(%s) FOR UPDATE", (later_chunks,)) as release:
        first = celery_workers.start(queue, wait=False)  # busy at once: a solo worker answers no ping
        wait_until(
            lambda: StatementRun.objects.get(pk=run.pk).chunks_done == 1, timeout=60, what="chunk 0 to be published"
        )
        wait_for_lock_waiters(1, query_like="statements_runchunk")  # the worker waits for its next chunk
        with audit_head_lock() as release_audit:
            release()
            # The worker now writes its second chunk (statements, notices, counters) and stops, uncommitted,
            # at the audit record: that is where the host dies.
            [(backend, _query)] = wait_for_lock_waiters(1, query_like="reconcile_auditchainhead")
            first.kill()
            release_audit()
        wait_until(lambda: not backend_alive(backend), timeout=30, what="PostgreSQL to end the dead worker's session")

    run.refresh_from_db()
    assert (run.status, run.chunks_done, run.statements_created) == (RunStatus.RUNNING, 1, 50)
    assert BalanceStatement.objects.filter(run=run).count() == 50  # the killed chunk left nothing behind
    assert SmsMessage.objects.count() == len(due.online_ids & set(RunChunk.objects.get(run=run, index=0).account_ids))

    # The operator runs the command again: the 3 unfinished chunks are enqueued again, while chunks 2 and 3
    # are still queued from the first time. A new worker takes over.
    again = statement_run_start(actor=None, period=period)
    assert not again.created and "resuming the 3 unfinished chunks" in again.message
    second = celery_workers.start(queue, wait=False)
    run = _wait_run_done(run.pk)

    _assert_published_once(run, due)
    assert StatementRun.objects.count() == 1

    # The twice-queued chunks ran twice; the second run of each found the chunk done and changed nothing.
    def chunk_results():
        return [
            line.rsplit(": ", 1)[-1].strip()
            for line in second.log_text().splitlines()
            if "statements.chunk_publish[" in line and " succeeded in " in line
        ]

    results = wait_until(
        lambda: len(chunk_results()) >= 5 and chunk_results(),
        timeout=60,
        what="the new worker to run the 5 chunk tasks queued for it",
    )
    assert Counter(results) == Counter({"50": 3, "0": 2})


def test_a_run_stalled_by_a_killed_worker_is_shown_stalled_and_resumed_by_the_watchdog(
    celery_workers, settings, client, ops
):
    """The report: after kill -9 the run stayed at "50% · 进行中" until someone re-ran the command. Now nobody does."""
    ensure_calendar()
    period, end = last_finished_month()
    due = make_due_accounts(200, period_end=end)
    settings.PUBLISH_CHUNK_SIZE = 50
    queue = celery_workers.queue()
    run = statement_run_start(actor=None, period=period).run
    later_chunks = list(RunChunk.objects.filter(run=run, index__gt=0).values_list("pk", flat=True))

    # As above: chunk 0 is published, the worker dies in the middle of chunk 1 (its message unacknowledged: Redis
    # would give it back only after the visibility timeout), chunks 2 and 3 still wait in the queue.
    with row_locks("SELECT id FROM statements_runchunk WHERE id = ANY(%s) FOR UPDATE", (later_chunks,)) as release:
        first = celery_workers.start(queue, wait=False)
        wait_until(
            lambda: StatementRun.objects.get(pk=run.pk).chunks_done == 1, timeout=60, what="chunk 0 to be published"
        )
        wait_for_lock_waiters(1, query_like="statements_runchunk")
        with audit_head_lock() as release_audit:
            release()
            [(backend, _query)] = wait_for_lock_waiters(1, query_like="reconcile_auditchainhead")
            first.kill()
            release_audit()
        wait_until(lambda: not backend_alive(backend), timeout=30, what="PostgreSQL to end the dead worker's session")

    # No progress for longer than the stall time: the dashboard and the run's page say stalled, not running.
    settings.JOBS_STALL_SECONDS = 1
    wait_until(lambda: run.pk in stalled_run_ids(), timeout=10, what="the run to count as stalled")
    client.force_login(ops)
    dashboard = client.get(reverse("portal:ops"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "25%" in dashboard and "Stalled" in dashboard and "no progress since" in dashboard
    page = client.get(reverse("portal:ops-run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stalled" in page and "· Running" not in page

    # A new worker, with beat: chunks 2 and 3 come from the queue, the watchdog sends chunk 1 again. Nobody runs
    # publish_statements.
    celery_workers.start(queue, wait=False, beat=True, env={"JOBS_STALL_SECONDS": "3", "JOBS_SWEEP_SECONDS": "1"})
    run = _wait_run_done(run.pk)
    _assert_published_once(run, due)
    assert run.resumes >= 1 and AuditEvent.objects.filter(action="statement_run.resumed", target_id=str(run.pk))
    assert run.pk not in stalled_run_ids()
