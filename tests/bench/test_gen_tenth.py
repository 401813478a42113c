"""The tenth benchmark data set (``bench/engine/gen_tenth.py``): deterministic per seed, truth that refers to real
lines and balances, and the shapes its docstring promises (bills issued and received, loans, 定期, 投标保证金, 代发退回,
taxes split per tax, monthly voucher numbers, the bank's 20-byte 摘要)."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.engine import gen_tenth
from bench.engine.bench_unseen import GENERATORS, _generator
from bench.engine.generator import Case


@pytest.fixture(scope="module")
def built() -> tuple[Case, dict[str, str]]:
    return gen_tenth.build(20000, 1001)


def test_same_seed_same_case_other_seed_other_case(built: tuple[Case, dict[str, str]]) -> None:
    case = built[0]
    again = gen_tenth.generate(20000, 1001)
    assert again.bank == case.bank and again.journal == case.journal and again.truth == case.truth
    assert gen_tenth.generate(20000, 1002).bank != case.bank
    assert "tenth" in GENERATORS and _generator("tenth", None, False)(2000, 1001).bank


def test_truth_refers_to_real_lines_disjoint_and_balanced_by_signed_sum(built: tuple[Case, dict[str, str]]) -> None:
    """Like ``assert_truth_sound`` but a group may hold both directions (贴现 net = face in - interest out; 代发 less
    its returns; 委贷 interest less the bank's fee), so it balances by the signed sum."""
    case, tags = built
    bank = {b.id: b for b in case.bank}
    journal = {j.id: j for j in case.journal}
    seen: set[str] = set()
    mixed = set()
    for b_ids, j_ids, kind in case.truth:
        ids = (*b_ids, *j_ids)
        assert not seen & set(ids) and len(set(ids)) == len(ids)
        seen |= set(ids)
        assert kind == ("1:1" if len(b_ids) == len(j_ids) == 1 else "1:N" if len(b_ids) == 1 else "N:1")
        lines = [bank[b] for b in b_ids] + [journal[j] for j in j_ids]
        signed = [x.amount if x.direction == "in" else -x.amount for x in lines]
        assert sum(signed[: len(b_ids)]) == sum(signed[len(b_ids) :])
        if len({x.direction for x in lines}) > 1:
            mixed.add(tags[b_ids[0]])
    assert mixed <= {"discount-gross", "payroll-net", "entrusted"} and "discount-gross" in mixed


def test_shape(built: tuple[Case, dict[str, str]]) -> None:
    case, tags = built
    kinds = Counter(kind for *_, kind in case.truth)
    assert kinds["1:1"] > 10000 and kinds["1:N"] > 100 and kinds["N:1"] > 50
    by_tag = Counter(tags[b[0]] for b, _, _ in case.truth)
    for shape in ("bill-deposit", "bill-fee", "bill-due", "discount", "discount-gross", "collect", "pool", "loan",
                  "loan-interest", "deposit", "deposit-due", "tender", "tender-back", "tax-split", "payroll-return",
                  "payroll-repay", "fee"):  # fmt: skip
        assert by_tag[shape] > 0, shape
    assert all(len(b.text.encode("gbk")) <= 20 for b in case.bank)
    refs = Counter(j.reference for j in case.journal)
    assert refs["付-0001"] >= 4  # numbered again every month
    assert any(j.text in ("付款", "收款") and not j.counterparty for j in case.journal)
