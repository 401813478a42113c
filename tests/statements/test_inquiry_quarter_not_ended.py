"""“I have not received a statement” for a month of a quarterly account answered "ask about the quarter, e.g.
2026-Q4" in November, when 2026-Q4 had not ended: asking about it as told was refused in turn. The answer says when
the quarter's statement comes instead."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.errors import ServiceError
from statements.services.reminders import inquiry_raise
from tests.fixtures.groups import CST

pytestmark = pytest.mark.usefixtures("english")


def test_a_month_of_a_quarter_not_ended_says_when_the_quarters_statement_comes(published, client_b, account_b):
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=CST), tick=False):
        with pytest.raises(ServiceError) as refused:
            inquiry_raise(actor=client_b, account_id=account_b.pk, period="2026-10")
    message = refused.value.message
    assert "every quarter" in message and "2026-Q4" in message and "2026-12-31" in message
    assert "e.g." not in message


def test_a_month_of_an_ended_quarter_still_points_to_that_quarter(published, client_b, account_b):
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=CST), tick=False):
        with pytest.raises(ServiceError, match=r"ask about the quarter, e\.g\. 2026-Q3"):
            inquiry_raise(actor=client_b, account_id=account_b.pk, period="2026-08")
