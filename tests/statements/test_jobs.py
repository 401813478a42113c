"""The publishing watchdog: a run without progress for the stall time is shown stalled and its open chunks are sent
again (once per stall time); the beat schedule runs both watchdogs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from core.models import AuditEvent
from statements.models import RunChunk, RunStatus, StatementRun
from statements.selectors.runs import stalled_run_ids
from statements.services.jobs import stalled_runs_resume
from statements.services.publishing import statement_run_start
from tests.fixtures.statements import PUBLISH_AT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
EN = {"accept-language": "en"}


@pytest.fixture
def lost_run(agreement_a, agreement_b, balances, settings, tmp_path, django_capture_on_commit_callbacks):
    """September published on 2026-10-09 10:00, but its chunk messages never reached a worker."""
    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_STALL_SECONDS = 300
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=False):
        run = statement_run_start(actor=None, period="2026-09").run
    assert (run.status, run.chunks_done) == (RunStatus.RUNNING, 0)
    return run


def test_a_run_without_progress_is_stalled_and_resumed(lost_run, django_capture_on_commit_callbacks):
    assert lost_run.pk not in stalled_run_ids(PUBLISH_AT + dt.timedelta(minutes=4))
    later = PUBLISH_AT + dt.timedelta(minutes=6)
    assert lost_run.pk in stalled_run_ids(later)

    assert stalled_runs_resume(now=PUBLISH_AT + dt.timedelta(minutes=4)) == []
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert stalled_runs_resume(now=later) == [lost_run.pk]
    run = StatementRun.objects.get(pk=lost_run.pk)
    assert (run.status, run.resumes, run.resumed_at) == (RunStatus.DONE, 1, later)
    assert run.statements_created == 2 and not RunChunk.objects.filter(run=run, done_at__isnull=True).exists()
    event = AuditEvent.objects.get(action="statement_run.resumed")
    assert event.target_id == str(run.pk) and event.after["open_chunks"] == [0]
    assert run.pk not in stalled_run_ids(later + dt.timedelta(hours=1))  # done is never stalled


def test_a_stalled_run_is_resumed_once_per_stall_time(lost_run, django_capture_on_commit_callbacks):
    later = PUBLISH_AT + dt.timedelta(minutes=6)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert stalled_runs_resume(now=later) == [lost_run.pk]
        assert stalled_runs_resume(now=later + dt.timedelta(minutes=1)) == []  # no worker yet: not sent again
        assert stalled_runs_resume(now=later + dt.timedelta(minutes=6)) == [lost_run.pk]
    assert len(sent) == 2 and StatementRun.objects.get(pk=lost_run.pk).resumes == 2


def test_progress_keeps_a_run_from_counting_as_stalled(lost_run):
    StatementRun.objects.filter(pk=lost_run.pk).update(progress_at=PUBLISH_AT + dt.timedelta(minutes=10))
    assert lost_run.pk not in stalled_run_ids(PUBLISH_AT + dt.timedelta(minutes=12))
    assert lost_run.pk in stalled_run_ids(PUBLISH_AT + dt.timedelta(minutes=16))


def test_the_dashboard_and_the_run_page_show_a_stalled_run(client, ops, lost_run):
    client.force_login(ops)
    with time_machine.travel(PUBLISH_AT + dt.timedelta(minutes=2), tick=False):
        page = client.get(reverse("portal:ops-run", args=[lost_run.pk]), headers=EN).content.decode()
        assert "Running" in page and "Stalled" not in page
    with time_machine.travel(PUBLISH_AT + dt.timedelta(minutes=20), tick=False):
        dashboard = client.get(reverse("portal:ops"), headers=EN).content.decode()
        assert "Stalled" in dashboard and "no progress since 2026-10-09 10:00" in dashboard
        page = client.get(reverse("portal:ops-run", args=[lost_run.pk]), headers=EN).content.decode()
        assert "Stalled" in page and "· Running" not in page and "it is queued again automatically" in page
        chinese = client.get(reverse("portal:ops")).content.decode()
        assert "已停滞" in chinese and "自 2026-10-09 10:00 起无进展" in chinese


def test_the_dashboard_lists_delayed_imports_and_match_runs(client, ops, account_a, accountant_a, settings):
    from reconcile.models import Import, MatchRun
    from reconcile.services.imports import import_receive
    from tests.fixtures.worked_example import BANK_CSV

    settings.JOBS_STALL_SECONDS = 300
    record = import_receive(
        actor=accountant_a,
        kind="bank",
        data=BANK_CSV.encode(),
        filename="oct-late.csv",
        account_number=account_a.number,
        customer=account_a.customer,
        source="upload",
    )
    run = MatchRun.objects.create(account=account_a, period_end=dt.date(2026, 10, 31))
    client.force_login(ops)
    assert "Delayed jobs" not in client.get(reverse("portal:ops"), headers=EN).content.decode()
    long_ago = record.created_at - dt.timedelta(minutes=30)
    Import.objects.filter(pk=record.pk).update(created_at=long_ago)
    MatchRun.objects.filter(pk=run.pk).update(created_at=long_ago)
    dashboard = client.get(reverse("portal:ops"), headers=EN).content.decode()
    assert "Delayed jobs" in dashboard and "1 file import waiting" in dashboard and "oct-late.csv" in dashboard
    assert "1 matching run waiting" in dashboard


def test_beat_runs_both_watchdogs_and_tasks_are_acknowledged_late():
    schedule = {entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert (
        schedule["reconcile.jobs_watchdog"]
        == schedule["statements.jobs_watchdog"]
        == float(django_settings.JOBS_SWEEP_SECONDS)
    )
    assert django_settings.CELERY_TASK_ACKS_LATE and django_settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    # Longer than any task may take, so a task still running is not delivered twice.
    assert django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == 1800
    # A request enqueueing with the broker down is answered at once: one quick retry, a short connect timeout.
    assert django_settings.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"] == 1
    assert django_settings.CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS["retry_policy"]["max_retries"] == 1
    assert django_settings.CELERY_BROKER_CONNECTION_TIMEOUT == 2
