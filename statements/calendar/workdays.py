"""Official PRC working-day calendar (statutory holidays + 调休 make-up days).

Data sources, in order of precedence for a given date:

1. ``overrides`` -- plain ``{date: "holiday" | "workday"}`` mapping that ops
   load from CSV (``python manage.py workdays load FILE``).  Overrides win over
   the library so an emergency change (e.g. the 2020 Spring Festival
   extension) can be applied without waiting for a package release.
2. The ``chinesecalendar`` package's ``holidays`` / ``workdays`` tables.
3. Otherwise Monday-Friday are working days and Saturday/Sunday rest days.

Step 3 is ONLY applied inside a *loaded* year.  A year is loaded when

* the library has data for it (any entry in its holidays/workdays tables), or
* at least one override row falls in that year.

So when ops load the official 2027 schedule (its holiday dates and its
make-up working weekends) 2027 becomes loaded as a whole: weekends without an
override are rest days, weekdays without an override are working days.  The
flip side: a partial file would mark the year loaded too, which is why the
loader refuses a year whose schedule is not plausible
(:mod:`statements.calendar.plausibility`) unless ops force it.  A date in an unloaded year raises
:class:`YearNotLoaded` -- we never guess from the weekday, because a wrong
due date on a legal confirmation letter is worse than a loud failure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import chinese_calendar.constants as _cc
from django.utils.translation import gettext as _

from core.errors import ServiceError

HOLIDAY: Final = "holiday"
WORKDAY: Final = "workday"
KINDS: Final = frozenset({HOLIDAY, WORKDAY})

LOAD_COMMAND: Final = "python manage.py workdays load FILE"

_ONE_DAY = dt.timedelta(days=1)


class YearNotLoaded(ServiceError, LookupError):
    """The calendar has no official data for ``year``; never guess.

    A ServiceError, so that every page, API call and command that cannot work out a deadline says why and what to
    do (load the schedule) instead of failing with a 500.
    """

    code = "calendar_missing"

    def __init__(self, year: int) -> None:
        self.year = year
        # Read in browsers (pages, the API's message): it names the page, never a shell command (doctor does).
        super().__init__(
            _(
                "The official working-day calendar for %(year)s is not loaded, so due dates in %(year)s cannot be "
                "worked out. Load the State Council holiday schedule for %(year)s on the page Operations › "
                "Working-day calendar (/ops/workdays/)."
            )
            % {"year": year}
        )


def _library_years() -> frozenset[int]:
    return frozenset(d.year for d in _cc.holidays) | frozenset(d.year for d in _cc.workdays)


class WorkdayCalendar:
    """Immutable working-day calendar; cheap to query, build once and share.

    Ordinals for all contiguous loaded years are precomputed in ``__init__``
    (about 8k days for 2004-2026, a few milliseconds) so instances are
    read-only afterwards and safe to share between threads.
    """

    def __init__(
        self,
        overrides: Mapping[dt.date, str] | None = None,
        *,
        use_library: bool = True,
    ) -> None:
        clean: dict[dt.date, str] = {}
        for day, kind in (overrides or {}).items():
            if type(day) is not dt.date:  # datetime is a date subclass: reject it
                raise TypeError(f"override key must be datetime.date, got {day!r}")
            if kind not in KINDS:
                raise ValueError(f"override kind for {day} must be 'holiday' or 'workday', got {kind!r}")
            clean[day] = kind
        self._overrides: Mapping[dt.date, str] = MappingProxyType(clean)
        self._use_library = use_library
        lib_years = _library_years() if use_library else frozenset()
        self._years: frozenset[int] = lib_years | frozenset(d.year for d in clean)
        self._build_ordinals()

    # -- basic queries -------------------------------------------------

    def loaded_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def is_loaded(self, year: int) -> bool:
        return year in self._years

    def _require(self, year: int) -> None:
        if year not in self._years:
            raise YearNotLoaded(year)

    def is_workday(self, day: dt.date) -> bool:
        day = _as_date(day)
        self._require(day.year)
        return self._is_workday_unchecked(day)

    def works_on(self, day: dt.date) -> bool:
        """Like :meth:`is_workday`, but outside the loaded years Monday-Friday count (never raises).

        For checking a schedule (statements.calendar.plausibility), never for a client's deadline."""
        return self._is_workday_unchecked(_as_date(day))

    def override_years(self) -> tuple[int, ...]:
        """The years ops' override table touches (loaded or corrected by them), in order."""
        return tuple(sorted({d.year for d in self._overrides}))

    def _is_workday_unchecked(self, day: dt.date) -> bool:
        kind = self._overrides.get(day)
        if kind is not None:
            return kind == WORKDAY
        if self._use_library:
            if day in _cc.workdays:
                return True
            if day in _cc.holidays:
                return False
        return day.weekday() < 5

    # -- arithmetic ----------------------------------------------------

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The date ``n`` working days after ``day`` (before it if n < 0).

        ``day`` itself is never counted, whether or not it is a working day:
        dispatch on Friday 2026-11-06 -> n=1 is Monday 2026-11-09; dispatch on
        Saturday -> n=1 is also that Monday.  ``n == 0`` returns ``day``
        unchanged (no rolling to the next working day -- callers that want
        that use ``add_workdays(day - 1 day, 1)`` or :meth:`next_workday`).
        """
        day = _as_date(day)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be int, got {n!r}")
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def add_workdays_provisional(self, day: dt.date, n: int) -> tuple[dt.date, bool]:
        """``add_workdays`` that does not stop at an unloaded year: there Monday-Friday count, and the second
        value says so (True = provisional).

        Only for the bank's own service levels (e.g. the date by which it answers a disagreement), where a date
        a day off is better than refusing the client's answer; never for a client's deadline.
        """
        day = _as_date(day)
        if n < 0:
            raise ValueError("only forward counting is provisional-safe")
        provisional = False
        remaining = n
        while remaining:
            day += _ONE_DAY
            if day.year in self._years:
                working = self._is_workday_unchecked(day)
            else:
                provisional, working = True, day.weekday() < 5
            if working:
                remaining -= 1
        return day, provisional

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the first working day after it."""
        day = _as_date(day)
        while not self.is_workday(day):
            day += _ONE_DAY
        return day

    def nth_workday_of_period(self, first_day: dt.date, n: int) -> dt.date:
        """The n-th working day counting from ``first_day`` inclusive (n >= 1).

        For November 2026 (1st is a Sunday): n=1 -> Mon 11-02, n=3 -> Wed 11-04.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be an int >= 1, got {n!r}")
        first_day = _as_date(first_day)
        # Counting inclusively == counting from the day before, but stepping
        # there could touch an unloaded previous year (2004-01-01), so loop.
        day = first_day
        seen = 0
        while True:
            if self.is_workday(day):
                seen += 1
                if seen == n:
                    return day
            day += _ONE_DAY

    def ordinal(self, day: dt.date) -> int:
        """Monotone working-day index.

        ``ordinal(d)`` = number of working days from the first loaded year's
        1 January up to and including ``d``.  It increases by exactly one on
        each working day and stays flat over rest days, so a rest day shares
        the ordinal of the previous working day.  Differences measure windows:
        ``ordinal(b) - ordinal(a)`` is the number of working days in (a, b].
        Requires every year from the first loaded year up to ``day.year`` to
        be loaded; otherwise :class:`YearNotLoaded` names the first gap.
        """
        day = _as_date(day)
        table = self._cum.get(day.year)
        if table is None:
            self._require(day.year)
            # Loaded but beyond a gap: report the gap year.
            gap = next(y for y in range(self._first_year, day.year) if y not in self._years)
            raise YearNotLoaded(gap)
        base, cum = table
        return base + cum[day.timetuple().tm_yday - 1]

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open interval (start, end]; negative if end < start.

        Consistent with :meth:`add_workdays`: for a working day ``end`` after
        ``start``, ``add_workdays(start, workdays_between(start, end)) == end``.
        """
        return self.ordinal(end) - self.ordinal(start)

    # -- ops warnings --------------------------------------------------

    def missing_year_warning(self, today: dt.date) -> str | None:
        """Text for an ops banner, or None when nothing is missing.

        From 1 December on, next year's schedule must be loaded (the State
        Council usually publishes it in November); the current year missing is
        always reported.
        """
        today = _as_date(today)
        if today.year not in self._years:
            return _(
                "The working-day calendar for this year (%(year)s) is NOT loaded: due dates cannot be worked "
                "out. Load the State Council holiday schedule for %(year)s now on the Working-day calendar page "
                "(/ops/workdays/)."
            ) % {"year": today.year}
        if today.month == 12 and today.year + 1 not in self._years:
            return _(
                "The working-day calendar for %(year)s is not loaded yet: load the State Council holiday "
                "schedule for %(year)s before 1 January on the Working-day calendar page (/ops/workdays/)."
            ) % {"year": today.year + 1}
        return None

    # -- internals -----------------------------------------------------

    def _build_ordinals(self) -> None:
        self._cum: dict[int, tuple[int, list[int]]] = {}
        if not self._years:
            self._first_year = 0
            return
        self._first_year = min(self._years)
        base = 0
        year = self._first_year
        while year in self._years:
            day = dt.date(year, 1, 1)
            cum: list[int] = []
            running = 0
            while day.year == year:
                running += self._is_workday_unchecked(day)
                cum.append(running)
                day += _ONE_DAY
            self._cum[year] = (base, cum)
            base += running
            year += 1


def _as_date(value: dt.date) -> dt.date:
    # A datetime would silently work as a date but its time part would be
    # ignored; in deadline code that hides timezone bugs, so refuse it.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"expected datetime.date, got {value!r}")
    return value
