"""Every queued job is watched and none is queued forever.

A paper statement's PDF re-rendered after ops record the posting is a queued job like the others: while the stored PDF
is older than the recording it is shown as delayed and the watchdog renders it again. A job the watchdog queued
JOBS_MAX_REQUEUES times that is still not done is given up: no longer queued, shown to ops as needing a person, who
can queue it again once the cause is fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import AuditEvent
from reconcile.models import Import, ImportStatus, MatchRun, RunState
from reconcile.selectors.jobs import delayed_imports, delayed_match_runs, import_delayed
from reconcile.services.imports import import_receive
from reconcile.services.jobs import books_jobs_requeue
from statements.models import BalanceStatement, StatementRun
from statements.selectors.runs import given_up_pdfs, stale_paper_pdfs, stalled_run_ids
from statements.services.jobs import stale_pdfs_requeue, stalled_runs_resume
from statements.services.paper import paper_batch_create, paper_batch_mark_posted
from statements.services.publishing import statement_run_start
from tests.fixtures.statements import PUBLISH_AT
from tests.fixtures.worked_example import BANK_CSV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))
EN = {"accept-language": "en"}
RECORDED = dt.datetime(2026, 10, 12, 10, tzinfo=CST)
STALL = dt.timedelta(seconds=300)
DUE = "回复截止时间：2026年11月2日"


def _pdf_text(statement: BalanceStatement, media: Path) -> str:
    statement.refresh_from_db()
    data = (media / statement.pdf_path).read_bytes()
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def posted_lost(paper_published, ops, tmp_path, settings, django_capture_on_commit_callbacks):
    """B's paper statement printed on 10-09 and posted on 10-12; the PDF re-rendering queued then was lost."""
    settings.JOBS_STALL_SECONDS = 300
    settings.JOBS_MAX_REQUEUES = 2
    with time_machine.travel(dt.datetime(2026, 10, 9, 15, tzinfo=CST), tick=False):
        batch = paper_batch_create(actor=ops)
    with time_machine.travel(RECORDED, tick=False), django_capture_on_commit_callbacks(execute=False):
        paper_batch_mark_posted(actor=ops, batch_id=batch.pk, posted_on=dt.date(2026, 10, 12))
    assert DUE not in _pdf_text(paper_published, tmp_path)  # the stored letter still states the rule only
    return paper_published


def test_a_lost_rerendering_is_shown_delayed_and_done_by_the_watchdog(
    posted_lost, client, ops, tmp_path, django_capture_on_commit_callbacks
):
    statement = posted_lost
    assert not stale_paper_pdfs(RECORDED + dt.timedelta(minutes=4)).exists()  # within the expected time
    later = RECORDED + STALL + dt.timedelta(seconds=1)
    assert list(stale_paper_pdfs(later)) == [statement]
    client.force_login(ops)
    with time_machine.travel(later, tick=False):
        dashboard = client.get(reverse("portal:ops"), headers=EN).content.decode()
    assert "Delayed jobs" in dashboard and "Paper statement PDFs waiting to state their due date: 1" in dashboard
    assert statement.number in dashboard

    assert stale_pdfs_requeue(now=RECORDED + dt.timedelta(minutes=4)) == []  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert stale_pdfs_requeue(now=later) == [statement.pk]
    assert DUE in _pdf_text(statement, tmp_path)
    assert not stale_paper_pdfs(later + dt.timedelta(hours=1)).exists()  # rendered after the posting: done
    assert AuditEvent.objects.filter(action="statement_pdf.requeued", target_id=str(statement.pk)).count() == 1
    with time_machine.travel(later + dt.timedelta(hours=1), tick=False):
        assert (
            "PDFs waiting to state their due date" not in client.get(reverse("portal:ops"), headers=EN).content.decode()
        )


def test_a_statement_rendered_after_the_posting_or_never_rendered_is_not_stale(posted_lost):
    later = RECORDED + dt.timedelta(hours=1)
    BalanceStatement.objects.filter(pk=posted_lost.pk).update(pdf_rendered_at=RECORDED + dt.timedelta(seconds=1))
    assert not stale_paper_pdfs(later).exists()
    BalanceStatement.objects.filter(pk=posted_lost.pk).update(pdf_rendered_at=None, pdf_path="")
    assert not stale_paper_pdfs(later).exists()  # drawn with the due date when first downloaded


def test_a_rerendering_that_keeps_failing_is_given_up_and_shown_to_ops(
    posted_lost, client, ops, tmp_path, django_capture_on_commit_callbacks
):
    statement = posted_lost
    first = RECORDED + STALL + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=False) as sent:  # every message lost again
        assert stale_pdfs_requeue(now=first) == [statement.pk]
        assert stale_pdfs_requeue(now=first + dt.timedelta(seconds=60)) == []  # once per stall time
        assert stale_pdfs_requeue(now=first + STALL + dt.timedelta(seconds=1)) == [statement.pk]
        # JOBS_MAX_REQUEUES (2) reached: given up, not queued a third time, and never again.
        assert stale_pdfs_requeue(now=first + 2 * (STALL + dt.timedelta(seconds=1))) == []
        assert stale_pdfs_requeue(now=first + dt.timedelta(days=1)) == []
    assert len(sent) == 2
    statement.refresh_from_db()
    assert statement.pdf_requeues == 2 and statement.pdf_given_up_at is not None
    assert list(given_up_pdfs()) == [statement] and not stale_paper_pdfs(first + dt.timedelta(days=1)).exists()
    assert AuditEvent.objects.filter(action="statement_pdf.given_up", target_id=str(statement.pk)).count() == 1

    client.force_login(ops)
    dashboard = client.get(reverse("portal:ops"), headers=EN).content.decode()
    assert "Jobs that need a person" in dashboard and statement.number in dashboard
    assert "PDFs waiting to state their due date" not in dashboard  # given up is not "delayed": nothing retries it
    # Once the cause is fixed, ops queue it again: it is rendered and leaves the list.
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("portal:ops-job-retry"), {"kind": "pdf", "job": statement.pk}, headers=EN)
    assert answer.status_code == 302
    assert DUE in _pdf_text(statement, tmp_path) and not given_up_pdfs().exists()
    assert "Jobs that need a person" not in client.get(reverse("portal:ops"), headers=EN).content.decode()


def test_a_company_user_cannot_queue_a_job_again(posted_lost, client, client_b):
    BalanceStatement.objects.filter(pk=posted_lost.pk).update(pdf_given_up_at=timezone.now())
    client.force_login(client_b)
    answer = client.post(reverse("portal:ops-job-retry"), {"kind": "pdf", "job": posted_lost.pk})
    assert answer.status_code == 403
    assert given_up_pdfs().exists()


def _received(account_a, accountant_a) -> Import:
    return import_receive(
        actor=accountant_a,
        kind="bank",
        data=BANK_CSV.encode(),
        filename="oct-fails.csv",
        account_number=account_a.number,
        customer=account_a.customer,
        source="upload",
    )


def test_an_import_that_keeps_failing_is_given_up(
    account_a, accountant_a, ops, client, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_STALL_SECONDS = 300
    settings.JOBS_MAX_REQUEUES = 1
    record = _received(account_a, accountant_a)
    first = timezone.now() + STALL + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert books_jobs_requeue(now=first).imports == 1
        outcome = books_jobs_requeue(now=first + STALL + dt.timedelta(seconds=1))
        assert (outcome.imports, outcome.given_up) == (0, 1)
        assert books_jobs_requeue(now=first + dt.timedelta(days=1)).imports == 0
    assert len(sent) == 1
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING and record.requeues == 1 and record.given_up_at is not None
    later = first + dt.timedelta(days=1)
    assert not import_delayed(record, later) and not delayed_imports(later).exists()
    assert AuditEvent.objects.filter(action="import.given_up", target_id=str(record.pk)).count() == 1

    client.force_login(accountant_a)
    page = client.get(f"/imports/{record.pk}/", headers=EN).content.decode()
    assert "Failed" in page and "Delayed" not in page and 'http-equiv="refresh"' not in page
    client.force_login(ops)
    dashboard = client.get(reverse("portal:ops"), headers=EN).content.decode()
    assert "Jobs that need a person" in dashboard and "oct-fails.csv" in dashboard
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:ops-job-retry"), {"kind": "import", "job": record.pk})
    record.refresh_from_db()
    assert record.status == ImportStatus.DONE and record.given_up_at is None


def test_a_match_run_that_keeps_failing_is_failed(books, accountant_a, settings, django_capture_on_commit_callbacks):
    settings.JOBS_STALL_SECONDS = 300
    settings.JOBS_MAX_REQUEUES = 1
    run = MatchRun.objects.create(account=books, period_end=dt.date(2026, 10, 31), started_by=accountant_a)
    first = timezone.now() + STALL + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert books_jobs_requeue(now=first).match_runs == 1
        assert books_jobs_requeue(now=first + STALL + dt.timedelta(seconds=1)).given_up == 1
        assert books_jobs_requeue(now=first + dt.timedelta(days=1)).match_runs == 0
    assert len(sent) == 1
    run.refresh_from_db()
    assert run.state == RunState.FAILED and run.given_up_at is not None and "start the matching again" in run.message
    assert not delayed_match_runs(first + dt.timedelta(days=1)).exists()


def test_a_publishing_run_that_keeps_stalling_is_given_up(
    agreement_a, agreement_b, balances, ops, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_STALL_SECONDS = 300
    settings.JOBS_MAX_REQUEUES = 1
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=False):
        run = statement_run_start(actor=None, period="2026-09").run
    first = PUBLISH_AT + STALL + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=False):
        assert stalled_runs_resume(now=first) == [run.pk]
        assert stalled_runs_resume(now=first + STALL + dt.timedelta(seconds=1)) == []
    run.refresh_from_db()
    assert run.given_up_at is not None and run.resumes == 1
    assert run.pk not in stalled_run_ids(first + dt.timedelta(days=1))
    assert AuditEvent.objects.filter(action="statement_run.given_up", target_id=str(run.pk)).count() == 1
    client.force_login(ops)
    page = client.get(reverse("portal:ops-run", args=[run.pk]), headers=EN).content.decode()
    assert "Given up" in page and "it needs a person" in page
    assert "Jobs that need a person" in client.get(reverse("portal:ops"), headers=EN).content.decode()
    # A person resuming it from the command (or the dashboard) gives the watchdog its attempts back.
    with django_capture_on_commit_callbacks(execute=True):
        statement_run_start(actor=ops, period="2026-09")
    run.refresh_from_db()
    assert run.given_up_at is None and run.status == "done"
    assert StatementRun.objects.filter(given_up_at__isnull=False).count() == 0


def test_ops_queue_a_given_up_match_run_and_publishing_run_again(
    books, ops, client, agreement_a, agreement_b, balances, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    run = MatchRun.objects.create(
        account=books, period_end=dt.date(2026, 10, 31), state=RunState.FAILED, given_up_at=timezone.now(), requeues=5
    )
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=False):
        publishing = statement_run_start(actor=None, period="2026-09").run
    StatementRun.objects.filter(pk=publishing.pk).update(given_up_at=timezone.now(), resumes=5)
    client.force_login(ops)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:ops-job-retry"), {"kind": "match_run", "job": run.pk})
        client.post(reverse("portal:ops-job-retry"), {"kind": "run", "job": publishing.pk})
    run.refresh_from_db()
    publishing.refresh_from_db()
    assert (run.state, run.given_up_at, run.requeues, run.matched) == (RunState.DONE, None, 0, 3)
    assert (publishing.status, publishing.given_up_at) == ("done", None)
    assert AuditEvent.objects.filter(action__in=["match_run.retried", "statement_run.retried"]).count() == 2
    # Queued again already: a second click is refused with a message, nothing else happens.
    answer = client.post(
        reverse("portal:ops-job-retry"), {"kind": "run", "job": publishing.pk}, headers=EN, follow=True
    )
    assert "no longer waiting for a person" in answer.content.decode()
