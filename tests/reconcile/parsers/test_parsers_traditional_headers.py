"""A Hong Kong, Macau or Taiwan bank's export writes its headers in traditional characters. Beyond the handful of
header characters the readers always knew (餘額, 帳號, 貸方 ...), every traditional character is read in its
simplified form (OpenCC's table, as the matching engine compares names): 對方名稱 is 对方名称, 結餘 is 结余."""

from __future__ import annotations

from decimal import Decimal

from reconcile.parsers import parse_file
from reconcile.parsers.text import header_key


def test_traditional_headers_are_their_simplified_forms() -> None:
    assert header_key("對方名稱") == header_key("对方名称")
    assert header_key("結餘") == header_key("结余")
    assert header_key("支出金額") == header_key("支出金额")
    assert header_key("帳號") == header_key("账号")  # the older 帐/帳 forms still read as 账


def test_a_traditional_export_reads_its_counterparty_and_balances() -> None:
    data = (
        "交易日期,摘要,支出金額,存入金額,結餘,對方名稱\n"
        "2026-11-02,貨款,,100.00,1100.00,香港恒豐貿易有限公司\n"
        "2026-11-03,手續費,5.00,,1095.00,\n"
    ).encode()
    (statement,) = parse_file(data, "hk.csv", "bank")
    first, fee = statement.lines
    assert (first.amount, first.direction, first.counterparty_name) == (Decimal("100.00"), "in", "香港恒豐貿易有限公司")
    assert (fee.amount, fee.direction, fee.balance) == (Decimal("5.00"), "out", Decimal("1095.00"))
    assert statement.closing_balance == Decimal("1095.00")
