"""Precision / recall of a ``MatchResult`` against a generator ``Case``."""

from __future__ import annotations

from dataclasses import dataclass

from reconcile.engine import MatchResult

from .generator import Case


@dataclass
class Quality:
    links: int  # auto-accepted (bank, journal) links
    correct_links: int
    pairs: int  # true 1:1 pairs
    pairs_found: int  # ... auto-accepted exactly
    batches: int  # true 1:N / N:1 groups
    batches_found: int
    suggested: int  # true groups not auto-found but offered exactly as a suggestion

    @property
    def precision(self) -> float:
        return self.correct_links / self.links if self.links else 1.0

    @property
    def pair_recall(self) -> float:
        return self.pairs_found / self.pairs if self.pairs else 1.0

    @property
    def batch_recall(self) -> float:
        return self.batches_found / self.batches if self.batches else 1.0

    def summary(self) -> str:
        return (
            f"link precision {self.precision:.4%} ({self.correct_links}/{self.links}), "
            f"1:1 recall {self.pair_recall:.2%} ({self.pairs_found}/{self.pairs}), "
            f"batch recall {self.batch_recall:.2%} ({self.batches_found}/{self.batches}), "
            f"true groups offered as suggestions {self.suggested}"
        )


def evaluate(case: Case, result: MatchResult) -> Quality:
    group_of_bank: dict[str, int] = {}
    group_of_journal: dict[str, int] = {}
    exact: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    pairs = batches = 0
    for k, (b_ids, j_ids, kind) in enumerate(case.truth):
        for b in b_ids:
            group_of_bank[b] = k
        for j in j_ids:
            group_of_journal[j] = k
        exact.add((tuple(sorted(b_ids)), tuple(sorted(j_ids))))
        if kind == "1:1":
            pairs += 1
        else:
            batches += 1
    links = correct = pairs_found = batches_found = 0
    for g in result.groups:
        for b in g.bank_ids:
            for j in g.journal_ids:
                links += 1
                gb = group_of_bank.get(b)
                correct += gb is not None and gb == group_of_journal.get(j)
        if (g.bank_ids, g.journal_ids) in exact:
            if len(g.bank_ids) == 1 and len(g.journal_ids) == 1:
                pairs_found += 1
            else:
                batches_found += 1
    suggested = sum((s.bank_ids, s.journal_ids) in exact for s in result.suggestions)
    return Quality(links, correct, pairs, pairs_found, batches, batches_found, suggested)
