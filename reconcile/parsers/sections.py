"""Rows a report's words would take for totals or balances, but which are not: an entry whose summary ends in a total
word, and a second account's opening balance in a report of several accounts."""

from __future__ import annotations

import re
from decimal import Decimal

from .text import Cell, cell_text
from .types import ParsedLine

_DIGIT = re.compile(r"\d")


def is_entry(row: list[Cell], serial: int | None) -> bool:
    """A row with a voucher or serial number is an entry (`代发工资合计`, 记-5), whatever its summary says: the total
    and balance rows of a journal or statement carry none."""
    if serial is None or serial >= len(row):
        return False
    return bool(_DIGIT.search(cell_text(row[serial])))


def standing(lines: list[ParsedLine], opening: Decimal) -> Decimal:
    """Where the balance stands after ``lines``: the last balance a line shows, moved by the lines after it."""
    balance, start = opening, 0
    for i, ln in enumerate(lines):
        if ln.balance is not None:
            balance, start = ln.balance, i + 1
    return balance + sum((ln.signed_amount for ln in lines[start:]), Decimal(0))
