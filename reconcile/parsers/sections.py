"""Rows a report's words would take for totals or balances, but which are not: an entry whose summary ends in a total
word, and a second account's opening balance in a report of several accounts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from .text import Cell, cell_text
from .types import ParsedLine

_DIGIT = re.compile(r"\d")
_COUNT = re.compile(r"[张笔共]")


def is_entry(row: list[Cell], serial: int | None) -> bool:
    """A row with a voucher or serial number is an entry (`代发工资合计`, 记-5), whatever its summary says: the total
    and balance rows of a journal or statement carry none."""
    if serial is None or serial >= len(row):
        return False
    text = cell_text(row[serial])
    return bool(_DIGIT.search(text)) and not _COUNT.search(text)  # `共5张`, `3笔`: a total row's count of vouchers


def another_account(row: list[Cell], account: int | None, lines: list[ParsedLine]) -> bool:
    """The row names an account (a per-row 账号 column) other than the last line's: another account's section of a
    statement that carries its account on every row, split per account later (``finish``), not a report to refuse."""
    if account is None or account >= len(row) or not lines:
        return False
    named = cell_text(row[account]).strip()
    return bool(named) and named != (lines[-1].account_number or "")


def standing(lines: list[ParsedLine], opening: Decimal) -> Decimal:
    """Where the balance stands after ``lines``: the last balance a line shows, moved by the lines after it."""
    balance, start = opening, 0
    for i, ln in enumerate(lines):
        if ln.balance is not None:
            balance, start = ln.balance, i + 1
    return balance + sum((ln.signed_amount for ln in lines[start:]), Decimal(0))


def fill_merged_days(
    rows: list[list[Cell]], merged: Iterable[tuple[int, int, int, int]] | None, columns: set[int], first: int
) -> None:
    """A formatted Excel export writes a day once, its cell merged down over the entries of that day: those entries
    are of that day (only the merge's first cell holds it). Date columns only, below the header."""
    for r0, c0, r1, c1 in merged or ():
        if c0 != c1 or c0 not in columns or r0 < first or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c0:
                row.extend([None] * (c0 + 1 - len(row)))
            if row[c0] in (None, ""):
                row[c0] = rows[r0][c0]
