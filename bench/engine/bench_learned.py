"""Learned names (issue 19.2): replay a month's manual matches as feedback, measure the next month before and after.

    .venv/bin/python -m bench.engine.bench_learned --seeds 1 --parties 60

For each seed: a company's parties (``gen_alias.py``), month 1 and month 2 of their payments. Month 1 is matched by
the engine; every true pair it did not match automatically is matched by the accountant by hand, and each such match
is fed to ``learned_alias`` (what the product proposes after a manual match); the accountant accepts every proposal.
Month 2 is matched without the rules (before) and with the accepted alias rules (after, ``match_with_rules``).
Reported per seed and month 2: lines, the auto-match rate (bank lines in an automatic group that is exactly its true
pair, over all bank lines), precision of the automatic groups, and the auto-match rate of the lines whose party pays
under another name. Small and quick (a few hundred lines): it measures the effect, not speed.
"""

from __future__ import annotations

import argparse
import os

from reconcile.engine import MatchResult, match
from reconcile.engine.rules import KIND_ALIAS, Rule, learned_alias, match_with_rules

from . import gen_alias

WINDOW = 3


def _auto_pairs(result: MatchResult) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {b: (g.bank_ids, g.journal_ids) for g in result.groups for b in g.bank_ids}


def _score(result: MatchResult, data: gen_alias.Month) -> dict[str, float]:
    right = wrong = 0
    for group in result.groups:
        ok = (
            len(group.bank_ids) == len(group.journal_ids) == 1
            and data.truth.get(group.bank_ids[0]) == group.journal_ids[0]
        )
        right, wrong = right + ok, wrong + (not ok)
    auto = _auto_pairs(result)
    hit = {b for b, (bs, js) in auto.items() if bs == (b,) and js == (data.truth[b],)}
    aliased = [b for b, p in data.party_of.items() if p.kind != "plain"]
    return {
        "rate": len(hit) / len(data.truth),
        "precision": right / max(right + wrong, 1),
        "alias_rate": sum(b in hit for b in aliased) / max(len(aliased), 1),
        "groups": right + wrong,
    }


def feedback(result: MatchResult, data: gen_alias.Month) -> list[Rule]:
    """The accountant matches by hand what the engine left; each manual match proposes a learned name; all accepted."""
    hit = {b for b, (bs, js) in _auto_pairs(result).items() if bs == (b,) and js == (data.truth[b],)}
    by_id = {line.id: line for line in (*data.bank, *data.journal)}
    rules: dict[str, Rule] = {}
    for b, j in sorted(data.truth.items()):
        if b in hit:
            continue
        learned = learned_alias([by_id[b].counterparty], [by_id[j].counterparty])
        if learned and learned[0] not in rules:  # the product asks once per name
            rules[learned[0]] = Rule(id=len(rules) + 1, kind=KIND_ALIAS, pattern=learned[0], target=learned[1])
    return list(rules.values())


def run(seed: int, n_parties: int, alias_share: float) -> dict[str, float]:
    pool = gen_alias.parties(seed, n_parties, alias_share)
    first = gen_alias.month(seed, pool, 2026, 9)
    rules = feedback(match(first.bank, first.journal, window_days=WINDOW), first)
    second = gen_alias.month(seed, pool, 2026, 10)
    before = _score(match(second.bank, second.journal, window_days=WINDOW), second)
    after = _score(match_with_rules(second.bank, second.journal, rules, window_days=WINDOW), second)
    return {
        "lines": len(second.bank),
        "aliases": len(rules),
        **{f"before_{k}": v for k, v in before.items()},
        **{f"after_{k}": v for k, v in after.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--parties", type=int, default=60)
    parser.add_argument("--alias-share", type=float, default=0.35)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print(
        "seed lines aliases | auto-match rate before -> after | precision before -> after | "
        "lines paid under another name: before -> after"
    )
    for seed in args.seeds:
        r = run(seed, args.parties, args.alias_share)
        print(
            f"{seed:>4} {r['lines']:>5} {r['aliases']:>7} | {r['before_rate']:7.2%} -> {r['after_rate']:7.2%} | "
            f"{r['before_precision']:8.3%} -> {r['after_precision']:8.3%} | "
            f"{r['before_alias_rate']:7.2%} -> {r['after_alias_rate']:7.2%}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
