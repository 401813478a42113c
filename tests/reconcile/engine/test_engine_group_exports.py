"""Rules for a group company's bank exports beside its books: lines of another currency in the same export, and a
customer's invoice paid in two parts across the whole window.

Each rule has the case it exists for and a case where it must not match.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.currency import currency_of, foreign_currencies, split
from reconcile.engine.types import RULE_SUBSET

D = dt.date


def L(id: str, day: int, amount: str, direction: str = "in", cp: str = "", text: str = "", ref: str = "") -> Line:
    """Line on 2024-03-<day> (March 2024: 1st is a Friday; 2-3, 9-10 and 16-17 are weekends)."""
    return Line(id, D(2024, 3, day), Decimal(amount), direction, ref, cp, text)


def pairs(groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in groups}


def cny_statement(n: int = 12) -> list[Line]:
    """Ordinary CNY lines of distinct amounts, so that a currency named on one line is a minority."""
    return [L(f"k{i:02d}", 4 + i % 5, f"{1000 + 37 * i}.15", cp=f"客户{i}", text="转账收入") for i in range(n)]


def cny_books(n: int = 12) -> list[Line]:
    return [L(f"g{i:02d}", 4 + i % 5, f"{1000 + 37 * i}.15", cp=f"客户{i}", text="收货款") for i in range(n)]


# --- a currency the statement is not in ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("USD 汇入汇款", "USD"),
        ("外汇汇出 USD", "USD"),
        ("TT REMITTANCE EUR", "EUR"),
        ("收美元货款", "USD"),
        ("港币汇款", "HKD"),
        ("转账收入", ""),
        ("人民币跨境 CNY", ""),
        ("BUSDRIVER SERVICES", ""),  # a code inside a longer Latin word is no currency
        ("EUROPA TRADING", ""),
        # a currency's Chinese name inside a company's name is no currency
        ("付华美金属制品有限公司货款", ""),
        ("美元素科技有限公司 服务费", ""),
        ("华美元件厂 货款", ""),
        ("付华美金属制品有限公司 美元货款", "USD"),
    ],
)
def test_the_currency_a_text_names(text: str, code: str) -> None:
    assert currency_of(text) == code


def test_a_currency_named_on_most_lines_is_the_statements_own() -> None:
    eur = [L(f"e{i}", 5, f"{100 + i}.00", text=f"SEPA CT EUR {i}") for i in range(5)]
    assert foreign_currencies(eur) == frozenset()
    assert foreign_currencies([*cny_statement(), L("u", 5, "900.00", text="USD TT")]) == {"USD"}
    assert split(eur, []) == ([], eur, [])


def test_lines_are_split_by_the_currency_their_own_text_names() -> None:
    """A text with a line break of its own, an empty text, a code at a text's very start or end, two codes in one
    text (the first decides), a currency word inside a company's name: each line in the pass its own text names."""
    bank = [
        *cny_statement(),
        L("start", 6, "1.00", text="USD TT"),
        L("empty", 6, "2.00", text=""),
        L("break", 6, "3.00", text="汇入\nEUR 货款"),
        L("end", 6, "4.00", text="汇入汇款 EUR"),
        L("two", 6, "5.00", text="EUR USD"),
        L("name", 6, "6.00", cp="华美金属制品有限公司", text="华美金属制品有限公司 货款"),
    ]
    passes, rest_bank, rest_books = split(bank, [L("quote", 6, "7.00", text="付美元货款")])
    by_currency = {tuple(sorted(line.id for line in b)): [line.id for line in j] for b, j in passes}
    assert by_currency == {("break", "end", "two"): [], ("start",): ["quote"]}
    assert {line.id for line in rest_bank} == {line.id for line in cny_statement()} | {"empty", "name"}
    assert rest_books == []


def test_a_usd_line_does_not_take_the_cny_entry_of_the_same_figure() -> None:
    """5,800.00 USD arrives on the group's dollar account, exported with the CNY account's lines; the books hold a CNY
    receipt of 5,800.00 from someone else (alone with its amount in the window). Not the same money."""
    bank = [*cny_statement(), L("usd", 6, "5800.00", cp="MUELLER PRAEZISIONSTECHNIK", text="USD 汇入汇款")]
    books = [*cny_books(), L("cny", 7, "5800.00", text="其他应收款收回")]
    result = match(bank, books, calendar=None)
    matched = {b for g in result.groups for b in g.bank_ids} | {j for g in result.groups for j in g.journal_ids}
    assert "usd" not in matched and "cny" not in matched
    assert (("k00",), ("g00",)) in pairs(result.groups)  # the rest matched as before


def test_a_usd_line_matches_the_entry_that_names_the_currency() -> None:
    bank = [*cny_statement(), L("usd", 6, "5800.00", text="USD 汇入汇款")]
    books = [*cny_books(), L("usd-entry", 6, "5800.00", text="收美元货款 穆勒精密")]
    result = match(bank, books, calendar=None)
    assert (("usd",), ("usd-entry",)) in pairs(result.groups)
    assert len(result.groups) == 13
    assert [g.bank_ids[0] for g in result.groups] == sorted(g.bank_ids[0] for g in result.groups)


def test_an_entry_quoting_a_currency_still_matches_its_cny_line() -> None:
    """The books quote the invoice's dollars on a receipt the bank paid out in CNY (结汇): the entry is tried with
    the dollar lines first and, left over there, matched with its CNY line as before."""
    bank = [*cny_statement(), L("usd", 6, "800.00", text="USD TT"), L("fx", 8, "71012.00", cp="客户X", text="结汇")]
    books = [*cny_books(), L("quote", 8, "71012.00", cp="客户X", text="收客户X货款 USD10000 汇率7.1012")]
    result = match(bank, books, calendar=None)
    assert (("fx",), ("quote",)) in pairs(result.groups)


def test_a_dollar_suggestion_for_an_entry_the_cny_pass_matched_is_dropped() -> None:
    """Found by the engine fuzz (tests/fuzz/test_fuzz_engine.py): the dollar pass suggests its USD 200.00 line for an
    entry quoting USD 200.00; the CNY pass then matches that entry by its reference. The suggestion must go: a
    suggestion never names a line of a group (accepting it would take the entry from its match)."""
    bank = [
        *cny_statement(),
        L("usd", 4, "200.00", cp="(株)テスト", text="USD 200.00"),
        L("cny", 8, "200.00", cp="张三", text="记字第128号", ref="G0854515703E"),
    ]
    books = [*cny_books(), L("quote", 6, "200.00", cp="张三", text="USD 200.00", ref="G0854515703E")]
    result = match(bank, books, calendar=None)
    assert (("cny",), ("quote",)) in pairs(result.groups)
    grouped = {i for g in result.groups for i in (*g.bank_ids, *g.journal_ids)}
    assert all(grouped.isdisjoint((*s.bank_ids, *s.journal_ids)) for s in result.suggestions), result.suggestions


def test_a_duplicate_id_split_across_currencies_is_still_refused() -> None:
    bank = [*cny_statement(), L("k00", 6, "800.00", text="USD TT")]
    with pytest.raises(ValueError):
        match(bank, cny_books(), calendar=None)


# --- an invoice paid in two parts across the window -------------------------------------------------------------------


def parts_case(second_day: int) -> tuple[list[Line], list[Line]]:
    """A customer pays 70,360.31 on Monday 4th and the rest later; the books record the invoice once, on the day of
    the last part. Other receipts around it keep the window busy."""
    bank = [
        L("p1", 4, "70360.31", cp="精博翔涂装(东莞)有限公司", text="部分货款"),
        L("p2", second_day, "74520.77", cp="精博翔涂装（东莞）有限公司", text="转账收入"),
        *cny_statement(),
    ]
    books = [L("inv", second_day, "144881.08", cp="精博翔涂装（东莞）有限公司", text="收精博翔货款"), *cny_books()]
    return bank, books


def test_an_invoice_paid_in_two_parts_three_days_apart_is_one_batch() -> None:
    bank, books = parts_case(7)  # Thursday: the first part 3 days before the entry
    result = match(bank, books, calendar=None)
    assert (("p1", "p2"), ("inv",)) in pairs(result.groups)
    assert next(g for g in result.groups if g.journal_ids == ("inv",)).rule == RULE_SUBSET


def test_parts_of_another_party_three_days_apart_stay_a_suggestion() -> None:
    """The same figures, the second part from another company: only the party ties parts over the window."""
    bank, books = parts_case(7)
    bank[1] = L("p2", 7, "74520.77", cp="鼎恒永线缆(台州)有限公司", text="转账收入")
    result = match(bank, books, calendar=None)
    assert "inv" not in {j for g in result.groups for j in g.journal_ids}


def test_two_invoices_of_the_same_total_in_the_window_leave_the_parts_to_a_person() -> None:
    bank, books = parts_case(7)
    books.append(L("inv2", 6, "144881.08", cp="精博翔涂装（东莞）有限公司", text="收精博翔货款"))
    result = match(bank, books, calendar=None)
    assert not {"inv", "inv2"} & {j for g in result.groups for j in g.journal_ids}


# --- a nearer entry that names only other companies ---------------------------------------------------------------


def deposits(nearer_text: str) -> tuple[list[Line], list[Line]]:
    """A busy week of 20,000.00 bid deposits (more than ``ambiguous.DENSE_MAX_PAIRS`` candidate pairs): 24 from
    payers the bank does not show (Tuesday 5th to Friday 8th), booked as "收保证金" on the 8th; one from 合盛创供应链管理
    on the 5th, booked on the 8th naming it. On the 5th the books also hold an entry whose summary ``nearer_text`` is
    read as no one's. Other lines name the companies of the run (兴旋达化工, 旋源铭五金制品, 合盛达物流), each with
    its own amount. The scores alone leave the cluster to a person."""
    others = [
        ("兴旋达化工有限公司", "3100.00"),
        ("旋源铭五金制品有限公司", "4200.00"),
        ("合盛达物流有限公司", "5300.00"),
    ]
    bank = [
        L("b1", 5, "20000.00", cp="合盛创供应链管理（无锡）有限公司", text="跨行来账"),
        *(L(f"b{k + 10}", 5 + k % 4, "20000.00", text="转账收入") for k in range(24)),
        *(L(f"o{k}", 6, amount, cp=name, text="货款") for k, (name, amount) in enumerate(others)),
    ]
    books = [
        L("j1", 8, "20000.00", cp="合盛创供应链管理有限公司", text="收投标保证金"),
        L("j2", 5, "20000.00", text=nearer_text),
        *(L(f"j{k + 10}", 8, "20000.00", text="收保证金") for k in range(24)),
        *(L(f"p{k}", 6, amount, cp=name, text="收货款") for k, (name, amount) in enumerate(others)),
    ]
    return bank, books


def test_names_only_others() -> None:
    from reconcile.engine.mentions import Dictionary, names_only_others

    dictionary = Dictionary(["兴旋达化工", "旋源铭五金制品", "合盛达物流", "合盛创供应链管理"])
    payer = "合盛创供应链管理"
    assert names_only_others("代兴旋达付旋源铭保证金", payer, dictionary)
    assert not names_only_others("收投标保证金", payer, dictionary)  # no name: anyone's
    assert not names_only_others("代兴旋达付合盛达保证金", payer, dictionary)  # 合盛达 shares 合盛 with the payer
    assert not names_only_others("代兴旋达付旋源铭保证金", "", dictionary)  # a bank line without a payer
    assert not names_only_others("代兴旋达付旋源铭保证金", payer, None)


def test_a_nearer_entry_naming_only_other_companies_does_not_hold_back_the_named_pair() -> None:
    """ "代兴旋达付旋源铭保证金" names two companies of the run (so it is read as neither), and neither is the
    payer: it cannot be 合盛创's deposit, and the deposit pairs with the entry that names 合盛创."""
    bank, books = deposits("代兴旋达付旋源铭保证金")
    result = match(bank, books, calendar=None)
    assert (("b1",), ("j1",)) in pairs(result.groups)


@pytest.mark.parametrize(
    "nearer_text",
    [
        "收投标保证金",  # names no one: it may be 合盛创's, booked nearer
        "代兴旋达付合盛达保证金",  # names 合盛达, which shares characters with 合盛创: it may be the payer, written so
    ],
)
def test_a_nearer_entry_that_may_be_the_payers_still_holds_the_pair_back(nearer_text: str) -> None:
    bank, books = deposits(nearer_text)
    result = match(bank, books, calendar=None)
    assert (("b1",), ("j1",)) not in pairs(result.groups)


# --- twins of one payer in a busy week ----------------------------------------------------------------------------


def busy_week(
    nameless_entry_days: tuple[int, ...], purposes: tuple[str, str, str, str] = ("", "", "", "")
) -> tuple[list[Line], list[Line]]:
    """25 bid deposits of 20,000.00 from payers the bank does not show (Tuesday 5th to Friday 8th), booked as
    "收保证金" on ``nameless_entry_days``; 金瑞紧固件 pays the figure twice, on the 5th and the 7th, and the books name
    it on the 6th and the 8th (``purposes``: words added to the two bank texts and the two entries). More candidate
    pairs than ``ambiguous.DENSE_MAX_PAIRS``: the cluster is never scored whole."""
    bank = [
        L("x1", 5, "20000.00", cp="金瑞紧固件(泉州)有限公司", text="汇入汇款" + purposes[0]),
        L("x2", 7, "20000.00", cp="金瑞紧固件（泉州）有限公司", text="汇入汇款" + purposes[1]),
        *(L(f"b{k + 10}", 5 + k % 4, "20000.00", text="转账收入") for k in range(25)),
    ]
    books = [
        L("y1", 6, "20000.00", cp="金瑞紧固件", text="收到金瑞紧固件" + (purposes[2] or "投标保证金")),
        L("y2", 8, "20000.00", cp="金瑞紧固件", text="收到金瑞紧固件" + (purposes[3] or "质保金")),
        *(
            L(f"j{k + 10}", nameless_entry_days[k % len(nameless_entry_days)], "20000.00", text="收保证金")
            for k in range(24)
        ),
    ]
    return bank, books


def test_twins_of_one_payer_in_a_busy_week_pair_in_date_order() -> None:
    bank, books = busy_week((6, 8))
    result = match(bank, books, calendar=None)
    assert {(("x1",), ("y1",)), (("x2",), ("y2",))} <= pairs(result.groups)


def test_twins_stay_with_a_person_when_an_unnamed_entry_lies_nearer() -> None:
    """A "收保证金" booked on the 7th, the day of the second payment, may be 金瑞's: the twins are not decided."""
    bank, books = busy_week((6, 7, 8))
    result = match(bank, books, calendar=None)
    assert not {"x1", "x2"} & {b for g in result.groups for b in g.bank_ids}


def test_twins_whose_purposes_cross_the_date_order_are_not_paired_by_date() -> None:
    """The first payment says 加工费, the second 材料款; the books hold 材料款 first, 加工费 second: the purposes pair
    them across the dates (or a person does), never the dates against the purposes."""
    bank, books = busy_week((6, 8), (" 加工费", " 材料款", "材料款", "加工费"))
    result = match(bank, books, calendar=None)
    assert not {(("x1",), ("y1",)), (("x2",), ("y2",))} & pairs(result.groups)
