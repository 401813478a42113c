"""Whole-engine properties: determinism, disjoint groups, generated-data quality."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

# The generator lives in bench/ (not an installed package): make the repo
# root importable whatever directory pytest was started from.
_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from bench.engine.generator import generate  # noqa: E402
from bench.engine.quality import evaluate  # noqa: E402
from reconcile.engine import match  # noqa: E402


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return generate(3000, seed=11)


def test_same_output_for_shuffled_input(case) -> None:  # type: ignore[no-untyped-def]
    first = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    rng = random.Random(5)
    for _ in range(2):
        bank, journal = case.bank[:], case.journal[:]
        rng.shuffle(bank)
        rng.shuffle(journal)
        again = match(bank, journal, window_days=3, calendar=case.calendar)
        assert again.groups == first.groups
        assert again.suggestions == first.suggestions


def test_no_line_in_two_groups_and_suggestions_only_free_lines(case) -> None:  # type: ignore[no-untyped-def]
    result = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    bank_ids = [b for g in result.groups for b in g.bank_ids]
    journal_ids = [j for g in result.groups for j in g.journal_ids]
    assert len(bank_ids) == len(set(bank_ids)) and len(journal_ids) == len(set(journal_ids))
    used = set(bank_ids) | set(journal_ids)
    for s in result.suggestions:
        assert not used & (set(s.bank_ids) | set(s.journal_ids))
    for g in result.groups + result.suggestions:
        assert g.reasons and 0.0 < g.score <= 1.0


def test_direction_never_mixed(case) -> None:  # type: ignore[no-untyped-def]
    result = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    direction = {line.id: line.direction for line in case.bank + case.journal}
    for g in result.groups + result.suggestions:
        assert len({direction[i] for i in g.bank_ids + g.journal_ids}) == 1


def test_generated_quality_thresholds(case) -> None:  # type: ignore[no-untyped-def]
    result = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    q = evaluate(case, result)
    assert q.precision >= 0.999, q.summary()
    assert q.pair_recall >= 0.97, q.summary()
    assert q.batch_recall >= 0.75, q.summary()
