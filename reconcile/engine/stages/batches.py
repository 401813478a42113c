"""Stage 4: one-to-many and many-to-one (batches).

Two passes, each run in both orientations (1 bank : N journal for payroll
and netted fees; N bank : 1 journal for merged POS receipts):

A. *Whole batch*: free lines on the "many" side grouped by (direction, day,
   summary category) or (direction, day, counterparty); a group whose total
   equals exactly one free line on the other side within the window is a
   batch.  This is how payroll looks (one 代发工资 debit, 30 工资 entries the
   same day) and it is O(n) with dicts, however large the batch.
B. *Bounded subset sum*: for each remaining line, a few nearby *supported*
   candidates (same counterparty, same batch-like summary, or a fee line)
   and subsets of 2..6 of them (``subsets.subset_sums``).

Auto-accept needs uniqueness on both ends and support (shared summary or
counterparty, tight dates); anything else becomes a suggestion.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import NamedTuple

import numpy as np

from ..names import core_name
from ..normalize import CATEGORY_CODES, Side, norm_ref, text_category
from ..score import same_party
from ..state import State
from ..subsets import subset_sums
from ..types import RULE_BATCH, RULE_SUBSET, Line

# Summaries that mean "one of a batch"; 货款 etc. are too generic to group on.
BATCH_CATEGORIES = frozenset({"payroll", "pos", "expense", "social", "tax"})
MAX_GROUP = 2000
MAX_CANDIDATES = 14
MAX_SUBSET = 6
TIGHT_DAYS = 1
_KIND = {"c:": "summary", "p:": "counterparty", "r:": "reference"}
_CAT_NAMES = {code: name for name, code in CATEGORY_CODES.items()}  # auto-accepted subset members lie within this of the target


class _View(NamedTuple):
    """One orientation: ``one`` side has the single line, ``many`` the parts."""

    one: Side
    many: Side
    one_free: np.ndarray
    many_free: np.ndarray
    one_is_bank: bool


def batch_stage(st: State) -> None:
    for one_is_bank in (True, False):
        _whole_batches(st, _view(st, one_is_bank))
    for one_is_bank in (True, False):
        _subset_batches(st, _view(st, one_is_bank))


def _view(st: State, one_is_bank: bool) -> _View:
    if one_is_bank:
        return _View(st.bank, st.journal, st.bank_free, st.journal_free, True)
    return _View(st.journal, st.bank, st.journal_free, st.bank_free, False)


def _take(st: State, v: _View, one: int, many: list[int], rule: str, score: float, reasons: tuple[str, ...]) -> None:
    if v.one_is_bank:
        st.take([one], many, rule, score, reasons)
    else:
        st.take(many, [one], rule, score, reasons)


def _suggest(st: State, v: _View, one: int, many: list[int], rule: str, score: float, reasons: tuple[str, ...]) -> None:
    if v.one_is_bank:
        st.suggest([one], many, rule, score, reasons)
    else:
        st.suggest(many, [one], rule, score, reasons)


def _id_sorted(side: Side, idx: list[int]) -> list[int]:
    return sorted(idx, key=lambda i: side.lines[i][0])


def _whole_batches(st: State, v: _View) -> None:
    many_idx = np.flatnonzero(v.many_free).tolist()
    one_idx = np.flatnonzero(v.one_free).tolist()
    if len(many_idx) < 2 or not one_idx:
        return
    groups: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    mdir, mday, mcents = v.many.dirn.tolist(), v.many.day.tolist(), v.many.cents
    cats = v.many.categories()
    for i in many_idx:
        line = v.many.lines[i]
        cat = _CAT_NAMES[cats[i]]
        key_day = (mdir[i], mday[i])
        if cat in BATCH_CATEGORIES:
            groups[key_day + ("c:" + cat,)].append(i)
        if line[5]:
            groups[key_day + ("p:" + core_name(line[5]),)].append(i)
        if line[4]:
            ref = norm_ref(line[4])
            if ref:  # one voucher / merchant number shared by the parts
                groups[key_day + ("r:" + ref,)].append(i)
    # (direction, cents) -> free single lines sorted by (day, id), for bisection.
    one_by_amount: dict[tuple[int, int], list[tuple[int, str, int]]] = defaultdict(list)
    for i in one_idx:
        one_by_amount[(int(v.one.dirn[i]), int(v.one.cents[i]))].append((int(v.one.day[i]), v.one.lines[i][0], i))
    for same in one_by_amount.values():
        same.sort()
    proposals: dict[int, list[tuple[tuple[int, int, str], list[int]]]] = defaultdict(list)
    group_hits: dict[tuple[int, int, str], list[int]] = {}
    for gkey in sorted(groups):
        members = groups[gkey]
        if not 2 <= len(members) <= MAX_GROUP:
            continue
        total = int(mcents[members].sum())
        same = one_by_amount.get((gkey[0], total), ())
        lo = bisect_left(same, (gkey[1] - st.window,))
        hi = bisect_left(same, (gkey[1] + st.window + 1,))
        hits = [o for _d, _id, o in same[lo:hi] if _compatible(v.one.lines[o], gkey[2])]
        group_hits[gkey] = hits
        for o in hits:
            proposals[o].append((gkey, members))
    for o in sorted(proposals, key=lambda i: v.one.lines[i][0]):
        props = proposals[o]
        # A category group and a counterparty group may be the same set of lines.
        distinct = {tuple(sorted(m)) for _g, m in props}
        gkey, members = props[0]
        members = _id_sorted(v.many, members)
        n = len(members)
        dd = abs(int(v.one.day[o]) - gkey[1])
        why = (
            f"{n} 笔合计等于金额 sum of {n} lines equals the amount",
            f"同日同源 same day, shared {_KIND[gkey[2][:2]]} {gkey[2][2:]}",
            f"日期相差 {dd} 天 / date distance {dd}",
        )
        unique = len(distinct) == 1 and all(group_hits[g] == [o] for g, _m in props)
        free = v.one_free[o] and v.many_free[members].all()
        if unique and free:
            _take(st, v, o, members, RULE_BATCH, 0.95, why)
        elif free:
            _suggest(st, v, o, members, RULE_BATCH, 0.6, why + ("多个候选 several candidates",))


def _compatible(one: Line, group_key: str) -> bool:
    """The single line must not contradict the batch's summary, party or reference."""
    if group_key.startswith("r:"):
        return True  # references differ across sides (voucher vs bank batch no)
    if group_key.startswith("c:"):
        cat = text_category(one[6]) if one[6] else ""
        return cat in ("", group_key[2:])
    return not one[5] or same_party(one[5], group_key[2:]) or not core_name(one[5])


def _subset_batches(st: State, v: _View) -> None:
    """Bounded subset sums over *supported* candidates found through indexes.

    A candidate part must share the target's counterparty (indexed by the
    first two characters of the name core, then verified) or its batch-like
    summary; at most one bank-fee line may join, and only next to a part
    that shares the counterparty (a payment with its remittance fee).
    """
    many_free = np.flatnonzero(v.many_free).tolist()
    one_free = np.flatnonzero(v.one_free).tolist()
    if len(many_free) < 2 or not one_free:
        return
    mlines, mday, mdir, mcents = v.many.lines, v.many.day, v.many.dirn, v.many.cents
    index: dict[tuple[int, str], list[tuple[int, str, int]]] = defaultdict(list)
    for i in many_free:
        line = mlines[i]
        d = int(mdir[i])
        entry = (int(mday[i]), line[0], i)
        if line[5]:
            core = core_name(line[5])
            if core:
                index[(d, "p" + core[:2])].append(entry)
        cat = text_category(line[6])
        if cat == "fee":
            index[(d, "f")].append(entry)
        elif cat in BATCH_CATEGORIES:
            index[(d, "c" + cat)].append(entry)
    for entries in index.values():
        entries.sort()
    days = {k: [e[0] for e in entries] for k, entries in index.items()}
    # Two free targets with the same amount near each other could each claim
    # the same subset: then neither is auto-accepted.
    twins: dict[tuple[int, int], list[int]] = defaultdict(list)
    for o in one_free:
        twins[(int(v.one.dirn[o]), int(v.one.cents[o]))].append(int(v.one.day[o]))
    for same_days in twins.values():
        same_days.sort()
    w = st.window
    for o in sorted(one_free, key=lambda i: v.one.lines[i][0]):
        if not v.one_free[o]:
            continue
        line = v.one.lines[o]
        d, oday, target = int(v.one.dirn[o]), int(v.one.day[o]), int(v.one.cents[o])
        keys: list[tuple[tuple[int, str], str]] = []
        core = core_name(line[5]) if line[5] else ""
        if core:
            keys.append(((d, "p" + core[:2]), "party"))
        cat = text_category(line[6])
        if cat in BATCH_CATEGORIES:
            keys.append(((d, "c" + cat), "summary"))
        anchors: dict[int, tuple[int, str]] = {}
        for key, kind in keys:
            entries = index.get(key)
            if not entries:
                continue
            lo, hi = bisect_left(days[key], oday - w), bisect_right(days[key], oday + w)
            for day, _id, i in entries[lo:hi]:
                if i in anchors or not v.many_free[i] or int(mcents[i]) >= target:
                    continue
                if kind == "party" and not same_party(line[5], mlines[i][5]):
                    continue
                anchors[i] = (abs(day - oday), kind)
        if not anchors:
            continue
        ordered = sorted(anchors, key=lambda i: (anchors[i][0], mlines[i][0]))[:MAX_CANDIDATES]
        amounts = [int(mcents[i]) for i in ordered]
        solutions: list[tuple[list[int], int | None]] = []
        complete = True
        if len(ordered) >= 2:
            sols, complete = subset_sums(amounts, target, max_size=MAX_SUBSET)
            solutions += [([ordered[k] for k in sol], None) for sol in sols]
        fee_key = (d, "f")
        if core and fee_key in index and any(anchors[i][1] == "party" for i in ordered):
            lo, hi = bisect_left(days[fee_key], oday - w), bisect_right(days[fee_key], oday + w)
            fees = [(abs(day - oday), fid, i) for day, fid, i in index[fee_key][lo:hi] if v.many_free[i]]
            for _dd, _fid, f in sorted(fees)[:MAX_CANDIDATES]:
                rest = target - int(mcents[f])
                if rest <= 0:
                    continue
                sols, ok = subset_sums(amounts, rest, min_size=1, max_size=MAX_SUBSET - 1)
                complete &= ok
                solutions += [([ordered[k] for k in sol] + [f], f) for sol in sols]
                if len(solutions) > 2:
                    break
        if not solutions:
            continue
        same = twins[(d, target)]
        twin = bisect_right(same, oday + 2 * w) - bisect_left(same, oday - 2 * w) > 1
        unique = len(solutions) == 1 and complete and not twin
        for members, fee in solutions[:3]:
            dds = [anchors[i][0] if i in anchors else abs(int(mday[i]) - oday) for i in members]
            kinds = sorted({anchors[i][1] for i in members if i in anchors} | ({"fee"} if fee is not None else set()))
            if fee is not None and not all(anchors[i][1] == "party" for i in members if i != fee):
                unique = False  # a fee only rides along with a payment to the same party
            why = (
                f"{len(members)} 笔合计等于金额 subset of {len(members)} lines sums to the amount",
                "支持 support: " + ", ".join(kinds),
                f"最大日期差 max date distance {max(dds)}",
            )
            members = _id_sorted(v.many, members)
            if unique and max(dds) <= TIGHT_DAYS:
                _take(st, v, o, members, RULE_SUBSET, 0.9, why)
            else:
                _suggest(st, v, o, members, RULE_SUBSET, 0.55, why + ("不唯一或证据不足 not unique or weak",))
