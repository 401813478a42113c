"""Entries whose nature rules a bank line out: a reversal correcting a booking error moved no money, and a person's
wages are not a payment to a company."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

D = dt.date(2026, 10, 30)


def _groups(bank: list[Line], journal: list[Line]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups]


def test_a_reversal_of_a_keying_error_is_no_customer_receipt() -> None:
    # The cancelled entry is not in this period; a customer's FPS receipt of the same amount comes in the same week.
    bank = [Line("B1", D, Decimal("1800.00"), "in", "FRN2026103026189932", "NG HON SHING", "轉數快 入賬")]
    journal = [
        Line("J1", D + dt.timedelta(days=2), Decimal("1800.00"), "in", "JV2611-15043", "香港东升国际贸易有限公司",
             "冲销 付货款 INV-2026-12677 录入错误"),
    ]  # fmt: skip
    assert _groups(bank, journal) == []


def test_a_reversal_without_an_error_word_may_still_be_a_bank_return() -> None:
    bank = [Line("B1", D, Decimal("1800.00"), "in", "", "香港东升国际贸易有限公司", "退汇")]
    journal = [
        Line("J1", D, Decimal("1800.00"), "in", "JV1", "香港东升国际贸易有限公司", "冲销 付货款 INV-2026-12677 退汇")
    ]
    assert _groups(bank, journal) == [(("B1",), ("J1",))]


def test_a_persons_wages_are_not_a_payment_to_a_company() -> None:
    bank = [Line("B1", D, Decimal("16000.00"), "out", "FRN2026052139826092", "香港鴻運實業有限公司", "FPS DR")]
    journal = [Line("J1", D + dt.timedelta(days=2), Decimal("16000.00"), "out", "JV1", "Fung H.Y.", "工资 2026年05月")]
    assert _groups(bank, journal) == []


def test_a_persons_wages_paid_to_the_person_still_pair() -> None:
    bank = [Line("B1", D, Decimal("16000.00"), "out", "FRN2026052139826092", "FUNG H.Y.", "FPS DR")]
    journal = [Line("J1", D, Decimal("16000.00"), "out", "JV1", "Fung H.Y.", "工资 2026年05月")]
    assert _groups(bank, journal) == [(("B1",), ("J1",))]


def test_wages_booked_to_a_labour_agency_are_not_ruled_on() -> None:
    bank = [Line("B1", D, Decimal("52000.00"), "out", "", "深圳市众信劳务派遣有限公司", "转账 10月工资")]
    journal = [Line("J1", D, Decimal("52000.00"), "out", "记-1", "众信劳务派遣有限公司", "代发10月工资")]
    assert _groups(bank, journal) == [(("B1",), ("J1",))]
