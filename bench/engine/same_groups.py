"""Whether this checkout's engine gives the same matches as another revision's, group by group.

    .venv/bin/python -m bench.engine.same_groups --gen sepa --n 100000 --seeds 101 102 103 --previous main

For each seed the data is generated once; both engines match it (``previous.py`` loads the other revision); every
group and suggestion is compared as (bank ids, journal ids, rule, score, reasons), in output order. Prints
IDENTICAL or how many groups and suggestions only one side has, the CPU time of each ``match`` and both engines'
quality. For speed work, which must not change a single answer.
"""

from __future__ import annotations

import argparse
import os
import time

from reconcile import engine as current
from reconcile.engine import MatchGroup

from . import previous
from .bench_unseen import GENERATORS, _generator
from .quality import evaluate

Key = tuple[tuple[str, ...], tuple[str, ...], str, float, tuple[str, ...]]


def _key(group: MatchGroup) -> Key:
    return (tuple(group.bank_ids), tuple(group.journal_ids), group.rule, group.score, tuple(group.reasons))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gen", choices=GENERATORS, required=True)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[101])
    ap.add_argument("--previous", default="main", help="git revision of the engine to compare with")
    args = ap.parse_args()
    prev = previous.load(args.previous)
    make = _generator(args.gen, None, False)
    for seed in args.seeds:
        case = make(args.n, seed)
        results = []
        for match in (prev.match, current.match):
            c0 = time.process_time()
            result = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
            results.append((result, time.process_time() - c0))
        (old, old_cpu), (new, new_cpu) = results
        groups = [list(map(_key, r.groups)) for r in (old, new)]
        suggestions = [list(map(_key, r.suggestions)) for r in (old, new)]
        same = groups[0] == groups[1] and suggestions[0] == suggestions[1]
        verdict = (
            "IDENTICAL"
            if same
            else (
                f"DIFFERENT: groups only previous {len(set(groups[0]) - set(groups[1]))}, only current "
                f"{len(set(groups[1]) - set(groups[0]))}; suggestions only previous "
                f"{len(set(suggestions[0]) - set(suggestions[1]))}, only current {len(set(suggestions[1]) - set(suggestions[0]))}"
            )
        )
        print(
            f"[{args.gen} seed {seed}] {len(groups[1])} groups, {len(suggestions[1])} suggestions: {verdict}; CPU previous "
            f"({prev.REVISION}) {old_cpu:.2f} s, current {new_cpu:.2f} s (load {os.getloadavg()[0]:.2f})\n"
            f"  previous: {evaluate(case, old).summary()}\n  current:  {evaluate(case, new).summary()}",
            flush=True,
        )


if __name__ == "__main__":
    main()
