"""Journals that print a day once: a 日记账 or cash book printout writes the date on the day's first entry and leaves
it empty on the day's later entries. Those entries are of the day above them, but only where the layout is clearly
such: the first entry has a date, and an entry without one follows a dated entry (or one that took its day) with no
total, subtotal or balance row between them. Anything else (the first entry undated, an undated entry after 本日合计)
is left as it is, and refused on its row as any undated entry is."""

from __future__ import annotations

import re

from .messages import Msg, msg
from .metadata import row_marker, whole_total
from .readers import Sheet
from .sections import is_entry
from .text import Cell, cell_text

_DIGIT = re.compile(r"\d")
# What a day's cell may hold to be carried: digits, the separators and 年月日 of dates, a month's English name. A
# mistyped (2026-01-3l) or formula date is no day: the entries below it are refused on their own rows instead, not as
# holding a value they do not hold.
_MONTH_NAME = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?", re.IGNORECASE)
_DAY_TEXT = re.compile(r"^[\d\s./\-:,年月日号T]+$")


def _a_day(cell: Cell) -> bool:
    text = cell_text(cell).strip()
    return bool(_DIGIT.search(text)) and _DAY_TEXT.match(_MONTH_NAME.sub(" ", text)) is not None


def _cell(row: list[Cell], col: int | None) -> Cell:
    return row[col] if col is not None and col < len(row) else None


def _empty(cell: Cell) -> bool:
    return cell is None or not cell_text(cell).strip()


def carry_days(
    sheet: Sheet,
    first: int,
    day_cols: list[int],
    summary: int | None,
    serial: int | None,
    money: list[int],
    kind: str,
) -> list[Msg]:
    """Fill each undated entry's date cell with the day above it (in the sheet's rows, from row index ``first``) where
    the journal prints a day once; the warning naming the rows that took their day, or none."""
    if kind != "journal" or not day_cols:
        return []
    rows = sheet.rows
    date_col = day_cols[0]  # the marker reader's date cell (a 日期 column, or 年 of 年/月/日 columns)
    day: list[Cell] | None = None  # the day cells the entries below take; None after a total row, before the first
    started = False
    carried: list[int] = []
    for idx in range(first, len(rows)):
        row = rows[idx]
        if all(_empty(c) for c in row):
            continue
        date_cell = _cell(row, date_col)
        marker = row_marker(row, date_cell, _cell(row, summary))
        if marker is not None and (whole_total(marker) or not is_entry(row, serial)):
            day = None  # a total, subtotal, opening or closing row: the day's entries end there
            continue
        if marker is not None and _empty(date_cell):  # an entry whose text reads as a total (TOTAL PETROCHEMICALS)
            day = None  # is not clearly of the day above: it stays refused on its row
            continue
        cells = [_cell(row, c) for c in day_cols]
        if not all(_empty(c) for c in cells):
            dated = all(_a_day(c) for c in cells if not _empty(c))  # a repeated header, a mistyped date: no day
            day, started = (cells if dated else None), True
            continue
        if not started:
            return []  # the first entry has no date: not a journal that prints its days once
        has_money = any(not _empty(_cell(row, c)) for c in money)
        has_text = not _empty(_cell(row, summary)) or not _empty(_cell(row, serial))  # an entry's 摘要 or 凭证号
        # An amount alone (and its currency) is a total without its word, as SAP's lists leave it.
        if day is None or not has_money or not has_text:
            continue
        row.extend([None] * (max(day_cols) + 1 - len(row)))
        for col, cell in zip(day_cols, day, strict=True):
            row[col] = cell
        carried.append(idx)
    if not carried:
        return []
    shown = [sheet.row_number(i) for i in carried]
    more = f" … (+{len(shown) - 10})" if len(shown) > 10 else ""
    return [msg("table.days_carried", count=len(shown), rows=", ".join(map(str, shown[:10])) + more)]
