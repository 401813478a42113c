"""Which truths the engine gets wrong on the seventh data set, by shape: a diagnostic, not a benchmark.

    .venv/bin/python -m bench.engine.seventh_misses --n 20000 --seeds 701 702 --top 12 --examples 1

As ``sixth_misses``, but the scenario of each line is the generator's own tag (``gen_seventh.build``), not read back
from the texts. A **wrong group**: an auto-accepted group with a link outside the truth, shaped by rule, size and the
tags of its lines. A **missed truth**: a true group not auto-matched exactly, shaped by kind, scenario, how the two
sides name the party, whether its amount is shared nearby, the date gap (or twins: the same amount on the same day on
both sides, which dates cannot separate), and what became of its lines.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Callable

from reconcile import engine
from reconcile.engine import Line

from . import gen_seventh
from .generator import Case
from .sixth_misses import crowding, show

_WORD = re.compile(r"[A-Z0-9]+")


def names(b: Line, j: Line) -> str:
    """How the two sides name the party: the shape of the name evidence, not a similarity."""
    if not b.counterparty:
        return "bank no party"
    if not j.counterparty:
        return "journal no party"
    wb, wj = _WORD.findall(b.counterparty.upper()), _WORD.findall(j.counterparty.upper())
    if wb == wj:
        return "same words"
    if wb and wj and wb[0] == wj[0]:
        return "same first word"
    return "different words"


def same_day(line: Line, by_amount: dict[tuple[object, str], list[Line]]) -> bool:
    """Another line of the same side, amount, direction and date."""
    return sum(x.date == line.date for x in by_amount[(line.amount, line.direction)]) > 1


Build = Callable[[int, int], tuple[Case, dict[str, str]]]
Names = Callable[[Line, Line], str]


def main() -> None:
    report(gen_seventh.build, names, 701, __doc__ or "")


def report(build: Build, names: Names, seed: int, doc: str) -> None:
    """The miss report of a generator whose ``build`` tags every line with its scenario (the seventh's and the
    eighth's), the two sides' name evidence read by ``names``."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[seed])
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--examples", type=int, default=1)
    args = ap.parse_args()
    shapes: Counter[tuple[str, ...]] = Counter()
    examples: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for seed in args.seeds:
        case, tags = build(args.n, seed)
        res = engine.match(case.bank, case.journal, window_days=3, calendar=case.calendar)
        by_b: dict[tuple[object, str], list[Line]] = defaultdict(list)
        by_j: dict[tuple[object, str], list[Line]] = defaultdict(list)
        for x in case.bank:
            by_b[(x.amount, x.direction)].append(x)
        for x in case.journal:
            by_j[(x.amount, x.direction)].append(x)
        bank = {b.id: b for b in case.bank}
        journal = {j.id: j for j in case.journal}
        tb: dict[str, int] = {}
        tj: dict[str, int] = {}
        for k, (b_ids, j_ids, _kind) in enumerate(case.truth):
            tb.update(dict.fromkeys(b_ids, k))
            tj.update(dict.fromkeys(j_ids, k))
        auto_b = {b: g for g in res.groups for b in g.bank_ids}
        auto_j = {j: g for g in res.groups for j in g.journal_ids}
        suggested = {(s.bank_ids, s.journal_ids) for s in res.suggestions}

        def note(shape: tuple[str, ...], lines: list[Line]) -> None:
            shapes[shape] += 1
            if len(examples[shape]) < args.examples:
                examples[shape].append(f"seed {seed}:\n      " + "\n      ".join(show(x) for x in lines[:8]))

        for g in res.groups:
            if not any(tb.get(b) is None or tb.get(b) != tj.get(j) for b in g.bank_ids for j in g.journal_ids):
                continue
            b_truth = "+".join(sorted({tags[b] + ("" if b in tb else "(bank-only)") for b in g.bank_ids}))
            j_truth = "+".join(sorted({tags[j] + ("" if j in tj else "(journal-only)") for j in g.journal_ids}))
            lines = [bank[b] for b in g.bank_ids] + [journal[j] for j in g.journal_ids]
            truths = {tb[b] for b in g.bank_ids if b in tb} | {tj[j] for j in g.journal_ids if j in tj}
            for k in sorted(truths)[:2]:
                b_ids, j_ids, _ = case.truth[k]
                lines += [bank[b] for b in b_ids if b not in g.bank_ids][:2]
                lines += [journal[j] for j in j_ids if j not in g.journal_ids][:2]
            size = f"{len(g.bank_ids)}:{len(g.journal_ids)}"
            note(("WRONG", g.rule, size, "bank " + b_truth, "journal " + j_truth), lines)
        for b_ids, j_ids, kind in case.truth:
            key = (tuple(sorted(b_ids)), tuple(sorted(j_ids)))
            got = auto_b.get(b_ids[0])
            if got is not None and (got.bank_ids, got.journal_ids) == key:
                continue
            taken = {auto_b[b].rule for b in b_ids if b in auto_b} | {auto_j[j].rule for j in j_ids if j in auto_j}
            fate = (
                "taken by " + "/".join(sorted(taken))
                if taken
                else ("suggested exactly" if key in suggested else "left free")
            )
            b0, j0 = bank[b_ids[0]], journal[j_ids[0]]
            gap = max(abs((bank[b].date - journal[j].date).days) for b in b_ids for j in j_ids)
            crowd = max(crowding(b0, case.bank, by_b), crowding(j0, case.journal, by_j)) if kind == "1:1" else 1
            amount = (
                "amount unique +-7d" if crowd == 1 else f"amount shared by {min(crowd, 5)}{'+' if crowd >= 5 else ''}"
            )
            within = "gap<=3d" if gap <= 3 else "gap>3d"
            if kind == "1:1" and same_day(b0, by_b) and same_day(j0, by_j):
                within = "same-day twins both sides"  # dates cannot decide: names, texts or nothing
            lines = [bank[b] for b in b_ids] + [journal[j] for j in j_ids]
            note(("MISSED", kind, tags[b0.id], names(b0, j0), amount, within, fate), lines)
    rollup: Counter[str] = Counter()
    for shape, count in shapes.items():
        rollup[" | ".join(shape[:3] if shape[0] == "WRONG" else (shape[0], shape[1], shape[2], shape[-1]))] += count
    total = sum(shapes.values())
    print(f"{total} misses over seeds {args.seeds} (n={args.n}); the {args.top} commonest shapes:")
    for shape, count in shapes.most_common(args.top):
        print(f"{count:6d}  {' | '.join(shape)}")
        for ex in examples[shape]:
            print("    " + ex)
    wrong = Counter({shape: count for shape, count in shapes.items() if shape[0] == "WRONG"})
    print(f"{sum(wrong.values())} wrong groups; the {args.top} commonest shapes:")
    for shape, count in wrong.most_common(args.top):
        print(f"{count:6d}  {' | '.join(shape)}")
        for ex in examples[shape]:
            print("    " + ex)
    print("Rolled up (wrong groups by rule and size; missed truths by kind, scenario and fate):")
    for label, count in rollup.most_common(args.top * 2):
        print(f"{count:6d}  {label}")


if __name__ == "__main__":
    main()
