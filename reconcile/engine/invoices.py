"""Invoice numbers a line's text cites, and when two lines' citations contradict each other.

A customer's remittance often names the invoice it pays (ACH addenda "ID:INV 11575", a wire's "PMT DET:INV23883",
SEPA "RE INV-1160"), and the books' receipt names the invoice it was applied to ("Customer Payment INV11575"). When
both lines of a one-to-one pair cite invoices and no number is common to them, an accountant reads two different
payments however well amount, date and payer agree (the same customer pays the same amount for another invoice).
A line citing several invoices contradicts only a line citing none of them; a number cut short or padded on one
side ("INV 430" and "INV-00430", "INV 2024-0430") still agrees (leading zeros dropped, one a suffix of the other).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

import numpy as np

# The invoice word, then the number (separators inside it kept apart from the word's: "INV 2024-0430").
_INVOICE = re.compile(
    r"(?<![A-Z0-9])INV(?:OICE)?(?:\s*(?:NO|NR|NUM)\b\.?)?[\s#:.\-]*(\d[\d\-/.]*\d|\d)(?!\d)", re.ASCII
)
MIN_DIGITS = 3  # fewer digits name no document ("INV 1" of a line counter)


class Side(Protocol):
    texts: list[str]
    text_code: np.ndarray


def cited_invoices(side: Side) -> tuple[np.ndarray, dict[int, frozenset[str]]]:
    """The summary codes whose text cites an invoice (sorted) and the numbers each cites; once per side."""
    cached = side.__dict__.get("_invoices")
    if cached is None:
        numbers: dict[int, frozenset[str]] = {}
        for code, text in enumerate(side.texts):
            if "INV" in text or "Inv" in text or "inv" in text:
                found = _numbers(text.upper())
                if found:
                    numbers[code] = found
        cached = side.__dict__["_invoices"] = (np.array(sorted(numbers), dtype=np.int64), numbers)
    return cached


def _numbers(upper: str) -> frozenset[str]:
    digits = (re.sub(r"\D", "", m).lstrip("0") for m in _INVOICE.findall(upper))
    return frozenset(d for d in digits if len(d) >= MIN_DIGITS)


@lru_cache(maxsize=100_000)
def disagree(a: frozenset[str], b: frozenset[str]) -> bool:
    """No invoice number of ``a`` is one of ``b`` (or its tail, or has it as its tail)."""
    return not any(x == y or x.endswith(y) or y.endswith(x) for x in a for y in b)


def invoices_contradict(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair (bank line ``b[k]``, journal line ``j[k]``): both texts cite invoices and none is common."""
    out = np.zeros(b.size, dtype=bool)
    b_codes, b_numbers = cited_invoices(bank)
    j_codes, j_numbers = cited_invoices(journal)
    if b.size == 0 or b_codes.size == 0 or j_codes.size == 0:
        return out
    tb, tj = bank.text_code[b], journal.text_code[j]
    at = np.flatnonzero(np.isin(tb, b_codes) & np.isin(tj, j_codes))
    for k, cb, cj in zip(at.tolist(), tb[at].tolist(), tj[at].tolist()):
        out[k] = disagree(b_numbers[cb], j_numbers[cj])
    return out
