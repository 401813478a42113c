"""Files in the shapes of real exports the parsers had not seen (banks' card statements, brokerage OFX, Hong Kong
bank CSV): each is read right, or refused saying what the file is and what to do. The files are written here in the
shapes the banks send (names, numbers and amounts made up)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import ParseError, parse_file
from tests.reconcile.parsers.cnparse_kit import csv_bytes, xls_bytes

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones

# A brokerage's OFX download (INVSTMTRS): a fund purchase, a dividend and the cash that paid for them.
_OFX_INVESTMENT = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<INVSTMTRS><DTASOF>20261130<CURDEF>USD<INVACCTFROM><BROKERID>broker.example.com<ACCTID>77001234</INVACCTFROM>
<INVTRANLIST><DTSTART>20261101<DTEND>20261130
<BUYMF><INVBUY><INVTRAN><FITID>T1<DTTRADE>20261105</INVTRAN><SECID><UNIQUEID>922908363<UNIQUEIDTYPE>CUSIP</SECID>
<UNITS>10<UNITPRICE>100.00<TOTAL>-1000.00<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVBUY><BUYTYPE>BUY</BUYMF>
<INCOME><INVTRAN><FITID>T2<DTTRADE>20261120</INVTRAN><SECID><UNIQUEID>922908363<UNIQUEIDTYPE>CUSIP</SECID>
<INCOMETYPE>DIV<TOTAL>12.34<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INCOME>
<INVBANKTRAN><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261101<TRNAMT>1000.00<FITID>C1<NAME>DEPOSIT</STMTTRN>
<SUBACCTFUND>CASH</INVBANKTRAN>
</INVTRANLIST><INVBAL><AVAILCASH>12.34<MARGINBALANCE>0<SHORTBALANCE>0</INVBAL></INVSTMTRS>
</INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>
"""


def test_an_ofx_investment_statement_is_refused_naming_the_account_and_what_to_export() -> None:
    """A brokerage's OFX (INVSTMTRS) crashed the reader (its trades have no TRNAMT); its cash lines alone are not a
    bank account's statement either."""
    with pytest.raises(ParseError) as refused:
        parse_file(_OFX_INVESTMENT.encode(), "brokerage.ofx")
    assert refused.value.code == "unsupported_format"
    assert "77001234" in refused.value.message and "INVSTMTRS" in refused.value.message


def _lines(pf):
    return [(ln.booking_date, ln.direction, ln.amount, ln.currency) for ln in pf.lines]


def test_a_card_bill_in_the_cgb_shape_reads_charges_as_money_out_in_the_cards_currency() -> None:
    """广发银行's card export has no card word, only the charge in the currency spent and in the card's (入账金额):
    charges written positive were read as money in, and a purchase abroad in the currency spent."""
    data = csv_bytes(
        [
            ["交易日期", "入账日期", "交易摘要", "交易金额", "交易货币", "入账金额", "入账货币"],
            ["2026/10/05", "2026/10/06", "（消费）示例餐饮有限公司", "315.90", "人民币", "315.90", "人民币"],
            ["2026/10/09", "2026/10/10", "（消费）EXAMPLE HOTEL SINGAPORE", "100.00", "美元", "721.35", "人民币"],
            ["2026/10/12", "2026/10/12", "（退款）示例商贸有限公司", "-97.20", "人民币", "-97.20", "人民币"],
            ["2026/10/25", "2026/10/25", "（还款）银联入账", "-2000.00", "人民币", "-2000.00", "人民币"],
        ]
    )
    [pf] = parse_file(data, "广发信用卡账单.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.credit_card
    assert _lines(pf) == [
        (date(2026, 10, 5), "out", Decimal("315.90"), "CNY"),
        (date(2026, 10, 9), "out", Decimal("721.35"), "CNY"),
        (date(2026, 10, 12), "in", Decimal("97.20"), "CNY"),
        (date(2026, 10, 25), "in", Decimal("2000.00"), "CNY"),
    ]


def test_a_card_bill_in_the_citic_shape_reads_charges_as_money_out() -> None:
    """中信银行's 本期账单明细 (title) with 卡末四位, 交易金额 and 结算金额: no 信用卡 anywhere in the file."""
    data = xls_bytes(
        [
            ["本期账单明细(人民币)"],
            ["交易日期", "入账日期", "交易描述", "卡末四位", "交易币种", "结算币种", "交易金额", "结算金额"],
            ["2026-10-03", "2026-10-03", "支付宝－示例科技有限公司", "6688", "人民币", "人民币", "58.00", "58.00"],
            ["2026-10-08", "2026-10-08", "财付通还款", "6688", "人民币", "人民币", "-1000.00", "-1000.00"],
            ["2026-10-09", "2026-10-09", "云闪付APP-示例出行", "6688", "人民币", "人民币", "20.47", "20.47"],
        ]
    )
    [pf] = parse_file(data, "本期账单明细.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.credit_card
    assert _lines(pf) == [
        (date(2026, 10, 3), "out", Decimal("58.00"), "CNY"),
        (date(2026, 10, 8), "in", Decimal("1000.00"), "CNY"),
        (date(2026, 10, 9), "out", Decimal("20.47"), "CNY"),
    ]


def test_an_account_statement_titled_with_its_duizhangdan_is_not_taken_for_a_card_bill() -> None:
    """对账单明细 is an account's statement (账单明细 inside it is not a card bill): its signed amounts stand."""
    data = csv_bytes(
        [
            ["对账单明细"],
            ["交易日期", "摘要", "交易金额", "对方户名"],
            ["2026-10-08", "货款", "50000.00", "恒瑞贸易有限公司"],
            ["2026-10-09", "转账支出", "-80000.00", "中科信达科技"],
        ]
    )
    [pf] = parse_file(data, "对账单.csv")
    assert pf.ok and not pf.credit_card
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("50000.00")), ("out", Decimal("80000.00"))]


def _hsbc_hk(rows: list[list[str]]) -> bytes:
    """HSBC Hong Kong's account CSV: every amount quoted and followed by a TAB, newest first."""
    head = "Date,Description,Billing amount,Billing currency,Balance,Balance currency\r\n"
    body = "".join(f'{d},{text},"{amount}"\t,HKD,"{balance}"\t,HKD\r\n' for d, text, amount, balance in rows)
    return (head + body).encode("utf-8")


def test_a_hong_kong_bank_csv_with_day_first_dates_and_billing_amounts_is_read() -> None:
    """24/03/2026 was an unreadable date and `Billing amount` an unknown amount column: the file was refused."""
    data = _hsbc_hk(
        [
            ["24/03/2026", "POS PURCHASE SUPERMARKET HK", "-75.50", "3,612.17"],
            ["20/03/2026", "FUND TRANSFER FROM 12-345678-9 EXAMPLE LTD", "12,500.00", "3,687.67"],
            ["05/03/2026", "BILL PAYMENT ELECTRICITY", "-350.00", "-8,812.33"],
            ["01/03/2026", "INTEREST CREDIT", "5.45", "-8,462.33"],
        ]
    )
    [pf] = parse_file(data, "TransactionHistory.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.currency == "HKD"
    assert _lines(pf) == [
        (date(2026, 3, 24), "out", Decimal("75.50"), "HKD"),
        (date(2026, 3, 20), "in", Decimal("12500.00"), "HKD"),
        (date(2026, 3, 5), "out", Decimal("350.00"), "HKD"),
        (date(2026, 3, 1), "in", Decimal("5.45"), "HKD"),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("-8467.78"), Decimal("3612.17"))


def test_month_first_dates_are_read_month_first_when_a_date_of_the_column_shows_it() -> None:
    data = csv_bytes([["Date", "Description", "Amount"], ["10/02/2026", "FEE", "-1.00"], ["10/15/2026", "IN", "2.00"]])
    [pf] = parse_file(data, "export.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.booking_date for ln in pf.lines] == [date(2026, 10, 2), date(2026, 10, 15)]


def test_dotted_dates_are_day_first() -> None:
    data = csv_bytes([["Date", "Description", "Amount"], ["01.10.2026", "FEE", "-1.00"], ["02.10.2026", "IN", "2.00"]])
    [pf] = parse_file(data, "export.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.booking_date for ln in pf.lines] == [date(2026, 10, 1), date(2026, 10, 2)]


def test_slashed_dates_that_could_be_either_day_or_month_first_are_refused_saying_so() -> None:
    """05/04/2026 is 5 April or May 4: no date of the column tells, so no date is guessed."""
    data = csv_bytes([["Date", "Description", "Amount"], ["05/04/2026", "FEE", "-1.00"], ["06/04/2026", "IN", "2.00"]])
    [pf] = parse_file(data, "export.csv")
    assert not pf.ok and not pf.lines
    assert [(e.row, e.column, e.value) for e in pf.errors] == [(2, "Date", "05/04/2026"), (3, "Date", "06/04/2026")]
    assert "year-month-day" in pf.errors[0].message


def test_a_column_whose_dates_show_both_orders_is_refused_rather_than_read_each_its_own_way() -> None:
    data = csv_bytes([["Date", "Description", "Amount"], ["24/03/2026", "FEE", "-1.00"], ["03/25/2026", "IN", "2.00"]])
    [pf] = parse_file(data, "export.csv")
    assert not pf.lines
    assert [(e.row, e.value) for e in pf.errors] == [(2, "24/03/2026"), (3, "03/25/2026")]


# 微信支付 商户平台 资金账单 (the merchant's 基本账户), as documented by WeChat Pay: every field behind a `, the labels of
# the totals on one row and their values on the next.
_WXPAY_FUND_BILL = [
    "记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额(元),账户结余(元),资金变更提交申请人,备注,业务凭证号",
    "`2026-10-08 10:21:23,`4200001234202610080001,`1900009231202610080001,`交易,`交易,`收入,`500.00,`10500.00,`system,`,`",
    "`2026-10-08 10:21:23,`4200001234202610080001,`1900009231202610080002,`手续费,`扣除交易手续费,`支出,`3.00,"
    "`10497.00,`system,`,`",
    "`2026-10-09 09:00:00,`,`1900009231202610090001,`提现,`提现,`支出,`10000.00,`497.00,`张会计,`,`",
    "资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额",
    "`3,`1,`500.00,`2,`10003.00",
]


def _text(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def test_a_wechat_pay_merchant_fund_bill_is_read_with_its_balances_and_totals() -> None:
    """Refused before: 收支金额(元) was not an amount column, and every field carries WeChat Pay's leading `."""
    [pf] = parse_file(_text(_WXPAY_FUND_BILL), "资金账单.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount, ln.serial) for ln in pf.lines] == [
        (date(2026, 10, 8), "in", Decimal("500.00"), "1900009231202610080001"),
        (date(2026, 10, 8), "out", Decimal("3.00"), "1900009231202610080002"),
        (date(2026, 10, 9), "out", Decimal("10000.00"), "1900009231202610090001"),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("10000.00"), Decimal("497.00"))
    assert (pf.controls.in_total, pf.controls.out_total, pf.controls.line_count) == (
        Decimal("500.00"),
        Decimal("10003.00"),
        3,
    )


def test_a_wechat_pay_fund_bill_whose_totals_do_not_add_up_is_refused() -> None:
    lines = [*_WXPAY_FUND_BILL[:-1], "`3,`1,`500.00,`2,`10004.00"]
    [pf] = parse_file(_text(lines), "资金账单.csv")
    assert not pf.ok
    assert any(e.value == "10004.00" for e in pf.errors), [e.message for e in pf.errors]


_ALIPAY_ACCOUNT_LOG = [
    "#支付宝账务明细查询",
    "#账号：[20881234567890120156]",
    "#起始日期：[2026年10月01日 00:00:00]   终止日期：[2026年10月31日 23:59:59]",
    "#-----------------------------------------账务明细列表----------------------------------------",
    "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注,",
    "20261008200040011100000000000001\t,2026100822001400000000000001\t,T202610080001\t,货款,2026-10-08 10:21:23,"
    "恒瑞贸易有限公司(hr***@example.com),+500.00,,10500.00,支付宝,在线支付,,",
    "20261008200040011100000000000002\t,2026100822001400000000000001\t,T202610080001\t,服务费,2026-10-08 10:21:23,"
    "支付宝(中国)网络技术有限公司,,-3.00,10497.00,支付宝,收费,,",
    "20261009200040011100000000000003\t,20261009200040011100000000000003\t,\t,提现,2026-10-09 09:00:00,"
    "杭州示例科技有限公司(62220000****1234),,-10000.00,497.00,支付宝,提现,,",
    "#-----------------------------------------账务明细列表结束------------------------------------",
    "#收入合计：1笔，共500.00元",
    "#支出合计：2笔，共-10003.00元",
]


def test_an_alipay_merchant_account_log_reads_its_minus_written_money_out_column_as_money_out() -> None:
    """支出金额（-元） writes every payment with a minus sign: each was taken for a reversal, money in."""
    [pf] = parse_file(_text(_ALIPAY_ACCOUNT_LOG, "gbk"), "账务明细.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.account_number == "20881234567890120156"
    assert (pf.period_start, pf.period_end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [
        ("in", Decimal("500.00")),
        ("out", Decimal("3.00")),
        ("out", Decimal("10000.00")),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("10000.00"), Decimal("497.00"))


def test_a_money_out_column_written_with_minus_signs_is_money_out_without_a_balance_to_tell() -> None:
    data = csv_bytes(
        [
            ["交易日期", "摘要", "收入金额", "支出金额"],
            ["2026-10-08", "货款", "50000.00", ""],
            ["2026-10-09", "转账支出", "", "-80000.00"],
            ["2026-10-10", "手续费", "", "-150.00"],
        ]
    )
    [pf] = parse_file(data, "明细.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [
        ("in", Decimal("50000.00")),
        ("out", Decimal("80000.00")),
        ("out", Decimal("150.00")),
    ]


def test_a_negative_figure_among_positive_ones_in_the_money_out_column_is_still_a_reversal() -> None:
    data = csv_bytes(
        [
            ["交易日期", "摘要", "收入金额", "支出金额"],
            ["2026-10-09", "转账支出", "", "80000.00"],
            ["2026-10-10", "冲正", "", "-80000.00"],
        ]
    )
    [pf] = parse_file(data, "明细.csv")
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("out", Decimal("80000.00")), ("in", Decimal("80000.00"))]


def test_a_payment_apps_personal_bill_is_refused_saying_what_it_is_and_what_to_upload() -> None:
    """微信's 收/支 of "/" (中性交易) was an 'unknown direction flag'; a month without one was imported, payments made
    from bank cards and closed transactions (交易关闭) as the account's own movements."""
    data = csv_bytes(
        [
            ["微信支付账单明细"],
            ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态"],
            ["2026-10-08 12:45:27", "商户消费", "示例餐饮", "午餐", "支出", "¥28.16", "中国银行(1234)", "支付成功"],
            ["2026-10-09 10:07:31", "二维码收款", "用户A", "/", "收入", "¥23.00", "零钱", "已收钱"],
        ]
    )
    with pytest.raises(ParseError) as refused:
        parse_file(data, "微信支付账单.csv")
    assert refused.value.code == "unsupported_format"
    assert "资金账单" in refused.value.message and "账务明细" in refused.value.message


def test_a_row_neither_in_nor_out_says_so() -> None:
    data = csv_bytes(
        [
            ["交易时间", "交易类型", "收/支", "金额(元)"],
            ["2026-10-08 12:45:27", "商户消费", "支出", "28.16"],
            ["2026-10-09 10:07:31", "零钱提现", "/", "100.10"],
        ]
    )
    [pf] = parse_file(data, "账单.csv")
    [error] = pf.errors
    assert (error.row, error.column, error.value) == (3, "收/支", "/")
    assert "资金账单" in error.message and "unknown" not in error.message


_MT940_REVERSALS = """:20:STARTUMSE
:25:10020030/1234567
:28C:00001/001
:60F:C261001EUR1000,00
:61:2610021002D100,00NTRFNONREF
:86:Zahlung
:61:2610031003RC50,00NTRFNONREF
:86:Storno Gutschrift
:61:2610041004RD100,00NTRFNONREF
:86:Storno Lastschrift
:61:2610051005d20,00NTRFNONREF
:86:Gebuehren
:62F:C261005EUR930,00
-
"""


def test_mt940_reversal_marks_and_lowercase_marks_move_money_the_way_they_say() -> None:
    """RC (reversal of a credit) is money out and RD money in; a lowercase d is a debit. RC and d were read as money in,
    and the statement refused as not adding up to its :62F:."""
    [pf] = parse_file(_MT940_REVERSALS.encode(), "umsaetze.sta")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [
        ("out", Decimal("100.00")),
        ("out", Decimal("50.00")),
        ("in", Decimal("100.00")),
        ("out", Decimal("20.00")),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000.00"), Decimal("930.00"))


def test_an_ofx_date_that_does_not_exist_is_named_with_its_tag_and_value() -> None:
    """20260231 came out as Python's 'day is out of range for month' quoting the transaction's amount."""
    ofx = (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\n"
        "OLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO"
        "</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>121000248<ACCTID>4455667788<ACCTTYPE>CHECKING"
        "</BANKACCTFROM><BANKTRANLIST><DTSTART>20260201<DTEND>20260228\n"
        "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260205<TRNAMT>-45.10<FITID>B1<NAME>OK</STMTTRN>\n"
        "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260231<TRNAMT>200.00<FITID>B2<NAME>NO SUCH DAY</STMTTRN>\n"
        "</BANKTRANLIST><LEDGERBAL><BALAMT>100.00<DTASOF>20260228</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    )
    [pf] = parse_file(ofx.encode(), "x.ofx")
    assert [(e.row, e.column, e.value) for e in pf.errors] == [(2, "DTPOSTED", "20260231")]
    assert "out of range" not in pf.errors[0].message


def test_a_pdf_statement_is_refused_as_a_pdf_saying_what_to_download_instead() -> None:
    """A PDF read as text was 'no header row … save a mapping profile', which no profile can cure."""
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"0 0 0 rg\n" * 50
    with pytest.raises(ParseError) as refused:
        parse_file(pdf, "对账单.pdf")
    assert refused.value.code == "unsupported_format" and "PDF" in refused.value.message
    assert "CSV" in refused.value.message and "profile" not in refused.value.message


@pytest.mark.parametrize(
    "head",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"RIFF\x10\x00\x00\x00WEBPVP8 "],
)
def test_a_photo_of_a_statement_is_refused_as_a_picture(head) -> None:
    with pytest.raises(ParseError) as refused:
        parse_file(head + b"\x00" * 64, "微信图片.jpg")
    assert refused.value.code == "unsupported_format" and "picture" in refused.value.message


def test_a_csv_whose_first_cell_begins_like_an_image_signature_is_still_a_csv() -> None:
    data = csv_bytes(
        [["BM编号", "交易日期", "摘要", "交易金额"], ["x", "2026-10-08", "货款", "5.00"]], encoding="utf-8"
    )
    [pf] = parse_file(data, "x.csv")
    assert pf.ok and len(pf.lines) == 1


def test_a_ccb_account_detail_csv_names_its_account_after_kahao_zhanghao() -> None:
    """建设银行's 交易明细 CSV writes its account as 卡号/账号:6217…, which was not read: the upload asked for it."""
    data = _text(
        [
            "中国建设银行个人活期账户交易明细",
            "卡号/账号:6217000010001234567,客户名称:杭州示例科技有限公司,起始日期:20261001,结束日期:20261031",
            "",
            "序号,摘要,币别,钞汇,交易日期,交易金额,账户余额,交易地点/附言,对方账号与户名",
            "1,转账存入,人民币元,钞,20261008,50000.00,51200.00,网上银行,6222000011112222/恒瑞贸易有限公司",
            "2,消费,人民币元,钞,20261009,-80.00,51120.00,财付通,",
        ]
    )
    [pf] = parse_file(data, "交易明细.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency, pf.period_start, pf.period_end) == (
        "6217000010001234567",
        "CNY",
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert pf.lines[0].counterparty_account == "6222000011112222/恒瑞贸易有限公司"


def test_a_cmbc_statement_names_its_account_after_kehu_zhanghao() -> None:
    """民生银行 writes 客户账号:…, and the other party as 对方户名/账号 in one column."""
    data = _text(
        [
            "中国民生银行账户对账单",
            "客户名称:杭州示例科技有限公司,客户账号:6226220012345678,起止日期:2026/10/01-2026/10/31",
            "凭证类型,凭证号码,交易时间,摘要,交易金额,账户余额,现转标志,交易渠道,交易机构,对方户名/账号,对方行名",
            ",,2026/10/08 10:12:01,转账,50000.00,51200.00,转,网银,,恒瑞贸易有限公司/6222000011112222,中国银行",
            ",,2026/10/09 09:00:00,手续费,-80.00,51120.00,转,,,,",
        ]
    )
    [pf] = parse_file(data, "对账单.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.period_start, pf.period_end) == (
        "6226220012345678",
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert pf.lines[0].counterparty_name == "恒瑞贸易有限公司/6222000011112222"


_MT940_CN = """{1:F01BKCHCNBJAXXX0000000000}{2:I940XXXXCNSHXXXXN}{4:
:20:940S261008
:25:310066771018000012345
:28C:00001/00001
:60F:C261007CNY1200000,00
:61:2610081008D80000,00NTRFNONREF//CN2026100800001
:86:货款 中科信达科技有限公司（合同HR-01）
:61:2610091009C50000,00NTRFNONREF//CN2026100900002
:86:恒瑞贸易有限公司 回款
:62F:C261009CNY1170000,00
-}"""


def test_an_mt940_with_chinese_narratives_in_gbk_keeps_them_readable() -> None:
    """A Chinese bank's MT940 writes :86: in GBK: it was read as ISO-8859-2, every counterparty name mojibake."""
    [pf] = parse_file(_MT940_CN.replace("\n", "\r\n").encode("gbk"), "MT940_20261009.txt")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.summary for ln in pf.lines] == ["货款 中科信达科技有限公司(合同HR-01)", "恒瑞贸易有限公司 回款"]
    assert [w.params.get("encoding") for w in pf.warnings] == ["GB18030"]


_CAMT_CN = """<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-10-09T10:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><CreDtTm>2026-10-09T10:00:00</CreDtTm>
<Acct><Id><Othr><Id>310066771018000012345</Id></Othr></Id><Ccy>CNY</Ccy><Ownr><Nm>杭州示例科技有限公司</Nm></Ownr></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">1200000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><Dt>2026-10-08</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">1120000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><Dt>2026-10-08</Dt></Dt></Bal>
<Ntry><Amt Ccy="CNY">80000.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-08</Dt></BookgDt>
<NtryDtls><TxDtls><RltdPties><Cdtr><Nm>中科信达科技有限公司</Nm></Cdtr></RltdPties><RmtInf><Ustrd>货款</Ustrd></RmtInf>
</TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>"""


def test_a_camt_in_gbk_that_does_not_declare_it_is_read() -> None:
    """Without encoding="GBK" in its declaration the document was 'malformed (cut off or damaged?)'."""
    [pf] = parse_file(_CAMT_CN.encode("gbk"), "camt053.xml")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_name, [ln.counterparty_name for ln in pf.lines]) == (
        "杭州示例科技有限公司",
        ["中科信达科技有限公司"],
    )


def test_a_lone_label_without_its_value_does_not_take_the_text_under_it() -> None:
    """Values on the row under their labels are read for a row of labels only (微信支付's totals), not for one label
    left empty in a title, whose next row says something else."""
    data = csv_bytes(
        [
            ["账号：", "", "", ""],
            ["2026年10月 对账单", "", "", ""],
            ["交易日期", "摘要", "交易金额", "余额"],
            ["2026-10-08", "货款", "50.00", "150.00"],
        ]
    )
    [pf] = parse_file(data, "x.csv")
    assert pf.ok and pf.account_number is None


def test_a_card_bill_dated_month_and_day_only_takes_the_year_of_its_title_and_the_posting_date_where_needed() -> None:
    """招商银行's card bill: 交易日/记账日 as MM/DD, the year and month only in the title (a January bill lists
    December lines), and 交易日 empty on repayments (the posting date 记账日 is then the date). Refused before, every
    row 'unreadable date' or 'the date is empty'."""
    data = _text(
        [
            "招商银行信用卡对账单（个人消费卡账户 2027年01月）",
            "交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额",
            ",12/28,网银还款,-1500.00,8866,-1500.00",
            "12/30,12/31,示例文具店,88.00,8866,88.00",
            '01/04,01/05,示例航空机票,"2,360.00",8866,"2,360.00"',
            "01/06,01/06,示例文具店退货,-18.00,8866,-18.00(CN)",
        ]
    )
    [pf] = parse_file(data, "招商银行信用卡账单.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 12, 28), "in", Decimal("1500.00")),
        (date(2026, 12, 30), "out", Decimal("88.00")),
        (date(2027, 1, 4), "out", Decimal("2360.00")),
        (date(2027, 1, 6), "in", Decimal("18.00")),
    ]


def test_a_date_without_its_year_stays_refused_when_no_title_names_the_month() -> None:
    data = csv_bytes([["交易日", "摘要", "金额"], ["01/04", "示例", "10.00"], ["01/05", "示例", "-3.00"]])
    [pf] = parse_file(data, "无标题.csv")
    assert not pf.ok and not pf.lines
    assert [(e.row, e.value) for e in pf.errors] == [(2, "01/04"), (3, "01/05")]


def test_a_card_bill_with_unsigned_amounts_and_their_currency_tells_refunds_and_repayments_by_their_first_word() -> (
    None
):
    """交通银行's card bill: 交易币种/金额 and 入账币种/金额 written "CNY 88.00" (the card's own, billed amount is the
    line's), nothing negative: 消费 is a charge, 退货 and (信用卡)还款 money back. Refused before ("none of its columns is
    an amount column")."""
    data = csv_bytes(
        [
            ["交易日期", "记账日期", "交易说明", "交易币种/金额", "入账币种/金额"],
            ["2027-01-04", "2027-01-04", "消费 示例文具店", "CNY 88.00", "CNY 88.00"],
            ["2027-01-05", "2027-01-06", "消费 EXAMPLE HOTEL TOKYO", "JPY 12000.00", "CNY 561.20"],
            ["2027-01-08", "2027-01-08", "退货 示例文具店", "CNY18.00", "CNY 18.00"],
            ["2027-01-20", "2027-01-20", "信用卡还款 网银转账还款", "CNY 631.20", "CNY 631.20"],
        ]
    )
    [pf] = parse_file(data, "交通银行信用卡账单.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount, ln.currency) for ln in pf.lines] == [
        (date(2027, 1, 4), "out", Decimal("88.00"), "CNY"),
        (date(2027, 1, 5), "out", Decimal("561.20"), "CNY"),
        (date(2027, 1, 8), "in", Decimal("18.00"), "CNY"),
        (date(2027, 1, 20), "in", Decimal("631.20"), "CNY"),
    ]
