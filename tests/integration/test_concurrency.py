"""Races on PostgreSQL: threads with a connection each, made to overlap by row locks held elsewhere.

A third session holds the contested row (or the audit chain head) until both calls are inside their
transactions and waiting; releasing it lets them run into each other in a known order. One test runs
without a gate, with many pairs started by a barrier.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from core.errors import ConflictError, ServiceError
from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from portal.models import Role
from statements.models import (
    BalanceStatement,
    Confirmation,
    Dispute,
    DisputeStatus,
    RunChunk,
    SmsMessage,
    StatementRun,
    StatementStatus,
)
from statements.services.confirmations import confirmation_submit, deadlines_sweep
from statements.services.disputes import dispute_resolve
from statements.services.publishing import RunOutcome, statement_run_start
from tests.factories import make_user
from tests.integration.support import (
    InThread,
    audit_head_lock,
    eager_tasks,
    ensure_calendar,
    last_finished_month,
    lock_waiters,
    make_due_accounts,
    open_dispute,
    row_locks,
    shanghai_today,
    wait_for_lock_waiters,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """The races here are between services. Their after-commit tasks (a re-issued statement's PDF and notice) run in
    this process: sent to the session's Celery worker, which another test may have started, one was still writing
    while the test database was emptied for the next test, and the two deadlocked (seen once in CI)."""
    with eager_tasks():
        yield


@pytest.fixture
def dispatched():
    """Ten online statements of the last finished month, published through the services (tasks in-process)."""
    ensure_calendar()
    period, end = last_finished_month()
    due = make_due_accounts(12, period_end=end)
    with eager_tasks():
        statement_run_start(actor=None, period=period)
    statements = list(
        BalanceStatement.objects.filter(account_id__in=due.online_ids).select_related("account").order_by("pk")
    )
    assert len(statements) == 10 and all(s.status == StatementStatus.DISPATCHED for s in statements)
    return statements


@pytest.fixture
def confirmers(dispatched):
    customer = dispatched[0].account.customer
    return (
        make_user("confirmer_1", [Role.CLIENT_CONFIRMER], customer),
        make_user("confirmer_2", [Role.CLIENT_CONFIRMER], customer),
    )


def _statement_lock(statement_id: int):
    return row_locks("SELECT id FROM statements_balancestatement WHERE id = %s FOR UPDATE", (statement_id,))


def _in_order(*calls, lock) -> list:
    """Start the calls one by one, each once the previous waits on `lock`; then release it. Outcomes in order."""
    threads: list[InThread] = []
    try:
        with lock as release:
            for n, call in enumerate(calls, start=1):
                thread = InThread(call).start()
                threads.append(thread)
                wait_until(
                    lambda: thread.finished() or len(lock_waiters()) >= n,
                    timeout=30,
                    what=f"call {n} to wait for the lock",
                )
                if thread.finished():  # it never reached the lock: surface its error as it is (e.g. a SQL error)
                    raise thread.outcome.error or AssertionError(f"call {n} did not wait for the lock")
            release()
    finally:
        outcomes = [t.join() for t in threads]  # no thread outlives the test
    return outcomes


def test_two_answers_at_once_exactly_one_wins(dispatched, confirmers):
    statement = dispatched[0]
    first, second = _in_order(
        lambda: confirmation_submit(actor=confirmers[0], statement_id=statement.pk, decision="agree"),
        lambda: confirmation_submit(
            actor=confirmers[1],
            statement_id=statement.pk,
            decision="disagree",
            book_balance="1.00",
            reason="our books differ",
        ),
        lock=_statement_lock(statement.pk),
    )

    assert first.error is None and first.result.status == StatementStatus.CONFIRMED
    assert isinstance(second.error, ConflictError) and second.error.code == "not_open"
    assert str(second.error) == (
        "This statement can no longer be answered: it is Confirmed (agreed). "
        "It already has its answer; if the balance is wrong, contact your branch."
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.CONFIRMED
    assert list(Confirmation.objects.filter(statement=statement).values_list("submitted_by", flat=True)) == [
        confirmers[0].pk
    ]
    assert not Dispute.objects.exists()
    assert audit_chain_verify().ok


def test_many_answer_pairs_racing_freely_each_have_one_winner(dispatched, confirmers):
    barrier = threading.Barrier(2 * len(dispatched))

    def answer(user, statement_id, decision):
        def call():
            barrier.wait(timeout=30)
            return confirmation_submit(
                actor=user,
                statement_id=statement_id,
                decision=decision,
                book_balance="99.00" if decision == "disagree" else None,
                reason="differs" if decision == "disagree" else "",
            )

        return call

    pairs = [
        (InThread(answer(confirmers[0], s.pk, "agree")), InThread(answer(confirmers[1], s.pk, "disagree")))
        for s in dispatched
    ]
    for pair in pairs:
        for t in pair:
            t.start()
    for statement, pair in zip(dispatched, pairs, strict=True):
        outcomes = [t.join() for t in pair]
        for o in outcomes:
            if o.error is not None and not isinstance(o.error, ServiceError):
                raise o.error
        winners = [o for o in outcomes if o.error is None]
        losers = [o for o in outcomes if o.error is not None]
        assert len(winners) == 1 and len(losers) == 1
        assert isinstance(losers[0].error, ConflictError) and "can no longer be answered" in str(losers[0].error)
        statement.refresh_from_db()
        assert statement.status == winners[0].result.status
        assert statement.status in (StatementStatus.CONFIRMED, StatementStatus.DISPUTED)
        assert Confirmation.objects.filter(statement=statement).count() == 1
        assert Dispute.objects.filter(statement=statement).count() == (statement.status == StatementStatus.DISPUTED)
    assert audit_chain_verify().ok


@pytest.mark.parametrize("first", ["confirm", "sweep"])
def test_an_answer_racing_the_deemed_confirmation_sweep(dispatched, confirmers, first):
    """Due today: the client answers in time, while the sweep run just after midnight sees it overdue."""
    statement, others = dispatched[0], dispatched[1:]
    today = shanghai_today()
    BalanceStatement.objects.filter(pk=statement.pk).update(due_date=today)

    def confirm():
        return confirmation_submit(actor=confirmers[0], statement_id=statement.pk, decision="agree")

    sweep = lambda: deadlines_sweep(as_of=today + dt.timedelta(days=1))  # noqa: E731
    calls = (confirm, sweep) if first == "confirm" else (sweep, confirm)

    outcomes = _in_order(*calls, lock=_statement_lock(statement.pk))
    answer, swept = outcomes if first == "confirm" else outcomes[::-1]

    statement.refresh_from_db()
    deemed_events = AuditEvent.objects.filter(action="statements.deemed_confirmed")
    if first == "confirm":
        assert answer.error is None and statement.status == StatementStatus.CONFIRMED
        assert swept.error is None and swept.result == 0  # the sweep re-checked the status and left it alone
        assert not deemed_events.exists()
        assert Confirmation.objects.filter(statement=statement).count() == 1
    else:
        assert swept.error is None and swept.result == 1 and statement.status == StatementStatus.DEEMED_CONFIRMED
        assert isinstance(answer.error, ConflictError)
        assert str(answer.error) == (
            "This statement can no longer be answered: it is Deemed confirmed. "
            "It already has its answer; if the balance is wrong, contact your branch."
        )
        assert not Confirmation.objects.filter(statement=statement).exists()
        assert [e.after["statement_ids"] for e in deemed_events] == [[statement.pk]]
        assert statement.answered_at is None
    assert {s.status for s in BalanceStatement.objects.filter(pk__in=[o.pk for o in others])} == {
        StatementStatus.DISPATCHED
    }
    assert audit_chain_verify().ok


def test_two_officers_resolving_one_dispute_at_once(dispatched, confirmers):
    statement = dispatched[0]
    dispute = open_dispute(statement, confirmers[0])
    ops_1, ops_2 = make_user("ops_li", [Role.BANK_OPS]), make_user("ops_zhang", [Role.BANK_OPS])
    notices_before = SmsMessage.objects.count()

    first, second = _in_order(
        lambda: dispute_resolve(
            actor=ops_1,
            dispute_id=dispute.pk,
            finding="bank_error",
            resolution="Deposit booked late; corrected.",
            corrected_balance="1000.00",
        ),
        lambda: dispute_resolve(
            actor=ops_2,
            dispute_id=dispute.pk,
            finding="bank_error",
            resolution="Corrected.",
            corrected_balance="1001.00",
        ),
        lock=row_locks("SELECT id FROM statements_dispute WHERE id = %s FOR UPDATE", (dispute.pk,)),
    )

    assert first.error is None and first.result.status == DisputeStatus.RESOLVED
    assert isinstance(second.error, ConflictError) and second.error.code == "resolved"
    assert str(second.error).startswith("ops_li already resolved this dispute at ")
    dispute.refresh_from_db()
    assert (dispute.status, dispute.resolved_by_id, dispute.finding) == (DisputeStatus.RESOLVED, ops_1.pk, "bank_error")
    versions = list(
        BalanceStatement.objects.filter(account=statement.account, period=statement.period)
        .order_by("version")
        .values_list("version", "status", "balance", "previous_id")
    )
    assert versions == [
        (1, StatementStatus.SUPERSEDED, statement.balance, None),
        (2, StatementStatus.DISPATCHED, Decimal("1000.00"), statement.pk),
    ]
    assert AuditEvent.objects.filter(action="dispute.resolved").count() == 1
    assert AuditEvent.objects.filter(action="statement.reissued").count() == 1
    assert SmsMessage.objects.count() == notices_before + 1  # one notice, for version 2
    assert audit_chain_verify().ok


def _publish_twice_at_once():
    """Both calls pass the "already started?" check before either commits."""
    ensure_calendar()
    period, end = last_finished_month()
    due = make_due_accounts(30, period_end=end)
    with eager_tasks(), audit_head_lock() as release:
        a = InThread(lambda: statement_run_start(actor=None, period=period)).start()
        wait_for_lock_waiters(1, query_like="reconcile_auditchainhead")  # `a` has inserted its run, uncommitted
        b = InThread(lambda: statement_run_start(actor=None, period=period)).start()
        wait_for_lock_waiters(2)  # `b` waits on the run's unique period
        release()
        outcomes = a.join(), b.join()
    return due, outcomes


def _assert_one_run(due, winner) -> None:
    assert winner.error is None and isinstance(winner.result, RunOutcome) and winner.result.created
    run = StatementRun.objects.get()
    assert RunChunk.objects.filter(run=run).count() == run.chunks_total == 1
    statements = BalanceStatement.objects.all()
    assert statements.count() == len(set(statements.values_list("account_id", flat=True))) == len(due.account_ids)
    assert AuditEvent.objects.filter(action="statement_run.started").count() == 1
    assert audit_chain_verify().ok


def test_publishing_started_twice_at_once_creates_one_run(settings):
    due, (winner, loser) = _publish_twice_at_once()
    _assert_one_run(due, winner)
    assert loser.error is not None or not loser.result.created  # the loser created nothing


def test_the_loser_of_two_concurrent_publishing_starts_is_told_clearly(settings):
    due, (winner, loser) = _publish_twice_at_once()
    _assert_one_run(due, winner)
    assert not isinstance(loser.error, IntegrityError), f"raw database error: {loser.error!r}"
    if loser.error is not None:
        assert isinstance(loser.error, ServiceError) and "being published" in loser.error.message
    else:
        assert not loser.result.created and "being published" in loser.result.message


def test_two_run_deadlines_at_once_each_count_what_they_did():
    """The report: two `run_deadlines` at once both said "300 reminders" though one queued them."""
    ensure_calendar()
    period, end = last_finished_month()
    due = make_due_accounts(100, period_end=end, prefix=44)
    with eager_tasks():
        statement_run_start(actor=None, period=period)
    online = BalanceStatement.objects.filter(account_id__in=due.online_ids)
    [due_date] = set(online.values_list("due_date", flat=True))
    runs = [io.StringIO(), io.StringIO()]

    def run_deadlines(out: io.StringIO):
        return lambda: call_command("run_deadlines", "--as-of", due_date.isoformat(), "--allow-future", stdout=out)

    # Both runs read which reminders exist (none), then wait to insert them until the gate opens; then they race.
    with row_locks("LOCK TABLE statements_smsmessage IN SHARE ROW EXCLUSIVE MODE") as release:
        threads = [InThread(run_deadlines(out)).start() for out in runs]
        wait_for_lock_waiters(2, query_like="statements_smsmessage")
        release()
    assert [t.join().error for t in threads] == [None, None]

    queued = [int(re.search(r"last reminder (\d+)", out.getvalue()).group(1)) for out in runs]
    stored = SmsMessage.objects.filter(template="last_reminder").count()
    assert stored == online.count() == len(due.online_ids)
    assert sum(queued) == stored and sorted(queued) == [0, stored], [out.getvalue() for out in runs]

    # The deemed confirmations are counted the same way: the next day, two sweeps at once deem each statement once.
    next_day = (due_date + dt.timedelta(days=1)).isoformat()
    outs = [io.StringIO(), io.StringIO()]
    with audit_head_lock() as release:
        threads = [
            InThread(
                lambda out=out: call_command("run_deadlines", "--as-of", next_day, "--allow-future", stdout=out)
            ).start()
            for out in outs
        ]
        wait_until(lambda: len(lock_waiters()) >= 2, timeout=30, what="both sweeps to wait")
        release()
    assert [t.join().error for t in threads] == [None, None]
    deemed = [int(re.search(r"(\d+) statements? deemed confirmed", out.getvalue()).group(1)) for out in outs]
    assert sorted(deemed) == [0, len(due.online_ids)]
    assert online.filter(status=StatementStatus.DEEMED_CONFIRMED).count() == len(due.online_ids)


def test_publishing_again_twice_at_once_adds_the_accounts_due_since_once(settings):
    """Both re-publishes see the accounts onboarded since; the first holds the run row (its chunk count updated,
    uncommitted) at its audit record, the second waits on that row, then finds the count changed and looks again."""
    ensure_calendar()
    period, end = last_finished_month()
    first = make_due_accounts(5, period_end=end)
    with eager_tasks():
        statement_run_start(actor=None, period=period)
    late = make_due_accounts(3, period_end=end, prefix=2)
    with eager_tasks(), audit_head_lock() as release:
        a = InThread(lambda: statement_run_start(actor=None, period=period)).start()
        wait_for_lock_waiters(1, query_like="reconcile_auditchainhead")  # `a` has grown the run, uncommitted
        b = InThread(lambda: statement_run_start(actor=None, period=period)).start()
        wait_for_lock_waiters(2)  # `b` waits on the run's row
        release()
        outcomes = a.join(), b.join()
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    assert [o.result.created for o in outcomes] == [True, False]
    assert "3 accounts due since it was published" in outcomes[0].result.message
    statements = BalanceStatement.objects.all()
    assert statements.count() == len(set(statements.values_list("account_id", flat=True)))
    assert set(statements.values_list("account_id", flat=True)) == set(first.account_ids) | set(late.account_ids)
    run = StatementRun.objects.get()
    assert (run.accounts_due, run.chunks_total) == (8, 2)
    assert AuditEvent.objects.filter(action="statement_run.extended").count() == 1
    assert audit_chain_verify().ok
