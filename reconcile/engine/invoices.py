"""Invoice numbers a line's text cites, and when two lines' citations contradict each other.

A customer's remittance often names the invoice it pays (ACH addenda "ID:INV 11575", a wire's "PMT DET:INV23883",
SEPA "RE INV-1160"), and the books' receipt names the invoice it was applied to ("Customer Payment INV11575"). When
both lines of a one-to-one pair cite invoices and no number is common to them, an accountant reads two different
payments however well amount, date and payer agree (the same customer pays the same amount for another invoice).
A line citing several invoices contradicts only a line citing none of them; a number cut short, padded or wrapped
on one side ("INV 430" and "INV-00430", "INV 2024-0430", a bank's fixed-width "INV202 601415" for INV-2026-01415)
still agrees: its digits are read across separators and a space, leading zeros dropped, one inside the other.
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache
from typing import NamedTuple, Protocol

import numpy as np

from .joined import codes_of, upper_joined

# The invoice word, then the number (separators inside it kept apart from the word's: "INV 2024-0430").
_INVOICE = re.compile(
    # the literal first (the regex module then skips to each "INV"), the word's start checked behind it
    r"INV(?<![A-Z0-9]INV)(?:OICE)?(?:\s*(?:NO|NR|NUM)\b\.?)?[\s#:.\-]*(\d+(?:[\-/.]?[ ]?\d+)*)(?!\d)",
    re.ASCII,
)
_NON_DIGIT = re.compile(r"\D")
MIN_DIGITS = 3  # fewer digits name no document ("INV 1" of a line counter)


MAX_DIGITS = 18  # an int64 holds it; a longer run is no invoice number


class Side(Protocol):
    texts: list[str]
    text_code: np.ndarray


class Cited(NamedTuple):
    """Per distinct summary of a side: the one invoice number it cites (0: none, -1: several, kept in ``several``)."""

    number: np.ndarray  # int64
    several: dict[int, frozenset[str]]
    any: bool  # some summary cites an invoice


def cited_invoices(side: Side) -> Cited:
    """What each summary of a side cites; once per side, by one regex pass over the summaries joined."""
    cached = side.__dict__.get("_invoices")
    if cached is None:
        cached = side.__dict__["_invoices"] = _cited(side)
    return cached


def _cited(side: Side) -> Cited:
    texts = side.texts
    number = np.zeros(len(texts), dtype=np.int64)
    several: dict[int, frozenset[str]] = {}
    raw = "\n".join(texts)
    if not ("INV" in raw or "Inv" in raw or "inv" in raw):  # most runs' banks: no upper-cased copy needed
        return Cited(number, several, False)
    joined = upper_joined(side)
    if joined is None:  # upper-casing lengthened a text (ß -> SS): the texts one by one
        found = [(code, m) for code, text in enumerate(texts) for m in _INVOICE.findall(text.upper())]
        codes, raws = [f[0] for f in found], [f[1] for f in found]
    else:
        upper, starts = joined
        matches = list(_INVOICE.finditer(upper))
        codes = codes_of(starts, list(map(_START, matches))).tolist()
        raws = list(map(_NUMBER, matches))
    first: dict[int, str] = {}
    others: dict[int, set[str]] = {}
    for code, raw in zip(codes, raws):
        d = (raw if raw.isdigit() else _NON_DIGIT.sub("", raw)).lstrip("0")
        if MIN_DIGITS <= len(d) <= MAX_DIGITS:
            seen = first.setdefault(code, d)
            if seen != d:
                others.setdefault(code, {seen}).add(d)
    if first:
        keys = np.fromiter(first, np.int64, len(first))
        number[keys] = np.fromiter(map(int, first.values()), np.int64, len(first))
    for code, numbers in others.items():
        number[code] = -1
        several[code] = frozenset(numbers)
    return Cited(number, several, bool(first))


_START = operator.methodcaller("start")
_NUMBER = operator.methodcaller("group", 1)


@lru_cache(maxsize=100_000)
def disagree(a: frozenset[str], b: frozenset[str]) -> bool:
    """No invoice number of ``a`` is one of ``b``, inside one of them or holds one of them."""
    return not any(x in y or y in x for x in a for y in b)


def invoices_contradict(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair (bank line ``b[k]``, journal line ``j[k]``): both texts cite invoices and none is common."""
    cb = cited_invoices(bank)
    if b.size == 0 or not cb.any:
        return np.zeros(b.size, dtype=bool)  # the journal's summaries are not read when the bank cites nothing
    cj = cited_invoices(journal)
    tb, tj = bank.text_code[b], journal.text_code[j]
    xb, xj = cb.number[tb], cj.number[tj]
    out = (xb > 0) & (xj > 0) & (xb != xj)
    # One number each and not equal: still one invoice when one is inside the other (a year written in front on one
    # side, a number cut short), compared as digits for just these few pairs.
    at = np.flatnonzero(out)
    for k, x, y in zip(at.tolist(), map(str, xb[at].tolist()), map(str, xj[at].tolist())):
        out[k] = not (x in y or y in x)
    mixed = np.flatnonzero(((xb < 0) & (xj != 0)) | ((xj < 0) & (xb != 0)))
    for k, code_b, code_j in zip(mixed.tolist(), tb[mixed].tolist(), tj[mixed].tolist()):
        out[k] = disagree(_numbers_of(cb, code_b), _numbers_of(cj, code_j))
    return out  # type: ignore[no-any-return]


def _numbers_of(cited: Cited, code: int) -> frozenset[str]:
    n = int(cited.number[code])
    return cited.several[code] if n < 0 else frozenset((str(n),))
