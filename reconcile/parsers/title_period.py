"""The days a report's title says it covers, to read dates whose day and month cannot be told apart otherwise.

A bookkeeping report (QuickBooks' `Transaction Detail by Account` titled `January 2026`, Xero's `For the period 1
January 2026 to 31 January 2026`, a Chinese export's `期间：2026年01月`) writes its dates `01/05/2026` in the order of
its country; a short month whose days are all 12 or under shows no number above 12, and was refused. The title says
which order is meant: the one under which every date falls in the period it names.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .dates import _DAY_MONTH_YEAR, _MONTHS, DMY, MDY, find_dates, parse_date
from .errors import RowProblem
from .text import Cell, cell_text, nfkc

# `January 2026` alone (a month); `January 1 - January 31, 2026`, `January 1 - 31, 2026` (QuickBooks' ranges).
_MONTH_YEAR = re.compile(r"(?<![\d\w])([A-Za-z]{3,9})\.?\s+(\d{4})(?!\d)")
_US_RANGE = re.compile(
    r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s*(\d{4})?\s*[-–—]\s*(?:([A-Za-z]{3,9})\.?\s+)?(\d{1,2}),?\s*(\d{4})"
)
_CN_MONTH = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|期)?(?![\d.\-/])")


def title_span(title_rows: list[list[Cell]]) -> tuple[date, date] | None:
    """The first and last day the title rows name as the report's period, or None when they name none."""
    for row in title_rows:
        for cell in row:
            text = nfkc(cell_text(cell)).strip()
            if text and (span := _span_of(text)) is not None:
                return span
    return None


def _span_of(text: str) -> tuple[date, date] | None:
    us = _US_RANGE.search(text)
    if us is not None:
        m1, d1, y1, m2, d2, y2 = us.groups()
        first, last = _MONTHS.get(m1.lower()), _MONTHS.get((m2 or m1).lower())
        if first and last:
            try:
                return date(int(y1 or y2), first, int(d1)), date(int(y2), last, int(d2))
            except ValueError:
                return None
    dates = find_dates(text)
    if len(dates) >= 2:
        return min(dates), max(dates)
    named = _MONTH_YEAR.search(text)
    if named is not None and (month := _MONTHS.get(named.group(1).lower())):
        return _month(int(named.group(2)), month)
    cn = _CN_MONTH.search(text) if not dates else None
    if cn is not None and 1 <= int(cn.group(2)) <= 12:
        return _month(int(cn.group(1)), int(cn.group(2)))
    return None


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def order_in_span(values: list[Cell], span: tuple[date, date] | None) -> str | None:
    """The one order (day first or month first) under which every date of the column lies in ``span``; None when
    there is no span, or both orders or neither would do."""
    if span is None:
        return None
    written = [v for v in values if isinstance(v, str) and _DAY_MONTH_YEAR.match(nfkc(v.strip()))]
    fits = []
    for order in (DMY, MDY):
        try:
            days = [parse_date(v, order) for v in written]
        except RowProblem:
            continue
        if days and all(d is not None and span[0] <= d <= span[1] for d in days):
            fits.append(order)
    return fits[0] if len(fits) == 1 else None
