"""Behaviour of each matching stage, table-driven where the shape allows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.names import core_name, name_similarity

D = dt.date


def L(id: str, day: int, amount: str, direction: str = "out", ref: str = "", cp: str = "", text: str = "") -> Line:
    """Line on 2024-03-<day> (March 2024: 1st is a Friday)."""
    return Line(id, D(2024, 3, day), Decimal(amount), direction, ref, cp, text)


def pairs(groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in groups}


def rules(groups: list[MatchGroup]) -> dict[tuple[tuple[str, ...], tuple[str, ...]], str]:
    return {(g.bank_ids, g.journal_ids): g.rule for g in groups}


# --- stage 1: references ---------------------------------------------------


@pytest.mark.parametrize(
    "bank_ref, journal_ref, bank_day, journal_day, expected_rule",
    [
        ("000012345678", "12345678", 4, 4, "reference"),  # leading zeros
        ("1234 5678", "12345678", 4, 8, "reference"),  # whitespace; outside window but within bound
        ("ab-9911x", "AB9911X", 4, 5, "reference"),  # case and dashes
        ("No.77881234", "77881234", 4, 5, "reference"),  # "No." prefix
        ("12345678", "12345678", 4, 29, None),  # 25 days: beyond reference_days, not even suggested
    ],
)
def test_reference_stage(
    bank_ref: str, journal_ref: str, bank_day: int, journal_day: int, expected_rule: str | None
) -> None:
    bank = [L("b1", bank_day, "123.45", "in", bank_ref)]
    journal = [L("j1", journal_day, "123.45", "in", journal_ref)]
    result = match(bank, journal, window_days=3, reference_days=15)
    found = rules(result.groups) | rules(result.suggestions)
    assert found == ({(("b1",), ("j1",)): expected_rule} if expected_rule else {})
    if expected_rule == "reference":
        assert result.groups[0].score == 1.0
        assert any("reference" in r for r in result.groups[0].reasons)


@pytest.mark.parametrize(
    "bank_cp, journal_cp, auto",
    [
        ("上海恒瑞贸易有限公司", "恒瑞贸易", True),  # the journal's short name of the same company
        ("上海恒瑞贸易有限公司", "", True),  # one side without a name: the reference decides
        ("北京中科信达科技有限公司", "恒瑞贸易", False),  # another company: a reused or mistyped cheque number
    ],
)
def test_a_shared_reference_with_contradicting_names_is_not_auto_matched(
    bank_cp: str, journal_cp: str, auto: bool
) -> None:
    bank = [L("b1", 4, "8000.00", ref="10234567", cp=bank_cp)]
    journal = [L("j1", 12, "8000.00", ref="10234567", cp=journal_cp)]
    result = match(bank, journal, window_days=3)
    assert (pairs(result.groups) == {(("b1",), ("j1",))}) is auto
    if not auto:
        assert result.groups == []  # at most a suggestion for a person


def test_reference_beats_a_closer_same_amount_line() -> None:
    bank = [L("b1", 4, "880.00", ref="55667788")]
    journal = [L("j_near", 4, "880.00"), L("j_ref", 8, "880.00", ref="0055667788")]
    result = match(bank, journal, window_days=3)
    assert pairs(result.groups) == {(("b1",), ("j_ref",))}


# --- stage 2: unique amount and direction in the window ---------------------


@pytest.mark.parametrize(
    "bank_day, journal_day, window, matched",
    [(4, 4, 3, True), (4, 7, 3, True), (4, 8, 3, False), (8, 4, 3, False), (4, 5, 0, False), (4, 4, 0, True)],
)
def test_unique_amount_within_calendar_day_window(bank_day: int, journal_day: int, window: int, matched: bool) -> None:
    result = match([L("b", bank_day, "77.10")], [L("j", journal_day, "77.10")], window_days=window)
    assert (pairs(result.groups) == {(("b",), ("j",))}) is matched
    if matched:
        assert result.groups[0].rule == "amount_date"


def test_direction_trap_in_never_matches_out() -> None:
    bank = [L("b_in", 4, "500.00", "in", "R12345678")]
    journal = [L("j_out", 4, "500.00", "out", "R12345678")]
    result = match(bank, journal, window_days=3)
    assert result.groups == [] and result.suggestions == []


def test_unique_pair_with_contradicting_names_is_only_suggested() -> None:
    bank = [L("b", 4, "4321.00", cp="上海恒瑞贸易有限公司")]
    journal = [L("j", 4, "4321.00", cp="华通科技")]
    result = match(bank, journal)
    assert result.groups == []
    assert pairs(result.suggestions) == {(("b",), ("j",))}


# --- window in working days ---------------------------------------------------


class HolidayCalendar:
    """Weekends and 2024-04-04/05 (清明) off; ordinal counts working days."""

    holidays = {D(2024, 4, 4), D(2024, 4, 5)}

    def ordinal(self, day: dt.date) -> int:
        n, d = 0, D(2024, 1, 1)
        while d <= day:
            n += d.weekday() < 5 and d not in self.holidays
            d += dt.timedelta(days=1)
        return n


@pytest.mark.parametrize(
    "calendar, matched",
    [(HolidayCalendar(), True), (HolidayCalendar().ordinal, True), (None, False)],
)
def test_window_counts_working_days(calendar: object, matched: bool) -> None:
    # Wed 2024-04-03 -> Mon 2024-04-08 is 1 working day (Thu/Fri holiday, weekend) but 5 calendar days.
    bank = [Line("b", D(2024, 4, 3), Decimal("99.99"), "in")]
    journal = [Line("j", D(2024, 4, 8), Decimal("99.99"), "in")]
    result = match(bank, journal, window_days=2, calendar=calendar)  # type: ignore[arg-type]
    assert (pairs(result.groups) == {(("b",), ("j",))}) is matched
    if matched:
        assert any("1 working day" in r for r in result.groups[0].reasons)


@pytest.mark.parametrize(
    ("calendar", "reason"),
    [
        (HolidayCalendar(), "日期相差 1 个工作日 / date distance 1 working day"),
        (None, "日期相差 5 天 / date distance 5 days"),
    ],
)
def test_date_reason_states_one_unit_in_both_languages(calendar: object, reason: str) -> None:
    # The same 5 calendar days are 1 working day: both halves of the phrase name the unit the engine counted.
    bank = [Line("b", D(2024, 4, 3), Decimal("99.99"), "in", reference="R-77")]
    journal = [Line("j", D(2024, 4, 8), Decimal("99.99"), "in", reference="R-77")]
    result = match(bank, journal, window_days=10, calendar=calendar)  # type: ignore[arg-type]
    assert reason in result.groups[0].reasons


# --- stage 3: same-amount clusters -------------------------------------------


def test_global_assignment_beats_greedy() -> None:
    # Greedy by date would give b1 its closest line j_a (same day), leaving b2
    # with j_b whose name contradicts it.  Names say b1-j_b and b2-j_a.
    bank = [
        L("b1", 4, "5000.00", cp="上海恒瑞贸易有限公司", text="货款"),
        L("b2", 5, "5000.00", cp="北京华通科技股份有限公司", text="货款"),
    ]
    journal = [
        L("j_a", 4, "5000.00", cp="华通科技", text="支付华通科技货款"),
        L("j_b", 6, "5000.00", cp="恒瑞贸易", text="支付恒瑞贸易货款"),
    ]
    result = match(bank, journal, window_days=3)
    assert pairs(result.groups) == {(("b1",), ("j_b",)), (("b2",), ("j_a",))}
    assert {g.rule for g in result.groups} == {"amount_date_scored"}


def test_true_ties_are_left_as_suggestions() -> None:
    bank = [L("b1", 4, "5000.00", cp="上海恒瑞贸易有限公司"), L("b2", 4, "5000.00", cp="上海恒瑞贸易有限公司")]
    journal = [L("j1", 5, "5000.00", cp="恒瑞贸易"), L("j2", 5, "5000.00", cp="恒瑞贸易")]
    result = match(bank, journal, window_days=3)
    assert result.groups == []
    assert pairs(result.suggestions) == {(("b1",), ("j1",)), (("b1",), ("j2",)), (("b2",), ("j1",)), (("b2",), ("j2",))}


def test_date_alone_does_not_decide_a_cluster_in_stage_3() -> None:
    # Stage 3 never lets dates decide; the pairing of the nearest dates is 4b's last rule, here turned off.
    from reconcile.engine.stages import ambiguous

    bank = [L("b1", 4, "2000.00"), L("b2", 6, "2000.00")]
    journal = [L("j1", 4, "2000.00"), L("j2", 6, "2000.00")]
    saved = ambiguous.NEAREST_DATES
    ambiguous.NEAREST_DATES = False
    try:
        result = match(bank, journal, window_days=3)
    finally:
        ambiguous.NEAREST_DATES = saved
    assert result.groups == []
    assert (("b1",), ("j1",)) in pairs(result.suggestions)
    # With it on, the same-day pairing (0 + 0 days against 2 + 2 crossed) is the only nearest one.
    result = match(bank, journal, window_days=3)
    assert pairs(result.groups) == {(("b1",), ("j1",)), (("b2",), ("j2",))}


# --- names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "full, short, at_least, at_most",
    [
        ("上海恒瑞贸易有限公司", "恒瑞贸易", 1.0, 1.0),
        ("上海恒瑞贸易有限公司", "恒瑞", 0.8, 0.95),
        ("广东省深圳市华通科技股份有限公司", "华通科技", 1.0, 1.0),
        ("北京京东世纪贸易有限公司", "京东世纪", 0.8, 1.0),
        ("苏州金华电子集团有限公司", "和胜电子", 0.0, 0.5),  # 金华 is a city but here part of the name
        ("上海恒瑞贸易有限公司", "华通科技", 0.0, 0.1),
        ("恒瑞贸易(中国)有限公司", "恒瑞贸易", 1.0, 1.0),
        ("", "恒瑞贸易", 0.0, 0.0),
    ],
)
def test_name_similarity(full: str, short: str, at_least: float, at_most: float) -> None:
    assert at_least <= name_similarity(full, short) <= at_most


def test_core_name_strips_region_and_legal_form() -> None:
    assert core_name("上海恒瑞贸易有限公司") == "恒瑞贸易"
    assert core_name("深圳市华通科技有限责任公司") == "华通科技"


# --- stage 4: batches ------------------------------------------------------------


def test_payroll_one_bank_to_many_journal() -> None:
    bank = [L("pay", 8, "30500.00", text="代发工资", cp="中国工商银行")]
    journal = [
        L("e1", 8, "10000.00", ref="记-0012", cp="张三", text="工资"),
        L("e2", 8, "12000.50", ref="记-0012", cp="李四", text="工资"),
        L("e3", 8, "8499.50", ref="记-0012", cp="王五", text="工资"),
        L("other", 8, "777.00", cp="恒瑞贸易", text="货款"),
    ]
    result = match(bank, journal, window_days=3)
    assert pairs(result.groups) == {(("pay",), ("e1", "e2", "e3"))}
    assert result.groups[0].rule == "batch"


def test_merged_pos_receipts_many_bank_to_one_journal() -> None:
    bank = [
        L("p1", 11, "1200.00", "in", "898310012345678", "银联商务股份有限公司", "POS结算"),
        L("p2", 11, "830.25", "in", "898310012345678", "银联商务股份有限公司", "POS结算"),
        L("p3", 11, "99.75", "in", "898310012345678", "银联商务股份有限公司", "POS结算"),
    ]
    journal = [L("pos", 11, "2130.00", "in", "", "", "刷卡收入汇总")]
    result = match(bank, journal, window_days=3)
    assert pairs(result.groups) == {(("p1", "p2", "p3"), ("pos",))}


def test_one_payers_lines_summing_to_a_nameless_entry_are_only_suggested() -> None:
    # Eleven bank fees of one bank add up to a goods payment that names no one: a coincidence, not a batch.
    fees = ["2.00", "15.00", "0.50", "25.00", "25.00", "10.00", "5.00", "2.00", "0.50", "2.00", "25.00"]
    bank = [
        L(f"f{k}", 27, amount, cp="中国工商银行股份有限公司上海分行", text="手续费") for k, amount in enumerate(fees)
    ]
    journal = [L("goods", 27, "112.00", ref="记-7874", text="支付客户货款")]
    result = match(bank, journal, window_days=3)
    assert not result.groups
    assert any(s.journal_ids == ("goods",) and len(s.bank_ids) == 11 for s in result.suggestions)


@pytest.mark.parametrize(
    ("journal_cp", "journal_text", "auto"),
    [
        ("", "收到货款 在途", False),  # names no one: two 500.00 receipts and a 1,000.00 entry may be unrelated
        ("达星供应链", "收到达星供应链货款", True),  # names the payer: a payment split in two transfers
    ],
)
def test_a_split_payment_is_a_batch_when_the_entry_names_the_payer(
    journal_cp: str, journal_text: str, auto: bool
) -> None:
    bank = [
        L("r1", 6, "500.00", "in", cp="南京达星供应链管理股份有限公司", text="货款"),
        L("r2", 6, "500.00", "in", cp="南京达星供应链管理股份有限公司", text="转账"),
    ]
    journal = [L("j", 5, "1000.00", "in", cp=journal_cp, text=journal_text)]
    result = match(bank, journal, window_days=3)
    assert (pairs(result.groups) == {(("r1", "r2"), ("j",))}) is auto
    if not auto:
        assert {(s.bank_ids, s.journal_ids) for s in result.suggestions} == {(("r1", "r2"), ("j",))}


@pytest.mark.parametrize("text", ["报销差旅费", "收货款"])
def test_a_batch_whose_members_name_another_payer_is_refused(text: str) -> None:
    # Two entries under one voucher number (or one expense claim) naming 佳晨 are not what 鑫泰 paid.
    bank = [L("b", 7, "200.00", "in", cp="成都鑫泰信息技术集团有限公司", text="销售款")]
    journal = [
        L("j1", 7, "100.00", "in", ref="0011923746", cp="佳晨信息技术", text=text),
        L("j2", 7, "100.00", "in", ref="0011923746", cp="佳晨信息技术", text=text),
    ]
    assert not match(bank, journal, window_days=3).groups


def test_fee_netted_payment_subset_sum() -> None:
    bank = [L("b", 12, "10015.50", cp="上海恒瑞贸易有限公司", text="汇款 含手续费")]
    journal = [
        L("pay", 12, "10000.00", cp="恒瑞贸易", text="支付恒瑞贸易货款"),
        L("fee", 12, "15.50", text="汇款手续费"),
        L("fee2", 12, "20.00", text="汇款手续费"),
    ]
    result = match(bank, journal, window_days=3)
    assert pairs(result.groups) == {(("b",), ("fee", "pay"))}
    assert result.groups[0].rule == "subset_sum"


def test_ambiguous_subset_is_only_suggested() -> None:
    bank = [L("b", 12, "300.00", cp="上海恒瑞贸易有限公司")]
    journal = [
        L("a", 12, "100.00", cp="恒瑞贸易"),
        L("b2", 12, "200.00", cp="恒瑞贸易"),
        L("c", 12, "150.00", cp="恒瑞贸易"),
        L("d", 12, "150.00", cp="恒瑞贸易"),
    ]
    result = match(bank, journal, window_days=3)
    assert result.groups == []
    sugg = pairs(result.suggestions)
    assert (("b",), ("a", "b2")) in sugg and (("b",), ("c", "d")) in sugg


# --- stage 5: suggestions -------------------------------------------------------


def test_near_amount_fee_difference_is_suggested() -> None:
    bank = [L("b", 12, "9985.00", "in", cp="上海恒瑞贸易有限公司")]
    journal = [L("j", 12, "10000.00", "in", cp="恒瑞贸易")]
    result = match(bank, journal, window_days=3)
    assert result.groups == []
    (s,) = result.suggestions
    assert s.rule == "near_amount" and "15.00" in " ".join(s.reasons) and 0 < s.score < 1


# --- invariants --------------------------------------------------------------------


def test_empty_inputs() -> None:
    assert match([], []).groups == []
    assert match([L("b", 4, "1.00")], []).suggestions == []
    assert match([], [L("j", 4, "1.00")]).groups == []


@pytest.mark.parametrize("amount", ["1.005", "0.001", "12.3456"])
def test_more_than_two_decimals_rejected_naming_the_line(amount: str) -> None:
    bank = [L("ok", 4, "1.00"), L("bad-line-7", 4, amount)]
    with pytest.raises(ValueError, match="bad-line-7"):
        match(bank, [L("j", 4, "1.00")])


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5.00"), Decimal("NaN"), 1.5])
def test_non_positive_or_non_decimal_rejected(amount: object) -> None:
    bad = Line("bad", D(2024, 3, 4), amount, "in")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bad"):
        match([], [bad])


def test_trailing_zero_decimals_are_exact_cents() -> None:
    result = match([L("b", 4, "1.500")], [L("j", 4, "1.50")])
    assert pairs(result.groups) == {(("b",), ("j",))}


def test_unknown_direction_rejected() -> None:
    with pytest.raises(ValueError, match="b"):
        match([Line("b", D(2024, 3, 4), Decimal("1.00"), "IN")], [])
