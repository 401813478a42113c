"""A cheque is paid after it is written: the bank's line for a cheque it paid cannot pair with an entry the books
dated later.

The books date a cheque payment when the cheque is written (QuickBooks' Check, Xero's spend money, NetSuite's bill
payment by check); the bank pays it when the payee presents it, days or weeks after. A bank line reading "Check
12883" dated before the entry is another cheque that happens to share the amount (rent, retainers and round amounts
repeat), however near the dates.
"""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np

from .joined import raw_joined

# The bank's own words for a cheque it paid, number included ("Check 12883", "CHECK PAID #1234", "CHQ 001771").
_BEGIN = ("Ch", "CH", "ch")
_PAID_CHEQUE = re.compile(r"(?:CHECK|CHK|CHQ|CHEQUE)(?: PAID)?\s*(?:NO\.?|#)?\s*\d{3,}\b", re.ASCII)


class Side(Protocol):
    texts: list[str]
    text_code: np.ndarray
    day: np.ndarray


def paid_cheque_texts(side: Side) -> np.ndarray:
    """The summary codes of a bank side that read as a cheque the bank paid (sorted); once per side."""
    cached = side.__dict__.get("_paid_cheques")
    if cached is None:
        texts = side.texts
        # The summaries beginning so, found in the side's joined summaries (a test per summary cost ~0.2 s at 1M).
        begin = raw_joined(side).starting(_BEGIN).tolist()
        codes = [code for code in begin if texts[code][:2] in _BEGIN and _PAID_CHEQUE.match(texts[code].upper())]
        cached = side.__dict__["_paid_cheques"] = np.array(codes, dtype=np.int64)
    return cached


def cheque_before_issue(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair: the bank line is a paid cheque dated before the journal entry."""
    cheques = paid_cheque_texts(bank)
    if b.size == 0 or cheques.size == 0:
        return np.zeros(b.size, dtype=bool)
    return np.isin(bank.text_code[b], cheques) & (bank.day[b] < journal.day[j])  # type: ignore[no-any-return]
