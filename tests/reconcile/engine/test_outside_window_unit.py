"""The reasons of a pair outside the window (a same-amount suggestion, a late booking alone with its amount) state the
window's or the reach's unit as the date reason beside them does: working days when the run was given a working-day
calendar (the product's runs), days otherwise; rendered in either language by their pattern, the reasons stored before
the unit was stated too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from django.utils import translation

from reconcile.engine import Line, match
from reconcile.reasons import reason_text

D = dt.date


def _working_day(day: dt.date) -> int:
    return int(np.busday_count(D(2024, 1, 1), day))  # Monday to Friday, as a calendar without holidays


def _outside_reason(calendar) -> str:
    bank = [Line("b1", D(2024, 3, 1), Decimal("100000.00"), "out", "", "惠州兴豪纺织研究所", "合同216号货款")]
    journal = [Line("j1", D(2024, 3, 12), Decimal("100000.00"), "out", "", "", "支付货款")]
    [suggestion] = match(bank, journal, window_days=3, calendar=calendar).suggestions
    assert suggestion.rule == "amount_outside_window"
    return suggestion.reasons[-1]


def test_a_run_with_a_calendar_says_working_days() -> None:
    assert _outside_reason(_working_day) == "同额但超出窗口 same amount, outside the 3-working-day window"


def test_a_run_without_a_calendar_says_days() -> None:
    assert _outside_reason(None) == "同额但超出窗口 same amount, outside the 3-day window"


def test_the_working_day_reason_is_rendered_by_its_pattern() -> None:
    # (Its Chinese, 同额，但超出 3 个工作日窗口, is in locale_todo/leftovers.json until the catalogue takes it.)
    with translation.override("en"):
        text = reason_text("同额但超出窗口 same amount, outside the 3-working-day window")
    assert text == "same amount, outside the 3-working-day window"


def test_a_reason_stored_before_still_renders() -> None:
    with translation.override("en"):
        assert (
            reason_text("同额但超出窗口 same amount, outside the 3-day window")
            == "same amount, outside the 3-day window"
        )


def _late_reason(calendar) -> str:
    bank = [Line("b1", D(2024, 3, 1), Decimal("100000.00"), "out", "", "惠州兴豪纺织研究所", "合同216号货款")]
    journal = [Line("j1", D(2024, 3, 12), Decimal("100000.00"), "out", "", "惠州兴豪纺织研究所", "支付兴豪货款")]
    [group] = match(bank, journal, window_days=3, calendar=calendar).groups
    assert group.rule == "amount_outside_window"
    return group.reasons[0]


def test_a_late_booking_states_its_reach_in_the_runs_unit() -> None:
    assert _late_reason(_working_day).startswith("超出窗口但 30 个工作日内金额唯一且同一对方 ")
    assert "within 30 working days" in _late_reason(_working_day)
    assert _late_reason(None).startswith("超出窗口但 30 天内金额唯一且同一对方 ")  # as stored before, calendar days
    with translation.override("en"):
        assert reason_text(_late_reason(_working_day)) == (
            "outside the window, but the only line of this amount within 30 working days, same counterparty"
        )
        assert "within 30 days" in reason_text(_late_reason(None))
