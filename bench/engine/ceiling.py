"""How much of a generator's truth any matcher could decide from the lines alone: the decidability ceiling.

    .venv/bin/python -m bench.engine.ceiling --gen fourth --n 100000 --seeds 404 405 406

The engine's recall is only comparable to what the lines can tell. A perfect matcher here sees what the engine sees
(amount, direction, working-day date, reference, counterparty, text) and reads the names in them perfectly; it still
cannot pick between lines that differ by nothing it sees. Judged with the generator's truth:

**1:1.** Candidates are the lines of the other side with the same direction and amount within the engine's window
(``--window`` working days, 3). A line has a name when the engine reads one (the counterparty; in the journal,
failing that, the company its summary names: ``mentions.read_names_in_text``), other than a payment platform
(``name_words.PLATFORM``), a word on more than ``GENERIC_SHARE`` of a side's lines or a payment run's own bank line.
Whose name it is comes from the truth (the lines of a group are one party, and two groups sharing a name), so an
abbreviated, cut or mistyped name is linked to its party and two parties are always told apart: generous on purpose.
Two lines **agree** on names of one party or on a number only they carry (3+ digits, leading zeros dropped, on lines
of at most ``NUMBER_DAYS`` dates: invoice numbers, serials, vouchers; not years or merchant numbers); they
**contradict** on names of two parties without such a number. A true pair is **decidable** when it lies in every best
assignment of its same-amount cluster (contradicting pairs removed; agreement weighs more than any number of pairs
that only fit the window, so evidence first, then as many pairs as the dates admit): a cluster of k bank and k
journal lines without names whose dates admit two assignments is not decidable; one whose dates admit only one is.
Past the window: a shared number, or one party alone with its amount within ``BEYOND`` days (the engine's rules).
Beside it, what a tie-break on the smallest total date distance would add there, right and wrong.

**Batches** (1:N, N:1). The pool is the "many" side's lines of the same direction and a smaller amount in the
window (for an outgoing run from ``--window`` days before the debit to ``payment_runs.LATE`` after it), less the
lines of decidable 1:1 pairs (a perfect matcher has placed them) and the lines whose name contradicts the single
line. A group is decidable when its members are exactly the pool lines that agree with the single line, or exactly
those bearing a number they share (a voucher), or when its subset is the only one of that total in the pool (of the
size the bank states, 共5笔, else 2 to max(6, its size)). A second subset of the same total proves it undecidable; a
search that ran out of nodes (``--nodes``) before a second one is counted apart as unknown and given as a range.
Runs are judged one at a time (other runs' entries compete). A looser second ceiling counts only other subsets of
the run's size drawn from its own dates, as if a matcher knew when the run was booked.

Then the engine (``reconcile.engine.match``, window 3) beside it: its recall, the ceiling, and the true groups the
engine missed although they are decidable, by how they are decidable and what the engine did with them.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from reconcile import engine
from reconcile.engine import Line, MatchResult
from reconcile.engine.mentions import read_names_in_text
from reconcile.engine.name_words import PLATFORM
from reconcile.engine.normalize import RefTable, Side, day_mapper
from reconcile.engine.stages.payment_runs import LATE
from reconcile.engine.stages.run_evidence import stated_count
from reconcile.engine.subsets import subset_search

from .generator import Case

NUMBER_DAYS = 7  # a number on lines of more dates than this identifies nothing (a year, a merchant, a grade)
BEYOND = 30  # the engine's reference_days: a shared reference or a unique amount of one party reaches this far
GENERIC_SHARE = 0.002  # a name on more than this share of a side's lines (and at least 100) is a word, not a party
AGREE = 1000  # an agreeing pair outweighs any number of pairs that only fit the window
MAX_SEARCH_SIZE = 10
_DIGITS = re.compile(r"\d{3,}")


def _numbers(line: Line) -> set[str]:
    found = _DIGITS.findall(f"{line.reference} {line.counterparty} {line.text}")
    return {n.lstrip("0") for n in found if len(n.lstrip("0")) >= 3}


@dataclass
class _Side:
    lines: Sequence[Line]
    day: list[int]
    cents: list[int]
    named: list[bool]  # carries a name that identifies a party
    group: list[int]  # truth group of a 1:1 or N:1 line, -1 for others (a run's lines are parties of their own)
    names: list[frozenset[str]]  # the names of its party: its own and those of its group's other lines
    numbers: list[set[str]]


def _sides(case: Case, day: Callable) -> tuple[_Side, _Side]:
    """Both sides with their names, parties and identifying numbers.

    Names are read as the engine reads them (the counterparty; in the journal, failing that, the company the summary
    names: ``mentions.read_names_in_text``), as their core (region and legal form dropped). Parties come from the truth:
    the lines of one 1:1 or N:1 group are one party, and two lines whose groups share a name are one party (a customer
    paying twice); no chains beyond that. A payment run's bank line names no payee (at most the company itself)."""
    bank_side = Side(case.bank, "bank", day, RefTable())
    journal_side = Side(case.journal, "journal", day, RefTable())
    read_names_in_text(journal_side, bank_side)
    group_of: dict[tuple[str, str], int] = {}
    run_banks: set[str] = set()
    for k, (b_ids, j_ids, kind) in enumerate(case.truth):
        if kind == "1:N":
            run_banks.update(b_ids)
            continue
        group_of.update({("b", x): k for x in b_ids})
        group_of.update({("j", x): k for x in j_ids})
    raw = []
    group_names: dict[int, set[str]] = defaultdict(set)
    for tag, lines, side in (("b", case.bank, bank_side), ("j", case.journal, journal_side)):
        cores = side.cores
        keys = [cores[c] for c in side.cp_code.tolist()]
        common = Counter(keys)
        limit = max(50, GENERIC_SHARE * len(lines))
        named = [
            bool(key) and common[key] <= limit and not PLATFORM.search(cp) and x.id not in run_banks
            for x, key, cp in zip(lines, keys, side.cps)
        ]
        groups = [group_of.get((tag, x.id), -1) for x in lines]
        for g, key, ok in zip(groups, keys, named):
            if ok and g >= 0:
                group_names[g].add(f"{tag}:{key}")
        raw.append((tag, lines, keys, named, groups))
    out = []
    for tag, lines, keys, named, groups in raw:
        numbers_all = [_numbers(x) for x in lines]
        days = [day(x.date) for x in lines]
        spread: dict[str, set[int]] = defaultdict(set)
        for ns, d in zip(numbers_all, days):
            for n in ns:
                spread[n].add(d)
        names = [
            frozenset(group_names[g]) if g >= 0 else frozenset({f"{tag}:{key}"} if ok else ())
            for g, key, ok in zip(groups, keys, named)
        ]
        out.append(
            _Side(
                lines,
                days,
                [int(x.amount * 100) for x in lines],
                named,
                groups,
                names,
                [{n for n in ns if len(spread[n]) <= NUMBER_DAYS} for ns in numbers_all],
            )
        )
    return out[0], out[1]


def _relation(b: _Side, i: int, j: _Side, k: int) -> int:
    """The weight of a pair in an assignment: -1 the lines contradict (names of two parties, no shared number); 1 only
    amount and date tie them; AGREE more for a name of the same party, AGREE more for a shared number (an invoice
    number agreeing outweighs a name that two invoices of one payer share)."""
    number = bool(b.numbers[i] & j.numbers[k])
    if b.named[i] and j.named[k]:
        if not (b.group[i] == j.group[k] >= 0 or b.names[i] & j.names[k]):
            return 1 + AGREE if number else -1
        return 1 + AGREE + AGREE * number
    return 1 + AGREE * number


@dataclass
class Verdicts:
    pair: dict[int, str] = field(default_factory=dict)  # truth index -> how decidable, or why not ("-" prefix)
    batch: dict[int, str] = field(default_factory=dict)
    batch_dates: dict[int, str] = field(default_factory=dict)  # alternatives only from the true members' dates
    nearest_right: set[int] = field(default_factory=set)  # undecidable pairs the nearest dates would get right ...
    nearest_wrong: int = 0  # ... and the wrong links they would make


def _pairs(case: Case, b: _Side, j: _Side, window: int, v: Verdicts) -> None:
    """Every true 1:1 pair's verdict: forced in all best assignments of its same-amount cluster, or not."""
    by_key: dict[tuple[str, int], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, x in enumerate(b.lines):
        by_key[(x.direction, b.cents[i])][0].append(i)
    for k, x in enumerate(j.lines):
        by_key[(x.direction, j.cents[k])][1].append(k)
    b_index = {x.id: i for i, x in enumerate(b.lines)}
    j_index = {x.id: i for i, x in enumerate(j.lines)}
    true_j = {}
    for t, (b_ids, j_ids, kind) in enumerate(case.truth):
        if kind == "1:1":
            true_j[b_index[b_ids[0]]] = (j_index[j_ids[0]], t)
    for bs, js in by_key.values():
        if not bs:
            continue
        js.sort(key=lambda k: j.day[k])
        jdays = [j.day[k] for k in js]
        edges: dict[tuple[int, int], int] = {}
        for i in bs:
            lo = np.searchsorted(jdays, b.day[i] - window, "left")
            hi = np.searchsorted(jdays, b.day[i] + window, "right")
            for k in js[lo:hi]:
                rel = _relation(b, i, j, k)
                if rel > 0:
                    edges[(i, k)] = rel
        for i in bs:
            if i in true_j:
                k, t = true_j[i]
                if (i, k) not in edges:
                    far = abs(b.day[i] - j.day[k]) > window
                    v.pair[t] = _beyond(b, i, j, k, bs, js) if far else "-names contradict"
        _decide_cluster(edges, true_j, b, j, window, v)
    for t, (_b, _j, kind) in enumerate(case.truth):
        if kind == "1:1" and t not in v.pair:
            v.pair[t] = "-the evidence points to another line"


def _beyond(b: _Side, i: int, j: _Side, k: int, bs: list[int], js: list[int]) -> str:
    """A pair farther apart than the window: decidable by a number only the two share, or by one party's name when
    no other line of the amount is within ``BEYOND`` days of either (the engine's rules past the window)."""
    if abs(b.day[i] - j.day[k]) <= BEYOND:
        if b.numbers[i] & j.numbers[k]:
            return "beyond the window, a shared number"
        near = sum(abs(b.day[x] - b.day[i]) <= BEYOND for x in bs) + sum(abs(j.day[x] - j.day[k]) <= BEYOND for x in js)
        if near == 2 and b.named[i] and j.named[k] and _relation(b, i, j, k) > AGREE:
            return "beyond the window, the only line of its amount and party"
    return "-outside the window"


def _decide_cluster(
    edges: dict[tuple[int, int], int], true_j: dict, b: _Side, j: _Side, window: int, v: Verdicts
) -> None:
    by_b: dict[int, list[int]] = defaultdict(list)
    by_j: dict[int, list[int]] = defaultdict(list)
    for i, k in edges:
        by_b[i].append(k)
        by_j[k].append(i)
    # An agreeing pair that is the only agreeing candidate of both lines is in every best assignment (dropping it
    # loses AGREE, re-using its two lines gains at most 2): decided, and its lines leave the cluster.
    done_b: set[int] = set()
    done_j: set[int] = set()
    for (i, k), w in edges.items():
        if w > AGREE and sum(edges[(i, x)] > AGREE for x in by_b[i]) == 1:
            if sum(edges[(y, k)] > AGREE for y in by_j[k]) == 1:
                done_b.add(i)
                done_j.add(k)
                if true_j.get(i, (None,))[0] == k:
                    v.pair[true_j[i][1]] = "names or numbers agree"
    rest = {e: w for e, w in edges.items() if e[0] not in done_b and e[1] not in done_j}
    # Connected components of what is left, each solved as an assignment problem.
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, k in rest:
        parent[find(("b", i))] = find(("j", k))
    comps: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for e in rest:
        comps[find(("b", e[0]))].append(e)
    for comp in comps.values():
        truths = [(e, true_j[e[0]][1]) for e in comp if true_j.get(e[0], (None,))[0] == e[1]]
        if not truths:
            continue
        bi = sorted({e[0] for e in comp})
        ki = sorted({e[1] for e in comp})
        if len(bi) == 1 and len(ki) == 1:
            v.pair[truths[0][1]] = "the only candidate"
            continue
        rb, rk = {x: n for n, x in enumerate(bi)}, {x: n for n, x in enumerate(ki)}
        w = np.zeros((len(bi), len(ki)), np.int64)
        for i, k in comp:
            w[rb[i], rk[k]] = rest[(i, k)]
        best = _best(w)
        undecided = False
        for (i, k), t in truths:
            if _forced(w, rb[i], rk[k], best):
                v.pair[t] = "agreement among several" if rest[(i, k)] > AGREE else "dates leave one assignment"
            else:
                undecided = True
                cp = b.lines[i].counterparty
                plat = cp and PLATFORM.search(cp)
                why = "platform payer" if plat else "same party" if rest[(i, k)] > AGREE else "no name on one side"
                v.pair[t] = f"-same-amount cluster, {why}, dates admit several"
        if undecided:
            _nearest(comp, rest, rb, rk, w, best, true_j, b, j, window, v)


def _nearest(
    comp: list[tuple[int, int]],
    rest: dict[tuple[int, int], int],
    rb: dict[int, int],
    rk: dict[int, int],
    w: np.ndarray,
    best: int,
    true_j: dict,
    b: _Side,
    j: _Side,
    window: int,
    v: Verdicts,
) -> None:
    """What a matcher that also prefers the nearest dates would do here (evidence first, then as many pairs, then
    the least total date distance): the pairs that only this preference decides, right or wrong."""
    scale = min(w.shape) * window + 1
    near = w * scale
    for i, k in comp:
        near[rb[i], rk[k]] -= abs(b.day[i] - j.day[k])
    near_best = _best(near)
    rows, cols = linear_sum_assignment(near, maximize=True)
    bi = {n: x for x, n in rb.items()}
    ki = {n: x for x, n in rk.items()}
    for r, c in zip(rows.tolist(), cols.tolist()):
        if w[r, c] == 0 or _forced(w, r, c, best) or not _forced(near, r, c, near_best):
            continue
        truth = true_j.get(bi[r])
        if truth is not None and truth[0] == ki[c]:
            v.nearest_right.add(truth[1])
        else:
            v.nearest_wrong += 1


def _forced(w: np.ndarray, r: int, c: int, best: int) -> bool:
    """Whether the pair (r, c) is in every best assignment of ``w``."""
    saved = w[r, c]
    w[r, c] = 0
    forced = _best(w) < best
    w[r, c] = saved
    return forced


def _best(w: np.ndarray) -> int:
    rows, cols = linear_sum_assignment(w, maximize=True)
    return int(w[rows, cols].sum())


def _batches(case: Case, b: _Side, j: _Side, window: int, nodes: int, v: Verdicts) -> None:
    placed_b: set[int] = set()
    placed_j: set[int] = set()
    b_index = {x.id: i for i, x in enumerate(b.lines)}
    j_index = {x.id: i for i, x in enumerate(j.lines)}
    for t, (b_ids, j_ids, kind) in enumerate(case.truth):
        if kind == "1:1" and not v.pair.get(t, "-").startswith("-"):
            placed_b.add(b_index[b_ids[0]])
            placed_j.add(j_index[j_ids[0]])
    pools: dict[tuple[bool, str], tuple[list[int], list[int]]] = {}
    for one_bank in (True, False):
        many, placed = (j, placed_j) if one_bank else (b, placed_b)
        for d in ("in", "out"):
            idx = sorted(
                (n for n, x in enumerate(many.lines) if x.direction == d and n not in placed), key=many.day.__getitem__
            )
            pools[(one_bank, d)] = (idx, [many.day[n] for n in idx])
    for t, (b_ids, j_ids, kind) in enumerate(case.truth):
        if kind == "1:1":
            continue
        one_bank = len(b_ids) == 1
        one_side, many = (b, j) if one_bank else (j, b)
        o = (b_index if one_bank else j_index)[(b_ids if one_bank else j_ids)[0]]
        members = {(j_index if one_bank else b_index)[x] for x in (j_ids if one_bank else b_ids)}
        line = one_side.lines[o]
        idx, days = pools[(one_bank, line.direction)]
        late = LATE if one_bank and line.direction == "out" else window
        lo = np.searchsorted(days, one_side.day[o] - window, "left")
        hi = np.searchsorted(days, one_side.day[o] + late, "right")
        rel = (lambda n: _relation(b, o, j, n)) if one_bank else (lambda n: _relation(b, n, j, o))
        pool = [n for n in idx[lo:hi] if many.cents[n] < one_side.cents[o] and rel(n) > 0]
        if not members <= set(pool):
            v.batch[t] = v.batch_dates[t] = _why_out(members, set(pool), placed, rel)
            continue
        if {n for n in pool if rel(n) > AGREE} == members:
            v.batch[t] = v.batch_dates[t] = "names or numbers agree"
            continue
        # A voucher or run reference the members share and no other line of the pool bears groups them.
        shared = set.intersection(*(many.numbers[n] for n in members))
        if any({n for n in pool if x in many.numbers[n]} == members for x in shared):
            v.batch[t] = v.batch_dates[t] = "its lines share a number no other line of the window has"
            continue
        k = stated_count(line.text) or stated_count(line.reference)
        size = len(members)
        if size > MAX_SEARCH_SIZE or (k and k != size):
            v.batch[t] = v.batch_dates[t] = (
                "-larger than searched" if size > MAX_SEARCH_SIZE else "-stated count differs"
            )
            continue
        target = one_side.cents[o]
        v.batch[t] = _unique(
            many, pool, target, (k, k) if k else (2, max(6, size)), nodes, "of the stated count" if k else ""
        )
        # The same question among the lines of the true members' dates only, subsets of its size: an upper bound, as
        # if a matcher knew on which dates the run was booked.
        dates = {many.day[n] for n in members}
        v.batch_dates[t] = _unique(many, [n for n in pool if many.day[n] in dates], target, (size, size), nodes, "")


def _why_out(members: set[int], pool: set[int], placed: set[int], rel: Callable[[int], int]) -> str:
    out = members - pool
    if out & placed:
        return "-a member's amount and date fit a decidable 1:1 pair"
    if any(rel(n) < 0 for n in out):
        return "-a member's name contradicts the single line's"
    return "-a member outside the window"


def _unique(many: _Side, pool: list[int], target: int, sizes: tuple[int, int], nodes: int, how: str) -> str:
    found, complete, _n = subset_search(
        [many.cents[n] for n in pool], target, min_size=sizes[0], max_size=sizes[1], limit=2, max_nodes=nodes
    )
    if len(found) >= 2:
        return f"-another subset of the total ({'<=50' if len(pool) <= 50 else '>50'} lines in the pool)"
    if complete:
        return f"the only subset {how}".strip()
    return "?search ran out before a second subset"


def judge(case: Case, *, window: int = 3, nodes: int = 2_000_000) -> Verdicts:
    day = day_mapper(case.calendar)
    b, j = _sides(case, day)
    v = Verdicts()
    _pairs(case, b, j, window, v)
    _batches(case, b, j, window, nodes, v)
    return v


def _fates(result: MatchResult) -> tuple[set, dict[str, str], set[str]]:
    exact = {(g.bank_ids, g.journal_ids) for g in result.groups}
    taken = {i: g.rule for g in result.groups for i in g.bank_ids + g.journal_ids}
    suggested = {i for s in result.suggestions for i in s.bank_ids + s.journal_ids}
    return exact, taken, suggested


def report(case: Case, verdicts: Verdicts, result: MatchResult) -> list[str]:
    exact, taken, suggested = _fates(result)
    out = []
    tables = (
        ("1:1", ("1:1",), verdicts.pair),
        ("batch", ("1:N", "N:1"), verdicts.batch),
        ("batch, alternatives from the run's own dates", ("1:N", "N:1"), verdicts.batch_dates),
    )
    for label, kinds, table in tables:
        if not any(kind in kinds for _b, _j, kind in case.truth):
            continue
        total = found = ok = unknown = ok_found = 0
        missed: Counter[str] = Counter()
        why_not: Counter[str] = Counter()
        for t, (b_ids, j_ids, kind) in enumerate(case.truth):
            if kind not in kinds:
                continue
            total += 1
            hit = (tuple(sorted(b_ids)), tuple(sorted(j_ids))) in exact
            found += hit
            how = table.get(t, "-not judged")
            decidable = not how.startswith(("-", "?"))
            unknown += how.startswith("?")
            ok += decidable
            ok_found += decidable and hit
            if not decidable and not how.startswith("?"):
                why_not[how[1:]] += 1
            if decidable and not hit:
                ids = b_ids + j_ids
                rules = sorted({taken[i] for i in ids if i in taken})
                fate = (
                    f"lines taken by {'/'.join(rules)}"
                    if rules
                    else "suggested"
                    if set(ids) & suggested
                    else "left open"
                )
                missed[f"{how}; {fate}"] += 1
        out.append(
            f"  {label}: engine {found / total:.2%} ({found}/{total}); ceiling {ok / total:.2%} ({ok})"
            + (f" to {(ok + unknown) / total:.2%} (+{unknown} unknown)" if unknown else "")
            + f"; engine found {found - ok_found} the ceiling calls undecidable; decidable misses {ok - ok_found}"
        )
        if label == "1:1":
            hits = sum(
                (tuple(sorted(case.truth[t][0])), tuple(sorted(case.truth[t][1]))) in exact
                for t in verdicts.nearest_right
            )
            out.append(
                f"    nearest dates as a tie-break would decide {len(verdicts.nearest_right)} more right "
                f"(engine has {hits} of them) and {verdicts.nearest_wrong} wrong"
            )
        out += [f"    decidable, missed {n:6d}  {k}" for k, n in missed.most_common(8)]
        out += [f"    undecidable      {n:6d}  {k}" for k, n in why_not.most_common(6)]
    return out


def main() -> None:
    from .bench_unseen import GENERATORS, _generator

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gen", choices=GENERATORS, required=True)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[404])
    ap.add_argument("--window", type=int, default=3)
    ap.add_argument("--nodes", type=int, default=2_000_000, help="subset-search nodes per batch")
    args = ap.parse_args()
    make = _generator(args.gen, None, False)
    for seed in args.seeds:
        case = make(args.n, seed)
        verdicts = judge(case, window=args.window, nodes=args.nodes)
        result = engine.match(case.bank, case.journal, window_days=args.window, calendar=case.calendar)
        print(f"[{args.gen} seed {seed}] {len(case.bank)} bank x {len(case.journal)} journal lines", flush=True)
        print("\n".join(report(case, verdicts, result)), flush=True)


if __name__ == "__main__":
    main()
