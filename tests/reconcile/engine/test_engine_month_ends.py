"""What a third independent data set (``bench/engine/gen_third.py``, mainland month ends) showed the engine missing:
red-ink reversals, full-width names and numbers, 物业 in company names, more payment-run words, branch names and
Latin brands in mixed names. Each rule has the case it exists for and a case where it must not act.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.fields import batch_marker, text_category
from reconcile.engine.names import name_similarity
from reconcile.engine.stages.documents import document_numbers
from reconcile.engine.stages.reversals import marked_texts

D = dt.date


def L(id: str, day: int, amount: str, direction: str = "out", ref: str = "", cp: str = "", text: str = "") -> Line:
    """Line on 2024-03-<day> (March 2024: 1st is a Friday; 2-3 and 9-10 are a weekend)."""
    return Line(id, D(2024, 3, day), Decimal(amount), direction, ref, cp, text)


def groups(result_groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in result_groups}


def lines_in(result_groups: list[MatchGroup]) -> set[str]:
    return {i for g in result_groups for i in g.bank_ids + g.journal_ids}


# --- red-ink reversals (冲销) ----------------------------------------------------------------------------------------

PAYEE_BANK = "越凯骏(长沙)机电设备有限公司"
PAYEE_BOOK = "越凯骏（长沙）机电设备有限公司"


def test_a_payment_posted_twice_and_one_copy_reversed_matches_the_original() -> None:
    bank = [L("b1", 6, "45608.78", cp=PAYEE_BANK, text="网银转账")]
    journal = [
        L("j1", 5, "45608.78", ref="记-0204", cp=PAYEE_BOOK, text=f"付{PAYEE_BOOK}工程进度款"),
        L("j2", 5, "45608.78", ref="记-0205", cp=PAYEE_BOOK, text=f"付{PAYEE_BOOK}工程进度款"),
        L("j3", 7, "45608.78", "in", ref="记-0231", cp=PAYEE_BOOK, text="红字冲销记-0205"),
    ]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1",), ("j1",))}
    # The copy and its reversal cancel: in no group and in no suggestion.
    assert not {"j2", "j3"} & (lines_in(result.groups) | lines_in(result.suggestions))


def test_a_reversal_naming_no_voucher_cancels_the_only_entry_of_its_party_and_summary() -> None:
    bank = [L("b1", 6, "8000.00", cp="上海恒瑞贸易有限公司", text="货款")]
    journal = [
        L("j1", 5, "8000.00", ref="记-0010", text="付恒瑞贸易货款"),
        L("j2", 5, "8000.00", ref="记-0011", text="付恒瑞贸易运费"),  # posted to this bank account by mistake
        L("j3", 6, "8000.00", "in", ref="记-0015", text="冲销 付恒瑞贸易运费(记错账户)"),
    ]
    assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("j1",))}


def test_a_reversal_the_bank_also_shows_is_a_real_booking_and_stays_matchable() -> None:
    # The payee's account was closed: the bank returned the transfer (退汇) and the accountant reversed the entry.
    bank = [
        L("b1", 4, "12000.00", cp="上海恒瑞贸易有限公司", text="网银转账"),
        L("b2", 6, "12000.00", "in", cp="上海恒瑞贸易有限公司", text="退汇"),
    ]
    journal = [
        L("j1", 4, "12000.00", ref="记-0001", cp="恒瑞贸易", text="付恒瑞贸易货款"),
        L("j2", 6, "12000.00", "in", ref="记-0009", cp="恒瑞贸易", text="冲销记-0001 退汇"),
    ]
    assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("j1",)), (("b2",), ("j2",))}


def test_two_entries_a_reversal_could_cancel_are_both_left_alone() -> None:
    # "冲销 付恒瑞贸易货款" could cancel either copy: neither is taken out, a person decides.
    bank = [L("b1", 6, "8000.00", cp="上海恒瑞贸易有限公司", text="货款")]
    journal = [
        L("j1", 5, "8000.00", ref="记-0010", text="付恒瑞贸易货款"),
        L("j2", 5, "8000.00", ref="记-0011", text="付恒瑞贸易货款"),
        L("j3", 6, "8000.00", "in", ref="记-0015", text="冲销 付恒瑞贸易货款"),
    ]
    result = match(bank, journal, window_days=3)
    assert result.groups == []
    assert {s.journal_ids for s in result.suggestions if s.bank_ids == ("b1",)} == {("j1",), ("j2",)}


def test_reversal_words_are_found_in_the_summary_that_has_them() -> None:
    texts = ["付货款", "红字冲销记-0205", "", "Storno Beleg 4711", "冲", "销", "两行\n冲回", "REVERSAL OF INV 12"]
    assert marked_texts(texts) == [1, 3, 6, 7]  # "冲" + "销" on two summaries is no word
    assert marked_texts(["付货款", "收回款"]) == []


# --- full-width letters and digits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bank_name, book_name",
    [
        ("郑州ＧＬＴ光电有限公司", "郑州GLT光电有限公司"),
        ("ＨＩＳＯＦＴ（中国）投资有限公司", "HiSoft(中国)投资有限公司"),
    ],
)
def test_a_name_written_in_full_width_is_the_same_name(bank_name: str, book_name: str) -> None:
    assert name_similarity(bank_name, book_name) == 1.0


def test_full_width_digits_are_a_document_number() -> None:
    assert document_numbers("付货款 ＩＮＶ２４５４９") == ["24549"]
    assert document_numbers("货款") == []


def test_a_full_width_invoice_number_decides_a_same_amount_pair() -> None:
    bank = [L("b1", 6, "5000.00", text="付货款 ＩＮＶ２４５４９"), L("b2", 6, "5000.00", text="付货款")]
    journal = [L("j1", 6, "5000.00", ref="No.0024549", text="付货款"), L("j2", 6, "5000.00", text="付货款")]
    assert (("b1",), ("j1",)) in groups(match(bank, journal, window_days=3).groups)


# --- 物业 in a company's name ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, category",
    [
        ("预付信隆物业管理采购款", "goods"),  # the company is a property manager; the payment is a purchase
        ("付郑州建胜荣物业管理有限公司货款", "goods"),
        ("支付5月物业费", "rent"),
        ("物业管理费", "rent"),
        ("房租", "rent"),
    ],
)
def test_the_summary_category_reads_the_purpose_not_the_company(text: str, category: str) -> None:
    assert text_category(text) == category


def test_a_purchase_from_a_property_manager_is_not_a_rent_contradiction() -> None:
    bank = [L("b1", 6, "2237.17", cp="昆明信隆物业管理(集团)有限公司", text="采购款")]
    journal = [L("j1", 6, "2237.17", text="预付信隆物业管理采购款")]
    assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("j1",))}


# --- payment-run words ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["集中支付", "集中付款", "汇总付款", "合并付款", "代发", "Pmt Run 0106", "PMT RUN", "PAYMT RUN"]
)
def test_more_batch_markers(text: str) -> None:
    assert batch_marker(text)


@pytest.mark.parametrize("text", ["支付宝转账", "付款", "集中", "汇总", "PAYMENT", "RUNNING COSTS"])
def test_still_not_batch_markers(text: str) -> None:
    assert not batch_marker(text)


def test_a_run_labelled_jizhong_zhifu_is_matched() -> None:
    bank = [L("b_run", 6, "23711.17", text="集中支付")]
    journal = [
        L("j1", 5, "15202.04", cp="精华汇盛光电", text="支付精华汇盛光电设备款"),
        L("j2", 6, "8351.69", cp="星福力恒", text="付星福力恒运费"),
        L("j3", 4, "157.44", cp="德川豪鑫", text="付德川豪鑫服务费"),
    ]
    assert groups(match(bank, journal, window_days=3).groups) == {(("b_run",), ("j1", "j2", "j3"))}


# --- branch names, Latin brands in mixed names --------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, low, high",
    [
        ("金众仪器仪表集团有限公司青岛分公司", "青岛金众", 0.8, 0.9),  # the branch's city is no part of the name
        ("金众仪器仪表有限公司青岛分公司", "金众仪器仪表有限公司", 1.0, 1.0),
        ("金众仪器仪表有限公司青岛分公司", "青岛华通电子", 0.0, 0.3),  # another company in the same city
        ("合肥ZKL仪器仪表股份有限公司", "合肥ZKL", 0.8, 0.9),  # a Latin brand, the short name the books keep
        ("ZKL仪器仪表有限公司", "ZKX", 0.5, 0.5),  # another brand: still no evidence either way
        ("ZKL仪器仪表有限公司", "ZK", 0.5, 0.5),  # two letters are too few to call it the same brand
    ],
)
def test_branch_and_mixed_script_names(a: str, b: str, low: float, high: float) -> None:
    assert low <= name_similarity(a, b) <= high
    assert name_similarity(b, a) == name_similarity(a, b)


# --- a customer's parts over a few days ----------------------------------------------------------------------------


def _parts(first_day: int, second_cp: str = "南昌荣永光电有限公司") -> tuple[list[Line], list[Line]]:
    bank = [
        L("b1", first_day, "339165.76", "in", cp="南昌荣永光电有限公司", text="货款"),
        L("b2", 8, "1107.33", "in", cp=second_cp, text="货款"),
    ]
    return bank, [L("j1", 8, "340273.09", "in", cp="南昌荣永光电", text="收南昌荣永光电货款")]


@pytest.mark.parametrize("first_day, distance", [(6, 2), (5, 3)])  # Wed 6th or Tue 5th, and Fri 8th
def test_parts_of_one_payer_within_the_window_add_up_to_the_entry(first_day: int, distance: int) -> None:
    """Two or three days apart: the whole window (3), since the name, not the date, ties the parts together."""
    bank, journal = _parts(first_day=first_day)
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1", "b2"), ("j1",))}
    assert any("support: party" in r for r in result.groups[0].reasons)
    assert any(f"max date distance {distance}" in r for r in result.groups[0].reasons)


@pytest.mark.parametrize(
    "first_day, second_cp, suggested, why",
    [
        (4, "南昌荣永光电有限公司", False, "four days: outside the window"),
        (6, "", False, "one part without the payer's name: nothing but the date ties it"),
    ],
)
def test_parts_are_not_grouped_when(first_day: int, second_cp: str, suggested: bool, why: str) -> None:
    bank, journal = _parts(first_day, second_cp)
    result = match(bank, journal, window_days=3)
    assert result.groups == [], why
    assert ((("b1", "b2"), ("j1",)) in groups(result.suggestions)) is suggested, why


# --- cheques are not in payment runs ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["开支票付华通电子款", "转账支票 10234567", "CHQ 881234 Nordic Timber"])
def test_a_cheque_is_no_member_of_a_payment_run(text: str) -> None:
    # The outstanding cheque + j1 add up to the run too, and a pair would be preferred to the triple.
    bank = [L("b_run", 6, "23711.17", text="网银批量支付")]
    journal = [
        L("j1", 5, "15202.04", cp="精华汇盛光电", text="支付精华汇盛光电设备款"),
        L("j2", 6, "8351.69", cp="星福力恒", text="付星福力恒运费"),
        L("j3", 4, "157.44", cp="德川豪鑫", text="付德川豪鑫服务费"),
        L("j_chq", 5, "8509.13", text=text),
    ]
    assert groups(match(bank, journal, window_days=3).groups) == {(("b_run",), ("j1", "j2", "j3"))}
