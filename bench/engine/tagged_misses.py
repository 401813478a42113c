"""Which truths the engine gets wrong on a data set whose generator tags each line with its scenario (``build(n,
seed) -> (case, tags)``: the ninth and tenth sets), by shape: a diagnostic, not a benchmark (``ninth_misses``,
``tenth_misses`` run it). A **wrong link**: an auto-accepted
(bank, journal) link outside the truth, by the two lines' tags and the rule. A **missed truth**: a true group not
auto-matched exactly, by kind and tags; for a missed 1:1 pair also whether it lies beyond the window, how the bank
names the party (a name, a bare account number, nothing), whether the entry names it in its counterparty column,
whether another line of the amount lies within 30 working days, and whether either line was taken by another group.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from reconcile import engine
from reconcile.engine import Line
from reconcile.engine.account_names import is_account

REACH = 30  # working days, the engine's reference_days


def _bank_name(b: Line) -> str:
    if not b.counterparty:
        return "bank no name"
    return "bank account no." if is_account(b.counterparty) else "bank name"


Build = Callable[[int, int], tuple[Any, dict[str, str]]]


def report(name: str, build: Build, n: int, seed: int, examples: int) -> None:
    case, tags = build(n, seed)
    cal = case.calendar
    assert cal is not None
    result = engine.match(case.bank, case.journal, window_days=3, calendar=cal)
    group_b: dict[str, int] = {}
    group_j: dict[str, int] = {}
    for k, (bs, js, _kind) in enumerate(case.truth):
        group_b.update(dict.fromkeys(bs, k))
        group_j.update(dict.fromkeys(js, k))
    bank = {x.id: x for x in case.bank}
    journal = {x.id: x for x in case.journal}
    taken = {i for g in result.groups for i in (*g.bank_ids, *g.journal_ids)}
    found = {(tuple(sorted(g.bank_ids)), tuple(sorted(g.journal_ids))) for g in result.groups}
    wrong: Counter[tuple[str, str, str]] = Counter()
    for g in result.groups:
        for b in g.bank_ids:
            for j in g.journal_ids:
                if group_b.get(b, -1) != group_j.get(j, -2):
                    wrong[(tags[b], tags[j], g.rule)] += 1
    print(f"[{name} seed {seed}, {n}] wrong links {sum(wrong.values())}")
    for key, count in wrong.most_common():
        print(f"  {count:6d}  {' / '.join(key)}")
    near: dict[tuple[object, str], list[int]] = defaultdict(list)
    for x in (*case.bank, *case.journal):
        near[(x.amount, x.direction)].append(cal.ordinal(x.date))
    missed: Counter[tuple[str, ...]] = Counter()
    shown: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for bs, js, kind in case.truth:
        if (tuple(sorted(bs)), tuple(sorted(js))) in found:
            continue
        key: tuple[str, ...] = (kind, tags[bs[0]], tags[js[0]])
        if kind == "1:1":
            b, j = bank[bs[0]], journal[js[0]]
            gap = abs(cal.ordinal(b.date) - cal.ordinal(j.date))
            days = near[(b.amount, b.direction)]
            alone = sum(abs(d - cal.ordinal(b.date)) <= REACH for d in days) <= 2
            key += (
                "beyond the window" if gap > 3 else "in the window",
                _bank_name(b),
                "entry names it" if j.counterparty else "entry: summary only",
                "alone with its amount" if alone else "amount repeats",
                "a line taken elsewhere" if b.id in taken or j.id in taken else "both free",
            )
            if len(shown[key]) < examples:
                shown[key].append(f"      {b}\n      {j}")
        missed[key] += 1
    print(f"  missed true groups {sum(missed.values())}")
    for key, count in missed.most_common():
        print(f"  {count:6d}  {' / '.join(key)}")
        for text in shown.get(key, ()):
            print(text)


def main(name: str, build: Build, description: str, seed: int) -> None:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[seed])
    ap.add_argument("--examples", type=int, default=0)
    args = ap.parse_args()
    for one in args.seeds:
        report(name, build, args.n, one, args.examples)
