"""Stage 4g: a journal entry that books one payment channel's takings of a day against that channel's receipts.

Shops book their counter takings once a day (门市转数快收款汇总 01/02, 微信收款合计 3月5日, "FPS takings summary
02/06"): one entry without a party, naming the channel and the date, for the many small receipts the bank lists one
by one, each from its payer. Nothing but the amounts ties the receipts to the entry, so the evidence is the entry's own
words: it says which channel (the bank line's channel must be the same), which day (receipts of that day or of the
days just before it, a weekend's, booked on the next working day; an instant channel never credits a day's receipt
later), and that it is a total. The receipts of that channel on those days that add up to the total to the cent are
the batch, when exactly one such subset exists.

Bounded and linear: a target looks only at its channel's free receipts of ``DAYS_BEFORE`` + 1 calendar days, gives up
when there are more than ``MAX_CANDIDATES`` (a busy counter's day: a sum among so many has chance solutions) and
spends at most ``MAX_NODES`` search nodes, and an incomplete search proves nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict

import numpy as np

from ..channels import channel_of as _channel
from ..channels import takings_day, takings_summary
from ..distinct import distinct
from ..state import State
from ..subsets import subset_sums
from ..types import RULE_SUBSET

DAYS_BEFORE = 3  # a long weekend's receipts booked on the next working day
MAX_CANDIDATES = 24
MAX_PARTS = 10
MAX_NODES = 200_000
MAX_ROUNDS = 6
# A company's legal form: a shop's counter takings are its walk-in customers', people paying by phone; a company
# paying by FPS pays an invoice, booked as its own receipt.
_COMPANY = re.compile(r"公司|有限|LIMITED|LIMITADA|\bLTD\b|\bCO\b|COMPANY|\bCORP|\bINC\b|集团|集團", re.IGNORECASE)


Target = tuple[dt.date, int, int, tuple[str, int]]  # takings day, rank, entry, (channel, direction)
Pool = list[tuple[int, int, int]]  # (calendar day ordinal, rank, bank line), sorted


def channel_total_stage(st: State) -> None:
    targets = _targets(st)
    if not targets:
        return
    pools = _pools(st)
    days = {key: [d for d, _r, _b in pool] for key, pool in pools.items()}
    # A taken total frees its neighbours' searches of its receipts: search again, while totals are taken, the ones
    # whose days lost a receipt.
    pending = [t for t in targets if t[3] in pools]
    for _ in range(MAX_ROUNDS):
        touched = _one_round(st, pending, pools, days)
        if not touched:
            return
        pending = [
            t
            for t in pending
            if st.journal_free[t[2]]
            and any((t[3], d) in touched for d in range(t[0].toordinal() - DAYS_BEFORE, t[0].toordinal() + 1))
        ]


def _targets(st: State) -> list[Target]:
    journal = st.journal
    j_free = np.flatnonzero(st.journal_free & (journal.cp_code == 0))
    codes = journal.text_code[j_free]
    summary_channel = {code: takings_summary(journal.texts[code]) for code in distinct(codes).tolist()}
    targets: list[Target] = []
    for j, code in zip(j_free.tolist(), codes.tolist()):
        channel = summary_channel[code]
        if not channel:
            continue
        stamp = takings_day(journal.texts[code], journal.lines[j].date)
        if stamp is not None:
            targets.append((stamp, int(journal.rank[j]), j, (channel, int(journal.dirn[j]))))
    targets.sort()
    return targets


def _pools(st: State) -> dict[tuple[str, int], Pool]:
    """The free bank lines of each (channel, direction) not from a company, by calendar day."""
    bank = st.bank
    b_free = np.flatnonzero(st.bank_free)
    b_codes = bank.text_code[b_free]
    b_distinct = distinct(b_codes)
    text_channel = {code: _channel(bank.texts[code]) for code in b_distinct.tolist()}
    b_free = b_free[np.isin(b_codes, [c for c, ch in text_channel.items() if ch])]
    company = {code: bool(_COMPANY.search(name)) for code, name in enumerate(bank.cp_names)}
    pools: dict[tuple[str, int], Pool] = defaultdict(list)
    for b, code, cp, dirn in zip(
        b_free.tolist(), bank.text_code[b_free].tolist(), bank.cp_code[b_free].tolist(), bank.dirn[b_free].tolist()
    ):
        if not company[cp]:
            pools[(text_channel[code], dirn)].append((bank.lines[b].date.toordinal(), int(bank.rank[b]), b))
    for pool in pools.values():
        pool.sort()
    return pools


def _one_round(
    st: State, targets: list[Target], pools: dict[tuple[str, int], Pool], days: dict[tuple[str, int], list[int]]
) -> set[tuple[tuple[str, int], int]]:
    """Takes the totals with exactly one subset; returns the (channel key, day) of every receipt taken."""
    bank, journal = st.bank, st.journal
    found: dict[int, tuple[int, ...]] = {}
    claims: dict[int, list[int]] = defaultdict(list)
    for stamp, _rank, j, key in targets:
        last = stamp.toordinal()
        pool = pools[key][bisect_left(days[key], last - DAYS_BEFORE) : bisect_right(days[key], last)]
        lines = [b for _d, _r, b in pool if st.bank_free[b]]
        if len(lines) < 2 or len(lines) > MAX_CANDIDATES:
            continue
        amounts = bank.cents[lines].tolist()
        solutions, complete = subset_sums(
            amounts, int(journal.cents[j]), min_size=2, max_size=MAX_PARTS, limit=2, max_nodes=MAX_NODES
        )
        if complete and len(solutions) == 1:
            members = tuple(lines[k] for k in solutions[0])
            found[j] = members
            for b in members:
                claims[b].append(j)
    touched: set[tuple[tuple[str, int], int]] = set()
    key_of = {t[2]: t[3] for t in targets}
    for j in sorted(found, key=lambda i: int(journal.rank[i])):
        members = found[j]
        # Two summaries' subsets sharing a receipt: neither is the only way to read the receipts.
        if any(claims[b] != [j] for b in members) or not all(st.bank_free[b] for b in members):
            continue
        text = journal.texts[int(journal.text_code[j])]
        why = (
            f"{len(members)} 笔合计等于金额 sum of {len(members)} lines equals the amount",
            f"当日渠道收款汇总 the entry totals one channel's receipts of the day it names: {text}",
            "该渠道当日及之前几日收款中唯一一组合计相符 the only subset of that channel's receipts of those days with this sum",
        )
        st.take(list(members), [j], RULE_SUBSET, 0.9, why)
        touched.update((key_of[j], bank.lines[b].date.toordinal()) for b in members)
    return touched
