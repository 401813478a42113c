"""Celery tasks of the confirmation process: a few lines each; they take ids and call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="statements.chunk_publish", acks_late=True)
def statement_chunk_publish_task(chunk_id: int) -> int:
    from statements.services.publishing import statement_chunk_publish

    return statement_chunk_publish(chunk_id=chunk_id)


@shared_task(name="statements.render_pdfs", autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def statement_render_pdfs_task(statement_ids: list[int]) -> int:
    from statements.services.statement_pdfs import statement_pdfs_render

    return statement_pdfs_render(statement_ids=statement_ids)


@shared_task(name="statements.refresh_pdfs", autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def statement_refresh_pdfs_task(statement_ids: list[int]) -> int:
    from statements.services.statement_pdfs import statement_pdfs_refresh

    return statement_pdfs_refresh(statement_ids=statement_ids)


@shared_task(name="statements.sms_send_due")
def sms_send_due_task() -> int:
    from statements.services.sms import sms_due_ids, sms_send_one, sms_settle_stale

    sms_settle_stale()
    ids = sms_due_ids()
    for message_id in ids:
        sms_send_one(message_id=message_id)
    return len(ids)


@shared_task(name="statements.daily_deadlines")
def daily_deadlines_task() -> int:
    """Beat, just after midnight Beijing time: everything due yesterday or earlier is deemed confirmed."""
    from django.utils import timezone

    from statements.calendar import beijing_day
    from statements.services.confirmations import deadlines_sweep

    return deadlines_sweep(as_of=beijing_day(timezone.now()))


@shared_task(name="statements.attachments_sweep")
def attachments_sweep_task() -> int:
    """Beat, nightly: uploaded files no record holds (an answer's attachment whose code was never entered)."""
    from statements.services.attachment_sweep import attachments_sweep

    return attachments_sweep()


@shared_task(name="statements.daily_reminders")
def daily_reminders_task() -> dict:
    from django.utils import timezone

    from reconcile.queue import enqueue
    from statements.calendar import beijing_day
    from statements.services.reminders import reminders_queue

    queued = reminders_queue(today=beijing_day(timezone.now()))
    enqueue(sms_send_due_task)
    return queued


@shared_task(name="statements.jobs_watchdog")
def jobs_watchdog_task() -> dict:
    """Beat: publishing runs without progress for JOBS_STALL_SECONDS have their open chunks enqueued again, and posted
    paper statements' PDFs that still predate the posting are rendered again."""
    from statements.services.jobs import stale_pdfs_requeue, stalled_runs_resume

    return {"runs": stalled_runs_resume(), "pdfs": stale_pdfs_requeue()}
