"""A bank line net of a charge against the gross entry and the charge entry the books keep apart (SHA wires, 贴现 net
of discount interest, an acquirer's settlement net of MDR): one group of both directions, taken only when the fee
entry says it is a charge, shares the gross entry's day or voucher, is small beside it, and the combination is the
only one; and the mirror, a payment debited with its charge in one line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from reconcile.engine import Line, match
from reconcile.reasons import reason_text

DAY = dt.date(2025, 3, 3)


def _bank(i: int, amount: str, direction: str = "in", cp: str = "ALPINE TOOLS PTY LTD", text: str = "") -> Line:
    return Line(f"B{i}", DAY, Decimal(amount), direction, f"16686{i:05d}", cp, text or "INWARD REMITTANCE")


def _entry(i: int, amount: str, direction: str, text: str, *, cp: str = "", day: int = 0, ref: str = "") -> Line:
    return Line(f"J{i}", DAY + dt.timedelta(days=day), Decimal(amount), direction, ref or f"记-{i:04d}", cp, text)


def _groups(bank: list[Line], journal: list[Line]) -> dict[tuple[str, ...], tuple[str, ...]]:
    return {g.bank_ids: g.journal_ids for g in match(bank, journal).groups}


def test_a_wire_net_of_sha_charges_is_the_gross_receipt_less_the_charge_entry() -> None:
    bank = [_bank(1, "39807.90")]
    journal = [
        _entry(1, "39913.80", "in", "收Alpine Tools Pty货款", cp="Alpine Tools Pty"),
        _entry(2, "105.90", "out", "境外银行扣费 Alpine Tools Pty"),
    ]
    result = match(bank, journal)
    assert [(g.bank_ids, g.journal_ids) for g in result.groups] == [(("B1",), ("J1", "J2"))]
    reasons = result.groups[0].reasons
    assert reasons[0].startswith("净额入账: 总额 39913.80 减费用 105.90")
    with translation.override("en"):
        shown = [reason_text(r) for r in reasons]
    assert shown == [
        "net of charges: the gross 39913.80 less the charges 105.90",
        "the charge entries are dated the day of the gross entry",
        "the only entries in the window that add up to this line",
    ]


def test_a_discounted_bill_is_the_face_in_and_the_discount_interest_out() -> None:
    bank = [_bank(1, "484018.81", cp="中国建设银行股份有限公司南京城南支行", text="贴现款入账 76144802")]
    journal = [
        _entry(1, "486747.84", "in", "中联博银承贴现 票号144802", cp="中联博", ref="收-0003"),
        _entry(2, "2729.03", "out", "贴现利息", cp="建设银行", ref="付-0009"),
    ]
    assert _groups(bank, journal) == {("B1",): ("J1", "J2")}


def test_a_settlement_with_two_charges_of_one_voucher() -> None:
    bank = [_bank(1, "33458.63", cp="银联商务股份有限公司", text="POS结算 商户号898854067707584")]
    journal = [
        _entry(1, "33616.37", "in", "鄞州店0302刷卡销售收入", ref="记-0002", day=1),
        _entry(2, "127.74", "out", "鄞州店刷卡手续费", ref="记-0002", day=1),
        _entry(3, "30.00", "out", "POS机具手续费", ref="记-0002", day=1),
    ]
    result = match(bank, journal)
    assert [(g.bank_ids, g.journal_ids) for g in result.groups] == [(("B1",), ("J1", "J2", "J3"))]
    with translation.override("en"):
        assert reason_text(result.groups[0].reasons[1]) == "the charge entries share the voucher 记-0002"


def test_a_payment_debited_with_its_charge_in_one_line() -> None:
    bank = [_bank(1, "50150.00", "out", cp="NORDIC PARTS AB", text="汇出汇款 OUR")]
    journal = [
        _entry(1, "50000.00", "out", "付Nordic Parts货款", cp="Nordic Parts AB"),
        _entry(2, "150.00", "out", "汇款手续费 电报费"),
    ]
    result = match(bank, journal)
    assert {g.bank_ids: g.journal_ids for g in result.groups} == {("B1",): ("J1", "J2")}


def test_a_fee_larger_than_a_charge_is_not_taken() -> None:
    bank = [_bank(1, "9000.00")]
    journal = [_entry(1, "10000.00", "in", "收Alpine Tools货款"), _entry(2, "1000.00", "out", "银行手续费")]
    assert _groups(bank, journal) == {}


def test_a_fee_entry_without_a_fee_word_is_not_taken() -> None:
    bank = [_bank(1, "39807.90")]
    journal = [_entry(1, "39913.80", "in", "收Alpine Tools货款"), _entry(2, "105.90", "out", "付办公用品")]
    assert _groups(bank, journal) == {}


def test_a_fee_of_another_day_and_voucher_is_not_taken() -> None:
    bank = [_bank(1, "39807.90")]
    journal = [
        _entry(1, "39913.80", "in", "收Alpine Tools货款", ref="记-0001"),
        _entry(2, "105.90", "out", "境外银行扣费", day=1, ref="记-0009"),
    ]
    assert _groups(bank, journal) == {}


def test_two_gross_entries_that_would_net_to_the_line_leave_it_open() -> None:
    bank = [_bank(1, "39807.90")]
    journal = [
        _entry(1, "39913.80", "in", "收Alpine Tools货款"),
        _entry(2, "105.90", "out", "境外银行扣费"),
        _entry(3, "39857.90", "in", "收Euro Tools货款"),
        _entry(4, "50.00", "out", "境外银行扣费 Euro Tools"),
    ]
    assert _groups(bank, journal) == {}


def test_a_bank_line_of_the_gross_amount_leaves_the_combination_open() -> None:
    """The gross could have arrived in full on its own line: which bank line the entries book is not decided."""
    bank = [_bank(1, "39807.90"), _bank(2, "39913.80", text="INWARD REMITTANCE OUR")]
    journal = [_entry(1, "39913.80", "in", "收Alpine Tools货款"), _entry(2, "105.90", "out", "境外银行扣费")]
    groups = _groups(bank, journal)
    assert ("B1",) not in groups


def test_an_entry_of_the_net_amount_books_the_line_alone() -> None:
    bank = [_bank(1, "39807.90")]
    journal = [
        _entry(1, "39913.80", "in", "收Alpine Tools货款"),
        _entry(2, "105.90", "out", "境外银行扣费"),
        _entry(3, "39807.90", "in", "收Alpine Tools货款 净额"),
    ]
    assert _groups(bank, journal) == {("B1",): ("J3",)}


def test_a_fixed_charge_on_a_small_receipt_is_taken_when_the_bank_line_states_it() -> None:
    stated = [_bank(1, "3235.60", text="境外汇入汇款 INV NB2464393 扣费216.30")]
    silent = [_bank(1, "3235.60", text="境外汇入汇款 INV NB2464393")]
    journal = [_entry(1, "3451.90", "in", "收Delta Housewares货款"), _entry(2, "216.30", "out", "境外银行扣费")]
    assert _groups(stated, journal) == {("B1",): ("J1", "J2")}
    assert _groups(silent, journal) == {}  # 6.3% of the gross, and nothing says so


def test_a_gross_posted_at_the_months_end_needs_the_same_party() -> None:
    """Posted 20 days after the credit, both entries on one day: taken only when the bank line and the gross entry
    name one party, with the reach in its reason."""
    bank = [_bank(1, "39807.90", cp="ALPINE TOOLS PTY LTD")]
    late = [
        _entry(1, "39913.80", "in", "收Alpine Tools Pty货款", cp="Alpine Tools Pty Ltd", day=20),
        _entry(2, "105.90", "out", "境外银行扣费 Alpine Tools", day=20),
    ]
    result = match(bank, late, reference_days=30)
    assert [(g.bank_ids, g.journal_ids) for g in result.groups] == [(("B1",), ("J1", "J2"))]
    with translation.override("en"):
        assert reason_text(result.groups[0].reasons[2]) == (
            "the only entries within 30 days that add up to this line, the same counterparty"
        )
    other = [late[0]._replace(counterparty="Meridian Home GmbH"), late[1]]
    assert _groups(bank, other) == {}


def test_a_gross_entry_naming_another_party_is_not_taken() -> None:
    bank = [_bank(1, "39807.90", cp="MERIDIAN HOME GMBH")]
    journal = [
        _entry(1, "39913.80", "in", "收Alpine Tools货款", cp="Alpine Tools Pty Ltd"),
        _entry(2, "105.90", "out", "境外银行扣费"),
    ]
    assert _groups(bank, journal) == {}


def test_a_payment_less_a_receipt_that_mentions_a_fee_is_no_net_line() -> None:
    """A payment out less an entry coming in is no shape a bank writes, whatever the entry's words."""
    bank = [_bank(1, "22081.33", "out", cp="深圳市鑫达物流股份有限公司", text="跨行转账 货款")]
    journal = [
        _entry(1, "22378.54", "out", "付鑫达物流运费"),
        _entry(2, "297.21", "in", "天猫旗舰店订单收款 扣费1.78"),
    ]
    assert _groups(bank, journal) == {}
