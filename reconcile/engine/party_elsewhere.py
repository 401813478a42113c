"""The party's own line of the amount is still open elsewhere: a pair found by elimination is doubtful.

The elimination stages pair lines because nothing else is left for them: the only line of its amount in the window
once the others were matched (stage 2 again), the only one-to-one pairing of a few lines, the pairing of the nearest
dates (``stages/ambiguous.py``), the only candidate stating the same purpose. None of them asks who paid. An
accountant with a 4,000.00 receipt from 中山市百川连锁超市 and, in the window, only an entry "收货款" that names no one
does not book them together when an entry "收到百川货款" of 4,000.00 is still open a week later: that is the
customer's entry, booked late, and the nameless one is someone else's receipt. Likewise an entry "支付东方货款" is not
paid by a bank line that names no one while the bank line paying 佛山市东方日用品 that amount is still open four days
on.

A pair is doubtful when one of its lines names a party and the other names no one, a free line of the other side, of
the same amount and direction within ``ELSEWHERE_DAYS``, names that party (a strong match), and the named line is the
only free line of its side naming that party of that amount near the other (a customer paying the amount every week
has an open line of each side, and the one open elsewhere is the next payment's). Such a pair is left to the
suggestions.
"""

from __future__ import annotations

import numpy as np

from .normalize import Side
from .score import STRONG_NAME, side_name_sims
from .stages.arrays import composite, in_ranges
from .state import State

# How far the party's own line may lie: a late booking within two weeks (10 working days with a calendar). The engine's ``reference_days`` (30)
# also reaches the same customer's payment of the amount a month on: measured at 100k on the eighth set (seed 801) in
# a first form of the rule, 30 days kept 131 right links from being made to remove 37 wrong ones, 10 days 40 and 24.
ELSEWHERE_DAYS = 10


def party_elsewhere(st: State, bi: np.ndarray, ji: np.ndarray) -> np.ndarray:
    """Per pair (bank line ``bi[k]``, entry ``ji[k]``): one line names a party and the other no one, and a free line
    of the other side (not the pair's) of the same amount and direction within ``ELSEWHERE_DAYS`` names that party,
    the named line being the only free line of its side naming the party of that amount near it."""
    out = np.zeros(bi.size, dtype=bool)
    if bi.size == 0:
        return out
    bank, journal = st.bank, st.journal
    cb, cj = bank.cp_code[bi], journal.cp_code[ji]
    out |= _named_elsewhere(st, bank, journal, st.bank_free, st.journal_free, bi, ji, (cb > 0) & (cj == 0))
    out |= _named_elsewhere(st, journal, bank, st.journal_free, st.bank_free, ji, bi, (cj > 0) & (cb == 0))
    return out


def _named_elsewhere(
    st: State,
    own: Side,
    other: Side,
    own_free: np.ndarray,
    other_free: np.ndarray,
    lines: np.ndarray,
    partners: np.ndarray,
    ask: np.ndarray,
) -> np.ndarray:
    """Per pair: ``ask`` and a free line of ``other`` (not ``partners[k]``) of the key of ``lines[k]`` within
    ``ELSEWHERE_DAYS`` naming the party of ``lines[k]``, for which ``lines[k]`` is the only free line of ``own``
    naming that party of that key within ``ELSEWHERE_DAYS``."""
    out = np.zeros(lines.size, dtype=bool)
    at = np.flatnonzero(ask)
    if at.size == 0:
        return out
    hit_k, found = _named_near(st, own, other, other_free, lines[at])
    keep = found != partners[at[hit_k]]
    hit_k, found = hit_k[keep], found[keep]
    if hit_k.size == 0:
        return out
    # The named line's own candidates of the party, from the other side: ours must be the only one.
    back_k, back = _named_near(st, other, own, own_free, found)
    rivals = np.bincount(back_k[back != lines[at[hit_k[back_k]]]], minlength=found.size)
    out[at[hit_k[rivals == 0]]] = True
    return out


def _named_near(
    st: State, own: Side, other: Side, other_free: np.ndarray, lines: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(k, line of ``other``) for every free named line of ``other`` of the key of ``lines[k]`` within
    ``ELSEWHERE_DAYS`` whose name strongly matches that of ``lines[k]``."""
    free = np.flatnonzero(other_free & (other.cp_code > 0))
    none = np.zeros(0, dtype=np.int64)
    if lines.size == 0 or free.size == 0:
        return none, none
    bound = min(st.reference_days, ELSEWHERE_DAYS)
    mine, theirs = composite([own.key[lines], other.key[free]], [own.day[lines], other.day[free]], bound + 1)
    order = np.argsort(theirs, kind="stable")
    k, pos = in_ranges(theirs[order], mine - bound, mine + bound)
    found = free[order[pos]]
    if k.size == 0:
        return none, none
    own_codes, other_codes = own.cp_code[lines[k]].tolist(), other.cp_code[found].tolist()
    if own is st.bank:
        sims = side_name_sims(own, other, own_codes, other_codes)
    else:
        sims = side_name_sims(other, own, other_codes, own_codes)
    strong = np.asarray(sims) >= STRONG_NAME
    return k[strong], found[strong]
