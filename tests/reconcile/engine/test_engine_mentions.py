"""Company names inside a journal's 摘要 count as its counterparty when it has none (engine/mentions.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.mentions import Dictionary, mentioned_company
from reconcile.engine.names import core_name

D = dt.date
HENGRUI, ZHONGKE = "上海恒瑞贸易有限公司", "北京中科信达科技有限公司"


def L(id: str, day: int, amount: str, direction: str = "out", cp: str = "", text: str = "", ref: str = "") -> Line:
    return Line(id, D(2024, 3, day), Decimal(amount), direction, ref, cp, text)


def pairs(groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in groups}


# Another line of the run names 中科信达, so the run's dictionary knows the company.
CONTEXT_BANK = [L("b9", 12, "777.00", "in", ZHONGKE, "货款")]
CONTEXT_JOURNAL = [L("j9", 12, "777.00", "in", "中科信达", "收中科信达货款")]


@pytest.mark.parametrize(
    ("summary", "auto"),
    [
        pytest.param("支付恒瑞贸易货款", True, id="names-the-payee"),
        pytest.param("支付恒瑞货款", True, id="names-the-payee-shortened"),
        pytest.param("支付中科信达货款", False, id="names-another-company"),
        pytest.param("代恒瑞贸易支付中科信达货款", True, id="names-two-companies-no-evidence"),
        pytest.param("支付宏达机械货款", True, id="names-a-company-the-run-does-not-know"),
        pytest.param("支付货款", True, id="names-nobody"),
    ],
)
def test_a_unique_amount_is_auto_matched_unless_the_summary_names_another_company(summary, auto):
    bank = [L("b1", 4, "5000.00", "out", HENGRUI, "货款"), *CONTEXT_BANK]
    journal = [L("j1", 5, "5000.00", "out", "", summary), *CONTEXT_JOURNAL]
    result = match(bank, journal, window_days=3)
    pair = (("b1",), ("j1",))
    assert (pair in pairs(result.groups)) is auto
    if not auto:  # left to a person, with the reason
        assert pair in pairs(result.suggestions)


def test_the_name_in_the_summary_shows_in_the_reasons():
    bank = [L("b1", 4, "5000.00", "out", HENGRUI, "货款"), *CONTEXT_BANK]
    journal = [L("j1", 5, "5000.00", "out", "", "支付恒瑞贸易货款"), *CONTEXT_JOURNAL]
    group = next(g for g in match(bank, journal, window_days=3).groups if g.bank_ids == ("b1",))
    assert any("恒瑞贸易" in reason for reason in group.reasons)


def test_same_amount_payments_on_one_day_are_told_apart_by_the_names_in_the_summaries():
    bank = [L("b1", 4, "5000.00", "out", HENGRUI, "货款"), L("b2", 4, "5000.00", "out", ZHONGKE, "货款")]
    journal = [
        L("j1", 4, "5000.00", "out", "", "支付中科信达货款"),
        L("j2", 4, "5000.00", "out", "", "支付恒瑞贸易货款"),
    ]
    result = match(bank, journal, window_days=3)
    assert pairs(result.groups) == {(("b1",), ("j2",)), (("b2",), ("j1",))}


def test_a_reference_shared_with_another_companys_payment_is_not_auto_matched():
    bank = [L("b1", 4, "5000.00", "out", HENGRUI, "转账支票", ref="10234567"), *CONTEXT_BANK]
    journal = [L("j1", 4, "5000.00", "out", "", "付中科信达货款", ref="10234567"), *CONTEXT_JOURNAL]
    assert (("b1",), ("j1",)) not in pairs(match(bank, journal, window_days=3).groups)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收恒瑞贸易货款", "恒瑞贸易"),
        ("收恒瑞货款", "恒瑞贸易"),  # the name without its line of business
        ("付中科信达预付款", "中科信达科技"),
        ("恒瑞贸易(恒瑞)往来", "恒瑞贸易"),  # the shorter mention of the same company
        ("代恒瑞付中科信达款", ""),  # two companies
        ("工资", ""),
        ("贸易往来", ""),  # an industry word alone is not a company
    ],
)
def test_mentioned_company(text, expected):
    assert mentioned_company(text, Dictionary(["恒瑞贸易", "中科信达科技", "贸易"])) == expected


def test_a_company_written_out_in_full_is_read_even_when_the_run_does_not_know_it():
    assert mentioned_company("支付西安海丰建材有限公司货款", Dictionary([])) == "海丰建材"
    bank = [L("b1", 4, "3273.00", "out", "江苏省无锡市旋达物流有限公司", "货款")]
    journal = [L("j1", 5, "3273.00", "out", "", "支付西安海丰建材有限公司货款")]
    result = match(bank, journal, window_days=3)
    assert result.groups == [] and pairs(result.suggestions) == {(("b1",), ("j1",))}


def test_industry_words_both_names_end_with_do_not_make_two_companies_alike():
    from reconcile.engine.names import core_similarity

    assert core_similarity("胜旋信息技术", "源华信息技术") < 0.5
    assert core_similarity("源华信息技术", "胜旋技术") == core_similarity("胜旋技术", "源华信息技术")
    assert core_similarity("恒瑞贸易", "恒瑞商贸") < 0.5
    assert core_similarity("恒瑞信息技术", "恒瑞科信息技术") >= 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("转账支票 10234567", "10234567"),
        ("支票号:00012345 付货款", "00012345"),
        ("现金支票NO.88123456", "88123456"),
        ("CHQ 881234", "881234"),
        ("银行汇票 AB12345678", "AB12345678"),
        ("支票 12345", ""),  # too short to be a cheque number
        ("货款 2026年10月", ""),
        ("", ""),
    ],
)
def test_reference_in_text(text, expected):
    from reconcile.engine.fields import reference_in_text

    assert reference_in_text(text) == expected


# Banks, cities and sector words appear in every run; found inside a summary they name no company.
EVERYDAY = [
    L("b8", 13, "888.00", "out", "中国银行股份有限公司上海分行", "手续费"),
    L("b7", 13, "777.77", "out", "上海银行股份有限公司", "手续费"),
    L("b6", 13, "666.66", "out", "交通银行股份有限公司", "手续费"),
    L("b5", 13, "555.55", "out", "北京银行股份有限公司", "手续费"),
    L("b4", 13, "444.44", "out", "上海电气集团股份有限公司", "货款"),
    L("b3", 13, "333.33", "in", HENGRUI, "货款"),
]


@pytest.mark.parametrize(
    ("payee", "summary"),
    [
        pytest.param("中国移动通信集团上海有限公司", "支付中国移动10月话费", id="china-mobile"),
        pytest.param("国网上海市电力公司", "付上海10月电费", id="city-in-summary"),
        pytest.param("李四", "报销10月交通费", id="sector-word"),
        pytest.param("北京中科信达科技有限公司", "付北京中科信达货款", id="city-before-the-name"),
        pytest.param("支付宝（中国）网络技术有限公司", "付恒瑞贸易货款(支付宝)", id="paid-through-a-platform"),
        pytest.param("上海华通机电设备有限公司", "采购电气设备款", id="industry-word"),
    ],
)
def test_everyday_words_in_a_summary_do_not_stop_a_correct_match(payee, summary):
    bank = [L("b1", 4, "5321.00", "out", payee, "付款"), *EVERYDAY]
    journal = [L("j1", 5, "5321.00", "out", "", summary)]
    assert (("b1",), ("j1",)) in pairs(match(bank, journal, window_days=3).groups)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["恒瑞贸易", "恒瑞", "中科信达", "信达", "支付", "货款", "中科", "瑞贸", "A", "贸易"]),
        max_size=8,
    )
)
def test_the_automaton_finds_what_the_position_scan_finds(parts: list[str]) -> None:
    from reconcile.engine.mentions import Dictionary, scan, scan_by_position

    dictionary = Dictionary(["恒瑞贸易", "中科信达科技", "信达物流", "瑞贸"])
    text = "".join(parts)
    assert scan(text, dictionary) == sorted(scan_by_position(text, dictionary), key=lambda h: (h[0], -h[1]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "恒瑞贸易",
                    "恒瑞",
                    "中科信达",
                    "信达",
                    "支付",
                    "货款",
                    "中科",
                    "瑞贸",
                    "A",
                    "贸易",
                    "上海新恒科技有限公司",
                    "有限公司",
                    "\\0",
                ]
            ),
            max_size=6,
        ).map("".join),
        max_size=12,
    )
)
def test_names_of_many_texts_equal_one_text_at_a_time(texts: list[str]) -> None:
    from reconcile.engine.mentions import Dictionary, _names_of

    dictionary = Dictionary(["恒瑞贸易", "中科信达科技", "信达物流", "瑞贸"])
    assert _names_of(texts, dictionary) == [mentioned_company(t, dictionary) if t else "" for t in texts]


@pytest.mark.parametrize(
    ("firm", "summary"),
    [
        pytest.param("泉州金伟晓汽车经营部", "付金伟晓服务费", id="auto-trade"),
        pytest.param("江门冯东华智能科技有限公司", "支付冯东华货款", id="smart-tech"),
        pytest.param("宁波远洋水产有限公司", "付远洋货款", id="aquatic-products"),
    ],
)
def test_a_firm_named_by_its_trade_name_alone_is_read(firm: str, summary: str) -> None:
    # A line of business common in firm names (汽车, 智能科技, 水产) is dropped, as 贸易 or 科技 are, so the trade
    # name the accountant writes (金伟晓) is read as that firm.
    d = Dictionary([core_name(firm)])
    assert mentioned_company(summary, d) == core_name(firm)
