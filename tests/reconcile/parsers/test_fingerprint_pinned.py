"""Stored fingerprints are pinned: the digests below were computed by the code before the two fingerprint modules
became one (issue 21, item 7). Every stored line carries one, so a digest that changed would make the next export of
a month the account already has look new (every line imported twice): change the rule with a new prefix, never in
place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from reconcile.parsers.fingerprint import (
    bank_fingerprints,
    copy_print,
    journal_fingerprints,
    line_fingerprint,
    opening_fingerprints,
)
from reconcile.parsers.types import ParsedLine

ACCOUNT = "6222 0001"
# Two equal fees on one day without serial or balance: told apart only by their copy number.
FEE = ParsedLine(row=1, booking_date=date(2026, 10, 8), amount=Decimal("10.00"), direction="out", summary="手续费")
# A serial with full-width letters and a space: normalised before hashing.
PAID = ParsedLine(
    row=2,
    booking_date=date(2026, 10, 8),
    amount=Decimal("1200.50"),
    direction="out",
    serial="ＳＮ 0042",
    counterparty_name="恒瑞贸易",
    balance=Decimal("88.00"),
)
CHEQUE = ParsedLine(
    row=3,
    booking_date=date(2026, 10, 9),
    amount=Decimal("300.00"),
    direction="out",
    voucher_no="记-17",
    counterparty_name=" Acme  Trading ",
    summary="支票",
)

FEE_PRINT = "84dcd16ebf2f77450bd8e9ae889b7b9a2e0abbc5d33b5dc79575fb34ca1016c8"
CHEQUE_JOURNAL_PRINT = "30bf025b597544d9ef0ea3ecaa30023daa97537d0b95115ceb299a25a8fc7f50"


def test_bank_fingerprints_are_those_stored() -> None:
    assert bank_fingerprints(ACCOUNT, [FEE, FEE, PAID]) == [
        FEE_PRINT,
        "9992ef0548548e2560e7858926bb807a638f9ca04bba1ecea706b9ad8bbef5b1",
        "dea8d2aafa4fea7da80539f01f073e9ea8edd52c632b1d967ea98c929504ccea",
    ]
    assert line_fingerprint(ACCOUNT, FEE) == FEE_PRINT
    assert copy_print(FEE_PRINT, 2) == "9992ef0548548e2560e7858926bb807a638f9ca04bba1ecea706b9ad8bbef5b1"


def test_journal_fingerprints_are_those_stored() -> None:
    assert journal_fingerprints(ACCOUNT, [CHEQUE, CHEQUE, PAID]) == [
        CHEQUE_JOURNAL_PRINT,
        "54920f68fd988cb5dd74541c6d4cd86774fbd90e5abab9e743170a16b37299e0",
        "b8341d967c1c912da0a2cfbbb470d44adacd296d4843ff4b8e80279f90cdb5eb",
    ]


def test_opening_item_fingerprints_are_those_stored() -> None:
    # A bank item without a serial is identified by its cheque number; a journal item as any journal entry.
    assert opening_fingerprints("bank", ACCOUNT, [CHEQUE]) == [
        "463ac059f89ca3cb54e724cf0c130da10b37e5c54234ed62e392423404c2c92c"
    ]
    assert opening_fingerprints("journal", ACCOUNT, [CHEQUE]) == [CHEQUE_JOURNAL_PRINT]
