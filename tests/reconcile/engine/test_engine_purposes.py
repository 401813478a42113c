"""Same-amount lines of one party told apart by the purpose their summaries state (用途: 运费, 服务费, 加工费 ...):
a supplier paid the same amount twice in a week, once for freight and once for a service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from reconcile.engine import Line, MatchResult, match
from reconcile.engine.purposes import purpose_of
from reconcile.reasons import reasons_text

SUPPLIER = "嘉兴百创精密机械制造研究所"


def L(id: str, day: int, text: str, cp: str = "") -> Line:
    """A payment of 6,495.96 on 2024-03-<day> (the 9th-10th are a weekend)."""
    return Line(id, dt.date(2024, 3, day), Decimal("6495.96"), "out", "", cp, text)


def _pairs(result: MatchResult) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {g.bank_ids[0]: (g.journal_ids[0], g.reasons) for g in result.groups if len(g.journal_ids) == 1}


def test_purpose_words_are_grouped_and_two_purposes_state_none() -> None:
    assert purpose_of("合同784号服务费") == purpose_of("付百创咨询费") != 0
    assert purpose_of("运费") == purpose_of("支付物流费") != purpose_of("服务费")
    assert purpose_of("收到百豪科农业销售款") == purpose_of("收百豪科农业货款") != 0
    assert purpose_of("货款及运费") == 0
    assert purpose_of("跨行转账") == 0


def test_two_payments_of_one_supplier_are_told_apart_by_their_purposes() -> None:
    bank = [L("b_freight", 4, "运费", SUPPLIER), L("b_service", 6, "合同784号服务费", SUPPLIER)]
    journal = [L("j_freight", 7, "付百创运费"), L("j_service", 7, "付百创服务费")]
    got = _pairs(match(bank, journal, window_days=3))
    assert got["b_freight"][0] == "j_freight"
    assert got["b_service"][0] == "j_service"
    assert any("whose summary states the same purpose" in r for r in got["b_service"][1])
    with translation.override("en"):
        shown = reasons_text(got["b_service"][1])
    assert any("the only line of this amount in the window whose summary states the same purpose" in r for r in shown)


def test_a_bank_line_without_a_purpose_is_left_to_what_remains() -> None:
    # The bank's second line says only 汇兑: the entry for 服务费 is the bank's 服务费 line (the bank line's other
    # candidate is booked as processing), and the line without a purpose then has one candidate left.
    bank = [L("b_service", 4, "合同632号服务费 汇兑", SUPPLIER), L("b_blank", 4, "汇兑", SUPPLIER)]
    journal = [L("j_service", 4, "付百创服务费"), L("j_processing", 7, "付百创加工费")]
    got = _pairs(match(bank, journal, window_days=3))
    assert got["b_service"][0] == "j_service"
    assert got.get("b_blank", ("",))[0] in ("j_processing", "")
    assert "j_service" not in {j for b, (j, _r) in got.items() if b != "b_service"}


def test_a_candidate_without_a_purpose_on_both_sides_decides_nothing() -> None:
    # Each bank line has a candidate that states no purpose: it could be either payment, so nothing is matched on
    # purposes (the two stay suggestions for the accountant).
    bank = [L("b_service", 4, "服务费", SUPPLIER), L("b_blank", 4, "网银转账", SUPPLIER)]
    journal = [L("j_service", 4, "付百创服务费"), L("j_blank", 4, "付百创款项")]
    got = _pairs(match(bank, journal, window_days=3))
    assert "b_service" not in got and "b_blank" not in got
