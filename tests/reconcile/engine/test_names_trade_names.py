"""A company known by a trade name: the books keep the registered name with the trade name after DBA ("doing
business as"), the payer's bank sends only the trade name, cut to its field width."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.engine.names import name_similarity
from reconcile.engine.score import STRONG_NAME

HOLDER = "NORTHBRIDGE SUPPLY CO"
DAY = dt.date(2026, 1, 6)


@pytest.mark.parametrize(
    ("bank", "books"),
    [
        ("SUNBELT SOFTWARE", "Lakeshore Logistics Ltd DBA Sunbelt Software"),
        ("RIDGEWAY PROPERT", "Zenith Dental Group Corp. DBA Ridgeway Properties"),
        ("LAKESHORE LOGISTI", "Lakeshore Logistics Ltd d/b/a Sunbelt Software"),
        ("HARBOR CAFE", "Jones Holdings Ltd a/k/a Harbor Cafe"),
    ],
)
def test_either_name_of_a_company_doing_business_as_another_is_its_name(bank: str, books: str) -> None:
    assert name_similarity(bank, books) >= STRONG_NAME


@pytest.mark.parametrize(
    ("bank", "books"),
    [("KEYSTONE FOODS", "Lakeshore Logistics Ltd DBA Sunbelt Software"), ("DBA", "Apex Foods LP")],
)
def test_a_third_name_is_still_another_party(bank: str, books: str) -> None:
    assert name_similarity(bank, books) < STRONG_NAME


def test_a_receipt_from_the_trade_name_matches_the_registered_customer() -> None:
    bank = [
        Line(
            "B1", DAY, Decimal("22055.11"), "in", "", "",
            f"SUNBELT SOFTWARE DES:AP PAYMENT ID:7731 INDN:{HOLDER} ID:3524656028 CCD",
        ),
    ]  # fmt: skip
    journal = [
        Line(
            "J1", DAY, Decimal("22055.11"), "in", "PYMT4186", "Lakeshore Logistics Ltd DBA Sunbelt Software",
            "Customer Payment",
        ),
    ]  # fmt: skip
    groups = match(bank, journal).groups
    assert [(g.bank_ids, g.journal_ids) for g in groups] == [(("B1",), ("J1",))]
    assert groups[0].rule != "amount_date_scored"
