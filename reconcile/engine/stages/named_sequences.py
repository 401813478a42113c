"""Stage 4e2: a payment to (or from) one named party that is the total of its consecutively numbered entries of a day.

A company paying a supplier several invoices at once sends one transfer (FPS DR to WING KEE HARDWARE CO LTD) and the
books enter one payment per invoice, numbered one after the other (付货款 INV-2026-00205 ... INV-2026-00209), all on
the day of the transfer; a customer settling several invoices in one remittance is the mirror case. Stage 4e leaves
a bank line that names a party to the later stages (a named line usually pays one payee one amount), and stage 4's
"all of the party's entries of the day" fails when some entries name the party only in words the engine reads as
another (环球物流 beside Worldwide Logistics) or none. Here the bank line takes the entries when, besides the amount to
the cent, what an accountant would check holds: the entries are numbered one after the other and booked on one day,
at least one names a party and no two name parties that contradict (nor the bank line's: a Latin name against another
Latin name is another payee; against a Chinese one it says nothing), and exactly one such interval near the bank
line adds up to it, wanted by no other bank line.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..names import NEUTRAL, core_similarity
from ..score import date_reason, same_party
from ..state import State
from ..types import RULE_BATCH
from .sequences import _a_cheque, _interval_totals
from .spans import Span


def named_sequence_stage(st: State) -> None:
    bank, journal = st.bank, st.journal
    free = np.flatnonzero(st.bank_free & (bank.cp_code != 0))
    many = np.flatnonzero(st.journal_free)
    if free.size == 0 or many.size < 2:
        return
    codes = bank.text_code[free]
    cheque = {code: _a_cheque(bank.texts[code]) for code in np.unique(codes).tolist()}
    keep = ~np.array([cheque[c] for c in codes.tolist()], dtype=bool) & ~bank.platform_of(bank.cp_code[free])
    one = free[keep]
    if one.size == 0:
        return
    spans = _interval_totals(st, many)
    w = st.window
    one_party: dict[tuple[int, ...], bool] = {}  # read only for the spans of a bank line's total, once each
    hits: dict[int, Span] = {}
    claims: dict[tuple[int, ...], int] = defaultdict(int)
    for o in one.tolist():
        day = int(bank.day[o])
        near = []
        for span in spans.get(int(bank.cents[o]) * 2 + int(bank.dirn[o]), ()):
            if span[0] != span[1] or not span[0] - w <= day <= span[1] + w:
                continue
            members = span[2]
            if members not in one_party:
                one_party[members] = _one_party(st, members)
            if one_party[members] and _agrees(st, o, members):
                near.append(span)
        for span in near:
            claims[span[2]] += 1
        if len(near) == 1:
            hits[o] = near[0]
    for o in sorted(hits, key=lambda i: int(bank.rank[i])):
        first, last, members = hits[o]
        if claims[members] != 1 or not all(st.journal_free[m] for m in members):
            continue
        refs = [str(journal.nref[m]) for m in members]
        dd = max(abs(int(bank.day[o]) - first), abs(int(bank.day[o]) - last))
        why = (
            f"{len(members)} 笔合计等于金额 sum of {len(members)} lines equals the amount",
            f"同一收付款方当日连续单号 one party's consecutive document numbers of one day {refs[0]}-{refs[-1]}",
            date_reason(dd, st.working),
        )
        st.take([o], list(members), RULE_BATCH, 0.9, why)


def _cores(st: State, members: tuple[int, ...]) -> set[str]:
    journal = st.journal
    return {journal.cores[c] for c in journal.cp_code[list(members)].tolist() if c and journal.cores[c]}


def _one_party(st: State, members: tuple[int, ...]) -> bool:
    """At least one entry names a party, and no two name parties that contradict each other."""
    cores = sorted(_cores(st, members))
    if not cores:
        return False
    return all(
        same_party(a, b) or core_similarity(a, b) == NEUTRAL for k, a in enumerate(cores) for b in cores[k + 1 :]
    )


def _agrees(st: State, o: int, members: tuple[int, ...]) -> bool:
    """The bank line's party is the entries' one, or cannot be compared with it (another script)."""
    b_core = st.bank.cores[int(st.bank.cp_code[o])]
    if not b_core:
        return True
    return all(same_party(b_core, c) or core_similarity(b_core, c) == NEUTRAL for c in _cores(st, members))
