"""Stage 1: same amount, same direction and a shared reference.

A settlement / cheque / voucher / serial number seen on both sides is the
strongest evidence there is, so the date only has to fall inside a generous
bound (``reference_days`` working days), not the tight matching window.
Duplicated keys (two bank lines with the same amount and reference) are not
decided here, nor pairs whose counterparty names contradict each other: the
later scored stages see the shared reference as evidence.

Vectorised: references were normalised and interned to ints shared by both
sides (``normalize.RefTable``), so equal (amount, direction, reference)
keys are found by one sort over both sides; no string is compared here.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat

import numpy as np

from ..names import core_similarity
from ..normalize import Side
from ..score import WEAK_NAME, date_reason, pair_codes, side_name_sims
from ..state import State
from ..types import RULE_REFERENCE

# A bill's number: the 30 digits of a Chinese acceptance bill (ECDS 票据包号, 银行承兑汇票), never a reused cheque's.
# Exactly 30: a bank's transaction serial is often 20-odd digits (a date and a sequence, numbered alike by two banks
# or two accounts), and one seen on an entry booking another company's payment is a coincidence, not a bill.
BILL_DIGITS = 30


def bill_numbers(bank: Side, lines: np.ndarray) -> np.ndarray:
    """Per bank line: its reference is a bill's number, ``BILL_DIGITS`` digits and nothing else. A bill
    collected at maturity (到期托收) or discounted shows the collecting party (the holder itself, a bank), not the
    customer who endorsed it to us: the name there says nothing against the entry that books the bill's number.
    The name check is for short numbers a payer may reuse or mistype (a cheque's), not for these."""
    refs = bank.nref[lines]
    if refs.size == 0:
        return np.zeros(0, dtype=bool)
    long_: np.ndarray = np.char.str_len(refs.astype(str)) == BILL_DIGITS
    if long_.any():
        at = np.flatnonzero(long_)
        long_[at] = np.char.isdigit(refs[at].astype(str))
    return long_


def reference_stage(st: State) -> None:
    bank, journal = st.bank, st.journal
    # Free lines only: stage 0 has taken reversed entries and their reversals out of the pool (a cheque entry voided
    # in the books still carries the number the bank cleared; pairing it crashed the run).
    b_idx = np.flatnonzero((bank.ref_id > 0) & st.bank_free)
    j_idx = np.flatnonzero((journal.ref_id > 0) & st.journal_free)
    if b_idx.size == 0 or j_idx.size == 0:
        return
    key = np.concatenate((bank.key[b_idx], journal.key[j_idx]))
    ref = np.concatenate((bank.ref_id[b_idx], journal.ref_id[j_idx]))
    side = np.concatenate((np.zeros(b_idx.size, np.int8), np.ones(j_idx.size, np.int8)))
    order = _order(key, ref, side)
    k_s, r_s, side_s = key[order], ref[order], side[order]
    new_run = np.ones(order.size, dtype=bool)
    new_run[1:] = (k_s[1:] != k_s[:-1]) | (r_s[1:] != r_s[:-1])
    starts = np.flatnonzero(new_run)
    sizes = np.diff(np.append(starts, order.size))
    # Runs of exactly two with one line per side (sorted by side: bank first).
    two = starts[(sizes == 2)]
    two = two[(side_s[two] == 0) & (side_s[two + 1] == 1)]
    b_lines, j_lines = b_idx[order[two]], j_idx[order[two + 1] - b_idx.size]
    dd = np.abs(bank.day[b_lines] - journal.day[j_lines])
    contradict = names_contradict(st, b_lines, j_lines)
    ok = (dd <= st.reference_days) & (~contradict | bill_numbers(bank, b_lines))
    b_lines, j_lines, dd, contradict = b_lines[ok], j_lines[ok], dd[ok], contradict[ok]
    date_why = [date_reason(d, st.working) for d in range(int(dd.max(initial=0)) + 1)]
    ref_why = map("相同参考号 same reference ".__add__, bank.nref[b_lines].tolist())
    why: Iterable[tuple[str, ...]] = zip(ref_why, map(date_why.__getitem__, dd.tolist()))
    if contradict.any():  # a bill's pair despite different names: the reason says so, and why
        why = (
            (*reasons, bill_names_reason(bank.cp_names[int(b)], journal.cp_names[int(j)])) if differ else reasons
            for reasons, differ, b, j in zip(
                why, contradict.tolist(), bank.cp_code[b_lines].tolist(), journal.cp_code[j_lines].tolist()
            )
        )
    st.take_pairs(b_lines, j_lines, RULE_REFERENCE, repeat(1.0), why)


def bill_names_reason(bank_name: str, journal_name: str) -> str:
    """A bill's pair whose names differ: the names, and why the difference was overlooked (``bill_numbers``)."""
    return (
        f"户名不同 names differ “{bank_name}” / “{journal_name}”, 票据包号相同: 托收或持票方常非付款人 "
        "the same bill's number: a bill's collector or holder is often not the payer"
    )


def names_contradict(st: State, b_lines: np.ndarray, j_lines: np.ndarray) -> np.ndarray:
    """True where both lines name a counterparty and the names are different companies.

    A reused or mistyped cheque number paired with another company's payment is exactly what a careful
    accountant would doubt: such pairs are left to the later stages (which at most suggest them).
    Similarity is computed once per distinct (bank name, journal name) pair.
    """
    bank, journal = st.bank, st.journal
    if b_lines.size <= _FEW:  # the batch stages ask per batch: numpy's per-call cost is most of the work there
        b_cores, j_cores = bank.cores, journal.cores
        return np.array(
            [
                b > 0 and j > 0 and core_similarity(b_cores[b], j_cores[j]) < WEAK_NAME
                for b, j in zip(bank.cp_code[b_lines].tolist(), journal.cp_code[j_lines].tolist())
            ],
            dtype=bool,
        )
    cb, cj = bank.cp_code[b_lines].astype(np.int64), journal.cp_code[j_lines].astype(np.int64)
    named = (cb > 0) & (cj > 0)
    if not named.any():
        return named  # type: ignore[no-any-return]  # a boolean mask (numpy's operators are typed Any here)
    nj = len(journal.cp_names)
    uniq, inverse = np.unique(np.where(named, cb * nj + cj, -1), return_inverse=True)
    # Per distinct name pair through C-level maps (``score.side_name_sims``), the -1 of unnamed pairs never weak.
    weak = np.zeros(uniq.size, dtype=bool)
    both = uniq >= 0
    weak[both] = np.array(side_name_sims(bank, journal, *pair_codes(uniq[both], nj)), dtype=np.float64) < WEAK_NAME
    return weak[inverse.reshape(-1)]


_FEW = 32


def _order(key: np.ndarray, ref: np.ndarray, side: np.ndarray) -> np.ndarray:
    """``np.lexsort((side, ref, key))``, as one stable sort of a packed int64 when the values fit (reference ids
    are dense, so they nearly always do): a third of the time of the three-key sort at 1M lines."""
    if key.size == 0:
        return np.zeros(0, dtype=np.int64)
    ref_bits = int(ref.max()).bit_length()
    if int(key.min()) < 0 or int(ref.min()) < 0 or int(key.max()).bit_length() + ref_bits + 1 > 62:
        return np.lexsort((side, ref, key))
    packed = (key << np.int64(ref_bits + 1)) | (ref << np.int64(1)) | side.astype(np.int64)
    return np.argsort(packed, kind="stable")
