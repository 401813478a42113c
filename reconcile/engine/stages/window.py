"""Stage 2: amount + direction inside the working-day window, mutually unique.

Fully vectorised: each free line gets a composite int64 key
``(amount, direction) << k | day`` so that "same amount and direction
within +-w days" is a contiguous range of a sorted array, found with two
``searchsorted`` calls for all lines at once.  A bank line whose range holds
exactly one journal line, which in turn sees only that bank line, is matched.

The same pass returns the *ambiguous* lines (some candidate, not mutually
unique) for stage 3.  Unique pairs whose names or summaries contradict each
other are not auto-accepted (a careful accountant would doubt them); they are
left free and reappear as suggestions in stage 5.
"""

from __future__ import annotations

import numpy as np

from ..account_names import repeated_amount
from ..channels import late_cheques
from ..cheque_dates import paid_cheque_texts
from ..party_elsewhere import party_elsewhere
from ..score import (
    STRONG_NAME,
    WEAK_NAME,
    date_reason,
    pair_codes,
    side_name_reason,
    side_name_reasons,
    side_name_sims,
    summary_conflict,
)
from ..state import State
from ..types import RULE_AMOUNT_DATE, RULE_OUTSIDE_WINDOW
from .arrays import composite


def window_stage(st: State, *, after_others: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Match mutually unique pairs; return (ambiguous bank idx, ambiguous journal idx).

    ``after_others``: the pass that runs again after the scored stage (2c): a pair that is unique now because
    every other line of its amount in the window was matched by stronger evidence (a name, a reference) is the
    same evidence as a pair unique from the start, and says so in its reason."""
    b_idx = np.flatnonzero(st.bank_free)
    j_idx = np.flatnonzero(st.journal_free)
    empty = np.zeros(0, dtype=np.int64)
    if b_idx.size == 0 or j_idx.size == 0:
        return empty, empty
    w = st.window
    bank, journal = st.bank, st.journal
    bc, jc = composite([bank.key[b_idx], journal.key[j_idx]], [bank.day[b_idx], journal.day[j_idx]], w + 1)
    b_order = np.argsort(bc, kind="stable")
    j_order = np.argsort(jc, kind="stable")
    bs, js = bc[b_order], jc[j_order]
    # Candidate ranges, searched with sorted needles (cache friendly) and
    # scattered back to positions in b_idx / j_idx.
    b_lo = np.empty_like(b_order)
    b_cnt = np.empty_like(b_order)
    b_lo[b_order] = np.searchsorted(js, bs - w, "left")
    b_cnt[b_order] = np.searchsorted(js, bs + w, "right") - b_lo[b_order]
    j_lo = np.empty_like(j_order)
    j_cnt = np.empty_like(j_order)
    j_lo[j_order] = np.searchsorted(bs, js - w, "left")
    j_cnt[j_order] = np.searchsorted(bs, js + w, "right") - j_lo[j_order]

    b_single = np.flatnonzero(b_cnt == 1)  # positions in b_idx
    partner = j_order[b_lo[b_single]]  # positions in j_idx
    back = b_order[j_lo[partner]]
    mutual = (j_cnt[partner] == 1) & (back == b_single)
    mb, mj = b_single[mutual], partner[mutual]

    taken_b = np.zeros(b_idx.size, dtype=bool)
    taken_j = np.zeros(j_idx.size, dtype=bool)
    if after_others:  # by elimination: not when the party's own line of the amount is open elsewhere
        open_elsewhere = party_elsewhere(st, b_idx[mb], j_idx[mj])
        mb, mj = mb[~open_elsewhere], mj[~open_elsewhere]
    ok = _accept_pairs(st, b_idx[mb], j_idx[mj], _UNIQUE_AFTER if after_others else _UNIQUE)
    taken_b[mb[ok]] = True
    taken_j[mj[ok]] = True

    amb_b = b_idx[(b_cnt >= 1) & ~taken_b]
    amb_j = j_idx[(j_cnt >= 1) & ~taken_j]
    return amb_b, amb_j


def _accept_pairs(st: State, bi: np.ndarray, ji: np.ndarray, unique: str) -> np.ndarray:
    """Accept unique pairs unless names/summaries contradict (vectorised).

    Name similarity is computed once per distinct (bank name, journal name)
    pair, summary categories once per distinct summary.  Returns the mask
    of accepted pairs.
    """
    if bi.size == 0:
        return np.zeros(0, dtype=bool)
    bank, journal = st.bank, st.journal
    nj = len(journal.cp_names)
    cb, cj = bank.cp_code[bi].astype(np.int64), journal.cp_code[ji].astype(np.int64)
    named = (cb > 0) & (cj > 0)
    pair_code = np.where(named, cb * nj + cj, -1)
    uniq, inverse = np.unique(pair_code, return_inverse=True)
    inverse = inverse.reshape(-1)
    # Per distinct name pair (``uniq`` is sorted: the -1 of pairs without two names, if any, comes first).
    sims = np.zeros(uniq.size)
    both = uniq >= 0
    cb_list, cj_list = pair_codes(uniq[both], nj)
    pair_sims = side_name_sims(bank, journal, cb_list, cj_list)
    sims[both] = pair_sims
    why_name = [""] * int(uniq.size - len(cb_list)) + side_name_reasons(bank, journal, cb_list, cj_list, pair_sims)
    sim = sims[inverse]
    other_name = named & (sim < WEAK_NAME)
    other_summary = summary_conflict(bank, journal, bi, ji, bank.cat[bi], journal.cat[ji], named, sim)
    ok = ~(other_name | other_summary)
    # Held back for the names alone: evidence of a payer's other name if it recurs (``invoice_aliases``).
    alone = other_name & ~other_summary
    st.held_for_names.append((bi[alone], ji[alone]))
    dd = np.abs(bank.day[bi] - journal.day[ji])
    date_part = 1.0 - dd / (st.window + 1)
    score = np.where(named, 0.85 + 0.1 * (sim >= STRONG_NAME) + 0.05 * date_part, 0.8 + 0.05 * date_part)
    score = np.round(score, 4)
    # Reasons depend only on (date distance, name pair): one shared tuple per combination.
    ok_idx = np.flatnonzero(ok)
    span = int(dd.max()) + 1
    combos, which = np.unique(inverse[ok_idx] * span + dd[ok_idx], return_inverse=True)
    dwhy = [date_reason(d, st.working) for d in range(span)]  # a few distances, a few hundred thousand combinations
    names_of, days_of = np.divmod(combos, span)
    reasons = [
        (unique, dwhy[d], why_name[u]) if why_name[u] else (unique, dwhy[d])
        for u, d in zip(names_of.tolist(), days_of.tolist())
    ]
    shared = map(reasons.__getitem__, which.reshape(-1).tolist())
    st.take_pairs(bi[ok_idx], ji[ok_idx], RULE_AMOUNT_DATE, score[ok_idx].tolist(), shared)
    return ok  # type: ignore[no-any-return]  # a boolean mask (numpy's operators are typed Any here)


_UNIQUE = "金额方向唯一 unique amount+direction in window"
_UNIQUE_AFTER = (
    "其余同额已按名称或参考号对上, 金额方向唯一 unique amount+direction in window once the others were matched by name "
    "or reference"
)


def late_stage(st: State) -> None:
    """Pairs booked outside the window (a payment entered a week late): auto-matched only when the amount and
    direction are unique on both sides within ``reference_days`` among the free lines and both lines name the
    same party (a strong name match). Anything less stays a suggestion of stage 5."""
    b_idx = np.flatnonzero(st.bank_free)
    j_idx = np.flatnonzero(st.journal_free)
    if b_idx.size == 0 or j_idx.size == 0:
        return
    bank, journal, bound = st.bank, st.journal, st.reference_days
    bc, jc = composite([bank.key[b_idx], journal.key[j_idx]], [bank.day[b_idx], journal.day[j_idx]], bound + 1)
    b_order, j_order = np.argsort(bc, kind="stable"), np.argsort(jc, kind="stable")
    bs, js = bc[b_order], jc[j_order]
    lo = np.searchsorted(js, bc - bound, "left")
    cnt = np.searchsorted(js, bc + bound, "right") - lo
    back = np.searchsorted(bs, jc + bound, "right") - np.searchsorted(bs, jc - bound, "left")
    # Same-side twins within the bound make "the only one" meaningless: count them too.
    twins_b = np.searchsorted(bs, bc + bound, "right") - np.searchsorted(bs, bc - bound, "left")
    single = np.flatnonzero((cnt == 1) & (twins_b == 1))
    partner = j_order[lo[single]]
    ok = back[partner] == 1
    bi, ji = b_idx[single[ok]], j_idx[partner[ok]]
    dd = np.abs(bank.day[bi] - journal.day[ji])
    bi, ji, dd = bi[dd > st.window], ji[dd > st.window], dd[dd > st.window]
    if bi.size == 0:
        return
    cheque = _cheques_paid_late(st, bi, ji)
    if cheque.any():
        _take_late_cheques(st, bi[cheque], ji[cheque], dd[cheque])
        bi, ji, dd = bi[~cheque], ji[~cheque], dd[~cheque]
    cb, cj = bank.cp_code[bi], journal.cp_code[ji]
    named = (cb > 0) & (cj > 0)
    bi, ji, dd = bi[named], ji[named], dd[named]
    sims = np.array(
        [
            side_name_reason(bank, journal, b, j)[0]
            for b, j in zip(bank.cp_code[bi].tolist(), journal.cp_code[ji].tolist())
        ],
        dtype=np.float64,
    )
    strong = sims >= STRONG_NAME
    cat_b, cat_j = bank.cat[bi], journal.cat[ji]
    strong &= ~((cat_b > 0) & (cat_j > 0) & (cat_b != cat_j))
    strong &= ~repeated_amount(st, bi, ji)
    bi, ji, dd = bi[strong], ji[strong], dd[strong]
    if bi.size == 0:
        return
    why = [
        (_late(_LATE, bound, st.working), date_reason(d, st.working), side_name_reason(bank, journal, b, j)[1])
        for b, j, d in zip(bank.cp_code[bi].tolist(), journal.cp_code[ji].tolist(), dd.tolist())
    ]
    st.take_pairs(bi, ji, RULE_OUTSIDE_WINDOW, [0.85] * bi.size, why)


_LATE = "超出窗口但 {0} {1}内金额唯一且同一对方 outside the window, the only line of this amount within {0} {2}, same counterparty"


def _late(template: str, bound: int, working: bool) -> str:
    """A late pair's reason, its reach in the unit the run counted (working days with a calendar, as the date reason
    beside it says; "days" said days of a reach that counted working days)."""
    return template.format(bound, *(("个工作日", "working days") if working else ("天", "days")))


def _cheques_paid_late(st: State, bi: np.ndarray, ji: np.ndarray) -> np.ndarray:
    """Per late pair: the bank line is a cheque it paid (``cheque_dates``), the entry was written before, and nothing
    contradicts them (names, summaries, cited invoices). A cheque is presented days or weeks after it is written, so
    its lag is no sign of another payment when the amount is the only one on both sides. A cheque is told by a US
    bank's paid-cheque wording (``cheque_dates``) or by a clearing line naming no party (支票 003013 CLEARING,
    ``channels.late_cheques``, whose entry must name no transfer and no cheque number of its own)."""
    bank, journal = st.bank, st.journal
    cheque = np.isin(bank.text_code[bi], paid_cheque_texts(bank)) & (bank.day[bi] > journal.day[ji])
    cheque |= late_cheques(st, bi, ji)
    if not cheque.any():
        return cheque  # type: ignore[no-any-return]
    at = np.flatnonzero(cheque)
    named = (bank.cp_code[bi[at]] > 0) & (journal.cp_code[ji[at]] > 0)
    sims = np.zeros(at.size)
    codes_b, codes_j = bank.cp_code[bi[at]][named].tolist(), journal.cp_code[ji[at]][named].tolist()
    sims[named] = side_name_sims(bank, journal, codes_b, codes_j)
    bad = (named & (sims < WEAK_NAME)) | summary_conflict(
        bank, journal, bi[at], ji[at], bank.cat[bi[at]], journal.cat[ji[at]], named, sims
    )
    cheque[at[bad]] = False
    return cheque  # type: ignore[no-any-return]


def _take_late_cheques(st: State, bi: np.ndarray, ji: np.ndarray, dd: np.ndarray) -> None:
    bound = st.reference_days
    why = [(_late(_LATE_CHEQUE, bound, st.working), date_reason(d, st.working)) for d in dd.tolist()]
    st.take_pairs(bi, ji, RULE_OUTSIDE_WINDOW, [0.85] * bi.size, why)


_LATE_CHEQUE = (
    "支票晚于记账兑付, {0} {1}内金额唯一 a cheque paid after it was written, the only line of this amount within {0} {2} "
    "on both sides"
)
