"""The books' job watchdog: imports and match runs nothing finished in time are enqueued again, once per stall time,
and shown as delayed; a match run taken over from a lost worker is stored by the new claim only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.models import AuditEvent
from reconcile.models import Import, ImportStatus, Match, MatchRun
from reconcile.selectors.jobs import delayed_imports, import_delayed, match_run_delayed
from reconcile.services.imports import import_receive
from reconcile.services.jobs import books_jobs_requeue
from reconcile.services.matching import match_run_execute
from tests.fixtures.worked_example import BANK_CSV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@pytest.fixture
def stall(settings):
    settings.JOBS_STALL_SECONDS = 300
    settings.CELERY_VISIBILITY_TIMEOUT = 1800
    return dt.timedelta(seconds=300)


def _received(account_a, accountant_a) -> Import:
    """An upload whose message never reached a worker (the broker was down when it was received)."""
    return import_receive(
        actor=accountant_a,
        kind="bank",
        data=BANK_CSV.encode(),
        filename="oct.csv",
        account_number=account_a.number,
        customer=account_a.customer,
        source="upload",
    )


def test_a_pending_import_is_delayed_after_the_stall_time_and_imported_by_the_watchdog(
    account_a, accountant_a, stall, django_capture_on_commit_callbacks
):
    record = _received(account_a, accountant_a)
    now = timezone.now()
    assert not import_delayed(record, now) and not delayed_imports(now).exists()
    later = now + stall + dt.timedelta(seconds=1)
    assert import_delayed(record, later) and list(delayed_imports(later)) == [record]

    assert books_jobs_requeue(now=now).imports == 0  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        requeued = books_jobs_requeue(now=later)
    assert requeued.imports == 1
    record.refresh_from_db()
    assert record.status == ImportStatus.DONE and record.requeued_at == later
    assert AuditEvent.objects.filter(action="import.requeued", target_id=str(record.pk)).count() == 1


def test_a_delayed_import_is_sent_again_once_per_stall_time(
    account_a, accountant_a, stall, django_capture_on_commit_callbacks
):
    record = _received(account_a, accountant_a)
    later = timezone.now() + stall + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert books_jobs_requeue(now=later).imports == 1
        assert books_jobs_requeue(now=later + dt.timedelta(seconds=60)).imports == 0  # still waiting: not again
        assert books_jobs_requeue(now=later + stall + dt.timedelta(seconds=1)).imports == 1
    assert len(sent) == 2
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING


def test_the_import_pages_say_delayed_instead_of_processing(client, account_a, accountant_a, settings):
    record = _received(account_a, accountant_a)
    client.force_login(accountant_a)
    page = client.get(f"/imports/{record.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "Processing" in page and "Delayed" not in page
    Import.objects.filter(pk=record.pk).update(created_at=timezone.now() - dt.timedelta(minutes=20))
    settings.JOBS_STALL_SECONDS = 300
    page = client.get(f"/imports/{record.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "Delayed" in page and "no need to upload the file again" in page
    chinese = client.get(f"/imports/{record.pk}/").content.decode()
    assert "已延误" in chinese and "无需重新上传文件" in chinese
    assert "Delayed" in client.get("/imports/", headers={"accept-language": "en"}).content.decode()


def test_a_queued_match_run_is_sent_again(books, accountant_a, stall, django_capture_on_commit_callbacks):
    run = MatchRun.objects.create(account=books, period_end=END, started_by=accountant_a)  # its message was lost
    later = timezone.now() + stall + dt.timedelta(seconds=1)
    assert match_run_delayed(run, later) and not match_run_delayed(run)
    with django_capture_on_commit_callbacks(execute=True):
        assert books_jobs_requeue(now=later).match_runs == 1
    run.refresh_from_db()
    assert (run.state, run.matched) == ("done", 3)


def test_a_run_whose_worker_was_lost_is_taken_over(books, accountant_a, stall, django_capture_on_commit_callbacks):
    claimed = timezone.now()
    run = MatchRun.objects.create(account=books, period_end=END, state="running", progress=30, started_at=claimed)
    # Within the visibility timeout the worker may still be at it: left alone.
    with django_capture_on_commit_callbacks(execute=True):
        assert books_jobs_requeue(now=claimed + dt.timedelta(minutes=29)).match_runs == 0
        assert books_jobs_requeue(now=claimed + dt.timedelta(minutes=31)).match_runs == 1
    run.refresh_from_db()
    assert (run.state, run.matched) == ("done", 3) and run.started_at != claimed


def test_a_worker_whose_run_was_taken_over_stores_nothing(books, accountant_a, monkeypatch):
    from reconcile.services import matching

    run = MatchRun.objects.create(account=books, period_end=END, started_by=accountant_a)
    real_match = matching.match

    def slow_match(*args, **kwargs):
        # Meanwhile the watchdog decided this worker was lost and a new claim took the run.
        MatchRun.objects.filter(pk=run.pk).update(started_at=timezone.now() + dt.timedelta(hours=1))
        return real_match(*args, **kwargs)

    monkeypatch.setattr(matching, "match", slow_match)
    result = match_run_execute(run_id=run.pk)
    assert result.state == "running" and not Match.objects.exists()
