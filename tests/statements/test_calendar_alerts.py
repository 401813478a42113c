"""The year after the last loaded schedule: the daily jobs keep working, reminders that need the missing year are
held and counted (the daily task does not fail every day), and the count reaches /metrics."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from statements.models import BalanceStatement, SmsMessage, SmsTemplate, StatementStatus
from statements.selectors import reminders_held, workday_calendar
from statements.tasks import daily_deadlines_task, daily_reminders_task

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
JAN_5 = dt.datetime(2027, 1, 5, 8, 0, tzinfo=CST)  # 2027 is in no schedule (chinesecalendar 1.11 stops at 2026)


@pytest.fixture
def open_in_2027(published, customer_a, customer_b):
    """One statement overdue since December, one due today, one due later in the (unloaded) year."""
    assert not workday_calendar().is_loaded(2027), "2027 is loaded now: move these scenarios to the next unloaded year"
    a, b = published[customer_a.pk], published[customer_b.pk]
    BalanceStatement.objects.filter(pk=a.pk).update(due_date=dt.date(2026, 12, 30))
    BalanceStatement.objects.filter(pk=b.pk).update(due_date=dt.date(2027, 1, 5))
    later = BalanceStatement.objects.get(pk=b.pk)
    later.pk, later.number, later.verification_code, later.version = None, "202609-X", "HELDHELD", 2
    later.due_date = dt.date(2027, 1, 12)
    later.save()
    return a, b, later


def test_the_daily_reminders_hold_what_needs_the_missing_year_instead_of_failing(open_in_2027):
    _, due_today, later = open_in_2027
    SmsMessage.objects.all().delete()
    with time_machine.travel(JAN_5, tick=False):
        queued = daily_reminders_task()  # raised YearNotLoaded every day before
    assert queued == {"reminder": 0, "last_reminder": 1, "held": 1}
    last = SmsMessage.objects.get()
    assert last.template == SmsTemplate.LAST_REMINDER and last.statement_id == due_today.pk
    with time_machine.travel(JAN_5, tick=False):
        assert daily_reminders_task()["held"] == 1  # the next run: still held, nothing sent twice
    assert SmsMessage.objects.count() == 1


def test_the_deemed_agreement_sweep_runs_without_next_years_schedule(open_in_2027):
    overdue, due_today, later = open_in_2027
    with time_machine.travel(JAN_5, tick=False):
        assert daily_deadlines_task() == 1
    statuses = dict(BalanceStatement.objects.values_list("pk", "status"))
    assert statuses[overdue.pk] == StatementStatus.DEEMED_CONFIRMED
    assert statuses[due_today.pk] != StatementStatus.DEEMED_CONFIRMED and statuses[later.pk] != "deemed_confirmed"


def test_held_reminders_are_counted_in_december_and_reach_the_metrics(open_in_2027, settings):
    settings.METRICS_CACHE_SECONDS = 0
    assert reminders_held(dt.date(2026, 12, 29)) == 2  # due in 2027: no working-day count from here reaches them
    assert reminders_held(dt.date(2026, 6, 1)) == 0  # the next 3 working days are known
    with time_machine.travel(dt.datetime(2026, 12, 29, 9, 0, tzinfo=CST), tick=False):
        body = Client().get("/metrics").content.decode()
    assert "portal_reminders_held 2.0" in body
    assert "portal_calendar_days_left 2.0" in body
