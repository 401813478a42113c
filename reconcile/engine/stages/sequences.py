"""Stage 4e: a bank line that is the total of a run of consecutively numbered journal entries.

An ERP numbers the documents of one run in sequence: the payment run's bill payments (BILLPMT3934 ... BILLPMT3940,
付款单 FK0012 ... FK0016), the receipts of one deposit or lockbox batch (PYMT3970 ... PYMT3974). The bank shows one
line for the run, usually without a name (an ACH batch, a lockbox or remote deposit, 批量代付). Entries of different
payees and amounts, yet numbered one after the other and adding up to the cent to the bank line: that interval of
numbers is the evidence a bounded subset search cannot give on a busy day (where six of sixty lines add up to the
amount in several ways).

Accepted only when unambiguous: the bank line names no party (or a payment platform, or is marked as a batch, whose
line may name the holder as its originator) and is no cheque, exactly one interval of the
free entries adds up to it within the window, and no other free bank line of that amount is near the interval.
Anything else is left to the later stages.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np

from ..distinct import distinct
from ..fields import batch_marker, names_a_cheque
from ..state import State
from .spans import Span, take_spans

MAX_RUN = 12  # entries in one interval
MIN_RUN = 2
ROUND_CENTS = 10000  # a total in whole hundreds
_NUMBERED = re.compile(r"^(\D*?)(\d{1,12})$")
_CHEQUE_LINE = re.compile(r"\s*(?:CHECK|CHECK PAID|CHK|CK)\b", re.IGNORECASE)


def sequence_stage(st: State) -> None:
    bank, journal = st.bank, st.journal
    # A batch's own line may name the holder as its originator (NORTHBRIDGE SUPPLY DES:VENDOR PAY ... ACH BATCH).
    free = np.flatnonzero(st.bank_free)
    codes = bank.text_code[free]
    marked = np.zeros(len(bank.texts), dtype=bool)
    cheque = np.zeros(len(bank.texts), dtype=bool)
    for code in distinct(codes).tolist():  # the free lines' texts only (SEPA's are nearly all distinct)
        text = bank.texts[code]
        marked[code], cheque[code] = batch_marker(text), _a_cheque(text)
    named = bank.cp_code[free] != 0
    one = free[(~named | bank.platform_of(bank.cp_code[free]) | marked[codes]) & ~cheque[codes]]
    many = np.flatnonzero(st.journal_free)
    if one.size == 0 or many.size < MIN_RUN:
        return
    by_total = _interval_totals(st, many)
    if not by_total:
        return
    w = st.window

    def evidence(span: Span) -> str:
        refs = [str(journal.nref[m]) for m in span[2]]
        return f"连续单号 consecutive document numbers {refs[0]}-{refs[-1]}"

    # An interval spans at most the window, so one near a bank line ends within [day - w, day + 2w].
    take_spans(st, one, by_total, reach=2 * w, fits=lambda day, iv: iv[0] - w <= day <= iv[1] + w, evidence=evidence)


def _a_cheque(text: str) -> bool:
    """A bank line for one cheque (``Check 18057``, ``CHQ 001234``, 支票 ...) pays one payee, never a run."""
    return names_a_cheque(text) or _CHEQUE_LINE.match(text) is not None


def _interval_totals(st: State, many: np.ndarray) -> dict[int, list[Span]]:
    """Every interval of 2..MAX_RUN consecutively numbered free entries (one prefix, one direction, dates within the
    window of each other), by total (``cents * 2 + direction``). Two entries never make a round total (two
    neighbours of 1,500.00 add up to a 3,000.00 payment by chance; a payroll run of three salaries does, on its day).
    An interval over several days needs three entries or more and a total that is not round: a journal that numbers
    every voucher (记-0678, 记-0679) runs on across days, a run booked on one day does not."""
    journal = st.journal
    numbered: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    nref = journal.nref
    for i in many.tolist():
        m = _NUMBERED.match(str(nref[i]))
        if m:
            numbered[(int(journal.dirn[i]), m.group(1))].append((int(m.group(2)), i))
    out: dict[int, list[Span]] = defaultdict(list)
    w = st.window
    for (dirn, prefix), entries in numbered.items():
        if len(entries) < MIN_RUN:
            continue
        # A number two entries carry (one voucher's two lines) makes the run ambiguous: which of them belongs to it
        # would depend on the input's order. Such numbers are left out, so no run goes through them.
        counts = Counter(n for n, _i in entries)
        entries = sorted(e for e in entries if counts[e[0]] == 1)
        numbers = [n for n, _i in entries]
        lines = [i for _n, i in entries]
        cents = journal.cents[lines].tolist()
        days = journal.day[lines].tolist()
        for start in range(len(lines) - 1):
            total, lo, hi = cents[start], days[start], days[start]
            for end in range(start + 1, min(start + MAX_RUN, len(lines))):
                if numbers[end] != numbers[end - 1] + 1:
                    break
                total += cents[end]
                lo, hi = min(lo, days[end]), max(hi, days[end])
                if hi - lo > w:
                    break
                # Bare numbers (cheques 1001-1003, dates as references) number more than runs: their round totals
                # are never a run's, a lettered series' (BILLPMT, PYMT) of three on one day may be.
                round_ok = lo == hi and end - start >= 2 and bool(prefix)
                if (total % ROUND_CENTS or round_ok) and (lo == hi or end - start >= 2):
                    out[total * 2 + dirn].append((lo, hi, tuple(lines[start : end + 1])))
    return out
