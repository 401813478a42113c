"""Numbers read from text a user or a link sends (query strings, hidden form fields, typed amounts)."""

from __future__ import annotations

import re
import unicodedata
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


# An amount as people write one: digits with an optional sign and decimal point, commas anywhere (grouping).
_AMOUNT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def plain_amount(text: str) -> Decimal | None:
    """``text`` as an amount when it is written as one (``1,234.50``, ``-12``; full-width digits and commas, as a
    Chinese input method types them, read as theirs), else None. ``Decimal()`` alone took ``1e5`` (Excel's
    ``1.2E+06`` display has lost digits), ``1_234`` and other scripts' digits as amounts. Zero has no sign: ``-0``
    would print "-0.00"."""
    normal = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    if not _AMOUNT.fullmatch(normal):
        return None
    amount = Decimal(normal)
    return amount.copy_abs() if amount.is_zero() else amount
