"""Invoice numbers a line's text cites, and when two lines' citations contradict each other.

A customer's remittance often names the invoice it pays (ACH addenda "ID:INV 11575", a wire's "PMT DET:INV23883",
SEPA "RE INV-1160"), and the books' receipt names the invoice it was applied to ("Customer Payment INV11575"). When
both lines of a one-to-one pair cite invoices and no number is common to them, an accountant reads two different
payments however well amount, date and payer agree (the same customer pays the same amount for another invoice).
A line citing several invoices contradicts only a line citing none of them; a number cut short, padded or wrapped
on one side ("INV 430" and "INV-00430", "INV 2024-0430", a bank's fixed-width "INV202 601415" for INV-2026-01415)
still agrees: its digits are read across separators and a space, leading zeros dropped, one inside the other.
Several numbers after one invoice word are each cited when written alike: listed ("INV 11575, 11576", "& ", "AND")
or side by side ("INV 1234 5678"), except where the space is the end of the bank's 35-character field (the wrap
above). "INV 1234/5678" stays one number: a slash is as often inside one (2024/0430) as between two.
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache
from itertools import compress
from typing import Protocol

import numpy as np

from .distinct import distinct
from .joined import literal_mask, upper_texts

# One number: digits across separators and a space ("2024-0430", a wrapped "202 601415"; ``_split`` decides a space).
_NUMBER = r"\d+(?:[\-/.]?[ ]?\d+)*"
# The invoice word, then the number (separators inside it kept apart from the word's: "INV 2024-0430"), then any more
# numbers listed after it ("INV 11575, 11576", "INV 1234 & 5678": ``_listed`` keeps those written like the first).
_INVOICE = re.compile(
    # the literal first (the regex module then skips to each "INV"), the word's start checked behind it
    rf"INV(?<![A-Z0-9]INV)(?:OICE)?(?:\s*(?:NO|NR|NUM)\b\.?)?[\s#:.\-]*({_NUMBER}(?:\s*(?:,|&|;|\+|\bAND\b)\s*{_NUMBER})*)(?!\d)",
    re.ASCII,
)
_ITEM = re.compile(_NUMBER, re.ASCII)
_DIGIT = re.compile(r"\d", re.ASCII)
# A bank cuts a remittance into 35-character fields (SWIFT MT103 field 70) and exports them joined by a space: a
# space at a field's end (offset 35, 71, ...) is no separator the payer wrote.
FIELD = 35
_NON_DIGIT = re.compile(r"\D")
MIN_DIGITS = 3  # fewer digits name no document ("INV 1" of a line counter)


MAX_DIGITS = 18  # an int64 holds it; a longer run is no invoice number


class Side(Protocol):
    texts: list[str]
    text_code: np.ndarray


class Cited:
    """Per distinct summary of a side, filled in as pairs ask for it: the one invoice number it cites (0: none, -1:
    several, kept in ``several``); ``read`` marks the summaries read. Only the summaries of the pairs
    ``invoices_contradict`` is asked about are read (at a million lines about half of them: most lines never meet a
    pair's contradiction checks), each once."""

    __slots__ = ("number", "read", "several")

    def __init__(self, size: int) -> None:
        self.number = np.zeros(size, dtype=np.int64)
        self.read = np.zeros(size, dtype=bool)
        self.several: dict[int, frozenset[str]] = {}

    @property
    def any(self) -> bool:
        """Some summary read cites an invoice (all of them when read by ``cited_invoices(side)``)."""
        return bool(self.number.any())


def cited_invoices(side: Side, codes: np.ndarray | None = None) -> Cited:
    """What the summaries ``codes`` of a side cite (every summary when None; those read before are kept), each
    summary read once per side."""
    cited: Cited | None = side.__dict__.get("_invoices")
    if cited is None:
        cited = side.__dict__["_invoices"] = Cited(len(side.texts))
    if codes is None:
        unread = np.flatnonzero(~cited.read)
    else:
        unread = distinct(codes[~cited.read[codes]])
    if unread.size:
        _read(side, cited, unread)
    return cited


def cited_numbers(text: str) -> list[str]:
    """The invoice numbers ``text`` cites, in order, each once: digits without leading zeros."""
    out: list[str] = []
    for m in _INVOICE.finditer(text.upper()):
        for raw in _listed(m.group(1), m.start(1)):
            d = (raw if raw.isdigit() else _NON_DIGIT.sub("", raw)).lstrip("0")
            if MIN_DIGITS <= len(d) <= MAX_DIGITS and d not in out:
                out.append(d)
    return out


def _listed(raw: str, at: int) -> list[str]:
    """The numbers of one citation (``raw``, at offset ``at`` of the text): the first, and each listed after it or
    beside it that is written like it (the same digits and separators: "11575, 11576", "2024-0430 & 2024-0431"; an
    amount after the number, "1234, 500.00", is none)."""
    items = [piece for m in _ITEM.finditer(raw) for piece in _split(m.group(), at + m.start())]
    if len(items) == 1:
        return items
    form = _DIGIT.sub("9", items[0])
    return [items[0], *(item for item in items[1:] if _DIGIT.sub("9", item) == form)]


def _split(number: str, at: int) -> list[str]:
    """One number's text cut at each space between two digits, unless the space is where the bank's field wrapped
    or the two sides are not written alike ("INV 1234 5678" is two invoices; "INV202 601415" at a field's end, one;
    "INV 1234 2 PCS" is left as it was read)."""
    if " " not in number:
        return [number]
    pieces = [number]
    for k in [k for k, ch in enumerate(number) if ch == " " and number[k - 1].isdigit()]:
        if (at + k) % (FIELD + 1) == FIELD:
            continue
        head, tail = pieces[-1], number[k + 1 :]
        cut = len(head) - (len(number) - k)
        left = head[:cut]
        if _DIGIT.sub("9", left) == _DIGIT.sub("9", tail.split(" ")[0]):
            pieces[-1:] = [left, tail]
    return pieces


def _read(side: Side, cited: Cited, unread: np.ndarray) -> None:
    texts = side.texts
    cited.read[unread] = True
    # Only summaries holding the word (upper-cased) can cite (``joined``: one split of the side's joined summaries);
    # about half of a SEPA side does not.
    unread = unread[literal_mask(side, "_holds_inv", ("INV",))[unread]]
    codes = unread.tolist()
    # One regex call per summary (C); then the citations in bulk: a summary citing one number of digits alone (nearly
    # all that cite) costs no Python step of its own, the others (several, separators, very long) are read one by one.
    found = list(map(_INVOICE.findall, map(upper_texts(side).__getitem__, codes)))
    sizes = np.fromiter(map(len, found), np.int64, len(found))
    single = sizes == 1
    raws = list(map(_FIRST, compress(found, single)))
    plain = np.fromiter(map(str.isdigit, raws), bool, len(raws))
    plain &= np.fromiter(map(len, raws), np.int64, len(raws)) <= MAX_DIGITS
    values = np.fromiter(map(int, compress(raws, plain)), np.int64, int(plain.sum()))
    kept = values >= 10 ** (MIN_DIGITS - 1)  # digits without leading zeros: MIN_DIGITS of them or more
    cited.number[unread[single][plain][kept]] = values[kept]
    rest = sizes > 1
    rest[np.flatnonzero(single)[~plain]] = True
    for k in np.flatnonzero(rest).tolist():
        numbers = cited_numbers(texts[codes[k]])
        if len(numbers) == 1:
            cited.number[codes[k]] = int(numbers[0])
        elif numbers:
            cited.number[codes[k]] = -1
            cited.several[codes[k]] = frozenset(numbers)


_FIRST = operator.itemgetter(0)


@lru_cache(maxsize=100_000)
def disagree(a: frozenset[str], b: frozenset[str]) -> bool:
    """No invoice number of ``a`` is one of ``b``, inside one of them or holds one of them."""
    return not any(x in y or y in x for x in a for y in b)


def invoices_contradict(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair (bank line ``b[k]``, journal line ``j[k]``): both texts cite invoices and none is common."""
    if b.size == 0:
        return np.zeros(0, dtype=bool)
    tb = bank.text_code[b]
    cb = cited_invoices(bank, tb)
    xb = cb.number[tb]
    citing = xb != 0
    if not citing.any():
        return np.zeros(b.size, dtype=bool)  # the journal's summaries are not read when these bank lines cite nothing
    tj = journal.text_code[j]
    cj = cited_invoices(journal, tj[citing])  # only the entries paired with a citing bank line
    xj = np.where(citing, cj.number[tj], 0)
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
