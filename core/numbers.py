"""Numbers read from text a user or a link sends (query strings, hidden form fields, typed amounts)."""

from __future__ import annotations

import re
from decimal import Decimal

# The largest id a database row can have (a 64-bit integer): a longer number in a link names no row.
LARGEST_ID = 2**63 - 1


def plain_int(text: str) -> int | None:
    """``text`` as a non-negative integer when it is nothing but ASCII digits, else None. ``str.isdigit`` alone is
    not enough: "²" and other scripts' digits are digits to it and an error to ``int()`` (a 500 from a link). A
    number past a 64-bit integer reads as ``LARGEST_ID``, which no row has, so it is "not found", never an overflow
    in the database."""
    text = text.strip()
    if not text or not (text.isascii() and text.isdigit()):
        return None
    return min(int(text[:20]), LARGEST_ID)


# An amount as people write one: digits with an optional sign and decimal point, commas only between groups of three
# before the point. A comma elsewhere is a decimal comma or a slip (1234,56 read as 123456 is a hundred times the
# amount): refused, not guessed.
_AMOUNT = re.compile(r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)")
# The full-width forms a Chinese input method types (０-９, ，, ．, ＋, －, and the ideographic space) as their ASCII
# selves; nothing else is folded (NFKC also made digits of ①, ² and ¹²³).
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def plain_amount(text: str) -> Decimal | None:
    """``text`` as an amount when it is written as one (``1,234.50``, ``-12``; full-width digits and commas, as a
    Chinese input method types them, read as theirs), else None. ``Decimal()`` alone took ``1e5`` (Excel's
    ``1.2E+06`` display has lost digits), ``1_234`` and other scripts' digits as amounts. Zero has no sign: ``-0``
    would print "-0.00"."""
    normal = str(text).translate(_FULL_WIDTH).strip()
    if not _AMOUNT.fullmatch(normal):
        return None
    amount = Decimal(normal.replace(",", ""))
    return amount.copy_abs() if amount.is_zero() else amount
