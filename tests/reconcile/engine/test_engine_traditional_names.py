"""A Hong Kong, Macau or Taiwan bank writes its payers in traditional characters, a mainland ERP books them in
simplified ones: the same party in two scripts. Names are compared in simplified characters (``hanzi.py``), so
香港信和國際貿易有限公司 meets 香港信和国际贸易有限公司 as itself; before, the two read as different companies (a
contradiction: the pair was at most suggested, and a same-amount entry of another party could take the bank line)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.engine.hanzi import simplified
from reconcile.engine.names import core_name, name_similarity
from reconcile.engine.score import STRONG_NAME


def _day(d: int) -> dt.date:
    return dt.date(2026, 3, d)


@pytest.mark.parametrize(
    ("traditional", "simple"),
    [
        ("香港信和國際貿易有限公司", "香港信和国际贸易有限公司"),
        ("東昇五金有限公司", "东升五金"),
        ("陳大文", "陈大文"),
        ("臺灣聯發電子股份有限公司", "台湾联发电子股份有限公司"),
    ],
)
def test_a_name_in_traditional_characters_is_the_same_name_in_simplified_ones(traditional: str, simple: str) -> None:
    assert core_name(traditional) == core_name(simple)
    assert name_similarity(traditional, simple) >= STRONG_NAME


def test_simplified_and_latin_text_are_left_as_they_are() -> None:
    for text in ("恒瑞贸易有限公司", "HANG FUNG TRADING CO LTD", "Müller GmbH", "", "ＧＬＴ"):
        assert simplified(text) == text
    # Two different firms stay two firms in either script.
    assert name_similarity("東昇五金有限公司", "萬通印刷有限公司") < 0.5


def test_the_traditional_payer_takes_its_own_entry_not_another_partys_of_the_same_amount() -> None:
    bank = [
        Line("b1", _day(9), Decimal("35400.00"), "in", "FPS2026030900123", "東昇五金有限公司", "FPS 轉數快收款"),
        Line("b2", _day(9), Decimal("35400.00"), "in", "", "萬通印刷有限公司", "FPS 轉數快收款"),
    ]
    books = [
        Line("j1", _day(10), Decimal("35400.00"), "in", "", "万通印刷", "收到货款 万通印刷"),
        Line("j2", _day(9), Decimal("35400.00"), "in", "", "东升五金", "收东升五金货款"),
    ]
    result = match(bank, books, calendar=None)
    pairs = {g.bank_ids: g.journal_ids for g in result.groups}
    assert pairs == {("b1",): ("j2",), ("b2",): ("j1",)}
    assert not result.suggestions


def test_a_summary_in_traditional_characters_naming_another_company_still_holds_the_pair_back() -> None:
    """Both sides in traditional characters (a Hong Kong bank and a Hong Kong ERP): the books' entry without a
    counterparty whose summary names 萬通印刷 is not taken for 陳記電器's payment automatically."""
    bank = [
        Line("b1", _day(9), Decimal("35400.00"), "in", "", "陳記電器有限公司", "轉數快收款"),
        Line("b2", _day(2), Decimal("100.00"), "in", "", "萬通印刷有限公司", "收款"),
    ]
    books = [
        Line("j1", _day(9), Decimal("35400.00"), "in", "", "", "收萬通印刷貨款"),
        Line("j2", _day(2), Decimal("100.00"), "in", "", "萬通印刷", "收款"),
    ]
    result = match(bank, books, calendar=None)
    pairs = {g.bank_ids: g.journal_ids for g in result.groups}
    assert ("b1",) not in pairs and pairs[("b2",)] == ("j2",)
    assert [(s.bank_ids, s.journal_ids) for s in result.suggestions] == [(("b1",), ("j1",))]
