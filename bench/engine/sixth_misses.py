"""Which truths the engine gets wrong on the sixth data set, by shape: a diagnostic, not a benchmark.

    .venv/bin/python -m bench.engine.sixth_misses --n 20000 --seeds 601 --top 10 --examples 2

Two kinds of miss. A **wrong group**: an auto-accepted group with at least one link outside the truth, shaped by its
rule, its size, and what its lines truly are (the scenario read from the bank narrative / journal summary: FPS,
cheque, TT, autopay, rent, a reversal, a bank-only charge ...). A **missed truth**: a true group not auto-matched
exactly, shaped by its kind and scenario, the booking distance in calendar days, how the journal names the party
(none / simplified / English), and what became of its lines (left free, suggested exactly, taken by another group).
Counts per shape, the commonest first, each with example lines.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

from reconcile import engine
from reconcile.engine import Line

from . import gen_sixth_words as W
from .bench_unseen import _generator

_LATIN = re.compile(r"[A-Za-z]")


def bank_scenario(b: Line) -> str:
    t = b.text
    for key, label in (
        ("AUTOPAY", "autopay"),
        ("CHEQUE DEPOSIT", "chq-deposit"),
        ("CHQ", "cheque"),
        ("支票", "cheque"),
        ("RETURN", "fps-return"),
        ("MPF", "mpf"),
        ("INTEREST", "interest"),
        ("TT CHARGES", "tt-charge"),
        ("匯款手續費", "tt-charge"),
        ("CHARGE", "charge"),
        ("服務費", "charge"),
        ("FPS FEE", "charge"),
        ("TT IN", "tt-in"),
        ("TT OUT", "tt-out"),
    ):
        if key in t:
            return label
    return "fps-" + b.direction


def journal_scenario(j: Line) -> str:
    t = j.text
    for key, label in (
        ("冲销", "reversal"),
        ("工资", "salary"),
        ("租金", "rent"),
        ("汇总", "fps-total"),
        ("支票", "cheque"),
        ("CHQ", "cheque"),
        ("手续费", "charge"),
        ("利息", "interest"),
        ("强积金", "mpf"),
    ):
        if key in t:
            return label
    return "receipt" if j.direction == "in" else "payment"


def _script_map() -> dict[str, str]:
    pairs = [(t, s) for lst in (W.SURNAMES, W.GIVEN, W.BRANDS, W.INDUSTRIES) for t, s, *_ in lst]
    pairs += [(v[0], v[1]) for v in W.PLACES.values()] + [(v[2], v[2]) for v in W.PLACES.values()]
    return {a: b for t, s in pairs if len(t) == len(s) for a, b in zip(t, s, strict=True)}


_TO_SIMP = _script_map()


def names(b: Line, j: Line) -> str:
    """How the two sides name the party: the shape of the name evidence, not a similarity."""
    if not b.counterparty:
        return "bank no party"
    if not j.counterparty:
        return "journal no party"
    lb, lj = bool(_LATIN.search(b.counterparty)), bool(_LATIN.search(j.counterparty))
    if lb or lj:
        return "latin~latin" if lb and lj else "latin~hanzi"
    if b.counterparty == j.counterparty:
        return "same hanzi"
    simp = "".join(_TO_SIMP.get(c, c) for c in b.counterparty)
    if simp == j.counterparty:
        return "traditional~simplified (full)"
    if j.counterparty in simp:
        return "traditional~simplified (short)"
    return "other hanzi"


def crowding(line: Line, side: list[Line], by_amount: dict[tuple[object, str], list[Line]]) -> int:
    return sum(abs((x.date - line.date).days) <= 7 for x in by_amount[(line.amount, line.direction)])


def show(x: Line) -> str:
    return f"{x.id} {x.date} {x.amount} {x.direction} ref={x.reference!r} cp={x.counterparty!r} text={x.text!r}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[601])
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--examples", type=int, default=2)
    args = ap.parse_args()
    make = _generator("sixth", None, False)
    shapes: Counter[tuple[str, ...]] = Counter()
    examples: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for seed in args.seeds:
        case = make(args.n, seed)
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
                examples[shape].append(f"seed {seed}:\n      " + "\n      ".join(show(x) for x in lines[:6]))

        for g in res.groups:
            wrong = any(tb.get(b) is None or tb.get(b) != tj.get(j) for b in g.bank_ids for j in g.journal_ids)
            if not wrong:
                continue
            b_truth = "+".join(
                sorted({bank_scenario(bank[b]) + ("" if b in tb else "(bank-only)") for b in g.bank_ids})
            )
            j_truth = "+".join(
                sorted({journal_scenario(journal[j]) + ("" if j in tj else "(journal-only)") for j in g.journal_ids})
            )
            size = f"{len(g.bank_ids)}:{len(g.journal_ids)}"
            lines = [bank[b] for b in g.bank_ids] + [journal[j] for j in g.journal_ids]
            truths = {tb[b] for b in g.bank_ids if b in tb} | {tj[j] for j in g.journal_ids if j in tj}
            for k in sorted(truths)[:2]:
                b_ids, j_ids, _ = case.truth[k]
                lines += [bank[b] for b in b_ids if b not in g.bank_ids][:2]
                lines += [journal[j] for j in j_ids if j not in g.journal_ids][:2]
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
            scen = bank_scenario(b0) + "/" + journal_scenario(j0)
            lines = [bank[b] for b in b_ids] + [journal[j] for j in j_ids]
            crowd = max(crowding(b0, case.bank, by_b), crowding(j0, case.journal, by_j)) if kind == "1:1" else 1
            amount = (
                "amount unique +-7d" if crowd == 1 else f"amount shared by {min(crowd, 5)}{'+' if crowd >= 5 else ''}"
            )
            doc = (
                "doc no both sides"
                if kind == "1:1" and (m := re.search(r"\d{4}-?(\d{5})", j0.text)) and (m.group(1) in b0.text)
                else "-"
            )
            within = "gap<=3d" if gap <= 3 else "gap>3d"
            note(("MISSED", kind, scen, names(b0, j0), amount, doc, within, fate), lines)
    rollup: Counter[str] = Counter()
    for shape, count in shapes.items():
        rollup[" | ".join(shape[:3] if shape[0] == "WRONG" else (shape[0], shape[1], shape[3], shape[-1]))] += count
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
    print("Rolled up (wrong groups by rule and size; missed truths by kind, names and fate):")
    for key, count in rollup.most_common(args.top):
        print(f"{count:6d}  {key}")


if __name__ == "__main__":
    main()
