"""Read the ops override table ``date,kind`` (a CSV or Excel file -> dict), through the tabular-import framework.

Format (CSV in UTF-8 or GB18030, an Excel BOM is tolerated; or an Excel sheet)::

    date,kind
    2027-01-01,holiday
    2027-02-06,workday

* header row ``date,kind`` is required (case-insensitive, any column order;
  extra columns such as ``note`` are ignored so ops can annotate rows);
* ``date`` is ISO ``YYYY-MM-DD``; ``kind`` is ``holiday`` or ``workday``;
* blank lines and lines starting with ``#`` are skipped;
* the same date twice with the same kind is harmless, with different kinds
  it is an error (one of the two rows is a typo and we cannot know which).

All row problems are collected and raised together in one
:class:`core.tabular.RowsRefused` so ops fix the file in one pass; a file that cannot be read, or lacks a column, is
refused with a ServiceError naming it, as every table upload is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.tabular import Problems, read_table

from .workdays import HOLIDAY, KINDS, WORKDAY

COLUMNS: dict[str, tuple[str, ...]] = {"date": (), "kind": ()}


def parse_overrides_csv(data: str | bytes, filename: str = "workdays.csv") -> dict[dt.date, str]:
    """Parse the file into ``{date: "holiday" | "workday"}``; ``filename`` names it in a refusal."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    rows = read_table(data, filename, COLUMNS, tuple(COLUMNS), comment="#")
    result: dict[dt.date, str] = {}
    first_seen: dict[dt.date, int] = {}
    problems = Problems()
    for row in rows:
        raw_date, raw_kind = row.values["date"], row.values["kind"]
        day = _parse_date(raw_date)
        if day is None:
            problems.cell(
                row.line, "date", raw_date, _("not a date; write YYYY-MM-DD, such as 2026-09-30"), code="bad_date"
            )
        kind = raw_kind.lower()
        if kind not in KINDS:
            problems.cell(
                row.line,
                "kind",
                raw_kind,
                _("must be %(holiday)s (an official holiday) or %(workday)s (a make-up working day)")
                % {"holiday": HOLIDAY, "workday": WORKDAY},
                code="bad_kind",
            )
        if day is None or kind not in KINDS:
            continue
        previous = result.get(day)
        if previous is not None and previous != kind:
            problems.cell(
                row.line,
                "kind",
                raw_kind,
                _("conflicts with “%(kind)s” for %(date)s on row %(first)s; keep one of the two rows")
                % {"kind": previous, "date": day, "first": first_seen[day]},
                code="conflict",
            )
            continue
        result[day] = kind
        first_seen.setdefault(day, row.line)
    problems.raise_if_any(head=_("Nothing was loaded; fix these lines and load the file again:"), code="calendar_csv")
    return result


def _parse_date(raw: str) -> dt.date | None:
    # fromisoformat in 3.11 also accepts 20270101 and week dates; ops files
    # must be unambiguous, so insist on the 10-character dashed form. An Excel
    # date cell reads as that day at midnight.
    raw = raw.removesuffix(" 00:00:00")
    if len(raw) != 10 or raw[4] != "-" or raw[7] != "-":
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


@dataclass(frozen=True)
class YearSummary:
    year: int
    holidays: int
    workdays: int
    holidays_on_weekdays: int  # days actually taken off work
    workdays_on_weekends: int  # 调休 make-up days


def year_summary(overrides: Mapping[dt.date, str]) -> list[YearSummary]:
    """Per-year counts for the operator's confirmation screen.

    A year counts as loaded as soon as one row exists, so showing e.g.
    "2027: 33 holidays (20 on weekdays), 6 make-up workdays" lets ops spot a
    truncated file before it silently defines a whole year.
    """
    years = sorted({d.year for d in overrides})
    out = []
    for year in years:
        days = {d: k for d, k in overrides.items() if d.year == year}
        out.append(
            YearSummary(
                year=year,
                holidays=sum(k == HOLIDAY for k in days.values()),
                workdays=sum(k == WORKDAY for k in days.values()),
                holidays_on_weekdays=sum(k == HOLIDAY and d.weekday() < 5 for d, k in days.items()),
                workdays_on_weekends=sum(k == WORKDAY and d.weekday() >= 5 for d, k in days.items()),
            )
        )
    return out
