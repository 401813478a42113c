"""An entry for an invoice that another bank line names is that line's, not a line naming no such invoice.

A transfer that cites the invoice it pays ("跨行转账 发票号76043570/29274557", "FPS DR INV-2026-30861 ETC") tells the
accountant where the entry for that invoice ("收货款 发票号29274557", "付货款 INV-2026-30861") belongs. A line of the
same amount that cites none of the entry's invoices (a plain "网银转账" of the same customer, a cheque clearing the
same day) is then another payment, however well amount and date agree: the pair is left to a person (a suggestion).
The citing line must run the same way (money in or out) and lie within ``REACH`` days of the entry: invoice numbers
are the issuer's, so two suppliers' numbers may coincide, but not one direction's within a month.

Both readings of ``invoices.py`` count (the INV word and its number, leading zeros dropped) and the mainland's 发票号
with its digits (several after one 发票号, "/"-separated). Read once per side, like the other summary readers; the
lines citing one invoice number each (nearly all) are kept as arrays, the rest as sets, so that a million lines cost
no Python step per summary.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Protocol

import numpy as np

from .invoices import Cited, cited_invoices
from .side_names import matching_texts

REACH = 30  # days (the engine's day unit) between the entry and a bank line citing its invoice
_CN_INVOICE = re.compile(r"发票号?码?[:：\s]*(\d{4,}(?:\s*[/、,，;；]\s*\d{4,})*)")
_DIGITS = re.compile(r"\d{4,}")


class Side(Protocol):
    texts: list[str]
    text_code: np.ndarray
    day: np.ndarray
    dirn: np.ndarray


MAX_INT_DIGITS = 18  # a number this long fits an int64 (invoices.py keeps no longer one as a single number)


def _cn_numbers(side: Side) -> dict[int, frozenset[str]]:
    """Per summary code citing a 发票号: its numbers (digits, leading zeros dropped). Once per side."""
    cached: dict[int, frozenset[str]] | None = side.__dict__.get("_cn_invoice_numbers")
    if cached is None:
        texts, cited, digits = side.texts, _CN_INVOICE.findall, _DIGITS.findall
        cached = {}
        # ``findall`` gives each 发票号's numbers as one string (no match objects, no set per summary): a quarter of
        # the time of reading them match by match on a journal where a third of the summaries cite one.
        for code in matching_texts(texts, ("发票",), _CN_INVOICE, side):
            if groups := cited(texts[code]):
                cached[code] = frozenset([n for group in groups for d in digits(group) if (n := d.lstrip("0"))])
        side.__dict__["_cn_invoice_numbers"] = cached
    return cached


def _all_cited(side: Side) -> Cited:
    """Every summary of the side read for the INV word (once; ``cited_invoices`` reads only what pairs ask for)."""
    cited: Cited | None = side.__dict__.get("_invoices_all")
    if cited is None:
        cited = side.__dict__["_invoices_all"] = cited_invoices(side)
    return cited


def numbers_of(side: Side, code: int) -> frozenset[str]:
    """The invoice numbers summary ``code`` of a side cites: the INV word's (one or several) and the 发票号's."""
    return _numbers(_all_cited(side), _cn_numbers(side), code)


def _numbers(cited: Cited, cn: dict[int, frozenset[str]], code: int) -> frozenset[str]:
    several, x, written = cited.several.get(code), int(cited.number[code]), cn.get(code, _NONE)
    if several is None and x <= 0:
        return written  # a 发票号 alone (its numbers have no empty one)
    out = set(several or ())
    if x > 0:
        out.add(str(x))
    out.update(written)
    return frozenset(n for n in out if n)


_NONE: frozenset[str] = frozenset()


def _listing_several(side: Side) -> list[int]:
    """The summary codes citing more than one number or a 发票号: read number by number (few)."""
    return sorted(set(_all_cited(side).several) | set(_cn_numbers(side)))


class _Citing(NamedTuple):
    """The bank lines citing invoices: those citing one number under the INV word as arrays sorted by it, the others
    as (number, direction) -> sorted days."""

    number: np.ndarray  # int64, sorted
    dirn: np.ndarray
    day: np.ndarray
    other: dict[tuple[str, int], np.ndarray]
    other_numbers: frozenset[str]

    @property
    def empty(self) -> bool:
        return self.number.size == 0 and not self.other

    def cites(self, n: str) -> bool:
        """Some bank line, any direction and day, cites ``n``."""
        if n in self.other_numbers:
            return True
        return len(n) <= MAX_INT_DIGITS and _in_sorted(self.number, int(n))

    def near(self, n: str, dirn: int, day: int) -> bool:
        """A bank line of direction ``dirn`` within ``REACH`` days of ``day`` cites ``n``."""
        days = self.other.get((n, dirn))
        if days is not None:
            lo = int(np.searchsorted(days, day - REACH, "left"))
            if lo < days.size and days[lo] <= day + REACH:
                return True
        if len(n) > MAX_INT_DIGITS:
            return False
        value = int(n)
        lo, hi = int(np.searchsorted(self.number, value, "left")), int(np.searchsorted(self.number, value, "right"))
        if lo == hi:
            return False
        same = self.dirn[lo:hi] == dirn
        return bool((np.abs(self.day[lo:hi][same] - day) <= REACH).any())


def _in_sorted(values: np.ndarray, value: int) -> bool:
    at = int(np.searchsorted(values, value, "left"))
    return at < values.size and int(values[at]) == value


def _citing(bank: Side) -> _Citing:
    cached: _Citing | None = bank.__dict__.get("_invoice_citing")
    if cached is not None:
        return cached
    number = _all_cited(bank).number[bank.text_code]
    lines = np.flatnonzero(number > 0)
    order = lines[np.argsort(number[lines], kind="stable")]
    other: dict[tuple[str, int], list[int]] = {}
    several = _listing_several(bank)
    if several:
        cited, cn = _all_cited(bank), _cn_numbers(bank)
        numbers = {code: _numbers(cited, cn, code) for code in several}
        lines = np.flatnonzero(np.isin(bank.text_code, np.array(several, dtype=np.int64)))
        for code, dirn, day in zip(bank.text_code[lines].tolist(), bank.dirn[lines].tolist(), bank.day[lines].tolist()):
            for n in numbers[code]:
                other.setdefault((n, dirn), []).append(day)
    cached = _Citing(
        number[order],
        bank.dirn[order],
        bank.day[order].astype(np.int64),
        {key: np.array(sorted(days), dtype=np.int64) for key, days in other.items()},
        frozenset(n for n, _dirn in other),
    )
    bank.__dict__["_invoice_citing"] = cached
    return cached


def _entries_citing_a_cited(bank: Side, journal: Side) -> np.ndarray:
    """Per journal summary code: whether it cites an invoice some bank line cites (any direction, any day). Once per
    side pair: most entries citing an invoice have no bank line citing it, and their pairs need no closer look."""
    cached: np.ndarray | None = journal.__dict__.get("_cites_a_cited")
    if cached is None:
        citing = _citing(bank)
        number = _all_cited(journal).number
        others = [int(n) for n in citing.other_numbers if len(n) <= MAX_INT_DIGITS]
        known = np.union1d(citing.number, np.array(others, dtype=np.int64))
        cached = (number > 0) & np.isin(number, known)
        listing = _listing_several(journal)
        if listing:
            everything = citing.other_numbers | set(map(str, np.unique(citing.number).tolist()))
            cited, cn = _all_cited(journal), _cn_numbers(journal)
            for code in listing:
                cached[code] = not _numbers(cited, cn, code).isdisjoint(everything)
        journal.__dict__["_cites_a_cited"] = cached
    return cached


def invoice_paid_elsewhere(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair: the entry cites an invoice, the bank line cites none of the entry's, and another bank line of the
    same direction within ``REACH`` days of the entry cites one of them."""
    out = np.zeros(b.size, dtype=bool)
    if b.size == 0 or _citing(bank).empty:
        return out
    at = np.flatnonzero(_entries_citing_a_cited(bank, journal)[journal.text_code[j]])
    if at.size == 0:
        return out
    # Most such pairs cite one invoice each, the same one (both sides of a SEPA run quote it): answered without a
    # step per pair.
    xb = _all_cited(bank).number[bank.text_code[b[at]]]
    at = at[(xb <= 0) | (xb != _all_cited(journal).number[journal.text_code[j[at]]])]
    citing = _citing(bank)
    for k, code_b, code_j, dirn, day in zip(
        at.tolist(),
        bank.text_code[b[at]].tolist(),
        journal.text_code[j[at]].tolist(),
        bank.dirn[b[at]].tolist(),
        journal.day[j[at]].tolist(),
    ):
        mine = numbers_of(journal, code_j)
        theirs = numbers_of(bank, code_b)
        if theirs and any(x in y or y in x for x in mine for y in theirs):
            continue  # the pair's own line cites the entry's invoice
        if any(n in bank.texts[code_b] for n in mine):
            continue  # ... or carries its number without the invoice word (an ACH's "ID:12449")
        if any(citing.near(n, dirn, day) for n in mine):
            out[k] = True
    return out
