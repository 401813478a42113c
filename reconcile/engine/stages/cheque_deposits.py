"""Stage 4h: a deposit of cheques against the cheque receipts the books entered in the days before it.

A paying-in slip carries the cheques received since the last one: the bank shows one credit (CHEQUE DEPOSIT,
支票存入) naming nobody, the books one receipt per customer, each saying it was a cheque (收货款 支票). The receipts
name their customers, the deposit no one, so no name ties them; what does is the words on both sides (a deposit of
cheques, receipts by cheque), the dates (received on or up to ``DAYS_BEFORE`` working days before the deposit) and
the sum to the cent, when exactly one subset of those receipts has it.

Bounded and linear like stage 4g: at most ``MAX_CANDIDATES`` receipts per deposit, a node budget, an incomplete
search proves nothing, and a receipt two deposits' subsets both want goes to neither.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from ..distinct import distinct
from ..fields import names_a_cheque
from ..state import State
from ..subsets import subset_sums
from ..types import RULE_SUBSET
from .channel_totals import MAX_ROUNDS

DAYS_BEFORE = 3
MAX_CANDIDATES = 20
MAX_PARTS = 8
MAX_NODES = 200_000
_DEPOSIT = re.compile(r"DEPOSIT|LODG|存入|存款|缴存|繳存|入票|进账|進賬", re.IGNORECASE)


def cheque_deposit_stage(st: State) -> None:
    for _ in range(MAX_ROUNDS):
        if not _one_round(st):
            return


def _deposits(st: State) -> np.ndarray:
    bank = st.bank
    idx = np.flatnonzero(st.bank_free & (bank.cp_code == 0) & (bank.dirn == 1))  # 1: in
    codes = bank.text_code[idx]
    ok = {c: bool(_DEPOSIT.search(bank.texts[c])) and names_a_cheque(bank.texts[c]) for c in distinct(codes).tolist()}
    return idx[np.fromiter((ok[c] for c in codes.tolist()), bool, idx.size)]  # type: ignore[no-any-return]


def _one_round(st: State) -> int:
    bank, journal = st.bank, st.journal
    deposits = _deposits(st)
    if deposits.size == 0:
        return 0
    j_idx = np.flatnonzero(st.journal_free)
    codes = journal.text_code[j_idx]
    cheque = {c: names_a_cheque(journal.texts[c]) for c in distinct(codes).tolist()}
    j_idx = j_idx[np.fromiter((cheque[c] for c in codes.tolist()), bool, j_idx.size)]
    receipts: dict[int, list[int]] = defaultdict(list)  # (day * 2 + direction) -> entries
    for j, day, dirn in zip(j_idx.tolist(), journal.day[j_idx].tolist(), journal.dirn[j_idx].tolist()):
        receipts[day * 2 + dirn].append(j)
    found: dict[int, tuple[int, ...]] = {}
    claims: dict[int, list[int]] = defaultdict(list)
    for b in deposits.tolist():
        day, dirn = int(bank.day[b]), int(bank.dirn[b])
        lines = [j for d in range(day - DAYS_BEFORE, day + 1) for j in receipts.get(d * 2 + dirn, ())]
        if len(lines) < 2 or len(lines) > MAX_CANDIDATES:
            continue
        solutions, complete = subset_sums(
            journal.cents[lines].tolist(), int(bank.cents[b]), max_size=MAX_PARTS, limit=2, max_nodes=MAX_NODES
        )
        if complete and len(solutions) == 1:
            found[b] = tuple(lines[k] for k in solutions[0])
            for j in found[b]:
                claims[j].append(b)
    taken = 0
    for b in sorted(found, key=lambda i: int(bank.rank[i])):
        members = found[b]
        if any(claims[j] != [b] for j in members):
            continue
        why = (
            f"{len(members)} 笔合计等于金额 sum of {len(members)} lines equals the amount",
            "支票存入: 此前几日以支票收款的分录中唯一一组合计相符 a deposit of cheques: the only subset of the receipts "
            "by cheque entered in the days before it with this sum",
        )
        st.take([b], list(members), RULE_SUBSET, 0.9, why)
        taken += 1
    return taken
