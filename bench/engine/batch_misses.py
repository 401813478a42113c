"""Which true batches the engine misses, by shape: a diagnostic, not a benchmark.

    .venv/bin/python -m bench.engine.batch_misses --gen sepa --n 20000 --seeds 201 202

For every true 1:N / N:1 group not auto-matched exactly: its kind and size, whether the single line carries a batch
marker, the dates of the "many" lines against the single line's (distinct dates, widest distance in working days),
what became of the single line (another group and its rule, an exact suggestion, another suggestion, nothing) and
how many of its members another group took (right or wrong). Counts per shape, then a few examples.
"""

from __future__ import annotations

import argparse
from collections import Counter

from reconcile import engine
from reconcile.engine import MatchGroup
from reconcile.engine.fields import batch_marker
from reconcile.engine.normalize import day_mapper

from .bench_unseen import GENERATORS, _generator


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gen", choices=GENERATORS, required=True)
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[201])
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--scattered-runs", action="store_true", help="sepa/cn: the harder variant")
    args = ap.parse_args()
    make = _generator(args.gen, None, args.scattered_runs)
    shapes: Counter[tuple] = Counter()
    found_shapes: Counter[tuple] = Counter()
    examples: list[str] = []
    for seed in args.seeds:
        case = make(args.n, seed)
        day = day_mapper(case.calendar)
        res = engine.match(case.bank, case.journal, window_days=3, calendar=case.calendar)
        bank = {b.id: b for b in case.bank}
        journal = {j.id: j for j in case.journal}
        group_of: dict[str, MatchGroup] = {}
        for g in res.groups:
            for i in g.bank_ids + g.journal_ids:
                group_of[i] = g
        exact = {(g.bank_ids, g.journal_ids) for g in res.groups}
        sugg_exact = {(s.bank_ids, s.journal_ids) for s in res.suggestions}
        sugg_of: set[str] = {i for s in res.suggestions for i in s.bank_ids + s.journal_ids}
        for b_ids, j_ids, kind in case.truth:
            if kind == "1:1":
                continue
            key = (tuple(sorted(b_ids)), tuple(sorted(j_ids)))
            one, many = (b_ids, j_ids) if len(b_ids) == 1 else (j_ids, b_ids)
            o = (bank if len(b_ids) == 1 else journal)[one[0]]
            many_lines = [(journal if len(b_ids) == 1 else bank)[m] for m in many]
            dates = sorted({day(m.date) for m in many_lines})
            spread = max(abs(d - day(o.date)) for d in dates)
            marked = batch_marker(o.text) or batch_marker(o.reference)
            shape_base = (kind, len(many), "marker" if marked else "-", f"{len(dates)} dates", f"dist<={spread}")
            if key in exact:
                found_shapes[shape_base] += 1
                continue
            taken_by = group_of.get(one[0])
            if taken_by is not None:
                fate = f"single in {taken_by.rule}"
            elif key in sugg_exact:
                alts = [sg for sg in res.suggestions if one[0] in sg.bank_ids + sg.journal_ids]
                sizes = sorted(len(sg.journal_ids) for sg in alts)
                fate = f"exact suggestion of {len(alts)} sizes {sizes}"
            elif one[0] in sugg_of:
                fate = "other suggestion"
            else:
                fate = "nothing"
            stolen = sum(m in group_of for m in many)
            shapes[shape_base + (fate, f"{stolen} taken")] += 1
            if len(examples) < args.examples:
                examples.append(
                    f"{o.id} {o.date} {o.amount} {o.text!r} <- "
                    + ", ".join(f"{m.id} {m.date} {m.amount}" for m in many_lines)
                    + f" [{fate}, {stolen} taken]"
                )
    total_miss = sum(shapes.values())
    print(f"missed {total_miss}, found {sum(found_shapes.values())}")
    for shape, n in shapes.most_common():
        print(f"{n:6d}  {' | '.join(map(str, shape))}")
    print("found, by shape:")
    for shape, n in found_shapes.most_common(20):
        print(f"{n:6d}  {' | '.join(map(str, shape))}")
    for e in examples:
        print(e)


if __name__ == "__main__":
    main()
