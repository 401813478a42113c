"""Date cells and date text -> datetime.date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .errors import Code, RowProblem
from .messages import msg
from .text import Cell, nfkc

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 with Lotus' phantom 1900-02-29 folded in
# Serials outside roughly 1950..2150 are not dates in a bank statement; refusing them keeps an amount
# column mapped by mistake from turning into dates silently.
_SERIAL_MIN, _SERIAL_MAX = 18264, 91311
_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:$|[\sT]+\d{1,2}[:：.]\d{2}(?:[:：.]\d{2}(?:\.\d+)?)?$)"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|\s*\d{2}:?\d{2}(?::?\d{2})?$|T\d{2}:?\d{2})")
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
# Day and month before the year (24/03/2026, 03/24/2026, 24.03.2026), as banks outside mainland China write dates.
_DAY_MONTH_YEAR = re.compile(
    r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})(?:$|[\sT,]+\d{1,2}[:：.]\d{2}(?:[:：.]\d{2}(?:\.\d+)?)?$)"
)
DMY, MDY, YMD = "dmy", "mdy", "ymd"
# Three numbers of one or two digits (01/04/20, 20/04/01, 26-10-09): a year of two digits (of this century) first or
# last, read in the order the column's dates show (``day_order``).
_SHORT_YEAR = re.compile(
    r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{2})(?:$|[\sT,]+\d{1,2}[:：.]\d{2}(?:[:：.]\d{2}(?:\.\d+)?)?$)"
)
# The month by its English name (30 Jun 2026, 30-JUN-26, Jun 30, 2026), as banks in Hong Kong, Singapore and
# elsewhere write dates: unambiguous whatever the order. A year of two digits is of this century.
_TIME = r"(?:$|[\sT,]+\d{1,2}[:：.]\d{2}(?:[:：.]\d{2}(?:\.\d+)?)?(?:\s*[ap]m)?$)"
_DAY_NAMED_MONTH = re.compile(r"^(\d{1,2})[\s\-/.]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})" + _TIME, re.IGNORECASE)
_NAMED_MONTH_DAY = re.compile(r"^([a-z]{3,9})\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})" + _TIME, re.IGNORECASE)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def _named_month(text: str) -> date | None:
    m = _DAY_NAMED_MONTH.match(text)
    if m:
        day, month, year = m.groups()
    else:
        m = _NAMED_MONTH_DAY.match(text)
        if m is None:
            return None
        month, day, year = m.groups()
    number = _MONTHS.get(month.lower())
    if number is None:
        return None
    return _ymd(year if len(year) == 4 else "20" + year, str(number), day)


def _from_serial(serial: int | float) -> date:
    if not (_SERIAL_MIN <= serial <= _SERIAL_MAX):
        raise RowProblem(Code.BAD_DATE, msg("date.unreadable"))
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _ymd(y: str, m: str, d: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError as exc:
        raise RowProblem(Code.BAD_DATE, msg("date.no_such_day")) from exc


def day_order(values: list[Cell]) -> str | None:
    """Whether a column's dates written day and month before the year (``24/03/2026``) put the day first (DMY) or the
    month (MDY), as one of its dates shows by a number above 12; None when none shows it, or some show one and some
    the other (then none is read). A column of dates with a two-digit year (``01/04/20``) is read in the order
    ``short_year_order`` finds."""
    orders = set()
    short: list[tuple[int, int, int, str]] = []
    for value in values:
        if not isinstance(value, str):
            continue
        text = nfkc(value.strip())
        m = _DAY_MONTH_YEAR.match(text)
        if m is None:
            s = _SHORT_YEAR.match(text)
            if s is not None:
                short.append((int(s.group(1)), int(s.group(3)), int(s.group(4)), s.group(2)))
            continue
        first, second = int(m.group(1)), int(m.group(3))
        if first > 12 >= second:
            orders.add(DMY)
        elif second > 12 >= first:
            orders.add(MDY)
    if short and not orders:
        return short_year_order(short)
    return orders.pop() if len(orders) == 1 else None


def _in_order(parts: tuple[int, int, int, str], order: str) -> date | None:
    a, b, c, _ = parts
    y, m, d = (c, b, a) if order == DMY else (c, a, b) if order == MDY else (a, b, c)
    try:
        return date(2000 + y, m, d)
    except ValueError:
        return None


def short_year_order(dates: list[tuple[int, int, int, str]]) -> str | None:
    """The order of a column's dates with a two-digit year, as (first, second, third number, separator): the one order
    (day-month-year, month-day-year or year-month-day) under which every one is a date. Where the year could be first
    or last, the dates of one statement lie together: the order that spans fewer days; where day and month could
    swap, one number above 12 says which is which, as with four-digit years. None when the dates do not tell."""
    candidates = [DMY, YMD] if all(p[3] == "." for p in dates) else [DMY, MDY, YMD]  # 24.03.26: day first
    spans: dict[str, int] = {}
    for order in candidates:
        read = [_in_order(p, order) for p in dates]
        days = [d for d in read if d is not None]
        if len(days) == len(read):
            spans[order] = (max(days) - min(days)).days
    if YMD in spans and len(spans) > 1:
        last = min(v for k, v in spans.items() if k != YMD)
        if spans[YMD] == last:
            return None
        spans = {YMD: 0} if spans[YMD] < last else {k: v for k, v in spans.items() if k != YMD}
    return next(iter(spans)) if len(spans) == 1 else None


def _day_month_year(m: re.Match[str], order: str | None) -> date:
    first, sep, second, year = m.group(1), m.group(2), m.group(3), m.group(4)
    order = order if order in (DMY, MDY) else None
    if order is None and sep == ".":
        order = DMY  # 24.03.2026: dots are written day first wherever they are used
    if order is None:  # the column does not say (or says both): no date is guessed, each alone could mislead
        raise RowProblem(Code.BAD_DATE, msg("date.day_month_order"))
    return _ymd(year, second, first) if order == DMY else _ymd(year, first, second)


def _short_ymd(m: re.Match[str], order: str) -> tuple[str, str, str]:
    a, b, c = m.group(1), m.group(3), m.group(4)
    if order == YMD:
        return "20" + a.zfill(2), b, c
    return ("20" + c, b, a) if order == DMY else ("20" + c, a, b)


_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?$")


def month_day_date(value: Cell, statement_month: tuple[int, int] | None) -> date | None:
    """A date written month/day only ("12/29", as 招商银行's card bill does), in the statement month its title names:
    a month after the statement's is of the year before (the December lines of a January bill). None when the value
    is not such a date or no statement month is known."""
    if statement_month is None or not isinstance(value, str):
        return None
    m = _MONTH_DAY.match(nfkc(value.strip()))
    if m is None:
        return None
    year, month = statement_month
    month_of = int(m.group(1))
    return _ymd(str(year - 1 if month_of > month else year), m.group(1), m.group(2))


def parse_date(value: Cell, order: str | None = None) -> date | None:
    """None for an empty cell; RowProblem when the value is not a date we can read unambiguously. ``order`` (DMY or
    MDY, from ``day_order`` over the date's column) reads a date written day and month before the year."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise RowProblem(Code.BAD_DATE, msg("date.unreadable"))
    if isinstance(value, (int, float)):
        if 19000101 <= value <= 21001231 and value == int(value):  # 20261008 typed as a number
            s = str(int(value))
            return _ymd(s[:4], s[4:6], s[6:])
        return _from_serial(value)
    text = str(value).strip()
    if len(text) == 8 and text.isdigit():  # 20261008: the most common export shape
        return _ymd(text[:4], text[4:6], text[6:])
    if len(text) == 10 and text[4] in "-/." and text[7] == text[4] and text[:4].isdigit():
        return _ymd(text[:4], text[5:7], text[8:])
    text = nfkc(text)
    if not text:
        return None
    m = _YMD.match(text)
    if m:
        return _ymd(*m.groups())
    m = _COMPACT.match(text)
    if m:
        return _ymd(*m.groups())
    m = _DAY_MONTH_YEAR.match(text)
    if m:
        return _day_month_year(m, order)
    m = _SHORT_YEAR.match(text)
    if m:
        if order is None:  # the column's dates do not say which number is the year: none is guessed
            raise RowProblem(Code.BAD_DATE, msg("date.two_digit_year_order"))
        return _ymd(*_short_ymd(m, order))
    named = _named_month(text)
    if named is not None:
        return named
    if _SERIAL_TEXT.match(text):
        return _from_serial(int(text.split(".")[0]))  # the time of day after the point is not kept
    raise RowProblem(Code.BAD_DATE, msg("date.unreadable"))


_ANY_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


# A date with its month by name in free text (UOB's `Statement Period: 02 May 2023 To 01 Jul 2023`).
_ANY_NAMED_DATE = re.compile(r"(?<!\d)(\d{1,2})[\s\-]*([A-Za-z]{3,9})\.?[\s\-,]*(\d{4})(?!\d)")


def find_dates(text: str) -> list[date]:
    """All dates in free text such as `2026-10-01 至 2026-10-31` or `02 May 2023 To 01 Jul 2023` (title rows);
    invalid ones ignored."""
    found: list[date] = []
    for m in _ANY_DATE.finditer(nfkc(text)):
        g = m.groups()
        parts = g[:3] if g[0] else g[3:]
        try:
            found.append(date(int(parts[0]), int(parts[1]), int(parts[2])))
        except ValueError:
            continue
    for m in _ANY_NAMED_DATE.finditer(nfkc(text)) if not found else ():
        month = _MONTHS.get(m.group(2).lower())
        try:
            found += [date(int(m.group(3)), month, int(m.group(1)))] if month else []
        except ValueError:
            continue
    return found
