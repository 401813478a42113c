"""The sixth benchmark data set (``bench/engine/gen_sixth.py``): deterministic per seed, truth that refers to real lines,
and the shape its docstring promises (outstanding items on both sides, payroll batches, FPS totals, HKD-only lines)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from bench.engine import gen_sixth
from bench.engine.bench_unseen import GENERATORS, _generator
from bench.engine.generator import Case
from tests.bench.truth import assert_truth_sound


@pytest.fixture(scope="module")
def case() -> Case:
    return gen_sixth.generate(3000, 601)


def test_same_seed_same_case_other_seed_other_case(case: Case) -> None:
    again = gen_sixth.generate(3000, 601)
    assert again.bank == case.bank and again.journal == case.journal and again.truth == case.truth
    other = gen_sixth.generate(3000, 602)
    assert other.bank != case.bank


def test_truth_ids_exist_on_both_sides_and_groups_are_disjoint(case: Case) -> None:
    assert_truth_sound(case)


def test_shape(case: Case) -> None:
    assert 3000 <= len(case.bank) < 3300
    kinds = Counter(kind for *_, kind in case.truth)
    assert kinds["1:1"] > 2000 and kinds["1:N"] > 20 and kinds["N:1"] > 40
    matched_b = {b for b_ids, _, _ in case.truth for b in b_ids}
    matched_j = {j for _, j_ids, _ in case.truth for j in j_ids}
    assert 0.03 < 1 - len(matched_b) / len(case.bank) < 0.15  # bank-only: unbooked receipts, charges, interest
    assert 0.03 < 1 - len(matched_j) / len(case.journal) < 0.12  # journal-only: uncleared cheques, reversals
    no_party = sum(not j.counterparty for j in case.journal) / len(case.journal)
    assert 0.1 < no_party < 0.3
    assert all(len(b.counterparty) <= 35 for b in case.bank)  # SWIFT-length fields
    assert all(x.amount > 0 and x.amount == x.amount.quantize(Decimal("0.01")) for x in case.bank + case.journal)
    texts = " ".join(b.text for b in case.bank)
    assert "AUTOPAY OUT BATCH" in texts
    # payroll batches are autopay debits of 3-40 salaries
    payroll = [
        (b, j) for b, j, k in case.truth if k == "1:N" and "AUTOPAY" in next(x.text for x in case.bank if x.id == b[0])
    ]
    assert payroll and all(3 <= len(j) <= 40 for _, j in payroll)
    # traditional Chinese at the bank, simplified in the books
    assert any("貿易" in b.counterparty for b in case.bank) and any("贸易" in j.counterparty for j in case.journal)
    assert not any("貿易" in j.counterparty for j in case.journal)


def test_registered_in_the_unseen_bench() -> None:
    assert "sixth" in GENERATORS
    assert _generator("sixth", None, False)(500, 7).bank == gen_sixth.generate(500, 7).bank
