"""The broker down under a real gunicorn: uploads, publishing and a dispute re-issue are answered at once, nothing
is lost, ops see the work as delayed, and once the broker is back the job watchdog (Celery beat) gets it all done
without anyone doing anything again.

The broker is a redis-server of the test's own, killed before the requests and started again (empty, like a broker
restarted without persistence) for the worker that takes over.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.utils import timezone

from reconcile.models import Import, ImportStatus
from statements.calendar import beijing_day
from statements.models import (
    BalanceSource,
    BalanceStatement,
    DisputeStatus,
    PaperBatch,
    PeriodBalance,
    RunStatus,
    SmsMessage,
    StatementRun,
)
from tests.integration.servers import browser, log_in, post_form
from tests.integration.support import (
    eager_tasks,
    ensure_calendar,
    last_finished_month,
    make_due_accounts,
    open_dispute,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# The report behind this test: each request waited ~19 s on Celery's reconnects, then answered 500. Answering at once
# is fixed by the settings (one quick retry, a short connect timeout: pinned in tests/statements/test_jobs.py); here,
# with no clock in the verdict, each request must be answered (not 500) and the server must have logged giving the job
# to the watchdog, the path that does not wait for the broker.
STALL_SECONDS = 2
GIVEN_TO_WATCHDOG = "the job watchdog will retry it"


@pytest.fixture
def books():
    """30 accounts of one customer: the month before last published (one statement disputed), last month's balances
    loaded; an accountant, a client and an ops user."""
    from portal.models import Role
    from reconcile.models import BankAccount
    from statements.services.publishing import statement_run_start
    from tests.factories import make_user

    ensure_calendar()
    period, end = last_finished_month()
    earlier_period, earlier_end = last_finished_month(end.replace(day=1))
    due = make_due_accounts(30, period_end=earlier_end, prefix=43)
    PeriodBalance.objects.bulk_create(
        [
            PeriodBalance(account_id=pk, as_of=end, balance=Decimal("5000.00"), source=BalanceSource.CORE_FEED)
            for pk in due.account_ids
        ]
    )
    with eager_tasks():
        statement_run_start(actor=None, period=earlier_period)
    customer = BankAccount.objects.get(pk=due.account_ids[0]).customer
    client = make_user("broker_fault_client", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER], customer)
    make_user("broker_fault_accountant", [Role.ACCOUNTANT], customer)
    make_user("broker_fault_ops", [Role.BANK_OPS])
    disputed = BalanceStatement.objects.filter(account_id__in=due.online_ids, period=earlier_period).order_by("pk")[0]
    with eager_tasks():
        dispute = open_dispute(disputed, client)
    return {"period": period, "due": due, "dispute": dispute, "account": BankAccount.objects.get(pk=due.account_ids[0])}


def _left_to_watchdog(web, call):
    """``call``'s response, after checking the server logged one more job given to the watchdog while answering it."""
    before = web.log_text().count(GIVEN_TO_WATCHDOG)
    answer = call()
    assert web.log_text().count(GIVEN_TO_WATCHDOG) > before, web.log_text()[-3000:]
    return answer


def test_with_the_broker_down_nothing_fails_nothing_is_lost_and_it_all_gets_done(
    web_servers, redis_servers, celery_workers, books
):
    broker = redis_servers.start()
    queue = celery_workers.queue()
    own_broker = {
        "CELERY_BROKER_URL": broker.url(0),
        "CELERY_RESULT_BACKEND": broker.url(0),
        "JOBS_STALL_SECONDS": str(STALL_SECONDS),
    }
    web = web_servers.start(env={**own_broker, "PORTAL_TEST_WORKER_QUEUE": queue})
    accountant, ops = browser(), browser()
    log_in(accountant, web, "broker_fault_accountant")
    log_in(ops, web, "broker_fault_ops")

    broker.kill()

    # An upload.
    csv = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-11-02,货款,,100.00,1100.00\n".encode()
    uploaded = _left_to_watchdog(
        web,
        lambda: post_form(
            accountant,
            f"{web.url}/imports/upload/",
            {"kind": "bank", "account": books["account"].number},
            files={"file": ("nov.csv", csv, "text/csv")},
        ),
    )
    assert uploaded.status_code == 302 and "/imports/" in uploaded.headers["Location"], uploaded.text[:500]
    record = Import.objects.get(filename="nov.csv")
    assert record.status == ImportStatus.PENDING

    # Publishing last month: the period, then its confirmation (the SMS notices go out for good).
    asked = post_form(ops, f"{web.url}/ops/publish/", {"period": books["period"]})
    assert asked.status_code == 200 and 'name="confirm"' in asked.text, asked.text[:500]
    assert not StatementRun.objects.filter(period=books["period"]).exists()
    confirmed = {"period": books["period"], "step": "confirm", "confirm": "yes"}
    published = _left_to_watchdog(web, lambda: post_form(ops, f"{web.url}/ops/publish/", confirmed))
    assert published.status_code == 302, published.text[:500]
    run = StatementRun.objects.get(period=books["period"])
    assert (run.status, run.chunks_done, run.chunks_total) == (RunStatus.RUNNING, 0, 1)

    # A dispute resolved as a bank error: a corrected version is issued, its SMS notice waits in the outbox.
    dispute = books["dispute"]
    resolved = _left_to_watchdog(
        web,
        lambda: post_form(
            ops,
            f"{web.url}/ops/disputes/{dispute.pk}/",
            {"action": "resolve", "finding": "bank_error", "resolution": "利息少记", "corrected_balance": "1234.56"},
        ),
    )
    assert resolved.status_code == 302, resolved.text[:500]
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVED
    reissued = BalanceStatement.objects.get(previous=dispute.statement)
    assert reissued.balance == Decimal("1234.56")
    assert SmsMessage.objects.filter(statement=reissued, template="statement_notice").exists()

    # The month before last's paper statements are printed and recorded as posted: their stored PDFs must be rendered
    # again to state the due date the posting fixes, and that job is lost with the broker too.
    earlier = dispute.statement.period
    printed = post_form(ops, f"{web.url}/ops/paper/", {"action": "create", "period": earlier})
    assert printed.status_code == 302, printed.text[:500]
    batch = PaperBatch.objects.get(period=earlier)
    today = beijing_day(timezone.now()).isoformat()
    posted = _left_to_watchdog(
        web,
        lambda: post_form(ops, f"{web.url}/ops/paper/", {"action": "posted", "batch": batch.pk, "posted_on": today}),
    )
    assert posted.status_code == 302, posted.text[:500]
    batch.refresh_from_db()
    paper = BalanceStatement.objects.filter(paper_batch=batch)
    assert batch.posted_recorded_at and paper.exists()
    assert not paper.filter(pdf_rendered_at__gt=batch.posted_recorded_at).exists()  # nothing rendered them again

    # Once the expected time has passed, ops and the accountant see the work as delayed, not as processing.
    time.sleep(STALL_SECONDS + 0.5)
    page = accountant.get(f"{web.url}/imports/{record.pk}/", timeout=30)
    assert page.status_code == 200 and "Delayed" in page.text and "no need to upload the file again" in page.text
    assert "Delayed" in accountant.get(f"{web.url}/imports/", timeout=30).text
    dashboard = ops.get(f"{web.url}/ops/", timeout=30).text
    assert "Delayed jobs" in dashboard and "nov.csv" in dashboard and "Stalled" in dashboard
    assert f"Paper statement PDFs waiting to state their due date: {paper.count()}" in dashboard
    assert "Stalled" in ops.get(f"{web.url}/ops/runs/{run.pk}/", timeout=30).text

    # The broker comes back, empty: nothing of the above was ever sent. A worker with beat (the watchdogs) starts;
    # nobody uploads or publishes again.
    broker.start()
    celery_workers.start(queue, wait=False, beat=True, env={**own_broker, "JOBS_SWEEP_SECONDS": "1"})
    record = wait_until(
        lambda: (r := Import.objects.get(pk=record.pk)).status != ImportStatus.PENDING and r,
        timeout=120,
        what="the upload to be imported",
    )
    assert record.status == ImportStatus.DONE and record.requeued_at is not None
    run = wait_until(
        lambda: (r := StatementRun.objects.get(pk=run.pk)).status == RunStatus.DONE and r,
        timeout=120,
        what="the publishing run to finish",
    )
    assert run.statements_created == len(books["due"].account_ids) and run.resumes >= 1
    wait_until(
        lambda: not paper.exclude(pdf_rendered_at__gt=batch.posted_recorded_at).exists(),
        timeout=120,
        what="the paper statements' PDFs to be rendered again",
    )
    assert not paper.filter(pdf_requeues=0).exists()  # by the watchdog
    assert BalanceStatement.objects.filter(run=run).count() == len(books["due"].account_ids)
    assert "Delayed jobs" not in ops.get(f"{web.url}/ops/", timeout=30).text
