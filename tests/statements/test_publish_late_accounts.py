"""Accounts that became due after their period was published (onboarded in a later wave, or their balance imported
late) are published by publishing the period again: the same checks as a first run, new chunks on the same run, a
notice each, and answer windows counted from the day they go out. Before, publishing again only said the period was
already published, and those accounts never got the period's statement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from core.errors import ServiceError
from core.models import AuditEvent
from statements.calendar import response_due_date
from statements.models import BalanceStatement, Channel, Cycle, RunChunk, RunStatus, SmsMessage, StatementRun
from statements.selectors import workday_calendar
from statements.selectors.runs import run_deadlines
from statements.services import publishing
from statements.services.agreements import agreement_create
from statements.services.balances import balances_import
from statements.services.publishing import statement_run_preview, statement_run_start
from tests.factories import BankAccountFactory
from tests.fixtures.statements import PUBLISH_AT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))
# Wednesday 2026-10-14: after the dispatch deadline (Sat 10-10) and the SMS notice deadline (Tue 10-13).
LATE = dt.datetime(2026, 10, 14, 10, 0, tzinfo=CST)
NUMBER_C = "31050161373600009999"


@pytest.fixture
def account_c(customer_a):
    return BankAccountFactory(customer=customer_a, number=NUMBER_C)


@pytest.fixture
def onboarded_c(published, account_c):
    """A third account onboarded after September was published: its agreement, no balance yet."""
    return agreement_create(
        actor=None,
        account=account_c,
        cycle=Cycle.MONTHLY,
        channel=Channel.ONLINE_BANKING,
        contact_name="张敏",
        mobile="13700001111",
        valid_from=dt.date(2026, 1, 1),
    )


def _import_balance(number: str = NUMBER_C, balance: str = "43210.99", as_of: str = "2026-09-30") -> None:
    data = f"account_number,currency,as_of,balance\n{number},CNY,{as_of},{balance}\n".encode()
    balances_import(actor=None, data=data, filename="core.csv")


@pytest.fixture
def due_c(onboarded_c):
    _import_balance()
    return onboarded_c


def _publish_again(capture, **kwargs):
    with time_machine.travel(LATE, tick=False), capture(execute=True):
        return statement_run_start(actor=None, period="2026-09", **kwargs)


def test_publishing_again_publishes_exactly_the_account_due_since(due_c, account_c, django_capture_on_commit_callbacks):
    run = StatementRun.objects.get()
    outcome = _publish_again(django_capture_on_commit_callbacks)
    assert outcome.created and outcome.run.pk == run.pk
    assert outcome.message.startswith("Period 2026-09: 1 account due since it was published; publishing it.")
    (new,) = BalanceStatement.objects.filter(account=account_c)
    assert (new.run_id, new.period, new.balance, new.status) == (run.pk, "2026-09", Decimal("43210.99"), "dispatched")
    assert BalanceStatement.objects.count() == 3
    (notice,) = SmsMessage.objects.filter(statement=new, template="statement_notice")
    assert notice.phone.endswith("13700001111")
    run.refresh_from_db()
    assert (run.status, run.accounts_due, run.statements_created, run.chunks_total, run.chunks_done) == (
        RunStatus.DONE,
        3,
        3,
        2,
        2,
    )
    event = AuditEvent.objects.get(action="statement_run.extended")
    assert event.after["accounts"] == 1 and event.after["period"] == "2026-09"


def test_the_late_statement_is_dated_from_the_day_it_goes_out(due_c, account_c, django_capture_on_commit_callbacks):
    outcome = _publish_again(django_capture_on_commit_callbacks)
    new = BalanceStatement.objects.get(account=account_c)
    assert new.due_date == response_due_date(workday_calendar(), LATE.date()) == dt.date(2026, 10, 28)
    # The message does not present the passed deadlines as met: the statement goes out late and is counted so.
    assert "after the dispatch deadline (2026-10-10)" in outcome.message and "2026-10-28" in outcome.message
    (row,) = run_deadlines(dt.date(2026, 10, 20))
    assert (row.dispatched_late, row.pending_dispatch) == (1, 0)


def test_publishing_a_third_time_creates_nothing_and_says_so(due_c, django_capture_on_commit_callbacks):
    _publish_again(django_capture_on_commit_callbacks)
    again = _publish_again(django_capture_on_commit_callbacks)
    assert not again.created and again.message.startswith("Period 2026-09 was already published: 3 statements")
    assert BalanceStatement.objects.count() == 3 and SmsMessage.objects.count() == 3
    assert AuditEvent.objects.filter(action="statement_run.extended").count() == 1


def test_an_account_due_since_without_a_balance_is_refused_by_name(onboarded_c, django_capture_on_commit_callbacks):
    with pytest.raises(ServiceError) as info:
        _publish_again(django_capture_on_commit_callbacks)
    assert info.value.code == "missing_balances" and NUMBER_C in info.value.message
    assert "nothing was published" in info.value.message
    run = StatementRun.objects.get()
    assert (run.accounts_due, run.chunks_total, run.status) == (2, 1, RunStatus.DONE)
    assert BalanceStatement.objects.count() == 2 and not AuditEvent.objects.filter(action="statement_run.extended")


def test_the_preview_says_what_publishing_again_would_do_and_stores_nothing(due_c, account_c):
    with time_machine.travel(LATE, tick=False):
        plan = statement_run_preview(period="2026-09")
    assert plan.run == StatementRun.objects.get() and plan.account_ids == [account_c.pk]
    assert plan.dispatch_passed and plan.sms_passed and plan.answer_by == dt.date(2026, 10, 28)
    assert plan.notices == (("sms", 1),)
    assert BalanceStatement.objects.count() == 2 and RunChunk.objects.count() == 1


def test_a_quarter_typed_publishes_the_accounts_due_since_too(due_c, account_c, django_capture_on_commit_callbacks):
    with time_machine.travel(LATE, tick=False), django_capture_on_commit_callbacks(execute=True):
        outcome = statement_run_start(actor=None, period="2026-Q3")
    assert outcome.created and BalanceStatement.objects.filter(account=account_c).count() == 1


def test_another_balance_date_is_refused_for_the_accounts_due_since(due_c, django_capture_on_commit_callbacks):
    with pytest.raises(ServiceError, match="published with the balances as of 2026-09-30"):
        _publish_again(django_capture_on_commit_callbacks, as_of=dt.date(2026, 9, 29))


def test_two_publishings_again_at_once_publish_the_account_once(
    due_c, account_c, monkeypatch, django_capture_on_commit_callbacks
):
    """Both look before either stores: the second's plan still names the account; its run changed meanwhile, so it
    looks again, finds the account queued or published, and adds nothing."""
    real = publishing._plan
    outcomes = []

    def plan_then_race(period, as_of, today):
        plan = real(period, as_of, today)
        if not outcomes:
            outcomes.append(None)
            monkeypatch.setattr(publishing, "_plan", real)
            outcomes.append(statement_run_start(actor=None, period=period))  # the other one, start to end
        return plan

    monkeypatch.setattr(publishing, "_plan", plan_then_race)
    first = _publish_again(django_capture_on_commit_callbacks)
    other = outcomes[1]
    assert other.created and not first.created
    assert "already published: 3 statements" in first.message or "being published" in first.message
    assert BalanceStatement.objects.filter(account=account_c).count() == 1
    assert RunChunk.objects.count() == 2 and StatementRun.objects.get().accounts_due == 3
    assert AuditEvent.objects.filter(action="statement_run.extended").count() == 1


def test_the_command_publishes_the_accounts_due_since(due_c, capsys, django_capture_on_commit_callbacks):
    with time_machine.travel(LATE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_statements", "--period", "2026-09")
        out = capsys.readouterr().out
        assert "Period 2026-09: 1 account due since it was published; publishing it." in out
        assert "after the dispatch deadline (2026-10-10) and count as dispatched late" in out
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_statements", "--period", "2026-09")
        assert "already published: 3 statements; nothing new was created" in capsys.readouterr().out


def test_the_command_refuses_an_account_due_since_without_a_balance(onboarded_c):
    with time_machine.travel(LATE, tick=False), pytest.raises(CommandError, match=NUMBER_C):
        call_command("publish_statements", "--period", "2026-09")


def test_accounts_onboarded_in_waves_with_import_agreements_each_get_the_period_just_ended(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    """The README's promise for a first agreement without valid_from ("the period that just ended can be published")
    holds for a second wave imported after that period was published."""
    from tests.statements.test_onboarding import HEADER, row

    settings.MEDIA_ROOT = tmp_path
    cst = dt.timezone(dt.timedelta(hours=8))

    def wave(day: int, *numbers: int) -> None:
        path = tmp_path / f"wave-{day}.csv"
        path.write_text(HEADER + "".join(row(n) for n in numbers), encoding="utf-8")
        with time_machine.travel(dt.datetime(2026, 12, day, 10, tzinfo=cst), tick=False):
            call_command("import_agreements", str(path))
        for n in numbers:
            _import_balance(f"6222000000{n:06d}", f"{n}000.00", "2026-11-30")

    def publish(day: int):
        at = dt.datetime(2026, 12, day, 10, tzinfo=cst)
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return statement_run_start(actor=None, period="2026-11")

    wave(7, 1, 2)
    publish(7)
    assert StatementRun.objects.get().statements_created == 2
    wave(9, 3)
    outcome = publish(9)
    assert outcome.message.startswith("Period 2026-11: 1 account due since it was published; publishing it.")
    (third,) = BalanceStatement.objects.filter(account__number="6222000000000003")
    assert (third.period, third.balance, third.run_id) == ("2026-11", Decimal("3000.00"), outcome.run.pk)
    assert third.due_date == response_due_date(workday_calendar(), dt.date(2026, 12, 9))
    assert SmsMessage.objects.filter(statement=third).count() == 1
    assert not publish(9).created and BalanceStatement.objects.count() == 3


def test_a_run_still_publishing_gets_the_accounts_due_since_and_resumes(
    agreement_a, agreement_b, balances, account_c, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Accounts in an unfinished chunk are not added twice; the rest are, and the open chunks are sent again."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=False):
        statement_run_start(actor=None, period="2026-09")  # the worker never ran its chunk
    agreement_create(
        actor=None,
        account=account_c,
        cycle=Cycle.MONTHLY,
        channel=Channel.ONLINE_BANKING,
        contact_name="张敏",
        mobile="13700001111",
        valid_from=dt.date(2026, 1, 1),
    )
    _import_balance()
    outcome = _publish_again(django_capture_on_commit_callbacks)
    assert outcome.message.startswith("Period 2026-09: 1 account due since it was published")
    run = StatementRun.objects.get()
    assert (run.status, run.chunks_total, run.chunks_done, run.accounts_due) == (RunStatus.DONE, 2, 2, 3)
    assert BalanceStatement.objects.count() == 3
    assert sorted(len(ids) for ids in RunChunk.objects.values_list("account_ids", flat=True)) == [1, 2]


def test_the_run_shows_as_publishing_again_until_the_new_chunk_is_done(
    due_c, account_c, django_capture_on_commit_callbacks
):
    with time_machine.travel(LATE, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            statement_run_start(actor=None, period="2026-09")
        run = StatementRun.objects.get()
        assert (run.status, run.finished_at, run.chunks_total, run.chunks_done) == (RunStatus.RUNNING, None, 2, 1)
        assert run.progress_at == LATE  # not taken for stalled by the job watchdog at once
        (chunk,) = RunChunk.objects.filter(run=run, done_at__isnull=True)
        assert (chunk.index, chunk.account_ids) == (1, [account_c.pk])
        with django_capture_on_commit_callbacks(execute=True):
            publishing.statement_chunk_publish(chunk_id=chunk.pk)
    run.refresh_from_db()
    assert (run.status, run.statements_created) == (RunStatus.DONE, 3) and run.finished_at == LATE
