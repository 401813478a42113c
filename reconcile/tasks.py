"""Celery tasks of the books. Thin: load by id or call one read/service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="reconcile.import_process", autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def import_process_task(import_id: int) -> str:
    from reconcile.services.imports import import_process

    return import_process(import_id=import_id).status


@shared_task(name="reconcile.match_run")
def match_run_task(run_id: int) -> str:
    from reconcile.services.matching import match_run_execute

    return match_run_execute(run_id=run_id).state


@shared_task(name="reconcile.jobs_watchdog")
def jobs_watchdog_task() -> dict:
    """Beat: pending imports and match runs that nothing finished in time are enqueued again."""
    from reconcile.services.jobs import books_jobs_requeue

    requeued = books_jobs_requeue()
    return {"imports": requeued.imports, "match_runs": requeued.match_runs}


@shared_task(name="reconcile.kept_parts_sweep")
def kept_parts_sweep_task() -> int:
    """Beat, hourly: temporary files a killed upload left beside the kept import files are removed."""
    from reconcile.services.imports.receive import kept_parts_sweep

    return kept_parts_sweep()
