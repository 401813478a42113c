"""Is a year's working-day schedule plausibly the State Council's notice? (pure: a calendar in, problems out)

A year counts as loaded as soon as one override row falls in it (see ``workdays``), so a file cut short would
silently turn the rest of the year into plain weekdays. Before a schedule is accepted it must look like one made
under 《全国年节及纪念日放假办法》:

* every statutory holiday is a day off, in a run of days off with at least as many weekdays off as the law gives
  (festivals sharing a run, such as Mid-Autumn in National Day week, add up), and the festivals' runs together,
  less the make-up working days charged to them, have the law's total of weekdays off (a festival on a weekend is
  made up on a weekday, possibly in another run: 2015's Mid-Autumn Sunday was made up in National Day week);
* the year's count of days off among Monday-Friday is the law's total, give or take what moves across New Year
  (every year the official calendar ships is within [total - 2, total + 3]: 2011 had 10 for 11, the 2020 extension
  of the Spring Festival 13 for 11).

Make-up working days (调休) on weekdays are checked where the rows are read (``makeup_problems``): a weekday is a
working day anyway, so such a row is a typo unless it cancels a holiday.

Festival dates: the Spring Festival, Dragon Boat and Mid-Autumn fall on lunar dates (lunardate); Qingming is a solar
term (chinesecalendar's table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from chinese_calendar import get_solar_terms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from lunardate import LunarDate

from .workdays import WORKDAY, WorkdayCalendar

_ONE_DAY: Final = dt.timedelta(days=1)

FESTIVAL_NAMES: Final = {
    "new_year": gettext_lazy("New Year's Day"),
    "spring": gettext_lazy("Spring Festival"),
    "qingming": gettext_lazy("Qingming Festival"),
    "labour": gettext_lazy("Labour Day"),
    "dragon_boat": gettext_lazy("Dragon Boat Festival"),
    "mid_autumn": gettext_lazy("Mid-Autumn Festival"),
    "national": gettext_lazy("National Day"),
}

# Days off per festival, by the year a version of the law took effect: the 2007 revision (State Council decree 513,
# from 2008) and the 2024 revision (decree 795, from 2025: Spring Festival 4 days from New Year's Eve, Labour Day 2).
LAWS: Final[tuple[tuple[int, Mapping[str, int]], ...]] = (
    (2008, {"new_year": 1, "spring": 3, "qingming": 1, "labour": 1, "dragon_boat": 1, "mid_autumn": 1, "national": 3}),
    (2025, {"new_year": 1, "spring": 4, "qingming": 1, "labour": 2, "dragon_boat": 1, "mid_autumn": 1, "national": 3}),
)
TOTAL_BELOW: Final = 2  # a year may have this many fewer weekdays off than the law's total ...
TOTAL_ABOVE: Final = 3  # ... or this many more (days moved across New Year, an extension like 2020's)


def law_for(year: int) -> Mapping[str, int]:
    days = LAWS[0][1]
    for first_year, table in LAWS:
        if year >= first_year:
            days = table
    return days


def festival_dates(year: int) -> dict[str, dt.date]:
    """The day each statutory holiday of ``year`` falls on (the first day for the multi-day ones)."""
    qingming = next(day for day, name in get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10)) if name == "清明")
    return {
        "new_year": dt.date(year, 1, 1),
        "spring": LunarDate(year, 1, 1).to_solar_date(),
        "qingming": qingming,
        "labour": dt.date(year, 5, 1),
        "dragon_boat": LunarDate(year, 5, 5).to_solar_date(),
        "mid_autumn": LunarDate(year, 8, 15).to_solar_date(),
        "national": dt.date(year, 10, 1),
    }


@dataclass(frozen=True)
class _Run:
    first: dt.date
    last: dt.date
    weekdays_off: int


def _run_around(day: dt.date, off: Callable[[dt.date], bool]) -> _Run:
    first = last = day
    while off(first - _ONE_DAY):
        first -= _ONE_DAY
    while off(last + _ONE_DAY):
        last += _ONE_DAY
    span = (last - first).days + 1
    weekdays = sum((first + dt.timedelta(days=i)).weekday() < 5 for i in range(span))
    return _Run(first, last, weekdays)


def _net_weekdays_off(
    year: int, festival_runs: list[_Run], off: Callable[[dt.date], bool], calendar: WorkdayCalendar
) -> int:
    """Weekdays off in the festivals' runs less the make-up working days (调休) that pay for them.

    Each make-up working day (a Saturday or Sunday worked) is charged to the nearest run of days off that holds a
    weekday, festival or not: December's make-up day for next New Year goes to that run, 2015's for the victory
    day holiday (3 September) to that one, and what is left is the festivals' own days off.
    """
    first, last = dt.date(year - 1, 12, 1), dt.date(year + 1, 1, 31)
    holiday_runs: list[_Run] = []
    makeups: list[dt.date] = []
    day = first
    while day <= last:
        if off(day):
            run = _run_around(day, off)
            if run.weekdays_off:
                holiday_runs.append(run)
            day = run.last + _ONE_DAY
            continue
        if day.weekday() >= 5 and calendar.works_on(day):
            makeups.append(day)
        day += _ONE_DAY
    charged: dict[dt.date, int] = {}
    for makeup in makeups:
        if holiday_runs:
            nearest = min(holiday_runs, key=lambda r: (max((r.first - makeup).days, (makeup - r.last).days), r.first))
            charged[nearest.first] = charged.get(nearest.first, 0) + 1
    return sum(run.weekdays_off - charged.get(run.first, 0) for run in festival_runs)


def _weekday_name(day: dt.date) -> str:
    return (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))[
        day.weekday()
    ]


def schedule_problems(calendar: WorkdayCalendar, year: int) -> list[str]:
    """What makes ``year``'s schedule in ``calendar`` implausible, one sentence each; empty when it is plausible.

    Days outside the loaded years (a run across New Year into a year not loaded) count Monday-Friday as working.
    """

    def off(day: dt.date) -> bool:
        return not calendar.works_on(day)

    law = law_for(year)
    problems: list[str] = []
    runs: dict[dt.date, tuple[_Run, list[str]]] = {}
    dates = festival_dates(year)
    for code, day in dates.items():
        name = str(FESTIVAL_NAMES[code])
        if not off(day):
            problems.append(
                ngettext(
                    "%(year)s: %(festival)s (%(date)s, a %(weekday)s) is a working day; the holiday law "
                    "gives %(days)s day off for it.",
                    "%(year)s: %(festival)s (%(date)s, a %(weekday)s) is a working day; the holiday law "
                    "gives %(days)s days off for it.",
                    law[code],
                )
                % {"year": year, "festival": name, "date": day, "weekday": _weekday_name(day), "days": law[code]}
            )
            continue
        run = _run_around(day, off)
        runs.setdefault(run.first, (run, []))[1].append(code)
    for run, codes in runs.values():
        # A one-day festival on a weekend may be made up in another run of days off (2015's Mid-Autumn Sunday was,
        # in National Day week); the weekdays it needs are counted over all runs below.
        needed = sum(law[code] for code in codes if law[code] > 1 or dates[code].weekday() < 5)
        if run.weekdays_off < needed:
            names = _(" and ").join(str(FESTIVAL_NAMES[code]) for code in codes)
            problems.append(
                ngettext(
                    "%(year)s: %(festivals)s (days off %(first)s to %(last)s) has %(found)s weekday "
                    "off; the holiday law gives %(days)s, so holidays are missing.",
                    "%(year)s: %(festivals)s (days off %(first)s to %(last)s) has %(found)s weekdays "
                    "off; the holiday law gives %(days)s, so holidays are missing.",
                    run.weekdays_off,
                )
                % {
                    "year": year,
                    "festivals": names,
                    "first": run.first,
                    "last": run.last,
                    "found": run.weekdays_off,
                    "days": needed,
                }
            )
    total = sum(law.values())
    net = _net_weekdays_off(year, [run for run, _codes in runs.values()], off, calendar)
    if not problems and net < total:
        # Which holiday lacks its day: the ones on a weekend with no weekday off around them are the suspects.
        suspects = [
            _("%(festival)s (%(date)s, a %(weekday)s)")
            % {"festival": FESTIVAL_NAMES[code], "date": dates[code], "weekday": _weekday_name(dates[code])}
            for run, codes in runs.values()
            if not run.weekdays_off
            for code in codes
        ]
        problems.append(
            ngettext(
                "%(year)s: the statutory holidays come to %(found)s weekday off once the make-up working "
                "days are counted; the holiday law gives %(total)s, so a day made up for a holiday on a "
                "weekend is missing%(suspects)s.",
                "%(year)s: the statutory holidays come to %(found)s weekdays off once the make-up working "
                "days are counted; the holiday law gives %(total)s, so a day made up for a holiday on a "
                "weekend is missing%(suspects)s.",
                net,
            )
            % {
                "year": year,
                "found": net,
                "total": total,
                "suspects": (_(": %(list)s has none") % {"list": _(", ").join(suspects)}) if suspects else "",
            }
        )
    day, weekdays, working = dt.date(year, 1, 1), 0, 0
    while day.year == year:
        weekdays += day.weekday() < 5
        working += calendar.works_on(day)
        day += _ONE_DAY
    weekdays_off = weekdays - working
    if not total - TOTAL_BELOW <= weekdays_off <= total + TOTAL_ABOVE:
        problems.append(
            _(
                "%(year)s has %(working)s working days, i.e. %(off)s of its %(weekdays)s weekdays off; "
                "under the holiday law a year has %(low)s to %(high)s weekdays off (%(total)s statutory "
                "days, some moved across New Year). Check the holidays and the make-up working days "
                "(调休)."
            )
            % {
                "year": year,
                "working": working,
                "off": weekdays_off,
                "weekdays": weekdays,
                "low": total - TOTAL_BELOW,
                "high": total + TOTAL_ABOVE,
                "total": total,
            }
        )
    return problems


def makeup_problems(rows: Mapping[dt.date, str], before: WorkdayCalendar) -> list[str]:
    """Make-up working days (调休上班) fall on Saturdays and Sundays: a ``workday`` row on a weekday that was not a
    holiday before (``before``: the calendar without these rows) changes nothing and is a mistyped date."""
    problems = []
    for day, kind in sorted(rows.items()):
        if kind == WORKDAY and day.weekday() < 5 and before.works_on(day):
            problems.append(
                _("%(date)s is a %(weekday)s: a make-up working day (调休) is a Saturday or a Sunday; check the date.")
                % {"date": day, "weekday": _weekday_name(day)}
            )
    return problems
