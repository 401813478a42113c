"""An entry for an invoice another bank line cites belongs to that line: a line of the same amount citing none of its
invoices is another payment (the same customer's plain transfer, a cheque clearing the same day)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

D = dt.date(2025, 12, 24)
TONGCHUANG = "郑州同创进出口股份有限公司"


def _pairs(bank: list[Line], journal: list[Line]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups}


def test_an_entry_whose_invoice_another_transfer_cites_is_not_a_plain_transfer_of_its_amount() -> None:
    # The customer paid invoices 76043570 and 29274557 together (133,619.00, citing both); its plain 63,619.00 the
    # day before is another payment whose entry is not booked yet. The entry for 29274557 alone is not that line's.
    bank = [
        Line("B1", D - dt.timedelta(days=1), Decimal("63619.00"), "in", "", TONGCHUANG, "网银转账 附言:货款"),
        Line("B2", D, Decimal("133619.00"), "in", "", TONGCHUANG, "跨行转账 发票号76043570/29274557"),
    ]
    journal = [
        Line("J1", D, Decimal("63619.00"), "in", "记-4624", "", "收货款 发票号29274557"),
        Line("J2", D, Decimal("70000.00"), "in", "记-4624", "同创", "收到同创货款 发票号76043570"),
    ]
    pairs = _pairs(bank, journal)
    assert (("B1",), ("J1",)) not in pairs
    assert not any(b == ("B1",) for b, _j in pairs)


def test_the_same_pair_stands_when_no_other_line_cites_the_invoice() -> None:
    bank = [
        Line("B1", D - dt.timedelta(days=1), Decimal("63619.00"), "in", "", TONGCHUANG, "网银转账 附言:货款"),
        Line("B2", D, Decimal("133619.00"), "in", "", TONGCHUANG, "跨行转账 2笔货款"),
    ]
    journal = [Line("J1", D, Decimal("63619.00"), "in", "记-4624", "", "收货款 发票号29274557")]
    assert (("B1",), ("J1",)) in _pairs(bank, journal)


def test_a_cheque_is_not_the_entry_of_an_invoice_a_transfer_names() -> None:
    # Hong Kong: an FPS debit names INV-2026-30861 among others; a cheque of 1,800.00 clears two days later naming no
    # party. The entry for INV-2026-30861 is the FPS debit's part, not the cheque.
    bank = [
        Line("B1", D, Decimal("1800.00"), "out", "005512", "", "支票 005512 CLEARING"),
        Line(
            "B2", D + dt.timedelta(days=1), Decimal("23411.75"), "out", "FRN2028011424286194",
            "CHIN LUNG INDUSTRIAL CO LTD", "FPS DR INV-2026-30861 ETC",
        ),
    ]  # fmt: skip
    journal = [
        Line("J1", D + dt.timedelta(days=2), Decimal("1800.00"), "out", "INV-2026-30861",
             "Chin Lung Industrial Co., Ltd.", "付货款 INV-2026-30861"),
        Line("J2", D + dt.timedelta(days=2), Decimal("21611.75"), "out", "INV-2026-30862",
             "Chin Lung Industrial Co., Ltd.", "付货款 INV-2026-30862"),
    ]  # fmt: skip
    pairs = _pairs(bank, journal)
    assert not any(b == ("B1",) for b, _j in pairs)


def test_an_invoice_cited_in_the_other_direction_says_nothing() -> None:
    # A supplier's refund citing the same number runs the other way: the receipt's pair stands.
    bank = [
        Line("B1", D, Decimal("5000.00"), "in", "", TONGCHUANG, "网银转账"),
        Line("B2", D, Decimal("700.00"), "out", "", TONGCHUANG, "退款 发票号29274557"),
    ]
    journal = [Line("J1", D, Decimal("5000.00"), "in", "记-1", "同创", "收同创货款 发票号29274557")]
    assert (("B1",), ("J1",)) in _pairs(bank, journal)


def test_a_twenty_digit_e_invoice_number_is_read_as_digits_not_as_a_number() -> None:
    # A 全电发票 number has 20 digits: more than a machine integer holds, kept as text on both sides.
    number = "24312000000123456789"
    bank = [
        Line("B1", D - dt.timedelta(days=1), Decimal("5000.00"), "in", "", TONGCHUANG, "网银转账 附言:货款"),
        Line("B2", D, Decimal("8000.00"), "in", "", TONGCHUANG, f"跨行转账 发票号{number}/00012345"),
    ]
    journal = [Line("J1", D, Decimal("5000.00"), "in", "记-1", "", f"收货款 发票号{number}")]
    assert not any(b == ("B1",) for b, _j in _pairs(bank, journal))


def test_pairs_citing_the_same_invoice_stand_and_a_listed_invoice_is_owned() -> None:
    # Most pairs cite one invoice each, the same one: they are answered at once and stand. An entry for one invoice of
    # a list another transfer cites ("INV 4411, 4412") is not a plain transfer's.
    bank = [
        Line("B1", D, Decimal("120.00"), "in", "", "ACME GMBH", "SEPA CT RE INV-0004410"),
        Line("B2", D - dt.timedelta(days=1), Decimal("300.00"), "in", "", "ACME GMBH", "SEPA CT"),
        Line("B3", D, Decimal("700.00"), "in", "", "ACME GMBH", "SEPA CT RE INV 4411, 4412"),
    ]
    journal = [
        Line("J1", D, Decimal("120.00"), "in", "", "Acme GmbH", "Customer payment INV4410"),
        Line("J2", D, Decimal("300.00"), "in", "", "Acme GmbH", "Customer payment INV4412"),
    ]
    pairs = _pairs(bank, journal)
    assert (("B1",), ("J1",)) in pairs
    assert not any(b == ("B2",) for b, _j in pairs)
