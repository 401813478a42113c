"""Stage 4: one-to-many and many-to-one (batches).

Two passes, each run in both orientations (1 bank : N journal for payroll
and netted fees; N bank : 1 journal for merged POS receipts):

A. *Whole batch*: free lines on the "many" side grouped by (direction, day,
   summary category) or (direction, day, counterparty) or (direction, day,
   reference); a group whose total equals exactly one free line on the other
   side within the window is a batch.  This is how payroll looks (one 代发工资
   debit, 30 工资 entries the same day).  Grouping, totals and the amount
   look-up are vectorised; only groups whose total hits a line go to Python.
B. *Bounded subset sum* (``subset_batches.py``): for each remaining line, a
   few nearby *supported* candidates and subsets of 2..6 of them.

Auto-accept needs uniqueness on both ends and support (shared summary or
counterparty, tight dates); anything else becomes a suggestion.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import chain

import numpy as np

from ..fields import CATEGORY_CODES, CATEGORY_NAMES
from ..names import NEUTRAL, core_similarity, party_kind
from ..score import date_reason, same_party
from ..side_names import is_a_withdrawal, withdrawal_entry_texts
from ..state import State
from ..types import RULE_BATCH
from ..vouchers import voucher_ids, voucher_of
from .arrays import composite
from .batch_view import View, suggest, take, view
from .channel_totals import channel_total_stage
from .cheque_deposits import cheque_deposit_stage
from .daily_series import daily_series_stage
from .documents import document_batch_stage
from .named_sequences import named_sequence_stage
from .payment_runs import payment_run_stage
from .sequences import sequence_stage
from .subset_batches import prefix_slots, subset_batches
from .voucher_rest import voucher_rest_stage

# Summaries that mean "one of a batch"; 货款 etc. are too generic to group on.
BATCH_CATEGORIES = frozenset({"payroll", "pos", "expense", "social", "tax"})
BATCH_CODES = np.array(sorted(CATEGORY_CODES[c] for c in BATCH_CATEGORIES), dtype=np.int8)
MAX_GROUP = 2000
MAX_PARTY_DAY = 6  # invoices one transfer pays, at most, for a group held together by its party alone
ROUND_CENTS = 10000  # a total in whole hundreds is a round figure
_SEVERAL = "多个候选 several candidates"
_UNNAMED = "单笔未写明该方 the single line does not name this party"
_A_BANK = re.compile(r"银行|信用社|\bBANK\b|\bBANQUE\b|\bSPARKASSE\b")  # a bank's own name (not RIVERBANK FOODS)
_WHOLE_DAY = "该方当日全部分录、非整数合计 all of the party's entries that day, not a round total"
_KIND = {"c:": "summary", "p:": "counterparty", "r:": "reference", "v:": "voucher"}
_CAT, _PARTY, _REF, _VOUCHER = 0, 1, 2, 3
_PREFIX = ("c:", "p:", "r:", "v:")

GroupKey = tuple[int, int, str]


def batch_stage(st: State) -> None:
    for one_is_bank in (True, False):
        _whole_batches(st, view(st, one_is_bank))
    document_batch_stage(st)
    sequence_stage(st)  # a run of consecutive document numbers, before subsets that may cut across it
    named_sequence_stage(st)  # one party's consecutive invoices of a day, paid in one transfer
    daily_series_stage(st)  # a platform's withdrawal of the days one series booked
    channel_total_stage(st)  # a shop's daily takings of one channel, booked as one total
    cheque_deposit_stage(st)  # a paying-in slip of the cheques received in the days before
    slots = prefix_slots(st.bank, st.journal)  # shared by both orientations
    for one_is_bank in (True, False):
        subset_batches(st, view(st, one_is_bank), BATCH_CATEGORIES, slots)
    payment_run_stage(st)
    # A day's payroll paid in two runs: once the smaller run's subset took its employees, the day's remaining
    # salary entries are the other run's (the whole summary group again, on what the searches left).
    for one_is_bank in (True, False):
        _whole_batches(st, view(st, one_is_bank), summaries_only=True)
    voucher_rest_stage(st)  # what the runs left of a voucher, against the one batch line of its total


def _group_entries(v: View, many_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(line, kind, value) for every grouping a free "many" line takes part in."""
    m = v.many
    cat = m.cat[many_idx]
    by_cat = np.isin(cat, BATCH_CODES)
    cp = m.cp_code[many_idx]
    by_party = cp > 0
    ref = m.ref_id[many_idx]
    by_ref = ref > 0
    # Books that write the voucher into the summary: its entries group as a shared reference would (journal only).
    unreferenced = many_idx[~by_ref] if v.one_is_bank else many_idx[:0]
    vouchers = voucher_ids(m.texts, m.text_code, unreferenced)
    by_voucher = vouchers > 0
    lines = np.concatenate((many_idx[by_cat], many_idx[by_party], many_idx[by_ref], unreferenced[by_voucher]))
    kinds = np.concatenate(
        (
            np.full(by_cat.sum(), _CAT),
            np.full(by_party.sum(), _PARTY),
            np.full(by_ref.sum(), _REF),
            np.full(by_voucher.sum(), _VOUCHER),
        )
    ).astype(np.int8)
    values = np.concatenate((cat[by_cat].astype(np.int64), m.core_id[cp[by_party]], ref[by_ref], vouchers[by_voucher]))
    return lines, kinds, values


def _whole_batches(st: State, v: View, *, summaries_only: bool = False) -> None:
    many_idx = np.flatnonzero(v.many_free)
    one_idx = np.flatnonzero(v.one_free)
    if many_idx.size < 2 or one_idx.size == 0:
        return
    m, one = v.many, v.one
    lines, kinds, values = _group_entries(v, many_idx)
    if summaries_only:  # a party's remaining entries of a day are no whole of anything (round receipts, part payments)
        keep = kinds == _CAT
        lines, kinds, values = lines[keep], kinds[keep], values[keep]
    dirs, days = m.dirn[lines], m.day[lines]
    order = np.lexsort((lines, values, kinds, days, dirs))
    lines, kinds, values, dirs, days = lines[order], kinds[order], values[order], dirs[order], days[order]
    new = np.zeros(lines.size, dtype=bool)
    new[:1] = True
    for col in (values, kinds, days, dirs):
        new[1:] |= col[1:] != col[:-1]
    starts = np.flatnonzero(new)
    if starts.size == 0:
        return
    sizes = np.diff(np.append(starts, lines.size))
    totals = np.add.reduceat(m.cents[lines], starts)
    ok = (sizes >= 2) & (sizes <= MAX_GROUP)
    g_start, g_size, g_total = starts[ok], sizes[ok], totals[ok]
    g_dir, g_day = dirs[g_start].astype(np.int64), days[g_start]
    # Free single lines with the group's total and direction, within the window.
    w = st.window
    oc, gc = composite([one.key[one_idx], g_total * 2 + g_dir], [one.day[one_idx], g_day], w + 1)
    o_order = np.lexsort((one.rank[one_idx], oc))  # by (amount, day, id)
    oc_sorted = oc[o_order]
    lo = np.searchsorted(oc_sorted, gc - w, "left")
    hi = np.searchsorted(oc_sorted, gc + w, "right")
    hit = np.flatnonzero(hi > lo)
    if hit.size == 0:
        return
    ones_sorted = one_idx[o_order].tolist()
    line_l, kind_l, value_l = lines.tolist(), kinds.tolist(), values.tolist()
    candidates: list[tuple[GroupKey, list[int], list[int]]] = []
    for a, b, s, size, gd, gday in zip(
        lo[hit].tolist(),
        hi[hit].tolist(),
        g_start[hit].tolist(),
        g_size[hit].tolist(),
        g_dir[hit].tolist(),
        g_day[hit].tolist(),
    ):
        members = line_l[s : s + size]
        kind = kind_l[s]
        gkey = (gd, gday, _PREFIX[kind] + _value_name(v, kind, value_l[s], members[0]))
        candidates.append((gkey, members, ones_sorted[a:b]))
    _decide(st, v, candidates)


def _value_name(v: View, kind: int, value: int, member: int) -> str:
    if kind == _CAT:
        return CATEGORY_NAMES[value]
    if kind == _PARTY:
        return v.many.core_strs[value]
    if kind == _VOUCHER:
        return voucher_of(v.many.texts[v.many.text_code[member]])  # every member names this voucher
    return str(v.many.nref[member])  # every member has this reference


def _decide(st: State, v: View, candidates: list[tuple[GroupKey, list[int], list[int]]]) -> None:
    """Proposals per single line, in group-key order; decided in line-id order."""
    proposals: dict[int, list[tuple[GroupKey, list[int]]]] = defaultdict(list)
    group_hits: dict[GroupKey, list[int]] = {}
    for gkey, members, near in sorted(candidates, key=lambda c: c[0]):
        hits = [o for o in near if _compatible(v, o, gkey[2], members)]
        group_hits[gkey] = hits
        for o in hits:
            proposals[o].append((gkey, members))
    if not proposals:
        return
    # Id ranks and days of just the lines involved, gathered in bulk.
    ones = np.array(list(proposals), dtype=np.int64)
    one_rank = dict(zip(ones.tolist(), v.one.rank[ones].tolist()))
    one_day = dict(zip(ones.tolist(), v.one.day[ones].tolist()))
    parts = np.fromiter(chain.from_iterable(p[0][1] for p in proposals.values()), dtype=np.int64)
    many_rank = dict(zip(parts.tolist(), v.many.rank[parts].tolist()))
    # Every proposed line was free when the groups were built; only takes
    # in this loop change that.
    taken_one: set[int] = set()
    taken_many: set[int] = set()
    for o in sorted(proposals, key=one_rank.__getitem__):
        props = proposals[o]
        # A category group and a counterparty group may be the same set of lines.
        distinct = {tuple(sorted(m)) for _g, m in props}
        gkey, members = props[0]
        members = sorted(members, key=many_rank.__getitem__)
        n = len(members)
        dd = abs(one_day[o] - gkey[1])
        why = (
            f"{n} 笔合计等于金额 sum of {n} lines equals the amount",
            f"同日同源 same day, shared {_KIND[gkey[2][:2]]} {gkey[2][2:]}",
            date_reason(dd, st.working),
        )
        unique = len(distinct) == 1 and all(group_hits[g] == [o] for g, _m in props)
        free = o not in taken_one and taken_many.isdisjoint(members)
        support = _support(v, o, props) if unique and free else None
        if support is not None:
            take(st, v, o, members, RULE_BATCH, 0.95, why + support)
            taken_one.add(o)
            taken_many.update(members)
        elif free:
            doubt = _SEVERAL if not unique else _UNNAMED
            suggest(st, v, o, members, RULE_BATCH, 0.6, why + (doubt,))


def _support(v: View, o: int, props: list[tuple[GroupKey, list[int]]]) -> tuple[str, ...] | None:
    """Evidence on the single line's side too, before a batch is auto-accepted: the reasons it adds, or None.

    A summary or reference group is its own evidence (payroll, POS). A group held together only by the many
    lines' shared counterparty needs the single line to name that party (``_compatible`` checked it agrees), or
    to be the whole day of that party in a few invoices that are not a round total (``_whole_day_of_a_party``):
    otherwise the sum of one payer's lines meeting a nameless entry of that amount is a coincidence as often as
    a split payment (11 bank fees totalling a goods payment, two 500.00 receipts and a 1,000.00 entry days
    earlier), and a person should look.
    """
    if any(not gkey[2].startswith("p:") for gkey, _m in props):
        return ()
    if v.one.cp_code[o] and same_party(v.one.cps[o], props[0][0][2][2:]):
        return ()
    party = props[0][0][2][2:]
    return (_WHOLE_DAY,) if _whole_day_of_a_party(v, party, props[0][1]) else None


def _whole_day_of_a_party(v: View, party: str, members: list[int]) -> bool:
    """A single line without a comparable name (none, or in the other script) and every entry one party has on one
    day: the sum to the cent of two to six invoices that are not round amounts is the invoices one transfer paid,
    not the coincidence a round total or a long list of small charges can be. A payment platform or a government
    body is no such party: Alipay's lines are many customers' payments, a tax office's many taxes; nor is the bank
    itself: its charges (wire fees, returned-item fees) are debited one by one, not paid by a transfer."""
    if not 2 <= len(members) <= MAX_PARTY_DAY or party_kind(party) != (False, False) or _A_BANK.search(party):
        return False
    return int(v.many.cents[members].sum()) % ROUND_CENTS != 0


def _compatible(v: View, o: int, group_key: str, members: list[int]) -> bool:
    """The single line must not contradict the batch's summary, party or reference."""
    if group_key.startswith(("r:", "v:")):
        # References differ across sides (voucher vs bank batch no), but a named payer other than the one the
        # members name is a reused or mistyped number, not a batch.
        return _party_agrees(v, o, members)
    if group_key.startswith("c:"):
        return (
            CATEGORY_NAMES[int(v.one.cat[o])] in ("", group_key[2:])
            and _party_agrees(v, o, members)
            and not _cash_against_transfer(v, o, members)
        )
    cp = v.one.cps[o]
    return (
        not cp
        or same_party(cp, group_key[2:])
        or not v.one.cores[v.one.cp_code[o]]
        or _no_evidence(v, o, group_key[2:])
    )


def _cash_against_transfer(v: View, o: int, members: list[int]) -> bool:
    """Entries for cash drawn at the counter (提取备用金) against a bank line that is no cash withdrawal: each draw is
    its own 现金支取 at the bank; a transfer to a supplier of their sum is a coincidence of round amounts."""
    bank, journal = (v.one, v.many) if v.one_is_bank else (v.many, v.one)
    entries, lines = (np.array(members), np.array([o])) if v.one_is_bank else (np.array([o]), np.array(members))
    withdrawals = withdrawal_entry_texts(journal)
    if withdrawals.size == 0 or not np.isin(journal.text_code[entries], withdrawals).all():
        return False
    return not is_a_withdrawal(bank, lines).all()


def _no_evidence(v: View, o: int, party_core: str) -> bool:
    """The single line names a party that cannot be compared with the group's: a Latin name against a Chinese one
    (a Hong Kong bank shows SHUI ON ENGINEERING CO., LIMITED where the books say 瑞安工程), a person paying for a
    company, a payment platform. Whether the other side knows the party under another name elsewhere
    (``other_scripts_contradict``) is not asked here: a bank shows one payee in Chinese on one channel and in English
    on another, and the whole day of the party's entries adding up to the cent says more (measured on the sixth
    generator: 88 more batches at 20k, precision up)."""
    one_core = v.one.cores[v.one.cp_code[o]]
    b_core, j_core = (one_core, party_core) if v.one_is_bank else (party_core, one_core)
    return core_similarity(b_core, j_core) == NEUTRAL


def _party_agrees(v: View, o: int, members: list[int]) -> bool:
    """No contradiction between the single line's counterparty and the one the members all name."""
    cp = v.one.cps[o]
    if not cp or not v.one.cores[v.one.cp_code[o]]:
        return True
    names = {v.many.cps[m] for m in members}
    if len(names) != 1 or "" in names or not v.many.cores[v.many.cp_code[members[0]]]:
        return True  # payroll names each employee, POS lines the acquirer: only one named payer can disagree
    # A payment platform, a person or a name in the other script says nothing either way (``_no_evidence``): Alipay
    # pays out a Tmall shop's days, which the books book under 天猫 in one voucher.
    return same_party(cp, names.pop()) or _no_evidence(v, o, v.many.cores[v.many.cp_code[members[0]]])
