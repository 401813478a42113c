"""The lines of one voucher that add up to one bank line were paid by that line, not one by one.

A voucher (记账凭证 记-0666) posting several lines on one day, the same way (money in or out), whose total is to the
cent the amount of a bank line within ``REACH`` days, is how the books record one transfer paying several invoices
(a customer's "3张发票货款" of 124,050.00 booked as 41,000.00 + 45,050.00 + 38,000.00). Any line of that voucher paired
alone with another bank line of its own amount (the same customer's plain 41,000.00 of another day) leaves the
transfer unexplained: the pair contradicts the books and is left to a person. Stage 4 groups the voucher's lines
with the transfer (``stages/batches.py``, by reference).

The voucher is the journal's reference (``Side.ref_id``: equal references, equal ids) or, for a line without one,
the voucher its summary names (凭证:记-1224, ``vouchers.py``). A voucher of one line, or of more than ``MAX_LINES``,
claims nothing, nor one whose lines name two parties or none, nor a bank line not naming the voucher's party (a day's voucher collecting unrelated payments, 汇总凭证:
its total meeting a bank line is chance). Computed once per side pair, vectorised; only the claimed lines are kept.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from .joined import raw_joined
from .names import core_similarity
from .vouchers import voucher_ids

REACH = 3  # days (the engine's day unit) between a voucher's day and the bank line of its total
SAME_PARTY = 0.5  # cores at least this similar name one party (``score.WEAK_NAME``: below it, names contradict)
PAYER = 0.8  # the transfer's payer and the voucher's party: ``score.STRONG_NAME``, the same company
MAX_LINES = 12  # lines of one voucher on one day, at most, read as one transfer's


class Side(Protocol):
    texts: list[str]
    text_code: np.ndarray
    cents: np.ndarray
    day: np.ndarray
    dirn: np.ndarray
    cp_code: np.ndarray

    @property
    def cores(self) -> list[str]: ...

    @property
    def ref_id(self) -> np.ndarray: ...


def _claims(bank: Side, journal: Side) -> dict[int, frozenset[int]]:
    """Journal line -> the bank lines whose amount is the total of the line's voucher (same day and direction)."""
    voucher = _vouchers(journal)
    at = np.flatnonzero(voucher > 0)
    if at.size < 2 or len(bank.cents) == 0:
        return {}
    key = voucher[at] * 2 + journal.dirn[at]
    day = journal.day[at]
    order = np.lexsort((day, key))
    at, key, day = at[order], key[order], day[order]
    new = np.ones(at.size, dtype=bool)
    new[1:] = (key[1:] != key[:-1]) | (day[1:] != day[:-1])
    starts = np.flatnonzero(new)
    sizes = np.diff(np.append(starts, at.size))
    keep = (sizes >= 2) & (sizes <= MAX_LINES)
    if not keep.any():
        return {}
    totals = np.add.reduceat(journal.cents[at], starts)[keep]
    dirn, g_day = journal.dirn[at[starts[keep]]], day[starts[keep]]
    g_start, g_size = starts[keep], sizes[keep]
    # Bank lines by (amount, direction, day) in one int64; each voucher's total looked up within REACH days.
    base = min(int(bank.day.min()), int(g_day.min())) - REACH - 1
    span = max(int(bank.day.max()), int(g_day.max())) + REACH + 1 - base + 1
    b_key = (bank.cents * 2 + bank.dirn) * span + (bank.day - base)
    want = (totals * 2 + dirn) * span + (g_day - base)
    if int(max(b_key.max(), want.max())).bit_length() > 62:
        return {}  # amounts beyond any ledger's: nothing claimed rather than a wrapped key
    b_order = np.argsort(b_key, kind="stable")
    sk = b_key[b_order]
    lo = np.searchsorted(sk, want - REACH, "left")
    hi = np.searchsorted(sk, want + REACH, "right")
    out: dict[int, frozenset[int]] = {}
    # Python lists for the loop: a few lines a voucher, where numpy's per-call cost was most of the work (~0.4 s at
    # a million CN lines).
    at_list, cp_at, journal_cores = at.tolist(), journal.cp_code[at].tolist(), journal.cores
    lo_list, hi_list, start_list, size_list = lo.tolist(), hi.tolist(), g_start.tolist(), g_size.tolist()
    for g in np.flatnonzero(hi > lo).tolist():
        first, size = start_list[g], size_list[g]
        named = sorted({c for c in cp_at[first : first + size] if c > 0})
        if not named:
            continue  # a voucher naming none: no one transfer's
        cores = [journal_cores[c] for c in named]
        if not _one_party(cores):
            continue  # a day's voucher of several parties' payments (汇总凭证)
        # The transfer must name that party too: a total meeting another payer's line, or a nameless one, is chance.
        owners = frozenset(
            line
            for line in b_order[lo_list[g] : hi_list[g]].tolist()
            if core_similarity(bank.cores[bank.cp_code[line]], cores[0]) >= PAYER
        )
        if not owners:
            continue
        for line in at_list[first : first + size]:
            out[line] = out.get(line, frozenset()) | owners
    return out


def _vouchers(journal: Side) -> np.ndarray:
    """Per journal line: its voucher, as an id (0: none). The reference column, or for a line without one the voucher
    its summary names (凭证:记-1224, ``vouchers.py``), numbered after the references."""
    voucher = journal.ref_id.astype(np.int64, copy=True)
    bare = np.flatnonzero(voucher == 0)
    if bare.size and (raw_joined(journal).holds("凭证") or raw_joined(journal).holds("字第")):
        named = voucher_ids(journal.texts, journal.text_code, bare)
        voucher[bare] = np.where(named > 0, named + int(voucher.max()), 0)
    return voucher


def _one_party(cores: list[str]) -> bool:
    """The names of a voucher's lines are one party's (the full name and its 简称: 深圳市万隆德电子商务有限公司, 万隆德)."""
    return all(core_similarity(a, b) >= SAME_PARTY for k, a in enumerate(cores) for b in cores[k + 1 :])


def voucher_paid_elsewhere(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair: the entry is a line of a voucher whose total is the amount of a bank line other than ``b``."""
    cached = journal.__dict__.get("_voucher_claims")
    if cached is None:
        claims = _claims(bank, journal)
        claimed = np.zeros(len(journal.cents), dtype=bool)
        if claims:
            claimed[np.fromiter(claims, np.int64, len(claims))] = True
        cached = journal.__dict__["_voucher_claims"] = (claims, claimed)
    claims, claimed = cached
    out = np.zeros(b.size, dtype=bool)
    if not claims or b.size == 0:
        return out
    at = np.flatnonzero(claimed[j])
    for k, bl, jl in zip(at.tolist(), b[at].tolist(), j[at].tolist()):
        out[k] = bl not in claims[jl]
    return out
