"""What a data set makes the engine do: the counts that explain its time and memory.

    .venv/bin/python -m bench.engine.cost_factors --gen sepa --n 100000 --seed 101

For the previous engine (``--previous``, default ``main``) and the current one, on the same data: distinct
counterparty names and name cores per side, distinct summaries, lines in same-amount clusters of stage 3 and the
largest cluster, candidate pairs scored in stage 3 (all of them, and those from the big clusters' name blocking),
distinct name pairs scored there, auto-matched groups and suggestions. Counted by wrapping the stage functions; the
engines themselves are unchanged.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

import numpy as np

from reconcile import engine as current

from .bench_unseen import _generator


def _count(engine: ModuleType, case, window: int = 3) -> dict[str, object]:  # type: ignore[no-untyped-def]
    name = engine.__name__
    amb = importlib.import_module(f"{name}.stages.ambiguous")
    cand = importlib.import_module(f"{name}.stages.candidates")
    seen: dict[str, object] = {
        "big_pairs": 0,
        "pairs_scored": 0,
        "name_pairs": 0,
        "cluster_lines": 0,
        "largest_cluster": 0,
    }
    sides: dict[str, object] = {}
    orig_big, orig_score, orig_edges = cand.big_cluster_pairs, amb.score_pairs, amb._edges

    def big(*args, **kw):  # type: ignore[no-untyped-def]
        pb, pj = orig_big(*args, **kw)
        seen["big_pairs"] = int(seen["big_pairs"]) + pb.size
        return pb, pj

    def scored(bank, journal, b, j, dd, w):  # type: ignore[no-untyped-def]
        seen["pairs_scored"] = int(seen["pairs_scored"]) + b.size
        cb, cj = bank.cp_code[b].astype(np.int64), journal.cp_code[j].astype(np.int64)
        named = (cb > 0) & (cj > 0)
        seen["name_pairs"] = int(seen["name_pairs"]) + np.unique(cb[named] * len(journal.cp_names) + cj[named]).size
        sides["bank"], sides["journal"] = bank, journal
        return orig_score(bank, journal, b, j, dd, w)

    def edges(st, amb_b, amb_j):  # type: ignore[no-untyped-def]
        key = np.concatenate((st.bank.key[amb_b], st.journal.key[amb_j]))
        day = np.concatenate((st.bank.day[amb_b], st.journal.day[amb_j]))
        order = np.lexsort((day, key))
        key, day = key[order], day[order]
        new = np.ones(key.size, dtype=bool)
        new[1:] = (key[1:] != key[:-1]) | (day[1:] - day[:-1] > st.window)
        sizes = np.bincount(np.cumsum(new) - 1) if key.size else np.zeros(1, np.int64)
        seen["cluster_lines"] = int(key.size)
        seen["largest_cluster"] = int(sizes.max())
        seen["clusters_over_100"] = int((sizes > 100).sum())
        return orig_edges(st, amb_b, amb_j)

    amb.big_cluster_pairs, amb.score_pairs, amb._edges = big, scored, edges
    try:
        result = engine.match(case.bank, case.journal, window_days=window, calendar=case.calendar)
    finally:
        amb.big_cluster_pairs, amb.score_pairs, amb._edges = orig_big, orig_score, orig_edges
    bank, journal = sides.get("bank"), sides.get("journal")
    if bank is not None:
        seen["names_bank"], seen["names_journal"] = len(bank.cp_names), len(journal.cp_names)
        seen["cores_bank"], seen["cores_journal"] = len(set(bank.cores)), len(set(journal.cores))
        seen["summaries"] = len(bank.texts) + len(journal.texts)
    seen["groups"] = len(result.groups)
    seen["suggestions"] = len(result.suggestions)
    return seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gen", choices=("own", "sepa", "cn"), required=True)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=101)
    ap.add_argument("--previous", default="main")
    args = ap.parse_args()
    case = _generator(args.gen, None, False)(args.n, args.seed)
    engines = [("current", current)]
    if args.previous:
        from . import previous

        prev = previous.load(args.previous)
        engines.insert(0, (f"previous ({prev.REVISION})", prev))
    print(f"[{args.gen} seed {args.seed}] {len(case.bank)} bank x {len(case.journal)} journal lines")
    for label, engine in engines:
        print(f"  {label}: {_count(engine, case)}", flush=True)


if __name__ == "__main__":
    main()
