"""Working-day calendar against the official 2025/2026 State Council schedules.

Expected values were worked out by hand from the notices (国办发明电 for 2025
and 2026), not read back from the library, so these tests would catch a
library data error too.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from statements.calendar import (
    WorkdayCalendar,
    YearNotLoaded,
    parse_overrides_csv,
)

D = dt.date
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    return WorkdayCalendar()


@pytest.fixture(scope="module")
def cal2027() -> WorkdayCalendar:
    overrides = parse_overrides_csv((DATA / "workdays_2027_SYNTHETIC.csv").read_bytes())
    return WorkdayCalendar(overrides)


@pytest.mark.parametrize(
    ("day", "expected", "why"),
    [
        # 2025
        (D(2025, 1, 1), False, "New Year"),
        (D(2025, 1, 26), True, "Spring Festival make-up Sunday"),
        (D(2025, 1, 28), False, "Spring Festival eve (Tue)"),
        (D(2025, 2, 4), False, "Spring Festival last day (Tue)"),
        (D(2025, 2, 8), True, "Spring Festival make-up Saturday"),
        (D(2025, 4, 27), True, "Labour Day make-up Sunday"),
        (D(2025, 5, 5), False, "Labour Day (Mon)"),
        (D(2025, 9, 28), True, "National Day make-up Sunday"),
        (D(2025, 10, 8), False, "National Day/Mid-Autumn 8th day (Wed)"),
        (D(2025, 10, 11), True, "National Day make-up Saturday"),
        (D(2025, 10, 12), False, "plain Sunday"),
        # 2026
        (D(2026, 1, 2), False, "New Year (Fri)"),
        (D(2026, 1, 4), True, "New Year make-up Sunday"),
        (D(2026, 2, 13), True, "plain Friday before Spring Festival"),
        (D(2026, 2, 14), True, "Spring Festival make-up Saturday"),
        (D(2026, 2, 15), False, "Spring Festival first day (Sun)"),
        (D(2026, 2, 16), False, "Spring Festival (Mon)"),
        (D(2026, 2, 23), False, "Spring Festival last day (Mon)"),
        (D(2026, 2, 24), True, "first working day after Spring Festival"),
        (D(2026, 2, 28), True, "Spring Festival make-up Saturday"),
        (D(2026, 3, 1), False, "plain Sunday"),
        (D(2026, 4, 6), False, "Qingming (Mon)"),
        (D(2026, 5, 5), False, "Labour Day (Tue)"),
        (D(2026, 5, 9), True, "Labour Day make-up Saturday"),
        (D(2026, 6, 19), False, "Dragon Boat (Fri)"),
        (D(2026, 9, 20), True, "National Day make-up Sunday"),
        (D(2026, 9, 25), False, "Mid-Autumn (Fri)"),
        (D(2026, 10, 1), False, "National Day (Thu)"),
        (D(2026, 10, 7), False, "National Day last day (Wed)"),
        (D(2026, 10, 8), True, "first working day after National Day (Thu)"),
        (D(2026, 10, 10), True, "National Day make-up Saturday"),
        (D(2026, 10, 11), False, "plain Sunday"),
        (D(2026, 11, 2), True, "plain Monday"),
        (D(2026, 11, 7), False, "plain Saturday"),
    ],
)
def test_is_workday_official_schedule(cal: WorkdayCalendar, day: dt.date, expected: bool, why: str) -> None:
    assert cal.is_workday(day) is expected, why


def test_2026_has_248_working_days(cal: WorkdayCalendar) -> None:
    # 261 weekdays - 19 weekday holidays + 6 make-up weekend days, by hand.
    assert cal.workdays_between(D(2025, 12, 31), D(2026, 12, 31)) == 248
    assert sum(cal.is_workday(D(2026, 1, 1) + dt.timedelta(i)) for i in range(365)) == 248


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 9, 30), 10, D(2026, 10, 20)),  # over National Day incl. Sat 10-10
        (D(2026, 2, 10), 10, D(2026, 3, 2)),  # over Spring Festival incl. both make-up Saturdays
        (D(2026, 11, 4), 10, D(2026, 11, 18)),  # plain month
        (D(2025, 9, 26), 10, D(2025, 10, 16)),  # 2025 National Day, make-up Sun 9-28 and Sat 10-11
        (D(2025, 12, 25), 10, D(2026, 1, 9)),  # year boundary, make-up Sunday 2026-01-04
        (D(2026, 11, 6), 1, D(2026, 11, 9)),  # Friday -> Monday
        (D(2026, 11, 7), 1, D(2026, 11, 9)),  # Saturday start is not counted
        (D(2026, 11, 7), 0, D(2026, 11, 7)),  # n=0 is the identity, no rolling
        (D(2026, 10, 8), -1, D(2026, 9, 30)),
        (D(2026, 10, 12), -2, D(2026, 10, 9)),  # -1 is make-up Saturday 10-10
    ],
)
def test_add_workdays(cal: WorkdayCalendar, start: dt.date, n: int, expected: dt.date) -> None:
    assert cal.add_workdays(start, n) == expected


@pytest.mark.parametrize(
    ("first_day", "n", "expected"),
    [
        (D(2026, 10, 1), 1, D(2026, 10, 8)),
        (D(2026, 10, 1), 3, D(2026, 10, 10)),  # make-up Saturday counts
        (D(2026, 11, 1), 1, D(2026, 11, 2)),  # 1st is Sunday
        (D(2026, 11, 2), 1, D(2026, 11, 2)),  # inclusive
        (D(2026, 1, 1), 1, D(2026, 1, 4)),  # make-up Sunday is the first working day
        (D(2004, 1, 1), 1, D(2004, 1, 2)),  # first library year: must not peek at 2003
    ],
)
def test_nth_workday_of_period(cal: WorkdayCalendar, first_day: dt.date, n: int, expected: dt.date) -> None:
    assert cal.nth_workday_of_period(first_day, n) == expected


@pytest.mark.parametrize("bad", [0, -1, True, 1.0])
def test_nth_workday_rejects_bad_n(cal: WorkdayCalendar, bad: object) -> None:
    with pytest.raises(ValueError):
        cal.nth_workday_of_period(D(2026, 11, 1), bad)  # type: ignore[arg-type]


def test_ordinal_flat_over_holidays_and_monotone(cal: WorkdayCalendar) -> None:
    golden = cal.ordinal(D(2026, 9, 30))
    assert [cal.ordinal(D(2026, 10, d)) - golden for d in range(1, 13)] == [0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 4]
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 20)) == 10
    assert cal.workdays_between(D(2026, 10, 20), D(2026, 9, 30)) == -10
    assert cal.ordinal(D(2004, 1, 1)) == 0  # 2004-01-01 was a holiday
    day, prev = D(2004, 1, 1), -1
    while day.year <= 2026:
        cur = cal.ordinal(day)
        assert cur - prev == (1 if cal.is_workday(day) else 0) or day == D(2004, 1, 1)
        prev, day = cur, day + dt.timedelta(1)


def test_add_and_between_are_inverse(cal: WorkdayCalendar) -> None:
    rng = random.Random(20261031)
    base = D(2025, 1, 1)
    for _ in range(300):
        a = base + dt.timedelta(rng.randrange(690))
        n = rng.randrange(0, 25)
        b = cal.add_workdays(a, n)
        assert cal.workdays_between(a, b) == n
        if n:
            assert cal.is_workday(b)


def test_unloaded_year_is_an_error_never_a_guess(cal: WorkdayCalendar) -> None:
    assert cal.loaded_years()[0] == 2004 and cal.loaded_years()[-1] == 2026
    with pytest.raises(YearNotLoaded) as exc:
        cal.is_workday(D(2027, 1, 4))
    assert exc.value.year == 2027
    assert "2027" in str(exc.value)
    assert "/ops/workdays/" in str(exc.value) and "manage.py" not in str(exc.value)  # read in browsers
    # Crossing the year boundary while counting also fails loudly.
    with pytest.raises(YearNotLoaded):
        cal.add_workdays(D(2026, 12, 28), 10)
    with pytest.raises(YearNotLoaded):
        cal.ordinal(D(2027, 1, 1))
    with pytest.raises(YearNotLoaded):
        cal.is_workday(D(2003, 12, 31))


def test_loaded_2027_override_table(cal2027: WorkdayCalendar) -> None:
    assert 2027 in cal2027.loaded_years()
    # Dec 28 + 10: 29,30,31, (1 Jan synthetic holiday, weekend), 4..8, 11, 12.
    assert cal2027.add_workdays(D(2026, 12, 28), 10) == D(2027, 1, 12)
    assert cal2027.is_workday(D(2027, 1, 1)) is False
    assert cal2027.is_workday(D(2027, 1, 31)) is True  # override make-up Sunday
    assert cal2027.is_workday(D(2027, 2, 13)) is False  # weekend without override = rest
    assert cal2027.is_workday(D(2027, 2, 12)) is True  # weekday without override = work
    assert cal2027.is_workday(D(2027, 2, 20)) is True
    assert cal2027.nth_workday_of_period(D(2027, 2, 1), 5) == D(2027, 2, 12)
    assert cal2027.workdays_between(D(2026, 12, 31), D(2027, 1, 12)) == 7
    # 2026 values unchanged by loading 2027.
    assert cal2027.add_workdays(D(2026, 9, 30), 10) == D(2026, 10, 20)
    with pytest.raises(YearNotLoaded) as exc:
        cal2027.is_workday(D(2028, 1, 3))
    assert exc.value.year == 2028


def test_override_beats_library() -> None:
    cal = WorkdayCalendar({D(2026, 10, 8): "holiday", D(2026, 10, 11): "workday"})
    assert cal.is_workday(D(2026, 10, 8)) is False
    assert cal.is_workday(D(2026, 10, 11)) is True
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 9)


def test_gap_year_reported_by_ordinal() -> None:
    cal = WorkdayCalendar({D(2028, 1, 1): "holiday"})
    assert cal.is_workday(D(2028, 1, 3)) is True  # 2028 itself is usable
    with pytest.raises(YearNotLoaded) as exc:
        cal.ordinal(D(2028, 1, 3))
    assert exc.value.year == 2027


def test_only_overrides_without_library() -> None:
    cal = WorkdayCalendar({D(2030, 1, 1): "holiday"}, use_library=False)
    assert cal.loaded_years() == (2030,)
    assert cal.ordinal(D(2030, 1, 2)) == 1
    with pytest.raises(YearNotLoaded):
        cal.is_workday(D(2026, 1, 5))


@pytest.mark.parametrize(
    ("overrides", "exc"),
    [
        ({D(2027, 1, 1): "rest"}, ValueError),
        ({dt.datetime(2027, 1, 1): "holiday"}, TypeError),
    ],
)
def test_bad_overrides_rejected(overrides: dict, exc: type[Exception]) -> None:
    with pytest.raises(exc):
        WorkdayCalendar(overrides)


def test_datetime_argument_rejected(cal: WorkdayCalendar) -> None:
    with pytest.raises(TypeError):
        cal.is_workday(dt.datetime(2026, 10, 8, 12))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "loaded_2027", "expect_year"),
    [
        (D(2026, 11, 30), False, None),
        (D(2026, 12, 1), False, 2027),
        (D(2026, 12, 31), False, 2027),
        (D(2026, 12, 1), True, None),
        (D(2027, 3, 1), False, 2027),  # current year missing: always warn
        (D(2027, 3, 1), True, None),
    ],
)
def test_missing_year_warning(today: dt.date, loaded_2027: bool, expect_year: int | None) -> None:
    cal = WorkdayCalendar({D(2027, 1, 1): "holiday"} if loaded_2027 else {})
    warning = cal.missing_year_warning(today)
    if expect_year is None:
        assert warning is None
    else:
        assert warning is not None
        assert str(expect_year) in warning
        assert "/ops/workdays/" in warning and "manage.py" not in warning  # an ops banner in a browser
