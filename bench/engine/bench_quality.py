"""Quality benchmark: ``python -m bench.engine.bench_quality [n_bank ...] [--seed S]``.

Generates labelled data in memory, runs ``match`` with the generator's
working-day calendar and window 3, prints link precision, 1:1 recall and
batch recall, and a breakdown of wrong links by rule.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from reconcile.engine import api as engine_api
from reconcile.engine import match

from .generator import generate
from .quality import evaluate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument(
        "--without-summary-names",
        action="store_true",
        help="for comparison: do not read company names written in journal summaries",
    )
    args = ap.parse_args()
    if args.without_summary_names:
        engine_api.read_names_in_text = lambda journal, bank: 0
    for n in args.sizes:
        case = generate(n, args.seed)
        t0 = time.perf_counter()
        result = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
        secs = time.perf_counter() - t0
        q = evaluate(case, result)
        mode = " (summary names not read)" if args.without_summary_names else ""
        print(f"n_bank={n} n_journal={len(case.journal)} seed={args.seed} match {secs:.2f}s{mode}")
        print("  " + q.summary())
        print("  groups by rule:", dict(sorted(Counter(g.rule for g in result.groups).items())))
        print("  suggestions:", len(result.suggestions))
        truth_b = {b: k for k, (bs, _js, _kind) in enumerate(case.truth) for b in bs}
        truth_j = {j: k for k, (_bs, js, _kind) in enumerate(case.truth) for j in js}
        wrong = [
            g
            for g in result.groups
            if any(
                truth_b.get(b) is None or truth_b.get(b) != truth_j.get(j) for b in g.bank_ids for j in g.journal_ids
            )
        ]
        print("  wrong groups by rule:", dict(Counter(g.rule for g in wrong)))
        if args.show_errors:
            lines = {line.id: line for line in case.bank + case.journal}
            for g in wrong[: args.show_errors]:
                print("   ", g.rule, g.score, g.reasons)
                for i in g.bank_ids + g.journal_ids:
                    print("      ", lines[i])


if __name__ == "__main__":
    main()
