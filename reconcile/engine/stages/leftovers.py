"""Stage 5: suggestions for what is still free, each with a scored reason.

* same amount and direction inside the window that the earlier stages did
  not dare to accept (ties, contradicting names) -> ``amount_date_scored``;
* same amount and direction outside the window, up to ``reference_days``
  -> ``amount_outside_window``;
* near amount inside the window with the same counterparty, differing by at
  most a typical bank fee -> ``near_amount``.

Per bank line at most ``PER_LINE`` suggestions of each kind, nearest first.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np

from ..names import core_name, name_similarity
from ..score import STRONG_NAME, contradicts, evidence
from ..state import State
from ..types import RULE_AMBIGUOUS, RULE_NEAR_AMOUNT, RULE_OUTSIDE_WINDOW

PER_LINE = 3
MAX_FEE_CENTS = 20_000  # 200.00: larger differences are not "a fee"
FEE_RATE = 0.003  # ... and at most 0.3% of the amount (or 50.00, if larger)
MIN_FEE_CAP = 5_000


def leftover_stage(st: State) -> None:
    b_idx = np.flatnonzero(st.bank_free)
    j_idx = np.flatnonzero(st.journal_free)
    if b_idx.size == 0 or j_idx.size == 0:
        return
    _same_amount(st, b_idx, j_idx)
    _near_amount(st, b_idx, j_idx)


def _bank_order(st: State, b_idx: np.ndarray) -> list[int]:
    return sorted(b_idx.tolist(), key=lambda i: st.bank.lines[i][0])


def _same_amount(st: State, b_idx: np.ndarray, j_idx: np.ndarray) -> None:
    bank, journal = st.bank, st.journal
    bound = st.reference_days
    # Composite (amount key, day) so one searchsorted pair bounds the dates too.
    shift = np.int64(1) << np.int64(24)
    base = int(min(bank.day.min(), journal.day.min())) - bound - 1
    jkey = (journal.cents[j_idx] * 2 + journal.dirn[j_idx]) * shift + (journal.day[j_idx] - base)
    order = np.argsort(jkey, kind="stable")
    j_sorted = j_idx[order].tolist()
    skey = jkey[order]
    b_list = _bank_order(st, b_idx)
    b_arr = np.array(b_list, dtype=np.int64)
    bkey = (bank.cents[b_arr] * 2 + bank.dirn[b_arr]) * shift + (bank.day[b_arr] - base)
    los = np.searchsorted(skey, bkey - bound, "left").tolist()
    his = np.searchsorted(skey, bkey + bound, "right").tolist()
    bl, jl = bank.lines, journal.lines
    jday = journal.day
    for b, lo, hi in zip(b_list, los, his):
        if lo == hi:
            continue
        bday = int(bank.day[b])
        near = sorted((abs(int(jday[j]) - bday), jl[j][0], j) for j in j_sorted[lo:hi])[:PER_LINE]
        for dd, _jid, j in near:
            ev = evidence(bl[b], jl[j], dd, st.window, st.working)
            if dd <= st.window:
                st.suggest([b], [j], RULE_AMBIGUOUS, max(0.01, round(ev.score * 0.9, 4)), ev.reasons + ("需人工确认 not unique or conflicting evidence",))
            elif not contradicts(ev):
                why = f"同额但超出窗口 same amount, outside the {st.window}-day window"
                st.suggest([b], [j], RULE_OUTSIDE_WINDOW, round(ev.score * 0.6, 4), ev.reasons + (why,))


def _near_amount(st: State, b_idx: np.ndarray, j_idx: np.ndarray) -> None:
    """Same counterparty, amount off by at most a fee: indexed by name-core prefix."""
    bank, journal = st.bank, st.journal
    jl = journal.lines
    jcents, jday, jdir = journal.cents, journal.day, journal.dirn
    by_party: dict[tuple[int, str], list[tuple[int, str, int]]] = {}
    for j in j_idx.tolist():
        cp = jl[j][5]
        core = core_name(cp) if cp else ""
        if core:
            by_party.setdefault((int(jdir[j]), core[:2]), []).append((int(jcents[j]), jl[j][0], j))
    if not by_party:
        return
    for entries in by_party.values():
        entries.sort()
    amounts = {k: [e[0] for e in entries] for k, entries in by_party.items()}
    bl = bank.lines
    for b in _bank_order(st, b_idx):
        line = bl[b]
        core = core_name(line[5]) if line[5] else ""
        if not core:
            continue
        key = (int(bank.dirn[b]), core[:2])
        entries = by_party.get(key)
        if entries is None:
            continue
        cents = int(bank.cents[b])
        cap = min(MAX_FEE_CENTS, max(MIN_FEE_CAP, int(cents * FEE_RATE)))
        lo, hi = bisect_left(amounts[key], cents - cap), bisect_right(amounts[key], cents + cap)
        bday = int(bank.day[b])
        found: list[tuple[int, int, str, int]] = []
        for jc, jid, j in entries[lo:hi]:
            diff = abs(jc - cents)
            dd = abs(int(jday[j]) - bday)
            if diff == 0 or dd > st.window:
                continue
            if name_similarity(line[5], jl[j][5]) >= STRONG_NAME:
                found.append((diff, dd, jid, j))
        for diff, dd, _jid, j in sorted(found)[:PER_LINE]:
            ev = evidence(line, jl[j], dd, st.window, st.working)
            why = f"金额相差 {diff // 100}.{diff % 100:02d}（可能为手续费）amount differs by {diff // 100}.{diff % 100:02d}, possibly a bank fee"
            st.suggest([b], [j], RULE_NEAR_AMOUNT, round(ev.score * 0.7, 4), ev.reasons + (why,))
