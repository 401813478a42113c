"""An entry for an invoice that another bank line names is that line's, not a line naming no such invoice.

A transfer that cites the invoice it pays ("跨行转账 发票号76043570/29274557", "FPS DR INV-2026-30861 ETC") tells the
accountant where the entry for that invoice ("收货款 发票号29274557", "付货款 INV-2026-30861") belongs. A line of the
same amount that cites none of the entry's invoices (a plain "网银转账" of the same customer, a cheque clearing the
same day) is then another payment, however well amount and date agree: the pair is left to a person (a suggestion).
The citing line must run the same way (money in or out) and lie within ``REACH`` days of the entry: invoice numbers
are the issuer's, so two suppliers' numbers may coincide, but not one direction's within a month.

Both readings of ``invoices.py`` count (the INV word and its number, leading zeros dropped) and the mainland's 发票号
with its digits (several after one 发票号, "/"-separated). Read once per side, like the other summary readers.
"""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np

from .invoices import cited_invoices
from .side_names import matching_texts

REACH = 30  # days (the engine's day unit) between the entry and a bank line citing its invoice
_CN_INVOICE = re.compile(r"发票号?码?[:：\s]*(\d{4,}(?:\s*[/、,，;；]\s*\d{4,})*)")
_DIGITS = re.compile(r"\d{4,}")


class Side(Protocol):
    texts: list[str]
    text_code: np.ndarray
    day: np.ndarray
    dirn: np.ndarray


def numbers_of_texts(side: Side) -> dict[int, frozenset[str]]:
    """Per summary code citing invoices: their numbers (digits, leading zeros dropped). Once per side."""
    cached: dict[int, frozenset[str]] | None = side.__dict__.get("_invoice_numbers")
    if cached is not None:
        return cached
    found: dict[int, set[str]] = {}
    cited = cited_invoices(side)
    if cited.any:
        for code in np.flatnonzero(cited.number > 0).tolist():
            found.setdefault(code, set()).add(str(int(cited.number[code])))
        for code, numbers in cited.several.items():
            found.setdefault(code, set()).update(numbers)
    texts = side.texts
    for code in matching_texts(texts, ("发票",), _CN_INVOICE):
        for m in _CN_INVOICE.finditer(texts[code]):
            found.setdefault(code, set()).update(d.lstrip("0") for d in _DIGITS.findall(m.group(1)))
    cached = {code: frozenset(n for n in numbers if n) for code, numbers in found.items()}
    side.__dict__["_invoice_numbers"] = cached
    return cached


def _citing_days(bank: Side) -> dict[tuple[str, int], np.ndarray]:
    """(invoice number, direction) -> the sorted days of the bank lines citing it. Once per side."""
    cached: dict[tuple[str, int], np.ndarray] | None = bank.__dict__.get("_invoice_days")
    if cached is not None:
        return cached
    numbers = numbers_of_texts(bank)
    days: dict[tuple[str, int], list[int]] = {}
    if numbers:
        codes = np.fromiter(numbers, np.int64, len(numbers))
        lines = np.flatnonzero(np.isin(bank.text_code, codes))
        for code, dirn, day in zip(bank.text_code[lines].tolist(), bank.dirn[lines].tolist(), bank.day[lines].tolist()):
            for n in numbers[code]:
                days.setdefault((n, dirn), []).append(day)
    cached = {key: np.array(sorted(v), dtype=np.int64) for key, v in days.items()}
    bank.__dict__["_invoice_days"] = cached
    return cached


def _entries_citing_a_cited(bank: Side, journal: Side) -> np.ndarray:
    """Per journal summary code: whether it cites an invoice some bank line cites (any direction, any day). Once per
    side pair: most entries citing an invoice have no bank line citing it, and their pairs need no closer look."""
    cached: np.ndarray | None = journal.__dict__.get("_cites_a_cited")
    if cached is None:
        cited = {n for n, _dirn in _citing_days(bank)}
        cached = np.zeros(len(journal.texts), dtype=bool)
        hits = [code for code, numbers in numbers_of_texts(journal).items() if not numbers.isdisjoint(cited)]
        if hits:
            cached[np.array(hits, dtype=np.int64)] = True
        journal.__dict__["_cites_a_cited"] = cached
    return cached


def invoice_paid_elsewhere(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair: the entry cites an invoice, the bank line cites none of the entry's, and another bank line of the
    same direction within ``REACH`` days of the entry cites one of them."""
    out = np.zeros(b.size, dtype=bool)
    if b.size == 0 or not _citing_days(bank):
        return out
    at = np.flatnonzero(_entries_citing_a_cited(bank, journal)[journal.text_code[j]])
    if at.size == 0:
        return out
    j_numbers = numbers_of_texts(journal)
    citing = _citing_days(bank)
    b_numbers = numbers_of_texts(bank)
    for k, code_b, code_j, dirn, day in zip(
        at.tolist(),
        bank.text_code[b[at]].tolist(),
        journal.text_code[j[at]].tolist(),
        bank.dirn[b[at]].tolist(),
        journal.day[j[at]].tolist(),
    ):
        mine = j_numbers[code_j]
        theirs = b_numbers.get(code_b)
        if theirs and any(x in y or y in x for x in mine for y in theirs):
            continue  # the pair's own line cites the entry's invoice
        if any(n in bank.texts[code_b] for n in mine):
            continue  # ... or carries its number without the invoice word (an ACH's "ID:12449")
        for n in mine:
            days = citing.get((n, dirn))
            if days is not None:
                lo = int(np.searchsorted(days, day - REACH, "left"))
                if lo < days.size and days[lo] <= day + REACH:
                    out[k] = True
                    break
    return out
