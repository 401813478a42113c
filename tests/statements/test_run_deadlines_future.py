"""`run_deadlines --as-of` a day after today would deem confirmed statements that are not yet due: a mistyped year
deems a quarter agreed. The command refuses it unless the operator says --allow-future (demos, rehearsals)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from statements.models import BalanceStatement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BEIJING = dt.timezone(dt.timedelta(hours=8))


def _open(ids: list[int]) -> int:
    return BalanceStatement.objects.open_for_answer().filter(pk__in=ids).count()


def test_a_day_after_today_is_refused_and_nothing_is_deemed(published, customer_a):
    ids = [s.pk for s in published.values()]  # due 2026-10-22
    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=BEIJING), tick=False):
        with pytest.raises(CommandError, match=r"2026-10-23 is after today \(2026-10-20\)"):
            call_command("run_deadlines", "--as-of", "2026-10-23", stdout=io.StringIO())
        assert _open(ids) == len(ids)

        out = io.StringIO()
        call_command("run_deadlines", "--as-of", "2026-10-23", "--allow-future", stdout=out)
    assert f"{len(ids)} statements deemed confirmed" in out.getvalue()
    assert _open(ids) == 0


def test_today_and_earlier_days_need_no_flag(published):
    ids = [s.pk for s in published.values()]
    with time_machine.travel(dt.datetime(2026, 10, 23, 10, tzinfo=BEIJING), tick=False):
        out = io.StringIO()
        call_command("run_deadlines", "--as-of", "2026-10-23", stdout=out)
    assert f"{len(ids)} statements deemed confirmed" in out.getvalue()
