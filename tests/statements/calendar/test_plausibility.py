"""A year's working-day schedule is accepted only when it looks like the State Council's (pure checks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar.constants as cc
import pytest

from statements.calendar import WorkdayCalendar, makeup_problems, parse_overrides_csv, schedule_problems
from statements.calendar.plausibility import festival_dates

DATA = Path(__file__).parent / "data"


def official(year: int) -> dict[dt.date, str]:
    """The year exactly as the bundled library has it, written as an override file would."""
    rows = {day: "holiday" for day in cc.holidays if day.year == year}
    rows |= {day: "workday" for day in cc.workdays if day.year == year}
    return rows


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_official_schedules_are_plausible(year):
    # As an override file (no library behind it) and as the library itself.
    assert schedule_problems(WorkdayCalendar(official(year), use_library=False), year) == []
    assert schedule_problems(WorkdayCalendar(), year) == []


def test_every_year_the_library_ships_since_the_2008_law_is_plausible():
    calendar = WorkdayCalendar()
    assert {
        year: schedule_problems(calendar, year) for year in range(2008, 2027) if schedule_problems(calendar, year)
    } == {}


def test_festival_dates_follow_the_lunar_calendar_and_the_solar_term():
    assert festival_dates(2026) == {
        "new_year": dt.date(2026, 1, 1),
        "spring": dt.date(2026, 2, 17),
        "qingming": dt.date(2026, 4, 5),
        "labour": dt.date(2026, 5, 1),
        "dragon_boat": dt.date(2026, 6, 19),
        "mid_autumn": dt.date(2026, 9, 25),
        "national": dt.date(2026, 10, 1),
    }


def test_a_one_line_year_is_refused_naming_what_is_missing(english):
    problems = schedule_problems(WorkdayCalendar({dt.date(2027, 1, 1): "holiday"}, use_library=False), 2027)
    text = "\n".join(problems)
    for festival in (
        "Spring Festival",
        "Qingming Festival",
        "Labour Day",
        "Dragon Boat Festival",
        "Mid-Autumn Festival",
        "National Day",
    ):
        assert festival in text
    assert "New Year's Day" not in text  # the one day it has is right
    assert "2027 has 260 working days" in text


@pytest.mark.parametrize(
    "festival,start,end",
    [
        ("Spring Festival", dt.date(2026, 2, 15), dt.date(2026, 2, 23)),
        ("Qingming Festival", dt.date(2026, 4, 4), dt.date(2026, 4, 6)),
        ("Labour Day", dt.date(2026, 5, 1), dt.date(2026, 5, 5)),
        ("Dragon Boat Festival", dt.date(2026, 6, 19), dt.date(2026, 6, 21)),
        ("Mid-Autumn Festival", dt.date(2026, 9, 25), dt.date(2026, 9, 27)),
        ("National Day", dt.date(2026, 10, 1), dt.date(2026, 10, 7)),
    ],
)
def test_a_schedule_missing_one_festival_is_refused_naming_it(english, festival, start, end):
    rows = {day: kind for day, kind in official(2026).items() if not (start <= day <= end and kind == "holiday")}
    problems = schedule_problems(WorkdayCalendar(rows, use_library=False), 2026)
    assert any(festival in problem for problem in problems), problems


def test_a_festival_cut_short_is_refused(english):
    # The Spring Festival of 2026 with only its weekend and two weekdays off: the law gives four.
    rows = {
        day: kind for day, kind in official(2026).items() if not dt.date(2026, 2, 18) <= day <= dt.date(2026, 2, 23)
    }
    problems = schedule_problems(WorkdayCalendar(rows, use_library=False), 2026)
    assert any("Spring Festival" in p and "has 2 weekdays off; the holiday law gives 4" in p for p in problems)


def test_a_one_day_festival_made_a_working_day_is_refused_in_the_singular(english):
    rows = {day: kind for day, kind in official(2026).items() if day != dt.date(2026, 1, 1)}
    problems = schedule_problems(WorkdayCalendar(rows, use_library=False), 2026)
    assert any("is a working day; the holiday law gives 1 day off for it." in p for p in problems), problems


def test_make_up_working_days_left_out_are_refused(english):
    rows = {day: kind for day, kind in official(2026).items() if kind == "holiday"}
    problems = schedule_problems(WorkdayCalendar(rows, use_library=False), 2026)
    assert problems and "make-up working days" in problems[-1] and "2026 has 242 working days" in problems[-1]


def test_make_up_working_days_fall_on_weekends(english):
    before = WorkdayCalendar({}, use_library=False)
    assert makeup_problems({dt.date(2027, 3, 3): "workday", dt.date(2027, 2, 20): "workday"}, before) == [
        "2027-03-03 is a Wednesday: a make-up working day (调休) is a Saturday or a Sunday; check the date."
    ]
    # A weekday that was a holiday may be made a working day again (an emergency change).
    assert makeup_problems({dt.date(2026, 10, 5): "workday"}, WorkdayCalendar()) == []


def test_a_synthetic_schedule_made_to_the_law_is_plausible():
    rows = parse_overrides_csv((DATA / "workdays_2027_PLAUSIBLE_SYNTHETIC.csv").read_bytes())
    assert schedule_problems(WorkdayCalendar(rows, use_library=False), 2027) == []
    assert makeup_problems(rows, WorkdayCalendar(use_library=False)) == []
