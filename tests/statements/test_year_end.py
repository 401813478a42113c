"""Late December before next year's official schedule is loaded (chinesecalendar has no 2027 yet).

A client's disagreement must still be recorded (the bank's own answer date is then counted Monday-Friday and
marked provisional); anything that would set a client's deadline in the unloaded year is refused with what to do,
never a 500; reminders keep going out.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from core.errors import ServiceError
from core.models import AuditEvent
from statements.calendar import YearNotLoaded
from statements.models import BalanceStatement, Dispute, StatementStatus
from statements.selectors import workday_calendar
from statements.services.confirmations import confirmation_submit
from statements.services.disputes import dispute_resolve
from statements.services.reminders import reminders_queue

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
DEC_28 = dt.datetime(2026, 12, 28, 10, 0, tzinfo=CST)  # a Monday; 5 working days later is in 2027


@pytest.fixture
def december_statement(published, customer_a):
    assert not workday_calendar().is_loaded(2027), "2027 is loaded now: move these scenarios to the next unloaded year"
    statement = published[customer_a.pk]
    BalanceStatement.objects.filter(pk=statement.pk).update(
        dispatched_at=dt.datetime(2026, 12, 14, 12, tzinfo=CST), due_date=dt.date(2026, 12, 28)
    )
    return statement


def test_a_disagreement_in_late_december_is_recorded_with_a_provisional_bank_date(december_statement, client_a):
    with time_machine.travel(DEC_28, tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=december_statement.pk,
            decision="disagree",
            book_balance="1,200,000.00",
            reason="少记一笔 50,000.00",
        )
    assert BalanceStatement.objects.get(pk=december_statement.pk).status == StatementStatus.DISPUTED
    dispute = Dispute.objects.get(statement=december_statement)
    # 12-29, 12-30, 12-31, then Fri 2027-01-01 and Mon 01-04 counted Monday-Friday.
    assert dispute.bank_due_date == dt.date(2027, 1, 4)
    opened = AuditEvent.objects.get(action="dispute.opened")
    assert opened.after["bank_due_date_provisional"] is True


def test_a_client_deadline_in_the_unloaded_year_is_refused_with_what_to_do(december_statement, client_a, ops, client):
    with time_machine.travel(DEC_28, tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=december_statement.pk,
            decision="disagree",
            book_balance="1,200,000.00",
            reason="少记一笔 50,000.00",
        )
        dispute = Dispute.objects.get(statement=december_statement)
        with translation.override("en"), pytest.raises(ServiceError, match="2027.*not loaded") as info:
            dispute_resolve(actor=ops, dispute_id=dispute.pk, finding="client_error", resolution="已核对")
        assert isinstance(info.value, YearNotLoaded) and info.value.code == "calendar_missing"
        client.force_login(ops)
        page = client.post(
            reverse("portal:ops-dispute", args=[dispute.pk]),
            {"action": "resolve", "finding": "client_error", "resolution": "已核对"},
        )
    assert page.status_code == 400  # said in the resolve form, what was typed kept
    assert "2027" in page.content.decode() and "已核对" in page.content.decode()
    assert Dispute.objects.get(pk=dispute.pk).status != "resolved"
    assert BalanceStatement.objects.get(pk=december_statement.pk).status == StatementStatus.DISPUTED


def test_reminders_keep_going_out_in_the_last_days_of_the_year(december_statement):
    BalanceStatement.objects.filter(pk=december_statement.pk).update(due_date=dt.date(2026, 12, 31))
    assert reminders_queue(today=dt.date(2026, 12, 29)) == {"reminder": 0, "last_reminder": 0, "held": 0}
    assert reminders_queue(today=dt.date(2026, 12, 31))["last_reminder"] == 1


def test_provisional_counting_uses_official_days_where_it_has_them():
    calendar = workday_calendar()
    # National Day 2026: 10-01..10-07 off, Sat 10-10 a make-up working day; all official, nothing provisional.
    # 10-08, 10-09 and the make-up Saturday 10-10:
    assert calendar.add_workdays_provisional(dt.date(2026, 9, 30), 3) == (dt.date(2026, 10, 10), False)
    assert calendar.add_workdays_provisional(dt.date(2026, 12, 30), 1) == (dt.date(2026, 12, 31), False)
    assert calendar.add_workdays_provisional(dt.date(2026, 12, 31), 2) == (dt.date(2027, 1, 4), True)
