"""Total rows that carry no word saying so: SAP's spreadsheet export of a line-item list (FBL3N, FAGLL03) keeps the
list's subtotal and total rows, and may drop the `*` that marks them, leaving a row with no date and no text, only an
amount (and its currency). Such a row is a total when it is the sum of the lines above it; otherwise it stays what it
was, a line without a date, refused on its row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from .text import Cell, cell_text
from .types import ParsedLine

Value = Callable[[list[Cell], int], Decimal | None]


def is_bare(row: list[Cell], money: Iterable[int], currency: int | None, balance: int | None) -> bool:
    """Only money (and a currency) is written on the row, and no running balance: a list's total carries none, a line
    whose date is missing does (it stays refused on its row, not dropped as a total)."""
    if balance is not None and balance < len(row) and cell_text(row[balance]).strip():
        return False
    keep = {*money, *((currency,) if currency is not None else ())}
    return all(i in keep or not cell_text(c).strip() for i, c in enumerate(row))


def unexplained(candidates: list[tuple[list[Cell], int]], lines: list[ParsedLine], value: Value) -> list[int]:
    """The rows of ``candidates`` (row, row number) whose amount is neither the sum of the lines since the previous
    total nor of all the lines above it."""
    left: list[int] = []
    since = 0
    for row, rnum in candidates:
        amount = value(row, rnum)
        above = [ln.signed_amount for ln in lines if ln.row < rnum]
        recent = [ln.signed_amount for ln in lines if since < ln.row < rnum]
        if amount is None or not above or amount not in (sum(recent, Decimal(0)), sum(above, Decimal(0))):
            left.append(rnum)
            continue
        since = rnum
    return left
