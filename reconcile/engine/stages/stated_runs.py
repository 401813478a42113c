"""Stage 4D: a payment run whose bank line states how many payments it holds, once everything else is decided.

网银批量转账 共5笔, BULK TRF 4 ITEMS, MULTIPLE PAYEES (6): the bank writes the count of a batch it executed. After
every other stage, such a line that is still free is matched to the only set of exactly that many free entries of
its direction in the run window (three days before the debit to ``payment_runs.LATE`` after it; three either side
for a receipt) that adds up to it to the cent, found by a complete search.

Why this holds on real statements: the stated count is the bank's own record of the batch, and the entries were
approved together, so they are booked within the window; the exact total over exactly k entries is then met by the
run itself. A chance set of k other entries with the same total would be a second solution and leaves the line
open. What payment runs (``payment_runs.py``) cannot do on a crowded day is prove that no second subset exists
among the many subsets of four to six entries, so it waits for other runs to thin the day out; here the search is
over one shape only (the stated k) and runs to the end or gives up, and what the other stages have not taken by
now is all the competition left. The same guards as the run stage: an outstanding cheque is never a member, an entry
that a free bank line of its amount could claim one to one is no member either, and two stated runs whose only
subsets share an entry decide nothing. Two more, learnt from wrong links on the generators: the held-back entries are
searched too (a set through one of them is a second set: the run's own entry may be the one held back, and another
entry of its amount, or two of round amounts, take its place), and a set with two entries of round amounts (whole
tens: list prices, whole thousands, which add up to one total in many ways) decides nothing; at 1M lines, where a
run's entry taken by another stage left its twin in its place: no set with an amount that another entry of the window
has, taken or not.
"""

from __future__ import annotations

import numpy as np

from ..state import State
from ..subsets import subset_search
from ..types import RULE_SUBSET
from .payment_runs import LATE, RUN_NODES, SCORE, _claimable, _without_cheques
from .run_evidence import ROUND, stated_count

# Off: at 100k it adds 3-4 points of batch recall on the fourth set with no wrong link on any set, but on the fourth
# set at 1M (a dozen times the runs a day) it took 12 wrong links with 1,787 right runs: a run's entry taken by another
# stage, and a chance set of other runs' entries the only one left. A module constant for the whole deployment.
ENABLED = False


def stated_run_stage(st: State) -> None:
    if not ENABLED:
        return
    bank, journal = st.bank, st.journal
    b_free = np.flatnonzero(st.bank_free)
    j_free = np.flatnonzero(st.journal_free)
    if b_free.size == 0 or j_free.size < 2:
        return
    codes, inverse = np.unique(bank.text_code[b_free], return_inverse=True)
    counts = np.fromiter((stated_count(bank.texts[c]) for c in codes.tolist()), dtype=np.int64, count=codes.size)
    stated = counts[inverse.reshape(-1)]
    targets, ks = b_free[stated > 0], stated[stated > 0]
    if targets.size == 0:
        return
    j_free = _without_cheques(st, j_free)
    j_free = j_free[np.argsort(journal.day[j_free], kind="stable")]
    everything = np.argsort(journal.day, kind="stable")  # every entry, matched or not, for the twins below
    all_days = journal.day[everything]
    claimable = _claimable(st, b_free[stated == 0], j_free)
    days = journal.day[j_free]
    w = st.window
    only: dict[int, tuple[int, ...]] = {}
    for o, k in zip(targets.tolist(), ks.tolist()):
        ahead = min(w, LATE) if bank.dirn[o] == 0 else w
        lo, hi = np.searchsorted(days, bank.day[o] - w, "left"), np.searchsorted(days, bank.day[o] + ahead, "right")
        near = j_free[lo:hi]
        keep = (journal.dirn[near] == bank.dirn[o]) & (journal.cents[near] < bank.cents[o])
        near, held = near[keep], claimable[lo:hi][keep]
        if near.size < k:
            continue
        # Searched with the held-back entries too: a second set through one of them is a second set all the same (the
        # run's own entry may be the one held back for a bank line of its amount, and a chance set takes its place).
        found, complete, _nodes = subset_search(
            journal.cents[near].tolist(), int(bank.cents[o]), min_size=k, max_size=k, limit=2, max_nodes=RUN_NODES
        )
        if not complete or len(found) != 1 or held[list(found[0])].any():
            continue
        sol = tuple(int(near[i]) for i in found[0])
        if sum(int(journal.cents[j]) % ROUND == 0 for j in sol) >= 2:
            continue
        # An entry of a member's amount in the window that another stage has taken may be the run's own (taken
        # wrongly, the run's place filled by its twin): one amount, two entries, no way to tell.
        a, z = (
            np.searchsorted(all_days, bank.day[o] - w, "left"),
            np.searchsorted(all_days, bank.day[o] + ahead, "right"),
        )
        window_cents = journal.cents[everything[a:z]]
        if all(np.count_nonzero(window_cents == journal.cents[j]) == 1 for j in sol):
            only[o] = sol
    claims: dict[int, int] = {}
    for sol in only.values():
        for j in sol:
            claims[j] = claims.get(j, 0) + 1
    for o, sol in only.items():
        if all(claims[j] == 1 for j in sol):
            dd = max(abs(int(journal.day[j]) - int(bank.day[o])) for j in sol)
            reasons = (
                f"批量标记 batch marker on the bank line: {bank.texts[bank.text_code[o]][:40]}",
                f"银行注明 {len(sol)} 笔, 窗口内唯一的 {len(sol)} 笔合计等于金额 the bank states {len(sol)} payments: "
                f"the only {len(sol)} free entries of the window that add up to the amount",
                f"最大日期差 max date distance {dd}",
            )
            st.take([o], list(sol), RULE_SUBSET, SCORE, reasons)
