"""The seventh benchmark data set (``bench/engine/gen_seventh.py``): deterministic per seed, truth that refers to real
lines and balances in one direction, and the shapes its docstring promises (checks, lockbox deposits, payables runs,
processor payouts, payroll, PayPal weeks, bank-only fees, outstanding checks, US working days)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from bench.engine import gen_seventh
from bench.engine.bench_unseen import GENERATORS, _generator
from bench.engine.gen_seventh_words import USCalendar, federal_holidays
from bench.engine.generator import Case
from tests.bench.truth import assert_truth_sound


@pytest.fixture(scope="module")
def built() -> tuple[Case, dict[str, str]]:
    return gen_seventh.build(6000, 701)


@pytest.fixture(scope="module")
def case(built: tuple[Case, dict[str, str]]) -> Case:
    return built[0]


def test_same_seed_same_case_other_seed_other_case(case: Case) -> None:
    again = gen_seventh.generate(6000, 701)
    assert again.bank == case.bank and again.journal == case.journal and again.truth == case.truth
    assert gen_seventh.generate(6000, 702).bank != case.bank


def test_truth_ids_exist_on_both_sides_and_groups_are_disjoint_and_balanced(case: Case) -> None:
    assert_truth_sound(case)


def test_shape(built: tuple[Case, dict[str, str]]) -> None:
    case, tags = built
    assert 6000 <= len(case.bank) < 6700
    kinds = Counter(kind for *_, kind in case.truth)
    assert kinds["1:1"] > 4000 and kinds["1:N"] > 300 and kinds["N:1"] >= 10
    matched_b = {b for b_ids, _, _ in case.truth for b in b_ids}
    matched_j = {j for _, j_ids, _ in case.truth for j in j_ids}
    assert 0.02 < 1 - len(matched_b) / len(case.bank) < 0.12  # unapplied receipts, fees, interest
    assert 0.03 < 1 - len(matched_j) / len(case.journal) < 0.12  # outstanding checks, in transit, duplicates
    assert all(x.amount > 0 and x.amount == x.amount.quantize(Decimal("0.01")) for x in case.bank + case.journal)
    assert all(len(b.counterparty) <= 35 for b in case.bank)
    by_tag = Counter(tags[b_ids[0]] for b_ids, _, _ in case.truth)
    for shape in ("check", "lockbox", "remote", "ach-run", "processor", "payroll", "paypal", "two-invoices"):
        assert by_tag[shape] > 0, shape
    journal_only = Counter(tags[j.id] for j in case.journal if j.id not in matched_j)
    assert journal_only["outstanding-check"] and journal_only["duplicate"] and journal_only["in-transit"]
    bank_only = Counter(tags[b.id] for b in case.bank if b.id not in matched_b)
    assert bank_only["bank-fee"] and bank_only["unapplied-receipt"]


def test_checks_carry_their_number_at_the_bank_and_mostly_in_the_books(built: tuple[Case, dict[str, str]]) -> None:
    case, tags = built
    bank = {b.id: b for b in case.bank}
    journal = {j.id: j for j in case.journal}
    checks = [(bank[b[0]], journal[j[0]]) for b, j, _ in case.truth if tags[b[0]] == "check"]
    assert all(b.reference and b.reference in b.text for b, _ in checks)
    with_num = sum(j.reference == b.reference for b, j in checks) / len(checks)
    assert 0.75 < with_num < 0.95
    assert all(0 <= (b.date - j.date).days <= 22 for b, j in checks)


def test_batches(built: tuple[Case, dict[str, str]]) -> None:
    case, tags = built
    runs = [j for b, j, _ in case.truth if tags[b[0]] == "ach-run"]
    assert runs and all(2 <= len(j) <= 8 for j in runs)
    lockbox = [j for b, j, _ in case.truth if tags[b[0]] == "lockbox"]
    assert lockbox and max(len(j) for j in lockbox) > 3
    payroll = [j for b, j, k in case.truth if tags[b[0]] == "payroll" and k == "1:N"]
    assert payroll and all(8 <= len(j) <= 40 for j in payroll)


def test_bank_posts_on_us_working_days_only(case: Case) -> None:
    assert case.calendar is not None
    assert all(USCalendar.is_workday(b.date) for b in case.bank)
    assert dt.date(2026, 11, 26) in federal_holidays(2026)  # Thanksgiving
    assert dt.date(2026, 7, 3) in federal_holidays(2026)  # July 4th on a Saturday, observed Friday
    assert case.calendar.ordinal(dt.date(2026, 1, 19)) == case.calendar.ordinal(dt.date(2026, 1, 16))  # MLK Day


def test_registered_in_the_unseen_bench() -> None:
    assert "seventh" in GENERATORS
    assert _generator("seventh", None, False)(500, 7).bank == gen_seventh.generate(500, 7).bank
