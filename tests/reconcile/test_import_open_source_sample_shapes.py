"""Importing files in the shapes of public sample exports (tests/reconcile/parsers/test_parsers_open_source_sample_shapes.py reads
them): stored whole in the account they name, or refused whole saying what the file is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankLine, Import, ImportStatus
from reconcile.services.imports import import_file
from tests.reconcile.parsers.test_parsers_open_source_sample_shapes import (
    _OFX_BANK,
    _OFX_EMPTY_CARD,
    _camt_day,
    _cmb_debit,
    _csv,
    _ofx,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _import(data: bytes, filename: str, account: str = "") -> Import:
    return import_file(actor=None, kind="bank", data=data, filename=filename, account_number=account)


def test_a_download_of_every_account_stores_the_account_with_transactions() -> None:
    record = _import(_ofx(_OFX_BANK + _OFX_EMPTY_CARD), "download.ofx")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored) == ("6222020200112233445", 2)
    stored = BankLine.objects.filter(account=record.account).order_by("row")
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in stored] == [
        (date(2026, 10, 1), "in", Decimal("1200.00")),
        (date(2026, 10, 15), "out", Decimal("35.50")),
    ]


def test_a_daily_camt_without_entry_dates_is_stored_on_its_day() -> None:
    record = _import(_camt_day("2026-10-07", "2026-10-07"), "2026-10-07.xml")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.lines_stored, record.closing_balance) == (3, Decimal("9814.39"))
    assert set(BankLine.objects.values_list("booking_date", flat=True)) == {date(2026, 10, 7)}


def test_a_brokers_trades_are_refused_whole_saying_what_they_are() -> None:
    data = _csv(
        ["证券代码,证券名称,成交日期,成交数量,成交价格,发生金额", "510300,沪深300ETF,20261008,1000,3.912,-3912.38"]
    )
    record = _import(data, "成交明细.csv", account="6222020200001234567")
    assert record.status == ImportStatus.REFUSED
    assert "securities or crypto-asset trades" in import_message(record)
    assert not BankLine.objects.exists()


def test_a_cmb_debit_card_export_showing_its_card_masked_is_stored_in_the_card_chosen() -> None:
    record = _import(_cmb_debit("2000.00"), "CMB_6214.csv", account="6214830000001234")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored, record.closing_balance) == (
        "6214830000001234",
        2,
        Decimal("2988.00"),
    )


def test_a_cmb_debit_card_export_whose_totals_do_not_add_up_is_refused_whole() -> None:
    record = _import(_cmb_debit("2100.00"), "CMB_6214.csv", account="6214830000001234")
    assert record.status == ImportStatus.REFUSED
    assert not BankLine.objects.exists()
