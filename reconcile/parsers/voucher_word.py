"""A journal's voucher reference from 凭证字 and 凭证号 in separate columns (金蝶 K/3 and KIS, 用友 U8's 凭证 over
字 | 号): the ERP prints the two as one, "记-12", and numbers each word's vouchers on its own, so 记-12 and 收-12 are two
vouchers. Only the number was read, and the two were one voucher (one fingerprint, one serial matching names).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .text import header_key

# The columns that hold the voucher's word alone (凭证 over 字 | 号 is merged into 凭证字 and 凭证号 by the header's
# reader), and those that hold its number alone; a 凭证字号 column holds both already and is read as it is.
_WORD_COLUMNS = frozenset({header_key("凭证字")})
_NUMBER_COLUMNS = frozenset(header_key(n) for n in ("凭证号", "凭证号数", "凭证编号", "记账凭证号"))
# A word is a few letters (记, 收, 付, 转, 现收, 银付 ...), never a number or a date that a column of that name may hold.
_WORD = re.compile(r"[^\W\d_]{1,4}")
_SEPARATORS = "-－—–· "


def word_column(columns: Mapping[str, int], names: Mapping[int, str]) -> int | None:
    """The column of the voucher's word, when the serial was read from a column of its number alone."""
    serial = columns.get("serial")
    if serial is None or header_key(names.get(serial, "")) not in _NUMBER_COLUMNS:
        return None
    return next((c for c, n in names.items() if c != serial and header_key(n) in _WORD_COLUMNS), None)


def voucher_reference(word: str, number: str) -> str:
    """``记-12`` from ``记`` and ``12``, as the ERP prints it; the number as it is when there is no word (or the number
    already carries it, ``记-12``), and nothing when there is no number (a word alone names no voucher)."""
    word, number = word.strip(), number.strip()
    if not number or not _WORD.fullmatch(word) or number.startswith(word):
        return number
    return f"{word}-{number.lstrip(_SEPARATORS)}"


def earlier_number(before: str, now: str) -> bool:
    """Whether ``before`` is the voucher number alone that an earlier reading stored for ``now`` (``12`` for
    ``记-12``, compared as the re-read's comparison folds texts)."""
    word, dash, number = now.partition("-")
    return bool(dash) and number == before and _WORD.fullmatch(word) is not None


def one_voucher(before: str, now: str) -> bool:
    """Whether a stored voucher reference and the one read now are one voucher read with and without its word, either
    way round: an entry stored from the number alone (``12``) read now with its word (``记-12``), or one stored with
    it exported again from a layout without the 凭证字 column (U8's 凭证号 alone)."""
    return earlier_number(before, now) or earlier_number(now, before)
