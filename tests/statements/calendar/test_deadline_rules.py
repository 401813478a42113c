from __future__ import annotations

import datetime as dt

import pytest

from statements.calendar import (
    SHANGHAI,
    WorkdayCalendar,
    YearNotLoaded,
    dispatch_deadline,
    is_answer_in_time,
    next_period_start,
    non_receipt_window,
    response_deadline,
    response_due_date,
    sms_notice_deadline,
)

D = dt.date
UTC = dt.UTC


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    return WorkdayCalendar()


@pytest.mark.parametrize(
    ("dispatch", "due"),
    [
        (D(2026, 9, 30), D(2026, 10, 20)),
        (D(2026, 2, 10), D(2026, 3, 2)),
        (D(2026, 11, 4), D(2026, 11, 18)),
        (D(2025, 12, 25), D(2026, 1, 9)),
    ],
)
def test_response_due_date_and_deadline(cal: WorkdayCalendar, dispatch: dt.date, due: dt.date) -> None:
    assert response_due_date(cal, dispatch) == due
    deadline = response_deadline(cal, dispatch)
    assert deadline == dt.datetime(due.year, due.month, due.day, 23, 59, 59, tzinfo=SHANGHAI)
    assert deadline.utcoffset() == dt.timedelta(hours=8)
    assert deadline.astimezone(UTC) == dt.datetime(due.year, due.month, due.day, 15, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("answered_at", "in_time"),
    [
        (dt.datetime(2026, 10, 20, 15, 59, 59, 900000, tzinfo=UTC), True),  # 23:59:59.9 Shanghai
        (dt.datetime(2026, 10, 20, 16, 0, 0, tzinfo=UTC), False),  # 00:00 next day Shanghai
        (dt.datetime(2026, 10, 20, 23, 59, 59, tzinfo=SHANGHAI), True),
        (dt.datetime(2026, 10, 21, 0, 0, 0, tzinfo=SHANGHAI), False),
        (dt.datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI), True),
    ],
)
def test_is_answer_in_time(cal: WorkdayCalendar, answered_at: dt.datetime, in_time: bool) -> None:
    assert is_answer_in_time(cal, D(2026, 9, 30), answered_at) is in_time


def test_naive_timestamp_rejected(cal: WorkdayCalendar) -> None:
    with pytest.raises(ValueError, match="aware"):
        is_answer_in_time(cal, D(2026, 9, 30), dt.datetime(2026, 10, 20, 12))


@pytest.mark.parametrize(
    ("period_end", "dispatch_by", "sms_by"),
    [
        (D(2026, 9, 30), D(2026, 10, 10), D(2026, 10, 13)),  # make-up Saturday 10-10 is the 3rd
        (D(2026, 10, 31), D(2026, 11, 4), D(2026, 11, 6)),
        (D(2025, 12, 31), D(2026, 1, 6), D(2026, 1, 8)),  # 1-3 Jan off, Sun 1-4 works
        (D(2026, 2, 28), D(2026, 3, 4), D(2026, 3, 6)),
        (D(2026, 1, 31), D(2026, 2, 4), D(2026, 2, 6)),
    ],
)
def test_period_deadlines(cal: WorkdayCalendar, period_end: dt.date, dispatch_by: dt.date, sms_by: dt.date) -> None:
    start = next_period_start(period_end)
    assert dispatch_deadline(cal, start) == dispatch_by
    assert sms_notice_deadline(cal, start) == sms_by


def test_period_deadline_in_unloaded_year(cal: WorkdayCalendar) -> None:
    with pytest.raises(YearNotLoaded):
        dispatch_deadline(cal, next_period_start(D(2026, 12, 31)))


@pytest.mark.parametrize(
    ("dispatch", "expected_by", "inquire_by"),
    [
        (D(2026, 11, 4), D(2026, 11, 11), D(2026, 11, 13)),
        (D(2026, 9, 30), D(2026, 10, 13), D(2026, 10, 15)),  # 8,9,10(Sat),12,13 ; 14,15
        # 13 Fri, 14 Sat make-up, 24, 25, 26 ; 27 Fri, 28 Sat make-up
        (D(2026, 2, 12), D(2026, 2, 26), D(2026, 2, 28)),
    ],
)
def test_non_receipt_window(cal: WorkdayCalendar, dispatch: dt.date, expected_by: dt.date, inquire_by: dt.date) -> None:
    window = non_receipt_window(cal, dispatch)
    assert window.expected_by == expected_by
    assert window.inquire_by == inquire_by
    assert window.inquire_deadline == dt.datetime.combine(inquire_by, dt.time(23, 59, 59), tzinfo=SHANGHAI)
