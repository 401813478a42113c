"""Files in the shapes of public sample statements from other parsers' test data (php-mt940, zilverline/mt940, ...)
that the parsers misread or let through. Nothing is copied: each file is written here in the source's shape, with
names, numbers and amounts made up; the docstrings name the shape."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reconcile.parsers import ParseError, parse_file
from reconcile.parsers.amounts import parse_amount
from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones


def _mt940(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def test_mt940_amounts_written_with_a_decimal_point_keep_their_cents() -> None:
    """Rabobank's older MT940 writes `000000000300.25` where SWIFT writes `300,25`: the cents were dropped without a
    word (300.25 became 300.00, and the balances lost theirs too)."""
    data = _mt940(
        ":940:",
        ":20:940A261103",
        ":25:3300.12.457EUR",
        ":28:00000/00",
        ":60F:C261102EUR000000020000.55",
        ":61:261103C000000000300.25NMSC330012457",
        ":86:Kantine bijdrage",
        ":61:261103D000000000099.10NMSCNONREF",
        ":86:Kassa opname",
        ":62F:C261103EUR000000020201.70",
    )
    (pf,) = parse_file(data, "rabo.940")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("20000.55"), Decimal("20201.70"))
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("300.25")), ("out", Decimal("99.10"))]


@pytest.mark.parametrize(
    ("written", "amount"),
    [("1.234,56", "1234.56"), ("1,234.56", "1234.56"), ("1.234.567,", "1234567.00"), ("1234,56", "1234.56")],
)
def test_mt940_amounts_with_thousands_separators_are_read_whole(written, amount) -> None:
    """`1.234,56` was read as 1.00: mt-940 stops at the first point."""
    total = Decimal("100.00") + Decimal(amount)
    closing = f"{total:.2f}".replace(".", ",")
    data = _mt940(
        ":20:STMT2611",
        ":25:NL12ABNA0123456789",
        ":28C:00311/1",
        ":60F:C261102EUR100,00",
        f":61:2611031103C{written}NTRFNONREF",
        ":86:Factuur 2026-118",
        f":62F:C261103EUR{closing}",
    )
    (pf,) = parse_file(data, "abn.sta")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.amount for ln in pf.lines] == [Decimal(amount)]


def test_an_mt940_message_cut_off_before_its_closing_balance_must_join_the_next_one() -> None:
    """Knab's file whose first message ends without :62F: (and without its -}): the next message started at another
    balance, and the cut message's lines were imported beside it without a word."""
    data = _mt940(
        "{1:F01KNABNL2HAXXX0000000000}{2:I940KNABNL2HXXXXN3020}{4:",
        ":20:C3H17QRTLM22GADB",
        ":25:0311223344",
        ":28C:51/1",
        ":60F:C261109EUR800,40",
        ":61:2611091109D12,5NTRFNONREF//B7K19GE1C3434343",
        ":86:ZWOLLE 09-11-2026 10:15 PAS: 4321",
        "NAAM: BAKKERIJ JANSEN",
        "{1:F01KNABNL2HAXXX0000000000}{2:I940KNABNL2HXXXXN3020}{4:",
        ":20:D8J22RTUMN3PHD37",
        ":25:0311223344",
        ":28C:52/1",
        ":60F:C261113EUR1300,40",
        ":61:2611131113D40,00NTRFNONREF//B7K19GE1C3535353",
        ":86:KAMPEN 13-11-2026 17:05 PAS: 4321",
        ":62F:C261114EUR1260,40",
        "-}",
    )
    (pf,) = parse_file(data, "knab.sta")
    assert not pf.ok
    (error,) = pf.errors
    assert error.code == "balance_mismatch" and error.value == "1300.40"
    assert "ends without a closing balance" in error.message and "787.90" in error.message


def test_an_mt940_message_without_a_closing_balance_that_joins_the_next_one_is_read() -> None:
    data = _mt940(
        ":20:A1",
        ":25:0311223344",
        ":28C:51/1",
        ":60F:C261109EUR800,40",
        ":61:2611091109D12,50NTRFNONREF",
        ":86:Bakkerij",
        ":20:A2",
        ":25:0311223344",
        ":28C:52/1",
        ":60F:C261113EUR787,90",
        ":61:2611131113D40,00NTRFNONREF",
        ":86:Bloemist",
        ":62F:C261114EUR747,90",
    )
    (pf,) = parse_file(data, "knab.sta")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.amount for ln in pf.lines] == [Decimal("12.50"), Decimal("40.00")]


_BOC_TAB_ROWS = [
    ["交易日期", "交易时间", "交易类型", "收入金额", "支出金额", "余额", "币种", "对方账户名称", "网点名称", "附言"],
    [
        "2026-10-08",
        "10:12:01",
        "转账",
        "5,000.00",
        "",
        "15,000.00",
        "人民币",
        "上海恒达贸易有限公司",
        "上海分行",
        "货款",
    ],
    ["2026-10-09", "11:12:01", "消费", "", "120.50", "14,879.50", "人民币", "静安便利店", "上海分行", ""],
]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_tab_separated_export_in_utf16_without_a_bom_is_read(codec) -> None:
    """中国银行's web download is "Unicode text" (UTF-16, TAB-separated); saved again by a tool that drops the BOM it
    was refused as a binary file."""
    text = "\r\n".join("\t".join(r) for r in _BOC_TAB_ROWS) + "\r\n"
    (pf,) = parse_file(text.encode(codec), "boc.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.counterparty_name) for ln in pf.lines] == [
        ("in", Decimal("5000.00"), "上海恒达贸易有限公司"),
        ("out", Decimal("120.50"), "静安便利店"),
    ]
    assert pf.closing_balance == Decimal("14879.50")


_MT940_TEXT = (
    ":20:STMT2611\r\n:25:NL12ABNA0123456789\r\n:28C:00311/1\r\n:60F:C261102EUR100,00\r\n"
    ":61:2611031103D25,50NTRFNONREF\r\n:86:Huur november\r\n:62F:C261103EUR74,50\r\n"
)
_BAI2_TEXT = (
    "01,BANKID,CUSTID,261103,0800,1,,,2/\r\n02,CUSTID,BANKID,1,261102,,USD,2/\r\n"
    "03,7788990011,USD,010,10000,,,015,12550,,/\r\n16,195,2550,0,REF1,,Wire in/\r\n49,25100,3/\r\n98,25100,1,5/\r\n"
    "99,25100,1,7/\r\n"
)


@pytest.mark.parametrize(
    ("name", "text", "amount"),
    [("stmt.sta", _MT940_TEXT, Decimal("25.50")), ("stmt.bai2", _BAI2_TEXT, Decimal("25.50"))],
)
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: b"\xef\xbb\xbf" + t.encode(),
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-le"),
    ],
    ids=["utf8-bom", "utf16-bom", "utf16"],
)
def test_swift_and_bai2_text_with_a_bom_or_in_utf16_is_read(name, text, amount, encode) -> None:
    """A BAI2 file saved with a UTF-8 BOM was refused (`record code “ï»”`); an MT940 or BAI2 in UTF-16 as "no :20:"
    or not a BAI2 record."""
    (pf,) = parse_file(encode(text), name)
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.amount for ln in pf.lines] == [amount]


def test_a_semicolon_csv_with_decimal_commas_and_english_headers_is_read() -> None:
    """A European bank's CSV (`Booking Date;Details;Credit;Debit;CCY;Running Balance`, amounts `1250,50`): every
    amount was unreadable, and the balance, currency and description columns were not found."""
    data = (
        b"Booking Date;Details;Credit;Debit;CCY;Running Balance;IBAN;Ref\r\n"
        b"2026-11-02;Incoming transfer Muller GmbH;2.480,10;;EUR;3.480,10;DE02120300000000202051;K-2201\r\n"
        b"2026-11-04;Electricity November;;96,45;EUR;3.383,65;DE02120300000000202051;K-2202\r\n"
        b"2026-11-05;Card fee;;4,5;EUR;3.379,15;DE02120300000000202051;K-2203\r\n"
    )
    (pf,) = parse_file(data, "export.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.currency == "EUR" and pf.closing_balance == Decimal("3379.15")
    assert [(ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        ("in", Decimal("2480.10"), "Incoming transfer Muller GmbH"),
        ("out", Decimal("96.45"), "Electricity November"),
        ("out", Decimal("4.50"), "Card fee"),
    ]


@pytest.mark.parametrize(
    ("written", "amount"),
    [("'579,68 USD", "579.68"), ("544,00 $", "544.00"), ("-1.234,56", "-1234.56"), ("1,234", "1234.00")],
)
def test_decimal_comma_amounts_with_their_currency_mark_are_read(written, amount) -> None:
    """OCA's sample sheet writes `'579,68 USD` and `544,00 $` (read so in a file whose amounts all write a decimal
    comma); `1,234` stays a thousands grouping."""

    assert parse_amount(written, decimal_comma=True) == Decimal(amount)


def test_a_posted_date_and_narrative_columns_are_read() -> None:
    data = (
        b"Date Posted,Narrative,Amount,Running Bal.\r\n"
        b"2026-11-02,SALARY NOV,2500.00,3500.00\r\n"
        b"2026-11-03,RENT,-1200.00,2300.00\r\n"
    )
    (pf,) = parse_file(data, "export.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date.isoformat(), ln.summary, ln.balance) for ln in pf.lines] == [
        ("2026-11-02", "SALARY NOV", Decimal("3500.00")),
        ("2026-11-03", "RENT", Decimal("2300.00")),
    ]


@pytest.mark.parametrize(
    "header",
    [
        "业务日期,摘要,结算号,借方发生额,贷方发生额,余额",
        "发生日期,摘要,结算号,借方发生额,贷方发生额,余额",
        "Date,Description,Ref,Money Out,Money In,Balance",
        "Date,Description,Type,Paid out,Paid in,Balance",
        "Transaction Date,Description,Ref,Withdrawal Amount,Deposit Amount,Balance",
    ],
)
def test_more_names_of_the_date_and_of_the_money_in_and_out_columns_are_read(header) -> None:
    """业务日期 (a rural commercial bank's export) and the money in/out pairs of English bank CSVs were not known: the
    file was refused as having no header."""
    data = (
        header + "\r\n2026-01-06,收到货款,SN001,,1000.00,101000.00\r\n2026-01-20,手续费,,15.00,,100985.00\r\n"
    ).encode()
    (pf,) = parse_file(data, "export.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("1000.00")), ("out", Decimal("15.00"))]
    assert pf.closing_balance == Decimal("100985.00")


@pytest.mark.parametrize(
    "text", [":62F:C261103EUR4257,04\r\n-\r\n", ":86:091\r\n-\r\n", ":28C:00035/001\r\n", ":NS:\r\n"]
)
def test_a_piece_of_an_mt940_is_refused_as_an_mt940_without_its_message(text) -> None:
    """A file holding only some SWIFT fields (as mt940 libraries' samples cut from a statement) was read as a table
    and refused asking for a header row with 交易日期."""
    with pytest.raises(ParseError) as refused:
        parse_file(text.encode(), "piece.sta")
    assert refused.value.code == "no_transactions"
    assert ":20:" in refused.value.message


def test_a_yonyou_journal_whose_year_is_only_above_its_month_and_day_columns_is_read() -> None:
    """用友 U8's 银行日记账 writes the year once, in the header cell over 月 | 日 (`2026年`); without a 2026年度 in the
    title as well it was refused for having no year."""
    text = (
        "银行日记账,,,,,,,,,,\r\n"
        "科目:100201 工行存款,,,,,,,,,,\r\n"
        "2026年,,凭证号数,摘要,结算方式,票号,对方科目,借方,贷方,方向,余额\r\n"
        "月,日,,,,,,,,,\r\n"
        "10,1,,上月结转,,,,,,借,100000.00\r\n"
        "10,8,记-0012,收货款,电汇,,应收账款,5000.00,,借,105000.00\r\n"
        "10,9,记-0015,付手续费,,,财务费用,,20.00,借,104980.00\r\n"
        "10,,,本月合计,,,,5000.00,20.00,借,104980.00\r\n"
    )
    (pf,) = parse_file(text.encode("gbk"), "u8.csv", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date.isoformat(), ln.direction, ln.amount, ln.serial) for ln in pf.lines] == [
        ("2026-10-08", "in", Decimal("5000.00"), "记-0012"),
        ("2026-10-09", "out", Decimal("20.00"), "记-0015"),
    ]
    assert pf.closing_balance == Decimal("104980.00")


def test_the_header_row_repeated_at_the_top_of_each_page_is_not_a_line() -> None:
    """An export of several pages repeats the header on each page: that row was refused as a line with the unreadable
    date “交易日期”."""
    rows = [
        ["交易日期", "摘要", "收入金额", "支出金额", "余额"],
        ["2026-05-20", "转账", "100.00", "", "1100.00"],
        ["2026-05-21", "消费", "", "50.00", "1050.00"],
        ["交易日期", "摘要", "收入金额", "支出金额", "余额"],
        ["2026-05-22", "转账", "10.00", "", "1060.00"],
    ]
    (pf,) = parse_file(xlsx_bytes(rows), "pages.xlsx")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.row for ln in pf.lines] == [2, 3, 5]
    assert pf.closing_balance == Decimal("1060.00")


def test_a_journals_two_row_header_repeated_on_its_second_page_is_not_a_line() -> None:
    text = (
        "2026年,,凭证号数,摘要,借方,贷方,方向,余额\r\n"
        "月,日,,,,,,\r\n"
        "10,1,,上月结转,,,借,100000.00\r\n"
        "10,8,记-0012,收货款,5000.00,,借,105000.00\r\n"
        "2026年,,凭证号数,摘要,借方,贷方,方向,余额\r\n"
        "月,日,,,,,,\r\n"
        "10,9,记-0015,付手续费,,20.00,借,104980.00\r\n"
    )
    (pf,) = parse_file(text.encode("gbk"), "u8.csv", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.amount for ln in pf.lines] == [Decimal("5000.00"), Decimal("20.00")]


def test_labels_and_headers_written_with_the_older_form_zhang_are_read() -> None:
    """帐号, 帐户余额, 对方帐号 (帐, the older form of 账, as several banks still print it): the account, the balance
    column and the other party's account were not found, so the running balance went unchecked."""
    text = (
        "帐户明细查询\r\n帐号：6222020200112233445\r\n户名：上海恒达贸易有限公司\r\n"
        "交易日期,摘要,借方发生额,贷方发生额,帐户余额,对方帐号,对方户名\r\n"
        "2026-05-20,转账,,100.00,1100.00,6217001234567890,甲公司\r\n"
        "2026-05-21,消费,50.00,,1050.00,,乙超市\r\n"
    )
    (pf,) = parse_file(text.encode("gbk"), "detail.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.account_number == "6222020200112233445"
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000.00"), Decimal("1050.00"))
    assert [(ln.balance, ln.counterparty_account) for ln in pf.lines] == [
        (Decimal("1100.00"), "6217001234567890"),
        (Decimal("1050.00"), ""),
    ]


def test_a_balance_column_written_zhang_that_does_not_follow_is_refused() -> None:
    text = (
        "交易日期,摘要,借方发生额,贷方发生额,帐户余额\r\n"
        "2026-05-20,转账,,100.00,1100.00\r\n"
        "2026-05-21,消费,50.00,,1070.00\r\n"
    )
    (pf,) = parse_file(text.encode("gbk"), "detail.csv")
    assert not pf.ok and pf.errors[0].column == "帐户余额"


def test_a_hong_kong_banks_export_in_traditional_characters_is_read() -> None:
    """戶口號碼, 幣別: 港幣, 存入 / 提取, 結餘: a Hong Kong bank's Chinese export was refused as having no header."""
    text = (
        "戶口號碼：012-345-6-789012\r\n戶名：陳大文實業有限公司\r\n幣別：港幣\r\n"
        "交易日期,交易詳情,存入,提取,結餘,對方帳號\r\n"
        "2026/05/20,轉帳 ABC,100.00,,1100.00,888-1-234567\r\n"
        "2026/05/21,櫃員機提款,,50.00,1050.00,\r\n"
    )
    (pf,) = parse_file(text.encode("utf-8-sig"), "hk.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("012-345-6-789012", "HKD")
    assert pf.account_name == "陳大文實業有限公司"  # values are kept as written
    assert [(ln.direction, ln.amount, ln.summary, ln.counterparty_account) for ln in pf.lines] == [
        ("in", Decimal("100.00"), "轉帳 ABC", "888-1-234567"),
        ("out", Decimal("50.00"), "櫃員機提款", ""),
    ]
    assert pf.closing_balance == Decimal("1050.00")


def test_a_bai2_detail_of_non_monetary_information_is_left_out_saying_so() -> None:
    """Type 890 (Contains Non-monetary Information) is a memo a US bank sends among the details: it was refused as
    a type code that is neither a credit nor a debit, and the whole file with it."""
    text = (
        "01,BANKID,CUSTID,261103,0800,1,,,2/\n02,CUSTID,BANKID,1,261102,,USD,2/\n"
        "03,7788990011,USD,010,10000,,,015,12550,,/\n16,195,2550,0,REF1,,Wire in/\n"
        "16,890,0,0,REF2,,LOCKBOX 0412 ITEMS FOLLOW/\n49,25100,4/\n98,25100,1,6/\n99,25100,1,8/\n"
    )
    (pf,) = parse_file(text.encode(), "day.bai2")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.row, ln.amount) for ln in pf.lines] == [(4, Decimal("25.50"))]
    assert [str(w) for w in pf.warnings] == [
        "BAI2 details of type 890 (non-monetary information) move no money and were not imported (rows 5)"
    ]
