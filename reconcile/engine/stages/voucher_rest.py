"""Stage 4i: the entries of one payment voucher left free after the runs were matched, against the one batch line
of their total.

An ERP's payment run books each payment with the run's voucher as its reference (F110-20250305), and a busy day's
voucher can hold several of the bank's runs (GIRO BULK DEBIT, MULTIPLE PAYEES (4), BULK PAYMENT, the same day).
While all its entries are free, the voucher adds up to none of them and a subset search among its many round amounts
finds several ways; once the other runs took their payments, what is left of the voucher is the last run's, and an
accountant reads it so: the voucher's remaining entries add up to the cent to the one free bank line marked as a
batch near them (within the matching window of every entry), and no other voucher's remainder claims that line.
Linear: one pass over the free entries with a reference, one over the free batch lines.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..fields import batch_marker
from ..score import date_reason
from ..state import State
from ..types import RULE_BATCH

MAX_ENTRIES = 60  # a voucher's remaining entries; more is a ledger-wide reference, not a run


def voucher_rest_stage(st: State) -> None:
    bank, journal = st.bank, st.journal
    entries = np.flatnonzero(st.journal_free & (journal.ref_id > 0))
    if entries.size < 2:
        return
    vouchers: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j, ref, dirn in zip(entries.tolist(), journal.ref_id[entries].tolist(), journal.dirn[entries].tolist()):
        vouchers[(ref, dirn)].append(j)
    vouchers = {key: members for key, members in vouchers.items() if 2 <= len(members) <= MAX_ENTRIES}
    totals = {key: int(journal.cents[members].sum()) * 2 + key[1] for key, members in vouchers.items()}
    # Only the free lines of a voucher's total are read for a batch marker (a set of 192k distinct texts otherwise).
    lines = np.flatnonzero(st.bank_free)
    lines = lines[np.isin(bank.cents[lines] * 2 + bank.dirn[lines], np.fromiter(totals.values(), dtype=np.int64))]
    codes = bank.text_code[lines]
    marked = {code: batch_marker(bank.texts[code]) for code in np.unique(codes).tolist()}
    lines = lines[np.array([marked[c] for c in codes.tolist()], dtype=bool)]
    if lines.size == 0:
        return
    by_total: dict[int, list[int]] = defaultdict(list)
    for b, cents, dirn in zip(lines.tolist(), bank.cents[lines].tolist(), bank.dirn[lines].tolist()):
        by_total[cents * 2 + dirn].append(b)
    w = st.window
    hits: dict[int, list[tuple[int, list[int]]]] = defaultdict(list)
    for voucher, members in vouchers.items():
        key = totals[voucher]
        days = journal.day[members]
        lo, hi = int(days.min()), int(days.max())
        near = [b for b in by_total.get(key, ()) if hi - w <= int(bank.day[b]) <= lo + w]
        if len(near) == 1:
            hits[near[0]].append((hi, members))
    for b in sorted(hits, key=lambda i: int(bank.rank[i])):
        if len(hits[b]) != 1:
            continue  # two vouchers' remainders of one total: either could be the run
        hi, members = hits[b][0]
        members = sorted(members, key=lambda m: int(journal.rank[m]))
        day = int(bank.day[b])
        dd = max(abs(day - int(journal.day[m])) for m in members)
        why = (
            f"{len(members)} 笔合计等于金额 sum of {len(members)} lines equals the amount",
            f"同一付款凭证的其余分录 the remaining entries of one voucher {journal.nref[members[0]]}",
            date_reason(dd, st.working),
        )
        st.take([b], members, RULE_BATCH, 0.9, why)
