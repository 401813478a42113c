"""Both lines cite the invoice they are for: different invoice numbers are two payments, however well amount, date
and payer agree (the same customer pays the same amount for another invoice a few days later)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from reconcile.engine import Line, match
from reconcile.engine.invoices import cited_invoices, cited_numbers, disagree, invoices_contradict

HOLDER = "NORTHBRIDGE SUPPLY CO"
D = dt.date(2026, 1, 12)


def _credits(n: int) -> list[Line]:
    return [
        Line(
            f"C{i}",
            D,
            Decimal(f"{100 + i}.11"),
            "in",
            "",
            "",
            f"CUSTOMER {i} LLC DES:PAYMENTS ID:{i} INDN:{HOLDER} CCD",
        )
        for i in range(4)
    ][:n]


def test_a_receipt_citing_another_invoice_is_not_the_books_entry() -> None:
    # The customer paid 250.00 twice; the bank's second credit cites INV13153, the books' only free entry of the
    # customer is INV12626 (its own payment is still in transit): no match, however near the date.
    bank = [
        *_credits(4),
        Line("B1", D, Decimal("250.00"), "in", "", "", f"PACIFIC FOODS IN DES:ACH PMT ID:INV12626 INDN:{HOLDER} CCD"),
        Line(
            "B2", D + dt.timedelta(days=2), Decimal("250.00"), "in", "", "",
            f"PACIFIC FOODS IN DES:ACH PMT ID:INV 13153 INDN:{HOLDER} CCD",
        ),
    ]  # fmt: skip
    journal = [
        Line("J1", D, Decimal("250.00"), "in", "PYMT1", "Pacific Foods International Group", "Customer Payment INV12626"),
        Line(
            "J2", D + dt.timedelta(days=1), Decimal("250.00"), "in", "PYMT2", "Pacific Foods International Group",
            "Customer Payment INV12700",
        ),
    ]  # fmt: skip
    pairs = {(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups}
    assert (("B1",), ("J1",)) in pairs
    assert not any(b == ("B2",) for b, _j in pairs)


def test_the_same_invoice_written_two_ways_agrees() -> None:
    bank = [Line("B1", D, Decimal("931.65"), "in", "", "", f"GATEWAY MFG LP DES:EDI PYMNTS ID:INV 00430 INDN:{HOLDER}")]
    journal = [Line("J1", D, Decimal("931.65"), "in", "PYMT3", "Gateway Manufacturing LP", "Receipt INV-430")]
    assert [(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups] == [(("B1",), ("J1",))]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({"11575"}, {"11575"}, False),
        ({"430"}, {"2024430"}, False),  # the year written in front on one side
        ({"11575", "11576"}, {"11576"}, False),  # one payment of two invoices: one of them
        ({"13153"}, {"12626"}, True),
    ],
)
def test_which_citations_disagree(a: set[str], b: set[str], expected: bool) -> None:
    assert disagree(frozenset(a), frozenset(b)) is expected


class _Side:
    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.text_code = np.arange(len(texts), dtype=np.int64)


def test_only_lines_that_both_cite_an_invoice_can_contradict() -> None:
    bank = _Side(["ACME DES:PMT ID:INV 1234", "ACME DES:PMT ID:77", "WIRE PMT DET:INVESTMENT 2024"])
    journal = _Side(["Customer Payment INV9999", "Customer Payment INV1234", "Customer Payment"])
    b = np.array([0, 0, 1, 2, 0], dtype=np.int64)
    j = np.array([0, 1, 0, 0, 2], dtype=np.int64)
    assert invoices_contradict(bank, journal, b, j).tolist() == [True, False, False, False, False]


def test_a_number_the_bank_wrapped_at_its_field_width_is_the_same_invoice() -> None:
    # Hong Kong banks cut a remittance into fixed-width fields: INV-2026-01415 arrives as "INV202 601415".
    bank = _Side(["TT IN FU WAH TRADING LIMITED INV202 601415", "TT IN PAO HUA FOOD CO LTD INV-2026- 02410"])
    journal = _Side(["收货款 INV-2026-01415", "收款 INV-2026-02410", "收款 INV-2026-02411"])
    b = np.array([0, 1, 1], dtype=np.int64)
    j = np.array([0, 1, 2], dtype=np.int64)
    assert invoices_contradict(bank, journal, b, j).tolist() == [False, False, True]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("SVWZ+INV 1234 5678", ["1234", "5678"]),  # two invoices, a space between them
        ("RE INV 1234, 5678", ["1234", "5678"]),  # a list after one invoice word: each is cited
        ("ID:INV 11575 & 11576", ["11575", "11576"]),
        ("INV 2024-0430, 2024-0431 AND 2024-0432", ["20240430", "20240431", "20240432"]),
        ("INV 1234, 500.00 EUR", ["1234"]),  # an amount after the number is no invoice of the list
        ("INV 2024-0430", ["20240430"]),  # separators inside one number
        # The bank's 35-character remittance fields joined by a space: the space at a field's end is a wrap.
        ("TT IN FU WAH TRADING LIMITED INV202 601415", ["202601415"]),
        ("TT IN PAO HUA FOOD CO LTD INV-2026- 02410", ["202602410"]),
    ],
)
def test_the_numbers_a_text_cites(text: str, numbers: list[str]) -> None:
    assert cited_numbers(text) == numbers


def test_an_invoice_of_a_list_agrees_and_one_outside_it_contradicts() -> None:
    bank = _Side(["SVWZ+INV 1234 5678", "RE INV 1234, 5678"])
    journal = _Side(["Receipt INV5678", "Receipt INV3456"])
    b = np.array([0, 0, 1, 1], dtype=np.int64)
    j = np.array([0, 1, 0, 1], dtype=np.int64)
    assert invoices_contradict(bank, journal, b, j).tolist() == [False, True, False, True]


def test_a_side_read_whole_after_some_pairs_asked() -> None:
    # Pairs read only their own texts; a reader of the whole side (every summary once) sees all of them the same.
    bank = _Side(["ACME INV 1234", "ACME", "RE INV 1234, 5678", "INVESTMENT 2024"])
    journal = _Side(["Receipt INV1234"])
    invoices_contradict(bank, journal, np.array([0], dtype=np.int64), np.array([0], dtype=np.int64))
    cited = cited_invoices(bank)
    assert cited.any
    assert cited.number.tolist() == [1234, 0, -1, 0]
    assert cited.several == {2: frozenset({"1234", "5678"})}
    assert not cited_invoices(_Side(["ACME", "Receipt"])).any
