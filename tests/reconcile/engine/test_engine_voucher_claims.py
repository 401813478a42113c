"""The lines of one voucher that add up to the cent to one bank line were paid by it: none of them is the pair of
another line of its own amount. A day's voucher collecting several parties' payments claims nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

D = dt.date(2025, 7, 3)
WANLONGDE = "深圳市万隆德电子商务有限公司"


def _pairs(bank: list[Line], journal: list[Line]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups}


def _customer_paid_three_invoices_at_once() -> tuple[list[Line], list[Line]]:
    # 记-0666 books three invoices of one customer, 124,050.00 together: the customer's transfer of that day. Its
    # plain 41,000.00 the next day is another payment (its entry not booked yet).
    bank = [
        Line("B1", D, Decimal("124050.00"), "in", "", WANLONGDE, "汇入汇款/3张发票货款"),
        Line("B2", D + dt.timedelta(days=1), Decimal("41000.00"), "in", "", WANLONGDE, "转账"),
    ]
    journal = [
        Line("J1", D, Decimal("45050.00"), "in", "记-0666", "万隆德", "收到万隆德货款"),
        Line("J2", D, Decimal("41000.00"), "in", "记-0666", WANLONGDE, "收万隆德货款"),
        Line("J3", D, Decimal("38000.00"), "in", "记-0666", "", "收货款"),
    ]
    return bank, journal


def test_a_line_of_a_voucher_another_transfer_paid_whole_is_not_a_plain_transfer_of_its_amount() -> None:
    bank, journal = _customer_paid_three_invoices_at_once()
    pairs = _pairs(bank, journal)
    assert (("B2",), ("J2",)) not in pairs
    assert not any(b == ("B2",) for b, _j in pairs)


def test_without_the_transfer_of_the_total_the_pair_stands() -> None:
    bank, journal = _customer_paid_three_invoices_at_once()
    assert (("B2",), ("J2",)) in _pairs(bank[1:], journal)


def test_a_day_voucher_of_several_parties_claims_nothing() -> None:
    # 记-1616 collects the day's payments to two suppliers; that their total meets a third transfer is chance.
    bank = [
        Line("B1", D, Decimal("1000.00"), "out", "", "嘉兴诚兴智能装备有限公司", "转账"),
        Line("B2", D, Decimal("1500.00"), "out", "", "东莞市创德模具有限公司", "转账"),
        Line("B3", D, Decimal("2500.00"), "out", "", "", "集团批量支付"),
    ]
    journal = [
        Line("J1", D, Decimal("1000.00"), "out", "记-1616", "嘉兴诚兴智能装备有限公司", "付诚兴智能材料款"),
        Line("J2", D, Decimal("1500.00"), "out", "记-1616", "东莞市创德模具有限公司", "付创德模具货款"),
    ]
    pairs = _pairs(bank, journal)
    assert (("B1",), ("J1",)) in pairs
    assert (("B2",), ("J2",)) in pairs


def test_the_voucher_a_summary_names_claims_as_a_reference_does() -> None:
    # Books whose export writes the voucher into the summary (凭证:记-1201), no reference column.
    bank, journal = _customer_paid_three_invoices_at_once()
    journal = [
        Line(x.id, x.date, x.amount, x.direction, "", x.counterparty, f"{x.text} [电汇] 凭证:记-0666") for x in journal
    ]
    pairs = _pairs(bank, journal)
    assert not any(b == ("B2",) for b, _j in pairs)


def test_a_voucher_total_meeting_another_payers_transfer_claims_nothing() -> None:
    # 记-1693 holds a payment to 冯强文 (named) and one whose summary names no one the books know; their total
    # 7,900.00 meets a transfer to a third company that day: chance, not one payment.
    bank = [
        Line("B1", D, Decimal("1500.00"), "out", "", "泉州市冯强文汽车经营部", "转账 合同176号加工费"),
        Line("B2", D, Decimal("7900.00"), "out", "", "厦门市鑫源金电子科技股份有限公司", "转账"),
    ]
    journal = [
        Line("J1", D, Decimal("1500.00"), "out", "记-1693", "泉州市冯强文汽车经营部", "付冯强文加工费"),
        Line("J2", D, Decimal("6400.00"), "out", "记-1693", "", "支付设备款"),
    ]
    assert (("B1",), ("J1",)) in _pairs(bank, journal)
