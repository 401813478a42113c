"""Stage 4B: bounded subset sums over *supported* candidates.

A candidate part must share the target's counterparty (indexed by the
first two characters of the name core, then verified) or its batch-like
summary; at most one bank-fee line may join, and only next to a part
that shares the counterparty (a payment with its remittance fee).

The index over the free "many" lines, the twin test and a prefilter that
drops targets with no indexed line near them are numpy; the per-target
search stays in Python (it is sequential: a taken batch removes its parts
from later searches) and reads dicts of just the lines involved.  Fee
candidates are walked outwards from the target day instead of sorting the
whole window, and a single payment only looks for a fee of exactly the
missing amount.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import combinations
from math import comb

import numpy as np

from ..fields import CATEGORY_CODES
from ..joined import word_codes
from ..names import core_name, name_similarity, party_kind
from ..normalize import Side
from ..score import WEAK_NAME, same_party
from ..state import State
from ..subsets import MAX_NODES, subset_sums
from ..types import RULE_SUBSET
from .arrays import composite
from .batch_view import View, suggest, take

MAX_CANDIDATES = 14
MAX_SUBSET = 6
_SHORTCUT_MAX = 6  # up to this many parts, enumerate subset sums to rule out fee searches
# Worst-case nodes of a fee search (<= MAX_CANDIDATES parts, <= MAX_SUBSET - 1
# of them): one loop step per part for every prefix shorter than the limit.
_FEE_SEARCH_NODES = MAX_CANDIDATES * sum(comb(MAX_CANDIDATES, k) for k in range(MAX_SUBSET - 1))
if _FEE_SEARCH_NODES > MAX_NODES:  # _fee_possible relies on fee searches always completing
    raise RuntimeError("subset search budget too small for the fee shortcut")
TIGHT_DAYS = 1  # auto-accepted subset members lie within this of the target
# ... or within this when every member names the target's own party (a customer paying one invoice in parts over a
# few days, booked once when the last part arrived): the name, not the date, ties them together.
PARTY_DAYS = 3
_FEE = CATEGORY_CODES["fee"]
# Index slots: 0 fee lines, 1..15 batch-like summary category, 16+ name-core prefix.
_FEE_SLOT = 0
_PARTY_SLOT = 16


def subset_batches(st: State, v: View, batch_categories: frozenset[str], slots: dict[str, np.ndarray]) -> None:
    """``slots``: ``prefix_slots`` of the two sides, keyed "bank" and "journal"."""
    many_idx = np.flatnonzero(v.many_free)
    one_idx = np.flatnonzero(v.one_free)
    if many_idx.size < 2 or one_idx.size == 0:
        return
    one, many = v.one, v.many
    batch_codes = {CATEGORY_CODES[c] for c in batch_categories}
    # Prefix slots must agree across sides: build one table over both.
    one_slot, many_slot = (slots["bank"], slots["journal"]) if v.one_is_bank else (slots["journal"], slots["bank"])
    index, idx_keys, idx_days = _index(many, many_idx, many_slot, batch_codes)
    # Per-line values of the free "many" lines as dicts: only these are read,
    # so converting whole columns to lists would cost more than the search.
    mcents, mday, mrank = (_as_dict(col, many_idx) for col in (many.cents, many.day, many.rank))
    mfree = dict.fromkeys(many_idx.tolist(), True)  # mirror of the free flags, updated on take
    mcps = many.cps
    # Fee lines by (direction, amount), each list in day order (index order).
    fee_amounts: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    for d in (0, 1):
        for day, i in zip(*index.get(_FEE_SLOT * 2 + d, ([], []))):
            days_i, lines_i = fee_amounts.setdefault((d, mcents[i]), ([], []))
            days_i.append(day)
            lines_i.append(i)
    w = st.window
    twin = _twins(one, one_idx, w)
    reachable = _reachable(one, one_idx, one_slot, batch_codes, idx_keys, idx_days, w)
    one_idx, twin = one_idx[reachable], twin[reachable]
    by_id = np.argsort(one.rank[one_idx])  # targets in line-id order
    one_idx, twin = one_idx[by_id], twin[by_id]
    target_slot = one_slot[one.cp_code[one_idx]]
    hidden = _PlatformMentions(many, mfree, mcents)
    for o, is_twin, d, oday, target, slot, cat in zip(
        one_idx.tolist(),
        twin.tolist(),
        one.dirn[one_idx].tolist(),
        one.day[one_idx].tolist(),
        one.cents[one_idx].tolist(),
        target_slot.tolist(),
        one.cat[one_idx].tolist(),
    ):
        keys: list[tuple[int, str]] = []
        if slot >= 0:
            keys.append((slot * 2 + d, "party"))
        if cat in batch_codes:
            keys.append((cat * 2 + d, "summary"))
        anchors: dict[int, tuple[int, str]] = {}
        cp = one.cps[o]
        for key, kind in keys:
            got = index.get(key)
            if got is None:
                continue
            days, entries = got
            for k in range(bisect_left(days, oday - w), bisect_right(days, oday + w)):
                i = entries[k]
                if i in anchors or not mfree[i] or mcents[i] >= target:
                    continue
                if kind == "party" and not same_party(cp, mcps[i]):
                    continue
                anchors[i] = (abs(days[k] - oday), kind)
        if not anchors:
            continue
        ordered = sorted(anchors, key=lambda i: (anchors[i][0], mrank[i]))[:MAX_CANDIDATES]
        amounts = [mcents[i] for i in ordered]
        solutions: list[tuple[list[int], int | None]] = []
        complete = True
        if len(ordered) >= 2:
            sols, complete = subset_sums(amounts, target, max_size=MAX_SUBSET)
            solutions += [([ordered[k] for k in sol], None) for sol in sols]
        fee_got = index.get(_FEE_SLOT * 2 + d)
        if slot >= 0 and fee_got is not None and any(anchors[i][1] == "party" for i in ordered):
            if _fee_possible(fee_amounts, d, target, amounts, oday, w, mfree):
                complete &= _with_fee(solutions, ordered, amounts, target, fee_got, oday, w, mfree, mcents, mrank)
        if not solutions:
            continue
        unique = len(solutions) == 1 and complete and not is_twin
        if unique and slot >= 0 and hidden.near(cp, oday, w, target, anchors):
            unique = False  # a sale the books filed under its customer may be one of the payout's
        for members, fee in solutions[:3]:
            dds = [anchors[i][0] if i in anchors else abs(mday[i] - oday) for i in members]
            kinds = sorted({anchors[i][1] for i in members if i in anchors} | ({"fee"} if fee is not None else set()))
            if fee is not None and not all(anchors[i][1] == "party" for i in members if i != fee):
                unique = False  # a fee only rides along with a payment to the same party
            why = (
                f"{len(members)} 笔合计等于金额 subset of {len(members)} lines sums to the amount",
                "支持 support: " + ", ".join(kinds),
                f"最大日期差 max date distance {max(dds)}",
            )
            members = sorted(members, key=mrank.__getitem__)
            same_party_only = fee is None and all(anchors[i][1] == "party" for i in members)
            if unique and _several_payers([mcps[i] for i in members]):
                unique = False
            if unique and max(dds) <= (PARTY_DAYS if same_party_only else TIGHT_DAYS):
                take(st, v, o, members, RULE_SUBSET, 0.9, why)
                for i in members:
                    mfree[i] = False
            else:
                suggest(st, v, o, members, RULE_SUBSET, 0.55, why + ("不唯一或证据不足 not unique or weak",))


def _several_payers(names: list[str]) -> bool:
    """Two parts naming two companies in full (a legal name, more than its core) whose names contradict
    (``WEAK_NAME``, as a pair's names do; a typo is no other company): one payment's parts come from one payer.
    Beside the entry "收永盛合同款" the bank's 广州市永盛华贸易有限公司 and 厦门永盛科技有限公司 each bear the short name
    永盛, but they are two customers and their receipts two payments, not the instalments of one contract. A short
    name (祥云, a person's) could be either company and contradicts none."""
    full = list(dict.fromkeys(n for n in names if n and core_name(n) != n.upper()))
    return any(name_similarity(a, b) < WEAK_NAME for a, b in combinations(full, 2))


def _with_fee(
    solutions: list[tuple[list[int], int | None]],
    ordered: list[int],
    amounts: list[int],
    target: int,
    fee_got: tuple[list[int], list[int]],
    oday: int,
    w: int,
    mfree: dict[int, bool],
    mcents: dict[int, int],
    mrank: dict[int, int],
) -> bool:
    """Payment(s) plus one fee line: the nearest free fee lines, each tried as the
    extra member.  Appends to ``solutions``; returns False if a search was cut short."""
    complete = True
    for f in _nearest_free(fee_got, oday, w, mfree, mrank):
        rest = target - mcents[f]
        if rest <= 0:
            continue
        if len(amounts) == 1:  # the common case: one payment to the party
            sols: list[tuple[int, ...]] = [(0,)] if amounts[0] == rest else []
            ok = True
        else:
            sols, ok = subset_sums(amounts, rest, min_size=1, max_size=MAX_SUBSET - 1)
        complete &= ok
        # A fee line naming the party is a candidate payment too: it is never also its own subset's fee (one line
        # counted twice would add up to an amount no set of lines makes).
        solutions += [([ordered[k] for k in sol] + [f], f) for sol in sols if f not in (ordered[k] for k in sol)]
        if len(solutions) > 2:
            break
    return complete


def _nearest_free(
    got: tuple[list[int], list[int]], oday: int, w: int, mfree: dict[int, bool], mrank: dict[int, int]
) -> list[int]:
    """The ``MAX_CANDIDATES`` free entries nearest to ``oday`` (ties: line id).

    Entries are sorted by (day, id), so walking outwards one day distance at
    a time and merging the two days by id visits them in exactly that order
    and stops early, instead of sorting the whole window every time.
    """
    days, entries = got
    out: list[int] = []
    for dd in range(w + 1):
        block: list[int] = []
        for day in (oday - dd, oday + dd) if dd else (oday,):
            block += filter(mfree.__getitem__, entries[bisect_left(days, day) : bisect_right(days, day)])
        if dd:
            block.sort(key=mrank.__getitem__)
        out += block
        if len(out) >= MAX_CANDIDATES:
            break
    return out[:MAX_CANDIDATES]


def _fee_possible(
    fee_amounts: dict[tuple[int, int], tuple[list[int], list[int]]],
    d: int,
    target: int,
    amounts: list[int],
    oday: int,
    w: int,
    mfree: dict[int, bool],
) -> bool:
    """Can any free fee line in the window complete a subset of ``amounts`` to
    ``target``?  If not, ``_with_fee`` would find nothing, so it is skipped.

    Exact: the fee must equal ``target`` minus a subset sum (1..MAX_SUBSET-1
    parts); ``_with_fee`` only tries fewer fees (the nearest few), and its
    searches can never run out of nodes (``_FEE_SEARCH_NODES``), so skipping
    changes no result and no ``complete`` flag.
    """
    if len(amounts) > _SHORTCUT_MAX:
        return True
    sums = {sum(c) for k in range(1, min(len(amounts), MAX_SUBSET - 1) + 1) for c in combinations(amounts, k)}
    return any(_fee_of_amount(fee_amounts, d, target - s, oday, w, mfree) for s in sums if s < target)


def _fee_of_amount(
    fee_amounts: dict[tuple[int, int], tuple[list[int], list[int]]],
    d: int,
    cents: int,
    oday: int,
    w: int,
    mfree: dict[int, bool],
) -> bool:
    """Is there a free fee line of exactly ``cents`` within the window?  Rules out
    the fee search for a single payment cheaply (it needs fee == target - payment)."""
    got = fee_amounts.get((d, cents))
    if got is None:
        return False
    days, lines = got
    return any(mfree[i] for i in lines[bisect_left(days, oday - w) : bisect_right(days, oday + w)])


def _as_dict(column: np.ndarray, idx: np.ndarray) -> dict[int, int]:
    return dict(zip(idx.tolist(), column[idx].tolist()))


def prefix_slots(bank: Side, journal: Side) -> dict[str, np.ndarray]:
    """Per counterparty code of each side: index slot of its name-core prefix
    (first two characters; -1 when there is no core), numbered across both sides."""
    table: dict[str, int] = {}
    out = {}
    for name, side in (("bank", bank), ("journal", journal)):
        slots = [_PARTY_SLOT + table.setdefault(c[:2], len(table)) if c else -1 for c in side.cores]
        out[name] = np.array(slots, dtype=np.int64)
    return out


def _index(
    many: Side, many_idx: np.ndarray, slot_of_code: np.ndarray, batch_codes: set[int]
) -> tuple[dict[int, tuple[list[int], list[int]]], np.ndarray, np.ndarray]:
    """Index key (slot * 2 + direction) -> (days, line indices), sorted by (day, id).

    A line is indexed under its name-core prefix, and under "fee" or its
    batch-like summary category.  Also returns the flat sorted keys and days.
    """
    party = slot_of_code[many.cp_code[many_idx]]
    cat = many.cat[many_idx].astype(np.int64)
    by_party = party >= 0
    is_fee = cat == _FEE
    by_cat = np.isin(cat, np.array(sorted(batch_codes), dtype=np.int64)) & ~is_fee
    lines = np.concatenate((many_idx[by_party], many_idx[is_fee], many_idx[by_cat]))
    slots = np.concatenate((party[by_party], np.full(int(is_fee.sum()), _FEE_SLOT, np.int64), cat[by_cat]))
    keys = slots * 2 + many.dirn[lines]
    days = many.day[lines]
    order = np.lexsort((many.rank[lines], days, keys))
    keys, days, lines = keys[order], days[order], lines[order]
    bounds = [0] + (np.flatnonzero(np.diff(keys)) + 1).tolist() + [keys.size]
    key_l, day_l, line_l = keys.tolist(), days.tolist(), lines.tolist()
    index = {key_l[a]: (day_l[a:b], line_l[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a}
    return index, keys, days


def _reachable(
    one: Side,
    one_idx: np.ndarray,
    slot_of_code: np.ndarray,
    batch_codes: set[int],
    idx_keys: np.ndarray,
    idx_days: np.ndarray,
    w: int,
) -> np.ndarray:
    """Mask of targets with at least one indexed line under their party or summary
    key within the window: the others can have no anchor, so they are skipped
    (found in bulk with ``searchsorted`` instead of one Python pass each)."""
    slot = slot_of_code[one.cp_code[one_idx]]
    cat = one.cat[one_idx].astype(np.int64)
    d = one.dirn[one_idx].astype(np.int64)
    oday = one.day[one_idx]
    party_key = np.where(slot >= 0, slot * 2 + d, -1)
    cat_key = np.where(np.isin(cat, np.array(sorted(batch_codes), dtype=np.int64)), cat * 2 + d, -1)
    # Keys shifted by one so that "no key" (-1) becomes 0, which nothing uses.
    idx_c = composite([idx_keys + 1, party_key + 1, cat_key + 1], [idx_days, oday, oday], w + 1)
    found = np.zeros(one_idx.size, dtype=bool)
    for key, q in ((party_key, idx_c[1]), (cat_key, idx_c[2])):
        hits = np.searchsorted(idx_c[0], q + w, "right") - np.searchsorted(idx_c[0], q - w, "left")
        found |= (key >= 0) & (hits > 0)
    return found


def _twins(one: Side, one_idx: np.ndarray, w: int) -> np.ndarray:
    """True where another free line with the same amount and direction lies
    within 2 windows: both could claim the same subset, so neither is auto-accepted."""
    comp = composite([one.key[one_idx]], [one.day[one_idx]], 2 * w + 1)[0]
    s = np.sort(comp)
    count = np.searchsorted(s, comp + 2 * w, "right") - np.searchsorted(s, comp - 2 * w, "left")
    return count > 1


class _PlatformMentions:
    """Entries whose memo names a payment platform the books did not file them under ("Stripe sale ch_1ed3" under
    its customer Emily Walker): candidates of the platform's payout that the party index cannot see. A subset of
    the platform's own entries adding up to a payout is not the only one while such an entry lies near."""

    def __init__(self, many: Side, mfree: dict[int, bool], mcents: dict[int, int]) -> None:
        self.many, self.mfree, self.mcents = many, mfree, mcents
        self.by_word: dict[str, tuple[list[int], list[int]]] = {}

    def near(self, cp: str, oday: int, w: int, target: int, anchors: dict[int, tuple[int, str]]) -> bool:
        core = core_name(cp)
        if not core or not party_kind(core)[0]:
            return False
        word = core.split()[0]
        if len(word) < 4:
            return False
        days, lines = self.by_word.get(word) or self._index(word)
        for k in range(bisect_left(days, oday - w), bisect_right(days, oday + w)):
            i = lines[k]
            if i not in anchors and self.mfree.get(i, False) and self.mcents[i] < target:
                return True
        return False

    def _index(self, word: str) -> tuple[list[int], list[int]]:
        """The free entries whose memo has ``word`` as a word, in day order."""
        many = self.many
        codes = word_codes(many, word)
        free = np.fromiter(self.mfree, np.int64, len(self.mfree))
        hit = free[np.isin(many.text_code[free], np.array(codes, dtype=np.int64))]
        hit = hit[np.argsort(many.day[hit], kind="stable")]
        self.by_word[word] = got = (many.day[hit].tolist(), hit.tolist())
        return got
