"""Importing Chinese and Hong Kong banks' own exports (double-entry-generator's examples, tests/fixtures/public/
MANIFEST.md) as a user uploads them: the files that add up are stored line by line; those whose anonymised balances,
totals or currencies do not fit are refused whole, naming what is wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankLine, ImportStatus
from reconcile.services.imports import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "public"


def _import(name: str, account_number: str = ""):
    return import_file(
        actor=None,
        kind="bank",
        data=(ROOT / name.rsplit(".", 1)[1] / name).read_bytes(),
        filename=name,
        account_number=account_number,
    )


def _stored(record):
    return list(
        BankLine.objects.filter(account=record.account)
        .order_by("row")
        .values_list("booking_date", "direction", "amount", "counterparty_name", "summary")
    )


def test_a_boc_debit_card_history_is_stored_line_by_line() -> None:
    record = _import("deb_boc_debit.csv", account_number="6217000000003167")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored) == ("6217000000003167", 17)
    stored = _stored(record)
    assert stored[0] == (dt.date(2025, 8, 22), "out", Decimal("71.89"), "张三", "无卡支付")
    assert stored[-1] == (dt.date(2025, 8, 1), "in", Decimal("1000.00"), "张三", "银联入账")
    assert sum(a if d == "in" else -a for _, d, a, _, _ in stored) == Decimal("3240.28") - Decimal("2813.58")


def test_an_spdb_debit_card_xls_goes_to_the_account_it_names() -> None:
    record = _import("deb_spdb_debit.xls")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored) == ("6200000000001230", 4)
    stored = _stored(record)
    assert stored[0] == (dt.date(2025, 12, 3), "out", Decimal("3.88"), "基金销售有限公司", "网上支付-支付宝")
    assert stored[1] == (dt.date(2025, 12, 5), "in", Decimal("10.00"), "基金销售有限公司", "汇入外")


@pytest.mark.parametrize(
    ("name", "lines", "first", "last"),
    [
        (
            "deb_citic_credit_card.xls",
            13,
            (dt.date(2024, 11, 9), "out", Decimal("5.90"), "", "支付宝－北京嘀嘀无限科技发展有限公司"),
            (dt.date(2024, 10, 20), "out", Decimal("20.16"), "", "公共事业缴费（电费）"),
        ),
        (
            "deb_cmb_credit_card.csv",
            6,
            (dt.date(2023, 12, 29), "in", Decimal("1.23"), "", "掌上生活还款"),
            (dt.date(2024, 1, 5), "out", Decimal("8000.00"), "", "中国移动"),
        ),
        (
            "deb_bocom_credit_card.csv",
            8,
            (dt.date(2025, 1, 10), "in", Decimal("123.18"), "", "退货 支付宝-滴滴顺风车"),
            (dt.date(2025, 1, 18), "out", Decimal("49.85"), "", "消费 Suica Charge"),
        ),
        (
            "deb_cgb_credit_card.csv",
            4,
            (dt.date(2025, 1, 5), "out", Decimal("15.90"), "", "（消费）示例商户A"),
            (dt.date(2024, 12, 25), "in", Decimal("1130.68"), "", "（还款）云闪付 银联入账-张三"),
        ),
    ],
)
def test_a_credit_card_bill_stores_charges_as_money_out(name: str, lines: int, first: tuple, last: tuple) -> None:
    record = _import(name, account_number="6258000000006688")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.lines_stored == lines
    stored = _stored(record)
    assert (stored[0], stored[-1]) == (first, last)


@pytest.mark.parametrize(
    ("name", "code", "row", "says"),
    [
        ("deb_abc_debit.csv", "balance_mismatch", 3, "the running balance does not follow"),
        ("deb_cmb_debit.csv", "balance_mismatch", 4, "the running balance does not follow"),
        ("deb_bocom_debit.csv", "balance_mismatch", 6, "the running balance does not follow"),
        ("deb_ccb_debit.xls", "balance_mismatch", 10, "the running balance does not follow"),
        ("deb_icbc_debit_v1.csv", "bad_amount", 8, "unreadable amount “xx,yyyy.zz”"),
        ("deb_icbc_credit_card.csv", "balance_mismatch", 14, "the running balance does not follow"),
        ("deb_boc_credit_card.csv", "mixed_currency", 16, "this line is in USD, the statement in CNY"),
        ("deb_hsbchk_debit.csv", "mixed_currency", 8, "this line is in CNY, the statement in HKD"),
        ("deb_hsbchk_credit_card.csv", "mixed_currency", 5, "this line is in HKD, the statement in CNY"),
    ],
)
def test_a_file_that_does_not_add_up_is_refused_naming_the_row(name: str, code: str, row: int, says: str) -> None:
    record = _import(name, account_number="6222000000001234")
    assert record.status == ImportStatus.REFUSED, import_message(record)
    errors = error_rows(record)
    assert (errors[0]["code"], errors[0]["row"]) == (code, row)
    assert says in errors[0]["message"]
    assert not BankLine.objects.exists()


def test_a_file_that_names_no_account_asks_for_one() -> None:
    record = _import("deb_boc_debit.csv")
    """中国银行's history gives only the card's last four digits per line (借记卡号 3167): the account is chosen."""
    record = _import("deb_boc_debit.csv")
    assert record.status == ImportStatus.REFUSED
    assert [e["code"] for e in error_rows(record)] == ["no_account"]
    assert import_message(record) == (
        "The file does not say which account it is for; choose the account and upload it again."
    )
