"""The two date rules of stage 4b on and off, the same engine otherwise: quality on any data set.

    .venv/bin/python -m bench.engine.date_rules --gen cn --n 100000 --seeds 101 102

``ambiguous.DATE_ORDER_TWINS`` (one party's same-amount lines paired in date order) and ``ambiguous.NEAREST_DATES``
(the only pairing of the smallest total date distance) decide only what nothing else tells apart; this prints, per
seed, the wrong links, precision and recall with neither, each alone and both (the default).
"""

from __future__ import annotations

import argparse

from reconcile.engine import match
from reconcile.engine.stages import ambiguous

from . import gen_cn_layouts, gen_fourth, gen_sepa, gen_third, generator
from .quality import evaluate

GENERATORS = {"own": generator, "sepa": gen_sepa, "cn": gen_cn_layouts, "third": gen_third, "fourth": gen_fourth}
VARIANTS = (("neither", False, False), ("twins", True, False), ("nearest", False, True), ("both", True, True))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gen", choices=GENERATORS, required=True)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[101])
    args = ap.parse_args()
    saved = ambiguous.DATE_ORDER_TWINS, ambiguous.NEAREST_DATES
    try:
        for seed in args.seeds:
            case = GENERATORS[args.gen].generate(args.n, seed)
            for name, twins, nearest in VARIANTS:
                ambiguous.DATE_ORDER_TWINS, ambiguous.NEAREST_DATES = twins, nearest
                q = evaluate(case, match(case.bank, case.journal, window_days=3, calendar=case.calendar))
                print(
                    f"{args.gen} {seed} {name:8s} wrong links {q.links - q.correct_links:4d}, precision "
                    f"{q.precision:.4%}, 1:1 recall {q.pair_recall:.2%} ({q.pairs_found}), batch {q.batch_recall:.2%}",
                    flush=True,
                )
    finally:
        ambiguous.DATE_ORDER_TWINS, ambiguous.NEAREST_DATES = saved


if __name__ == "__main__":
    main()
