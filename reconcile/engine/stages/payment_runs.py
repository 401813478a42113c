"""Stage 4C: payment runs, one bank line for several journal entries to different parties.

A payment run (批量转账, 网银批量支付, "PAYMENT RUN", SAMMELÜBERWEISUNG, a SEPA batch booking) or a direct-debit collection
reaches the statement as one line, while the journal books one entry per payee, each with its own name and voucher, on
the days the accountant approved them. Nothing but the amounts ties them together, so the evidence is the bank line's
batch marker (``fields.batch_marker``) plus a subset of the free journal entries nearby that adds up to it exactly and
is the only such subset.

Uniqueness only means something among few enough lines: the more candidates, the more subsets reach any total by chance.
Among n lines of ordinary amounts there are about n**k/k! subsets of k, so a spurious pair or triple stays rare among
``MAX_WIDE`` lines (the window, nearest first; a crowded date's pairs and triples are searched whole as well), while
subsets of four to six are only searched among the entries of one posting date (at most ``MAX_DAY``), four also among
two adjacent dates, and five as four of one date and one of the adjacent working day (an entry of the run booked a day
off). A subset decides only when its shape was tried among few enough subsets (``run_evidence.searched``: a crowded date
of a dozen runs is decided once other runs have taken some of its entries). Candidates are the free journal entries of
the bank line's direction and a smaller amount, for an outgoing run from three days before the debit to ``LATE`` days
after it; an entry that a free bank line of the same amount could claim one to one is searched but never taken; a subset
that differs from a solution by an entry of the same amount on one of its dates is a solution too, whatever its shape
(``_with_swaps``); a count the bank states (共5笔, 4 ITEMS) keeps subsets of that size. A run is auto-matched when its
subset is the only one of the fewest lines found (larger subsets that also add up are the likelier accidents: the
reasons say how many there were; on a crowded window stricter, ``run_evidence.weigh``) and every other run that could
use one of its lines has a subset of its own that avoids them and that no third run could use (``_shared``); its lines
then leave the pools and the others are searched again (a few passes), since fewer candidates make more subsets unique.
Several subsets, or too many lines even on the bank line's own day, give suggestions. A file whose runs the data shows
booked entry by entry over several days (``run_window``) gives a subset of one date or two no such weight: there a run
decides only as the only subset of its size or fewer in the whole window, and the only subset of two to five entries of
the whole window decides whatever its dates.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

import numpy as np

from ..fields import batch_marker, names_a_cheque
from ..state import State
from ..subsets import MAX_NODES, subset_sums
from ..types import RULE_SUBSET
from .arrays import composite
from .run_evidence import MAX_SUBSETS as EVIDENCE_SUBSETS
from .run_evidence import MAX_WIDE, ROUND, crowded, stated_count, weigh
from .run_search import Searched, run_search
from .run_window import SAMPLE, WholeWindow, alone_reason, booked_over_days, decide_whole_window, fewest_reason

MAX_DAY = 80  # four to six parts: searched among the candidates of one posting date (of two adjacent ones for four)
MAX_PARTS = 6
# Node budget of one search of a run: a crowded date (a dozen runs, 50-80 entries) is searched for up to six parts.
RUN_NODES = 4 * MAX_NODES
# All the searches of one run, the probes apart (``run_search``), visit at most this many nodes ...
RUN_BUDGET = 2 * RUN_NODES
# ... the probes of the shapes that cannot count at most this many for suggestions, and this many more for a run that
# a subset of four or more would decide ...
SUGGEST_NODES = MAX_NODES // 2
PROBE_NODES = RUN_NODES
# ... and the whole stage at most this many per marked bank line, over all its passes.
RUN_SHARE = 50_000
# Subsets of a shape that count as evidence at most (``run_evidence.searched``): shapes with more are only probed.
MAX_SUBSETS = EVIDENCE_SUBSETS
LATE = 1  # working days an entry of an outgoing run may be posted after the bank's debit
SPLIT_PARTS = 5  # the size of the four-of-one-date-and-one-of-the-next shape
MAX_PASSES = 6
# Subsets suggested for one bank line at most: equal entries (fifty salaries of one amount) make one subset per swap
# (``_with_swaps``), all needed to decide that none is unique but of no use to a person past the first few.
MAX_SUGGESTED = 10
SCORE = 0.9


# A search: (solutions, decided, dates, wide pool size, most candidates on a date, the solutions that are evidence).
_Found = tuple[list[tuple[int, ...]], bool, int, int, int, list[tuple[int, ...]]]


class _Pools:
    """The free journal lines a payment run may consist of, with their day, cents and id rank (dicts of just these
    lines), and each target's candidate range in ``lines`` (sorted by direction and day)."""

    def __init__(self, st: State, targets: np.ndarray, j_free: np.ndarray, held: np.ndarray) -> None:
        bank, journal, w = st.bank, st.journal, st.window
        decidable = j_free
        # Held-back entries are searched too: a subset with one of them adds up as well, so it makes the others
        # not unique, though it is never taken itself (``in_pool``).
        j_free = np.concatenate((j_free, held))
        jc, tc = composite(
            [journal.dirn[j_free].astype(np.int64), bank.dirn[targets].astype(np.int64)],
            [journal.day[j_free], bank.day[targets]],
            w + 1,
        )
        order = np.argsort(jc, kind="stable")
        jc_sorted = jc[order]
        self.lo = np.searchsorted(jc_sorted, tc - w, "left").tolist()
        # An outgoing run's entries are posted when the run is made, on or before the day the bank debits it (one
        # booked by hand a working day late at most); entries of later dates only make chance subsets.
        ahead = np.where(bank.dirn[targets] == 0, min(w, LATE), w)
        self.hi = np.searchsorted(jc_sorted, tc + ahead, "right").tolist()
        lines = j_free[order]
        self.line_arr = lines
        self.day_arr = np.ascontiguousarray(journal.day[lines], dtype=np.int64)
        self.cents_arr = np.ascontiguousarray(journal.cents[lines], dtype=np.int64)
        self.rank_arr = np.ascontiguousarray(journal.rank[lines], dtype=np.int64)
        self.free = np.ones(lines.size, dtype=bool)  # False once a run took the line
        self.taken: set[int] = set()
        self.lines = lines.tolist()
        self.day = dict(zip(self.lines, self.day_arr.tolist()))
        self.cents = dict(zip(self.lines, self.cents_arr.tolist()))
        self.rank = dict(zip(self.lines, self.rank_arr.tolist()))
        self.in_pool = set(decidable.tolist())
        # Free entries by (direction, date, amount), the held-back ones included, for the swaps of ``_with_swaps``:
        # only those whose direction and amount another free entry has (most amounts are unique, so few lines).
        both = lines
        key = journal.cents[both].astype(np.int64) * 2 + journal.dirn[both]
        _u, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        twins = both[counts[inverse.reshape(-1)] > 1]
        self.twinned = set(twins[np.isin(twins, lines)].tolist())
        self.key: dict[int, tuple[int, int]] = {}
        self.by_amount: dict[tuple[int, int, int], list[int]] = {}
        for j, d, day, cents, rank in zip(
            twins.tolist(),
            journal.dirn[twins].tolist(),
            journal.day[twins].tolist(),
            journal.cents[twins].tolist(),
            journal.rank[twins].tolist(),
        ):
            self.day[j], self.rank[j], self.cents[j] = day, rank, cents  # a swap may bring a held-back one in
            self.key[j] = (d, cents)
            self.by_amount.setdefault((d, day, cents), []).append(j)

    def same_amount(self, j: int, date: int) -> list[int]:
        """Free entries of ``j``'s direction and amount on ``date`` (in the pools or held back), not taken yet;
        ``j`` one of ``twinned``."""
        d, cents = self.key[j]
        return [k for k in self.by_amount.get((d, date, cents), ()) if k not in self.taken]


def _without_cheques(st: State, j_free: np.ndarray) -> np.ndarray:
    """The free entries not paid by cheque: an outstanding cheque is no member of a bank's payment run."""
    codes, inverse = np.unique(st.journal.text_code[j_free], return_inverse=True)
    texts = st.journal.texts
    cheque = np.fromiter((names_a_cheque(texts[c]) for c in codes.tolist()), dtype=bool, count=codes.size)
    kept: np.ndarray = j_free[~cheque[inverse.reshape(-1)]]
    return kept


def payment_run_stage(st: State) -> None:
    bank = st.bank
    b_free = np.flatnonzero(st.bank_free)
    j_free = np.flatnonzero(st.journal_free)
    if b_free.size == 0 or j_free.size < 2:
        return
    # Texts of the free lines only, each once: at this stage a few percent of the lines are left.
    codes, inverse = np.unique(bank.text_code[b_free], return_inverse=True)
    texts = bank.texts
    marked_text = np.fromiter((batch_marker(texts[c]) for c in codes.tolist()), dtype=bool, count=codes.size)
    marked = marked_text[inverse.reshape(-1)] | np.fromiter(
        map(batch_marker, bank.nref[b_free].tolist()), dtype=bool, count=b_free.size
    )
    targets = b_free[marked]
    if targets.size == 0:
        return
    j_free = _without_cheques(st, j_free)
    claimable = _claimable(st, b_free[~marked], j_free)
    held, j_free = j_free[claimable], j_free[~claimable]
    if j_free.size < 2:
        return
    targets = targets[np.argsort(bank.rank[targets], kind="stable")]  # decided in line-id order
    pools = _Pools(st, targets, j_free, held)
    todo = list(zip(targets.tolist(), pools.lo, pools.hi, bank.day[targets].tolist(), bank.cents[targets].tolist()))
    stated = {o: k for o in targets.tolist() if (k := stated_count(texts[bank.text_code[o]]))}
    found: dict[int, _Found] = {}
    # A file that books its runs entry by entry over several days (``run_window.booked_over_days``): a subset decides
    # only as the only one of its size or fewer in the whole window, and the only subset of the whole window decides
    # whatever its dates; elsewhere the shaped searches decide alone.
    ranges = {t[0]: (t[1], t[2], t[4]) for t in todo}
    whole = WholeWindow(pools.line_arr, pools.cents_arr, pools.day_arr, pools.free, pools.in_pool, ranges)
    spread = booked_over_days(whole.sample([t[0] for t in todo[:SAMPLE]]))
    alone: dict[int, tuple[int, ...] | None] = {}  # the only subset of each target's whole window, when searched
    rivals: dict[int, list[tuple[int, ...]]] = {}  # a subset whole-window rivals kept from deciding, with them
    # Peeling: each pass accepts the runs whose subset is unique and shares no line with another run's possible
    # subsets; their lines leave the pools, which can make the next pass's searches unique.
    position = {j: k for k, j in enumerate(pools.lines)}
    changed: list[int] = []  # positions (in ``pools.lines``) of the lines the last pass took, sorted
    # The stage's work is bounded by its number of runs, not by how crowded their days are: once ``RUN_SHARE`` nodes
    # a run have been spent, no run is searched again and the runs not yet searched stay open.
    left = RUN_SHARE * int(targets.size)
    for _ in range(MAX_PASSES):
        if left <= 0:
            break
        # Only a target whose candidate range lost a line can find anything new.
        for o, a, z, oday, target in todo:
            if o in found and bisect_left(changed, a) >= bisect_left(changed, z):
                continue
            if left <= 0:  # not searched again: its last search may hold taken lines, so it only suggests
                if o in found:
                    sols, _certain, *rest = found[o]
                    found[o] = (sols, False, *rest)  # type: ignore[assignment]
                alone.pop(o, None)  # its whole-window subset may hold lines taken since: never decides again
                continue
            found[o], nodes = _search(pools, a, z, oday, target, stated.get(o, 0), min(RUN_BUDGET, left))
            left -= nodes
            alone.pop(o, None)  # searched again below if it comes to that
        # Each target's fewest-line subsets: a chance pair among 60 lines is rarer than a chance five among 30 (about
        # n**k/k! subsets of k), so when a pair or triple adds up, larger subsets that also do are likelier accidents.
        smallest = {o: _fewest(strong, pools.day) for o, (*_r, strong) in found.items()}
        claims: dict[int, list[int]] = {}
        for o, sols in smallest.items():
            for j in {j for sol in sols for j in sol}:
                claims.setdefault(j, []).append(o)
        accepted = {
            o: shared
            for o, (_sols, certain, *_r) in found.items()
            if certain
            and len(smallest[o]) == 1
            and all(j in pools.in_pool for j in smallest[o][0])
            and (shared := _shared(o, smallest[o][0], claims, smallest)) is not None
        }
        lone = decide_whole_window(whole, found, smallest, accepted, claims, alone, rivals, stated) if spread else {}
        took: list[int] = []
        for o, shared in accepted.items():
            sols, _certain, n_days, n_wide, n_day, _strong = found.pop(o)
            (sol,) = smallest[o]
            wide = whole.size(o) if spread else 0
            _take(st, pools, o, sol, sols, n_days, n_wide, n_day, shared, stated.get(o, 0), wide)
            took += sol
        for o, sol in lone.items():
            found.pop(o)
            members = sorted(sol, key=pools.rank.__getitem__)
            st.take([o], members, RULE_SUBSET, SCORE, _why(st, pools, o, members) + (alone_reason(whole.size(o)),))
            took += sol
        if not accepted and not lone:
            break
        changed = sorted(position[j] for j in took)
        pools.free[changed] = False
        pools.taken.update(took)
        todo = [t for t in todo if t[0] in found]
    # The runs left are suggestions: searched once more with the shapes that cannot count probed too (within
    # ``SUGGEST_NODES``), since a person may recognise a run of five among too many to decide.
    offered = {}
    for o, a, z, oday, target in todo:
        if o in found and left > 0:
            offered[o], nodes = _offered(pools, a, z, oday, target, stated.get(o, 0), min(RUN_BUDGET, left))
            left -= nodes
    for o, (sols, *_r) in found.items():
        sols = offered.get(o, sols)
        known = {frozenset(sol) for sol in sols}
        sols = sols + [alt for alt in rivals.get(o, ()) if frozenset(alt) not in known and pools.taken.isdisjoint(alt)]
        # The fewest lines first (the likelier runs, as when deciding), then in line order.
        shown = sorted(sols, key=lambda sol: (_preference(sol, pools.day), [pools.rank[j] for j in sol]))
        more = len(shown) - MAX_SUGGESTED
        unlisted = (
            (f"另有 {more} 个组合金额也相符, 未列出 {more} more subsets also add up (not listed)",) if more > 0 else ()
        )
        for sol in shown[:MAX_SUGGESTED]:
            members = sorted(sol, key=pools.rank.__getitem__)
            st.suggest(
                [o],
                members,
                RULE_SUBSET,
                0.5,
                _why(st, pools, o, members) + ("不唯一或候选过多 not unique or too many lines",) + unlisted,
            )


def _search(pools: _Pools, a: int, z: int, oday: int, target: int, count: int, budget: int) -> tuple[_Found, int]:
    """``run_search`` over the target's free candidates of a smaller amount (within ``budget`` nodes); solutions as
    journal line indices, and the nodes visited. With ``count`` (the number of payments the bank line states) only
    subsets of that many lines.

    The shapes that can never count (``run_search``'s probes) only keep a subset of four or more from deciding (or
    offer a person a subset, ``_offered``), so they are probed only for a target that such a subset would decide:
    few are, and those probes were most of the stage's work on crowded days."""
    keep = pools.free[a:z] & (pools.cents_arr[a:z] < target)
    if np.count_nonzero(keep) < 2:
        return ([], False, 0, 0, 0, []), 0
    at = np.flatnonzero(keep) + a
    found, nodes, unsearched = _weighed(pools, at, oday, target, count, budget, 0, blocking=False)
    if unsearched and found[1] and len(_fewest(found[5], pools.day)[0]) > 3:
        found, more, _unsearched = _weighed(pools, at, oday, target, count, budget - nodes, PROBE_NODES)
        nodes += more
    return found, nodes


def _run_search(pools: _Pools, at: np.ndarray, oday: int, target: int, budget: int, probe: int) -> Searched:
    """``run_search`` of the candidates ``at`` with the stage's shape limits."""
    return run_search(
        pools.cents_arr[at],
        pools.day_arr[at],
        pools.rank_arr[at],
        target,
        oday,
        MAX_WIDE,
        MAX_DAY,
        MAX_PARTS,
        RUN_NODES,
        max(budget, 0),
        MAX_SUBSETS,
        probe,
    )


def _offered(
    pools: _Pools, a: int, z: int, oday: int, target: int, count: int, budget: int
) -> tuple[list[tuple[int, ...]], int]:
    """The subsets a run left undecided offers a person (the shapes that cannot count probed within
    ``SUGGEST_NODES``), as journal line indices, and the nodes visited."""
    keep = pools.free[a:z] & (pools.cents_arr[a:z] < target)
    if np.count_nonzero(keep) < 2:
        return [], 0
    at = np.flatnonzero(keep) + a
    sols, _certain, _days, _wide, _largest, nodes, _unsearched = _run_search(
        pools, at, oday, target, budget, SUGGEST_NODES
    )
    line_of = pools.line_arr[at].tolist().__getitem__
    return _with_swaps(pools, [tuple(map(line_of, sol)) for sol in sols if not count or len(sol) == count]), nodes


def _weighed(
    pools: _Pools, at: np.ndarray, oday: int, target: int, count: int, budget: int, probe: int, blocking: bool = True
) -> tuple[_Found, int, bool]:
    """One ``run_search`` of the candidates ``at`` weighed as evidence: (the search, nodes visited, whether probes of
    the shapes that cannot count were cut short). Unless ``blocking``, a probe cut short keeps nothing from deciding:
    the caller probes again, further, where that matters."""
    sols, certain, n_days, n_wide, largest, nodes, unsearched = _run_search(pools, at, oday, target, budget, probe)
    if not certain and len(sols) == 1 and len(sols[0]) <= 3 and all(pools.cents_arr[at[k]] % ROUND for k in sols[0]):
        certain = _wide_certain(pools.cents_arr[at], pools.day_arr[at], pools.rank_arr[at], target, oday)
    line_of = pools.line_arr[at].tolist().__getitem__
    found = _with_swaps(pools, [tuple(map(line_of, sol)) for sol in sols if not count or len(sol) == count])
    per_day: dict[int, int] = {}
    if any(len(sol) > 3 for sol in found):  # only subsets of four or more are weighed by their dates' sizes
        per_day = Counter(pools.day_arr[at].tolist())  # a few hundred candidates: cheaper than np.unique's sort
    strong, decides = weigh(
        found,
        _fewest,
        pools.in_pool,
        pools.day,
        pools.cents,
        per_day,
        crowded(largest, at.size),
        blocking and unsearched,
    )
    certain = certain and decides
    if certain and len(strong_one := _fewest(strong, pools.day)[0]) > 3 and at.size > MAX_WIDE:
        # Larger subsets are decided against the smaller ones of the same entries, so the pairs and triples of
        # the solution's own dates must all have been searched: the ``MAX_WIDE`` nearest may have left them out.
        days = pools.day_arr[at]
        own = np.zeros(at.size, dtype=bool)
        for date in {pools.day[j] for j in strong_one}:  # one to six dates: cheaper than np.isin's sort
            own |= days == date
        smaller, complete = subset_sums(
            pools.cents_arr[at[own]].tolist(), target, min_size=2, max_size=3, limit=1, max_nodes=RUN_NODES
        )
        certain = complete and not smaller
    return (found, certain, n_days, n_wide, largest, strong), nodes, unsearched


def _wide_certain(cents: np.ndarray, days: np.ndarray, ranks: np.ndarray, target: int, oday: int) -> bool:
    """Whether the search for pairs and triples among the ``MAX_WIDE`` nearest candidates was complete.

    Called when that search found one subset only, of two or three entries, on a day with more candidates than
    ``MAX_DAY`` (where four or five are not searched). The run is decided among the fewest-line subsets
    (``_fewest``): subsets of four or five, however many there are, never change that choice, so the decision is
    as certain as the search of the smaller subsets was complete (``run_search`` reports one flag for all its
    searches). Not when a second subset of two or three also adds up: a pair of one round amount and a member of
    a true triple is the commonest accident on a crowded day, and which of the two is the run a person decides."""
    near = np.lexsort((ranks, np.abs(days - oday)))[:MAX_WIDE]
    _found, complete = subset_sums(cents[near].tolist(), target, min_size=2, max_size=3, max_nodes=RUN_NODES)
    return complete


def _with_swaps(pools: _Pools, sols: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Add the subsets that differ from a solution by one entry of the same amount on one of its dates.

    They add up just as well, but the searches may not see them: a five-line solution of four entries of one date
    and one of the next has swaps of three and two; an entry held back from the pools because a bank line of its
    amount could claim it is in no search. Either makes the solution not unique (a list price paid to two
    suppliers on the same day, one of them in the run, the other on its own or in another run). Cheap: a few
    solutions of at most five members, a dict look-up each.
    """
    day = pools.day
    twinned = pools.twinned
    if not any(j in twinned for sol in sols for j in sol):
        return sols
    out = set(sols)
    for sol in sols:
        for date in {day[j] for j in sol}:
            for m in sol:
                if m not in twinned:
                    continue
                for k in pools.same_amount(m, date):
                    if k not in sol:
                        out.add(tuple(sorted([x for x in sol if x != m] + [k], key=pools.rank.__getitem__)))
    if len(out) == len(sols):
        return sols
    return sorted(out, key=lambda sol: [pools.rank[j] for j in sol])


def _why(st: State, pools: _Pools, o: int, members: list[int]) -> tuple[str, ...]:
    text = st.bank.texts[st.bank.text_code[o]]
    dd = max(abs(pools.day[j] - int(st.bank.day[o])) for j in members)
    return (
        f"批量标记 batch marker on the bank line: {text[:40]}",
        f"{len(members)} 笔合计等于金额 subset of {len(members)} lines sums to the amount",
        f"最大日期差 max date distance {dd}",
    )


def _shared(
    o: int, sol: tuple[int, ...], claims: dict[int, list[int]], smallest: dict[int, list[tuple[int, ...]]]
) -> int | None:
    """How many other runs could also use a line of ``o``'s only subset, when each of them has a subset of its own
    that avoids these lines and that no third run could use (then ``o`` taking ``sol`` leaves every run a way to
    add up: a list price paid in two runs, one of which has no other way); None when one of them has no such
    subset. The subset left over must be free of other claims: else taking ``sol`` pushes a run onto lines a third
    one may need, and a chance subset would start a chain of wrong matches."""
    taken = set(sol)
    others = {x for j in sol for x in claims[j] if x != o}
    for x in others:
        if not any(taken.isdisjoint(alt) and all(claims[j] == [x] for j in alt) for alt in smallest[x]):
            return None
    return len(others)


def _fewest(sols: list[tuple[int, ...]], day: dict[int, int]) -> list[tuple[int, ...]]:
    """The solutions with the fewest lines; of five lines, those of one posting date before those with an entry a
    day off (the ERP posts a run on one date; an entry booked by hand on the next is the exception, so when both
    add up, the one-date run is the likelier and the other the accident, as larger subsets are against smaller)."""
    if not sols:
        return []
    keys = [_preference(sol, day) for sol in sols]
    best = min(keys)
    return [sol for sol, key in zip(sols, keys) if key == best]


def _preference(sol: tuple[int, ...], day: dict[int, int]) -> tuple[int, bool]:
    return len(sol), len(sol) >= SPLIT_PARTS and len({day[j] for j in sol}) > 1


def _take(
    st: State,
    pools: _Pools,
    o: int,
    sol: tuple[int, ...],
    sols: list[tuple[int, ...]],
    n_days: int,
    n_wide: int,
    n_day: int,
    shared: int,
    count: int,
    whole: int,
) -> None:
    """``whole``: the size of the window in which no other subset of as few entries adds up (0: not searched)."""
    members = sorted(sol, key=pools.rank.__getitem__)
    dates = len({pools.day[j] for j in members})
    if len(members) <= 3:
        scope = f"{n_wide} 笔候选中唯一 the only such subset among the {n_wide} lines of the window"
    elif dates == 1:
        scope = f"同一记账日唯一 the only such subset of entries posted on one date (up to {n_day} lines a day, {n_days} days)"
    elif len(members) < SPLIT_PARTS:
        scope = f"相邻两日唯一 the only such subset of entries posted on two days (up to {n_day} lines a day, {n_days} days)"
    else:
        scope = (
            "四笔同日、一笔次日, 唯一 the only such subset of four entries of one date and one of the adjacent working"
            f" day (up to {n_day} lines a day, {n_days} days)"
        )
    larger = sum(len(other) > len(sol) for other in sols)
    split = sum(len(other) == len(sol) for other in sols) - 1
    also: tuple[str, ...] = (
        (f"另有 {larger} 个更多笔的组合 {larger} larger subsets also add up (less likely by chance)",) if larger else ()
    )
    if split:
        also += (
            f"另有 {split} 个有一笔跨日的组合 {split} subsets with an entry booked a day off also add up (a run is"
            " posted on one date: less likely)",
        )
    if count:
        also += (f"银行注明 {count} 笔 the bank line states {count} payments",)
    if shared:
        also += (
            f"另有 {shared} 个批量可用其中分录, 但各有不含它们的组合 {shared} other runs could use some of these"
            " entries, but each adds up without them",
        )
    if whole:
        also += (fewest_reason(whole),)
    st.take([o], members, RULE_SUBSET, SCORE, _why(st, pools, o, members) + (scope,) + also)


def _claimable(st: State, b_lines: np.ndarray, j_lines: np.ndarray) -> np.ndarray:
    """Mask of ``j_lines`` that free bank lines (of ``b_lines``) of the same amount and direction within the window
    could all claim one to one: such an entry is more likely a pair a person has to decide than part of a run.
    Where the journal has more entries of an amount nearby than the bank has lines (list prices, deposits), the
    surplus may be in a run, so none of them is held back."""
    if b_lines.size == 0:
        return np.zeros(j_lines.size, dtype=bool)
    w = st.window
    bc, jc = composite(
        [st.bank.key[b_lines], st.journal.key[j_lines]], [st.bank.day[b_lines], st.journal.day[j_lines]], w + 1
    )
    bc, js = np.sort(bc), np.sort(jc)
    n_bank = np.searchsorted(bc, jc + w, "right") - np.searchsorted(bc, jc - w, "left")
    n_journal = np.searchsorted(js, jc + w, "right") - np.searchsorted(js, jc - w, "left")
    return (n_bank > 0) & (n_bank >= n_journal)
