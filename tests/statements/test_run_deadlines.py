"""A run's service levels: what is late and still pending, and what went out after the dispatch or SMS deadline.

September 2026 is published on Friday 2026-10-09: dispatch deadline Saturday 10-10 (a make-up working day), SMS
notice deadline Tuesday 10-13 (the 5th working day of October after National Day).
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from statements.models import BalanceStatement, SmsMessage, SmsStatus, StatementRun, StatementStatus
from statements.selectors.runs import run_deadlines, run_deadlines_of
from statements.services.confirmations import confirmation_submit
from statements.services.disputes import dispute_resolve
from statements.services.paper import paper_batch_create, paper_batch_mark_posted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))
AFTER_BOTH = dt.date(2026, 10, 20)


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=CST)


def _only(today: dt.date = AFTER_BOTH):
    (row,) = run_deadlines(today)
    return row


def test_the_fixture_run_has_the_deadlines_these_tests_assume(published):
    run = StatementRun.objects.get(period="2026-09")
    assert (run.dispatch_deadline, run.sms_deadline) == (dt.date(2026, 10, 10), dt.date(2026, 10, 13))


def test_dispatched_and_notified_in_time_counts_nothing_late(published):
    notices = SmsMessage.objects.filter(template="statement_notice")
    assert notices.count() == 2 and set(notices.values_list("status", flat=True)) == {SmsStatus.SENT}
    row = _only()
    assert (row.pending_dispatch, row.dispatched_late, row.unsent_sms, row.sms_sent_late) == (0, 0, 0, 0)
    assert not row.dispatch_overdue and not row.sms_overdue


def test_dispatched_after_the_deadline_is_counted_by_beijing_day(published, customer_a, customer_b):
    # 23:59 on the deadline day is in time; 00:30 the next Beijing day is late although it is still 10-10 in UTC.
    BalanceStatement.objects.filter(pk=published[customer_a.pk].pk).update(dispatched_at=at(2026, 10, 10, 23, 59))
    BalanceStatement.objects.filter(pk=published[customer_b.pk].pk).update(dispatched_at=at(2026, 10, 11, 0, 30))
    row = _only()
    assert row.dispatched_late == 1
    assert row.pending_dispatch == 0 and not row.dispatch_overdue  # nothing left to dispatch
    assert row.sms_sent_late == 0


def test_notices_sent_after_the_sms_deadline_are_counted_by_beijing_day(published, customer_a, customer_b):
    SmsMessage.objects.filter(statement=published[customer_a.pk]).update(sent_at=at(2026, 10, 13, 23, 50))
    SmsMessage.objects.filter(statement=published[customer_b.pk]).update(sent_at=at(2026, 10, 14, 0, 10))
    row = _only()
    assert (row.sms_sent_late, row.unsent_sms, row.dispatched_late) == (1, 0, 0)


def test_a_notice_not_yet_sent_is_not_sent_late_but_overdue_after_the_deadline(published, customer_b):
    SmsMessage.objects.filter(statement=published[customer_b.pk]).update(status=SmsStatus.QUEUED, sent_at=None)
    on_deadline, after = _only(dt.date(2026, 10, 13)), _only(dt.date(2026, 10, 14))
    assert (on_deadline.unsent_sms, on_deadline.sms_overdue) == (1, False)
    assert (after.unsent_sms, after.sms_overdue, after.sms_sent_late) == (1, True, 0)


def test_paper_pending_after_the_deadline_is_flagged_then_counted_late_once_posted(
    paper_published, ops, django_capture_on_commit_callbacks
):
    row = _only(dt.date(2026, 10, 10))
    assert (row.pending_dispatch, row.dispatch_overdue, row.dispatched_late) == (1, False, 0)
    row = _only(dt.date(2026, 10, 12))
    assert (row.pending_dispatch, row.dispatch_overdue, row.dispatched_late) == (1, True, 0)
    with time_machine.travel(at(2026, 10, 9), tick=False):
        batch = paper_batch_create(actor=ops)
    # Posted Wednesday 10-14: after both deadlines; its notice is sent at posting (10:00, outside quiet hours).
    with time_machine.travel(at(2026, 10, 14), tick=False), django_capture_on_commit_callbacks(execute=True):
        paper_batch_mark_posted(actor=ops, batch_id=batch.pk, posted_on=dt.date(2026, 10, 14))
    assert SmsMessage.objects.get(statement=paper_published, template="statement_notice").status == SmsStatus.SENT
    row = _only()
    assert (row.pending_dispatch, row.dispatch_overdue, row.dispatched_late) == (0, False, 1)
    assert (row.unsent_sms, row.sms_sent_late) == (0, 1)


def test_a_version_reissued_after_a_dispute_is_not_a_late_dispatch(
    published, customer_a, client_a, ops, django_capture_on_commit_callbacks
):
    statement = published[customer_a.pk]
    with time_machine.travel(at(2026, 10, 12), tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance="1,200,000.00",
            reason="少记一笔",
        )
    with time_machine.travel(at(2026, 10, 14), tick=False), django_capture_on_commit_callbacks(execute=True):
        dispute_resolve(
            actor=ops,
            dispute_id=statement.disputes.get().pk,
            finding="bank_error",
            resolution="补记",
            corrected_balance="1200000.00",
        )
    reissued = BalanceStatement.objects.get(previous=statement)
    assert reissued.dispatched_at == at(2026, 10, 14) and reissued.run_id == statement.run_id
    assert SmsMessage.objects.get(statement=reissued, template="statement_notice").sent_at == at(2026, 10, 14)
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.SUPERSEDED
    row = _only()
    assert (row.dispatched_late, row.sms_sent_late, row.pending_dispatch, row.unsent_sms) == (0, 0, 0, 0)


def test_a_late_first_issue_still_counts_once_superseded(published, customer_a):
    statement = published[customer_a.pk]
    BalanceStatement.objects.filter(pk=statement.pk).update(
        dispatched_at=at(2026, 10, 12), status=StatementStatus.SUPERSEDED
    )
    assert _only().dispatched_late == 1


def test_one_run_is_read_whether_or_not_it_is_among_the_newest(published, customer_a):
    BalanceStatement.objects.filter(pk=published[customer_a.pk].pk).update(dispatched_at=at(2026, 10, 12))
    run = StatementRun.objects.get(period="2026-09")
    newer = [
        StatementRun.objects.create(
            period=f"2027-{m:02d}",
            period_start=dt.date(2027, m, 1),
            period_end=dt.date(2027, m, 28),
            as_of=dt.date(2027, m, 28),
            dispatch_deadline=dt.date(2027, m + 1, 5),
            sms_deadline=dt.date(2027, m + 1, 8),
        )
        for m in range(1, 4)
    ]
    assert [r.run for r in run_deadlines(AFTER_BOTH, limit=3)] == newer[::-1]
    row = run_deadlines_of(run, AFTER_BOTH)
    assert row.run == run and row.dispatched_late == 1 and row.progress == 100
