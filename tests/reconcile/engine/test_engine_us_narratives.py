"""A US bank's export: no counterparty column, the payer or payee inside the narrative (ACH, Fedwire, Zelle), and
payments made through a bill-pay service or a card processor (Bill.com, Stripe ...) in place of the customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.engine.bank_narratives import narrative_parties
from reconcile.engine.names import core_name, name_similarity, party_kind
from reconcile.engine.score import STRONG_NAME

HOLDER = "NORTHBRIDGE SUPPLY CO"
DAY = dt.date(2026, 1, 6)


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        # "CO ID:" is Bank of America's field after the receiver's name (INDN:JOHN DOE CO ID:...).
        (
            "KEYSTONE FOODS I DES:PAYMENTS ID:772124 INDN:NORTHBRIDGE SUPPLY CO ID:94163 CCD",
            ("KEYSTONE FOODS I", "NORTHBRIDGE SUPPLY"),
        ),
        ("NORTHBRIDGE SUPPLY DES:VENDOR PAY ID:BATCH8460 INDN:ACH BATCH CCD", ("NORTHBRIDGE SUPPLY", "")),
        (
            "ORIG CO NAME:GATEWAY MFG LP ORIG ID:1234 DESC DATE:0105 CO ENTRY DESCR:PAYMENTS SEC:CCD TRACE#:1 "
            "EED:260105 IND ID:X IND NAME:NORTHBRIDGE SUPPLY TRN: 1",
            ("GATEWAY MFG LP", "NORTHBRIDGE SUPPLY"),
        ),
        (
            "WIRE TYPE:WIRE IN DATE:260105 TIME:1010 ET TRN:2026 ORIG:PRAIRIE HEALTH ID:123 SND BK:JPMORGAN",
            ("PRAIRIE HEALTH", ""),
        ),
        ("WIRE TYPE:WIRE OUT DATE:260105 BNF:ACME CORP ID:99 BNF BK:WELLS FARGO", ("ACME CORP", "")),
        # Bank of America's wire detail follows the name (PMT DET:), as the seventh set's generator writes it.
        (
            "WIRE TYPE:WIRE IN DATE:260105 TRN:2026 ORIG:PRAIRIE HEALTH SYSTEMS PMT DET:INV 20931",
            ("PRAIRIE HEALTH SYSTEMS", ""),
        ),
        ("Zelle payment from JOHN SMITH Conf# abc123", ("JOHN SMITH", "")),
        ("ZELLE FROM JOHN SMITH ON 01/05 REF # PP0X", ("JOHN SMITH", "")),
        ("Mobile/Remote Deposit", ("", "")),
        ("转账 备注:货款", ("", "")),
        ("", ("", "")),
    ],
)
def test_the_parties_a_narrative_names(text: str, parties: tuple[str, str]) -> None:
    assert narrative_parties(text) == parties


def _credits(n: int) -> list[Line]:
    """Customers' ACH credits: each names the holder as receiver, which is how the holder is known."""
    return [
        Line(
            f"C{i}",
            DAY,
            Decimal(f"{100 + i}.11"),
            "in",
            "",
            "",
            f"CUSTOMER {i} LLC DES:PAYMENTS ID:{i} INDN:{HOLDER} CCD",
        )
        for i in range(n)
    ]


def test_a_nameless_ach_credit_takes_its_originator_as_counterparty() -> None:
    # Two receipts of 500.00 on the day: the name in the narrative decides which entry is whose.
    bank = [
        *_credits(4),
        Line(
            "B1", DAY, Decimal("500.00"), "in", "", "", f"IRONWOOD LABS CO DES:VENDOR PMT ID:2904146 INDN:{HOLDER} CCD"
        ),
        Line("B2", DAY, Decimal("500.00"), "in", "", "", f"WESTFIELD BUILDE DES:ACH PMT ID:77 INDN:{HOLDER} CCD"),
    ]
    journal = [
        Line("J1", DAY, Decimal("500.00"), "in", "PYMT4132", "Westfield Builders", "Customer Payment INV1"),
        Line("J2", DAY, Decimal("500.00"), "in", "PYMT4133", "Ironwood Labs Corp", "Customer Payment INV2"),
    ]
    pairs = {(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups}
    assert {(("B1",), ("J2",)), (("B2",), ("J1",))} <= pairs


def test_the_holders_own_name_is_never_a_counterparty() -> None:
    # The holder's own debit (an autopay it originated) must not read as a payment to itself, which would contradict
    # the vendor the books name.
    bank = [
        *_credits(4),
        Line(
            "B1", DAY, Decimal("1234.56"), "out", "", "", "NORTHBRIDGE SUPPLY DES:AUTOPAY ID:1 INDN:CITY POWER CO CCD"
        ),
    ]
    journal = [Line("J1", DAY, Decimal("1234.56"), "out", "BILL1", "City Power Company", "Vendor Payment")]
    groups = match(bank, journal).groups
    assert any(g.bank_ids == ("B1",) and g.journal_ids == ("J1",) for g in groups)
    reasons = next(g.reasons for g in groups if g.bank_ids == ("B1",))
    assert not any("NORTHBRIDGE" in r for r in reasons)


@pytest.mark.parametrize("name", ["BILL.COM", "Bill.com Inc", "STRIPE", "SQUARE INC", "INTUIT PYMT SOLN", "MELIO"])
def test_bill_pay_services_and_card_processors_are_payment_platforms(name: str) -> None:
    assert party_kind(core_name(name)) == (True, False)


@pytest.mark.parametrize("name", ["Times Square Foods", "Gateway Manufacturing LP", "Billings Supply"])
def test_companies_with_such_words_in_their_names_are_not(name: str) -> None:
    assert party_kind(core_name(name)) == (False, False)


def test_a_payment_through_bill_com_is_the_customers_own() -> None:
    bank = [
        Line(
            "B1", DAY, Decimal("931.65"), "in", "", "BILL.COM",
            f"BILL.COM DES:PAYABLES ID:GATEWAY MFG LP INDN:{HOLDER} ID:9274443302 CCD",
        )
    ]  # fmt: skip
    journal = [Line("J1", DAY, Decimal("931.65"), "in", "PYMT3919", "Gateway Manufacturing LP", "Customer Payment")]
    assert [(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups] == [(("B1",), ("J1",))]


@pytest.mark.parametrize(
    ("bank", "books"),
    [
        ("APEX MED CTR LLC", "Apex Medical Center LLC"),
        ("MIDWEST SOLNS GRP", "Midwest Solutions Group"),
        ("HERITAGE CONSTR GRP", "Heritage Construction Group Inc."),
        ("IRONWOOD LABORATORIES", "Ironwood Labs Corp"),
    ],
)
def test_names_abbreviated_to_fit_an_american_field_are_the_same_name(bank: str, books: str) -> None:
    assert name_similarity(bank, books) >= STRONG_NAME


def test_two_receivers_named_equally_often_make_no_holder_whatever_the_order() -> None:
    # ALPHA CO and BETA CO each the receiver of three ACH lines: Counter's tie went to the one read first, so the
    # input's order decided whether B1 paid ALPHA CO (J2) or BETA CO (J1). Neither is the holder now.
    d = DAY
    bank = [
        *(Line(f"A{k}", d, Decimal(f"{100 + k}.11"), "in", "", "", f"CUST{k} INC DES:PMT ID:{k} INDN:ALPHA CO CCD")
          for k in range(3)),
        *(Line(f"C{k}", d, Decimal(f"{200 + k}.22"), "in", "", "", f"CUST{k} LLC DES:PMT ID:{k} INDN:BETA CO CCD")
          for k in range(2)),
        Line("B1", d, Decimal("500.00"), "out", "", "", "ALPHA CO DES:PAYMENTS ID:9 INDN:BETA CO CCD"),
    ]  # fmt: skip
    journal = [
        Line("J1", d, Decimal("500.00"), "out", "", "BETA CO", "pay"),
        Line("J2", d, Decimal("500.00"), "out", "", "ALPHA CO", "pay"),
    ]
    found = [{(g.bank_ids, g.journal_ids) for g in match(b, journal).groups} for b in (bank, bank[::-1])]
    assert found[0] == found[1]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "WIRE TYPE:WIRE OUT DATE:260105 ORIG:NORTHBRIDGE SUPPLY CO ID:1 BNF:ACME CORP ID:99",
            ("ACME CORP", "NORTHBRIDGE SUPPLY"),
        ),
        (
            "WIRE TYPE:WIRE IN DATE:260105 ORIG:PRAIRIE HEALTH ID:123 BNF:NORTHBRIDGE SUPPLY ID:5",
            ("PRAIRIE HEALTH", "NORTHBRIDGE SUPPLY"),
        ),
    ],
)
def test_a_wire_naming_both_sides_reads_the_other_party_first(text: str, parties: tuple[str, str]) -> None:
    assert narrative_parties(text) == parties


def test_a_huge_narrative_is_read_in_linear_time() -> None:
    # Lazy patterns over a 28 KB text once took seconds; the narrative is read up to MAX_TEXT characters.
    orig, _recv = narrative_parties("ORIG:a " * 4000 + "\nx")
    assert 0 < len(orig) <= 300
    assert len(narrative_parties("ORIG:" + "A" * 100_000)[0]) <= 300
