"""The eighth benchmark data set (``bench/engine/gen_eighth.py``): deterministic per seed, truth that refers to real
lines and balances in one direction, and the shapes its docstring promises (platform withdrawals, POS, 代发工资, 报销
batches, taxes, bills, cheques, installments, mainland working days with 调休)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from bench.engine import gen_eighth
from bench.engine.bench_unseen import GENERATORS, _generator
from bench.engine.gen_eighth_words import CNCalendar
from bench.engine.generator import Case
from tests.bench.truth import assert_truth_sound


@pytest.fixture(scope="module")
def built() -> tuple[Case, dict[str, str]]:
    return gen_eighth.build(10000, 801)


@pytest.fixture(scope="module")
def case(built: tuple[Case, dict[str, str]]) -> Case:
    return built[0]


def test_same_seed_same_case_other_seed_other_case(case: Case) -> None:
    again = gen_eighth.generate(10000, 801)
    assert again.bank == case.bank and again.journal == case.journal and again.truth == case.truth
    assert gen_eighth.generate(10000, 802).bank != case.bank


def test_truth_ids_exist_on_both_sides_and_groups_are_disjoint_and_balanced(case: Case) -> None:
    assert_truth_sound(case)


def test_shape(built: tuple[Case, dict[str, str]]) -> None:
    case, tags = built
    assert 10000 <= len(case.bank) < 11000
    kinds = Counter(kind for *_, kind in case.truth)
    assert kinds["1:1"] > 6000 and kinds["1:N"] > 1000 and kinds["N:1"] >= 100
    matched_b = {b for b_ids, _, _ in case.truth for b in b_ids}
    matched_j = {j for _, j_ids, _ in case.truth for j in j_ids}
    assert 0.01 < 1 - len(matched_b) / len(case.bank) < 0.08  # unbooked fees, receipts, SMS charges
    assert 0.005 < 1 - len(matched_j) / len(case.journal) < 0.05  # 计提, duplicates, reversals, cheques out
    assert all(x.amount > 0 and x.amount == x.amount.quantize(Decimal("0.01")) for x in case.bank + case.journal)
    assert all(len(b.counterparty) <= 30 for b in case.bank)
    by_tag = Counter(tags[b_ids[0]] for b_ids, _, _ in case.truth)
    for shape in ("receipt", "payment", "personal-pay", "invoices-in", "installments-out", "platform-days",
                  "platform-orders", "pos", "payroll", "expenses", "tax", "social", "housing", "cheque", "refund",
                  "bill-discount", "internal"):  # fmt: skip
        assert by_tag[shape] > 0, shape
    journal_only = Counter(tags[j.id] for j in case.journal if j.id not in matched_j)
    assert journal_only["accrual"] and journal_only["duplicate"] and journal_only["reversal"]
    bank_only = Counter(tags[b.id] for b in case.bank if b.id not in matched_b)
    assert bank_only["fee"] and bank_only["unbooked-receipt"]


def test_batches(built: tuple[Case, dict[str, str]]) -> None:
    case, tags = built
    journal = {j.id: j for j in case.journal}
    payroll = [j for b, j, k in case.truth if tags[b[0]] == "payroll" and k == "1:N"]
    assert payroll and all(25 <= len(j) <= 70 for j in payroll)
    orders = [j for b, j, _ in case.truth if tags[b[0]] == "platform-orders"]
    assert orders and all(3 <= len(j) <= 30 for j in orders)
    assert max(len(j) for j in orders) > 12
    # a tax debit for 增值税 + 附加税 together: the surcharge is 12% of the VAT
    vat_pairs = [[journal[x].amount for x in j] for b, j, _ in case.truth if tags[b[0]] == "tax" and len(j) == 2]
    assert vat_pairs and all(extra == (v * Decimal("0.12")).quantize(Decimal("0.01")) for v, extra in vat_pairs)
    fees = [b for b, _, k in case.truth if tags[b[0]] == "fee" and k == "N:1"]
    assert fees and max(len(b) for b in fees) > 10  # 招行's fees of a month, one entry


def test_bills_and_cheques_carry_their_numbers(built: tuple[Case, dict[str, str]]) -> None:
    case, tags = built
    bank = {b.id: b for b in case.bank}
    journal = {j.id: j for j in case.journal}
    bills = [bank[b[0]] for b, _, _ in case.truth if tags[b[0]].startswith("bill-")]
    assert bills and all(len(b.reference) == 30 and b.reference.isdigit() for b in bills)
    cheques = [(bank[b[0]], journal[j[0]]) for b, j, _ in case.truth if tags[b[0]] == "cheque"]
    assert cheques and all(len(b.reference) == 8 and 1 <= (b.date - j.date).days <= 25 for b, j in cheques)


def test_mainland_calendar_with_make_up_days(case: Case) -> None:
    assert case.calendar is not None
    assert CNCalendar.is_workday(dt.date(2025, 9, 28))  # a Sunday worked for 国庆
    assert not CNCalendar.is_workday(dt.date(2025, 10, 3))
    assert CNCalendar.is_workday(dt.date(2026, 2, 14))  # a Saturday worked for 春节
    assert not CNCalendar.is_workday(dt.date(2026, 2, 18))
    assert case.calendar.ordinal(dt.date(2025, 10, 8)) == case.calendar.ordinal(dt.date(2025, 9, 30))
    journal_days = {j.date for j in case.journal}
    assert all(CNCalendar.is_workday(d) for d in journal_days)  # the books are kept on working days
    assert dt.date(2025, 9, 28) in {b.date for b in case.bank}


def test_registered_in_the_unseen_bench() -> None:
    assert "eighth" in GENERATORS
    assert _generator("eighth", None, False)(500, 7).bank == gen_eighth.generate(500, 7).bank
