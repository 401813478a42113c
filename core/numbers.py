"""Whole numbers read from text a user or a link sends (query strings, hidden form fields)."""

from __future__ import annotations

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
