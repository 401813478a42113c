"""More files of real banks and formats copied from open-source parsers' test suites (tests/fixtures/public/MANIFEST.md
says where each comes from), each read with the values its origin states: the account of a camt.05x of the first
version (camt.052.001.01), which writes it as PrtryAcct/Id instead of Othr/Id; a card export that names its card
number column ("Card #") and writes its charges positive."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import ParseError, parse_file
from tests.reconcile.parsers.cnparse_kit import csv_bytes, xls_bytes

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "public"


def _read(folder: str, name: str):
    [pf] = parse_file((ROOT / folder / name).read_bytes(), name)
    assert pf.ok, [e.message for e in pf.errors]
    return pf


def test_a_first_version_camt_names_its_account_as_proprietary_account_id() -> None:
    """camt.05x.001.01 identifies an account by IBAN, BBAN, UPIC or PrtryAcct/Id: read as IBAN or Othr/Id only, the
    report had no account and its import had to be told one."""
    pf = _read("camt", "genkgo_camt052v01_proprietary_account.xml")
    assert (pf.format, pf.account_number, pf.account_name) == ("camt.052", "CH2801234000123456789", "FINPETROL")
    [line] = pf.lines
    assert (line.booking_date, line.value_date, line.direction, line.amount, line.currency) == (
        date(2007, 10, 18),
        date(2007, 10, 18),
        "out",
        Decimal("200000.00"),
        "SEK",
    )
    assert (line.serial, line.summary) == ("AAAASESS-FP-ACCR-01", "Credit")


_CAMT053_V01_BBAN = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.01"><BkToCstmrStmtV01>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-10-31T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><CreDtTm>2026-10-31T18:00:00</CreDtTm>
<Acct><Id><BBAN>0123456789</BBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><Dt>2026-10-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">150.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><Dt>2026-10-31</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-15</Dt></BookgDt>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Payer Ltd</Nm></Dbtr><DbtrAcct><Id><PrtryAcct><Id>9876-5432</Id></PrtryAcct>
</Id></DbtrAcct></RltdPties></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmtV01></Document>
"""


def test_a_first_version_camt_names_the_other_partys_account_as_it_names_its_own() -> None:
    [pf] = parse_file(_CAMT053_V01_BBAN.encode(), "statement.xml")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.opening_balance, pf.closing_balance) == (
        "0123456789",
        Decimal("100.00"),
        Decimal("150.00"),
    )
    [line] = pf.lines
    assert (line.direction, line.amount, line.counterparty_name, line.counterparty_account) == (
        "in",
        Decimal("50.00"),
        "Payer Ltd",
        "9876-5432",
    )


def test_a_camt_report_of_entries_alone_is_in_its_entries_currency() -> None:
    """Neither its account nor a balance names a currency: the report was of no currency, and its import opened the
    account in the default one (CNY) for entries in SEK."""
    assert _read("camt", "genkgo_camt052v01_proprietary_account.xml").currency == "SEK"


def test_a_camt_entry_in_another_currency_than_its_accounts_is_refused_naming_it() -> None:
    """Its amount was added to the account's balance as if in the account's currency."""
    text = _CAMT053_V01_BBAN.replace('<Amt Ccy="EUR">50.00</Amt>', '<Amt Ccy="USD">50.00</Amt>')
    [pf] = parse_file(text.encode(), "statement.xml")
    [error] = [e for e in pf.errors if e.code == "mixed_currency"]
    assert (error.column, error.value) == ("Ntry/Amt", "USD")
    assert "the statement in EUR" in error.message


def _lines(pf):
    return [(ln.row, ln.booking_date, ln.direction, ln.amount, ln.summary) for ln in pf.lines]


def test_a_card_export_naming_its_card_number_column_reads_charges_as_money_out() -> None:
    """Bank of Montreal's credit card CSV ("Item #,Card #,Transaction Date,Posting Date,Transaction Amount,...")
    writes purchases as positive amounts: they were read as money in."""
    pf = _read("csv", "deb_bmo_credit_card.csv")
    assert pf.credit_card
    assert _lines(pf) == [
        (4, date(2023, 5, 11), "out", Decimal("3.27"), "COSTCO WHOLESALE W54 SURREY BC"),
        (5, date(2023, 5, 11), "out", Decimal("85.06"), "COSTCO WHOLESALE W54 SURREY BC"),
        (6, date(2023, 5, 12), "out", Decimal("6.00"), "T&T SUPERMARKET #026 SURREY BC"),
    ]


def test_the_same_banks_chequing_export_keeps_its_signs() -> None:
    """Its card column is named "First Bank Card" and its amounts are signed as an account's: money out negative."""
    pf = _read("csv", "deb_bmo_chequing.csv")
    assert not pf.credit_card
    assert _lines(pf)[0] == (7, date(2023, 5, 1), "in", Decimal("0.01"), "[DN]ACFS            MSP/DIV")
    assert [(ln.direction, ln.amount) for ln in pf.lines[1:]] == [
        ("out", Decimal("68.32")),
        ("out", Decimal("50.00")),
        ("out", Decimal("40.00")),
    ]


def test_a_card_number_column_turns_a_payment_written_negative_into_money_in() -> None:
    data = csv_bytes(
        [
            ["Card No.", "Transaction Date", "Description", "Amount"],
            ["'4500123412341234'", "20261103", "GROCERY STORE", "45.10"],
            ["'4500123412341234'", "20261120", "PAYMENT RECEIVED - THANK YOU", "-300.00"],
        ]
    )
    [pf] = parse_file(data, "card.csv")
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("out", Decimal("45.10")), ("in", Decimal("300.00"))]


def test_card_no_in_a_title_of_an_accounts_export_does_not_make_it_a_card_bill() -> None:
    data = csv_bytes(
        [
            ["卡号 Card No.: 6222021234567890"],
            ["交易日期", "摘要", "交易金额", "余额"],
            ["2026-11-03", "工资", "5000.00", "5100.00"],
            ["2026-11-05", "转账", "-100.00", "5000.00"],
        ]
    )
    [pf] = parse_file(data, "detail.csv")
    assert pf.ok and not pf.credit_card
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("5000.00")), ("out", Decimal("100.00"))]


def test_a_padded_cell_is_quoted_without_its_padding() -> None:
    """工商银行 pads every cell with spaces and a TAB: a placeholder where the balance goes ("xx,yyyy.zz", as an
    anonymised export has it) was named with ten spaces and a TAB inside the quotes."""
    data = csv_bytes(
        [
            ["交易日期", "摘要", "记账金额(收入)", "记账金额(支出)", "余额"],
            ["2023-05-02     \t", "消费     \t", "", "13.40     \t", "xx,yyyy.zz          \t"],
        ]
    )
    [pf] = parse_file(data, "icbc.csv")
    [error] = pf.errors
    assert (error.code, error.row, error.column) == ("bad_amount", 2, "余额")
    assert error.message.endswith("“xx,yyyy.zz”")


def test_a_line_whose_summary_is_empty_takes_the_other_summary_columns_text() -> None:
    """交通银行's export has 交易类型 (what the line is) beside 摘要, empty on most lines: 摘要 won the column and those
    lines had no summary at all."""
    data = csv_bytes(
        [
            ["序号", "交易日期", "交易时间", "交易类型", "借贷", "交易金额", "余额", "对方账号", "对方户名", "摘要"],
            ["1", "2026-11-02", "09:20:43", "存款利息", "贷 Cr", "0.02", "100.02", "1323", "应付利息", ""],
            ["2", "2026-11-04", "11:46:44", "其他交易", "贷 Cr", "10.00", "110.02", "6666", "张三", "银联入账转账"],
            ["3", "2026-11-05", "12:48:15", "--", "借 Dr", "10.00", "100.02", "5555", "网上国网", ""],
        ]
    )
    [pf] = parse_file(data, "bocom.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        ("in", Decimal("0.02"), "存款利息"),
        ("in", Decimal("10.00"), "银联入账转账"),
        ("out", Decimal("10.00"), ""),
    ]


def test_a_bai2_accounts_totals_that_do_not_add_up_are_named_by_the_line_of_its_account_record() -> None:
    """The BAI specification's sample: five accounts, two of which state credit and debit totals (100, 400) that their
    details do not reach. Each problem was named "column 03 100/400" without a line: nothing told which account."""
    files = parse_file((ROOT / "bai2" / "moov_sample2_bai_spec.bai2").read_bytes(), "sample2.bai2")
    assert [pf.account_number for pf in files] == ["0123456789", "9876543210", "4589761203", "0975312468", "7890654321"]
    assert [(e.row, e.column, e.value) for e in files[0].errors] == [
        (7, "03 100", "10000.00"),
        (7, "03 400", "20000.00"),
        (14, "03 100", "600000.00"),
        (14, "03 400", "500000.00"),
    ]
    first = files[0]
    assert (first.opening_balance, first.period_start) == (Decimal("43500.00"), date(2004, 6, 20))
    assert [(ln.row, ln.direction, ln.amount, ln.purpose) for ln in first.lines] == [
        (5, "in", Decimal("4500.00"), "Lockbox Deposit")
    ]
    assert [(ln.amount, ln.summary, ln.serial) for ln in files[2].lines] == [
        (Decimal("200000.00"), "PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO", "SP4738"),
        (Decimal("100000.00"), "", ""),
    ]


def test_a_bai2_detail_text_continued_on_an_88_keeps_no_comma_at_its_ends() -> None:
    [line] = _read("bai2", "svb_daily.bai2").lines
    assert line.summary == "SAMPLE CONTINUATION TEXT"


def test_an_ofx_declaring_windows_1252_but_written_in_utf8_keeps_its_accents() -> None:
    """Banco do Brasil's OFX says ENCODING:USASCII, CHARSET:1252 and writes UTF-8: "DOC CRÉDITO EM CONTA" was read
    "DOC CRÃ‰DITO EM CONTA"."""
    pf = _read("ofx", "asgrim_banco_do_brasil_utf8.ofx")
    assert (pf.account_number, pf.currency, pf.closing_balance) == ("455000-5", "BRL", Decimal("239.35"))
    assert (pf.period_start, pf.period_end) == (date(2015, 10, 30), date(2015, 11, 30))
    [line] = pf.lines
    assert (line.booking_date, line.direction, line.amount, line.summary, line.serial, line.voucher_no) == (
        date(2015, 11, 3),
        "in",
        Decimal("239.55"),
        "DOC CRÉDITO EM CONTA",
        "20151103023955",
        "252602",
    )


def test_an_ofx_written_in_the_windows_1252_it_declares_is_still_read_so() -> None:
    data = (ROOT / "ofx" / "asgrim_banco_do_brasil_utf8.ofx").read_bytes().decode("utf-8").encode("cp1252")
    [pf] = parse_file(data, "extrato.ofx")
    assert pf.lines[0].summary == "DOC CRÉDITO EM CONTA"


FILES = Path(__file__).resolve().parents[2] / "fixtures" / "files"


def test_an_icbc_account_history_reads_its_signed_in_out_amount_column() -> None:
    """工商银行's 账户历史明细 names its one signed amount column 收入/支出金额: the file was refused as having no amount
    column."""
    [pf] = parse_file((FILES / "icbc_history_2026-11.csv").read_bytes(), "icbc_history_2026-11.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency, pf.opening_balance, pf.closing_balance) == (
        "0200006201066530001",
        "CNY",
        Decimal("1804.57"),
        Decimal("3565.01"),
    )
    assert [(ln.booking_date, ln.direction, ln.amount, ln.summary, ln.counterparty_name) for ln in pf.lines] == [
        (date(2026, 11, 2), "out", Decimal("5.00"), "消费", "北京某交通有限公司"),
        (date(2026, 11, 10), "in", Decimal("3000.00"), "工资", "某科技有限公司"),
        (date(2026, 11, 18), "out", Decimal("1234.56"), "跨行汇款", "李四"),
    ]


def test_a_camt_written_on_one_line_numbers_its_entries_in_their_order() -> None:
    """A Lithuanian bank's daily camt.053.001.08 comes on one line: every entry was "row 2", and a problem with any of
    them named the same row. Its entries have no booking date (the statement's day) and its balances no CdtDbtInd."""
    data = (ROOT / "camt" / "subite_lt_camt053v08_one_line.xml").read_bytes()
    main, quiet = parse_file(data, "statement.xml")
    assert (main.account_number, main.opening_balance, main.closing_balance) == (
        "LT625883379695428516",
        Decimal("21903960.39"),
        Decimal("27229398.96"),
    )
    assert [(ln.row, ln.booking_date, ln.direction, ln.amount, ln.serial) for ln in main.lines] == [
        (1, date(2024, 3, 8), "out", Decimal("2545.00"), "REF000000083800"),
        (2, date(2024, 3, 8), "in", Decimal("5368014.37"), "REF000000105239"),
        (3, date(2024, 3, 8), "out", Decimal("104207.86"), "REF000000129955"),
        (4, date(2024, 3, 8), "in", Decimal("64177.06"), "REF000000144477"),
    ]
    assert (quiet.account_number, quiet.lines, quiet.opening_balance, quiet.closing_balance) == (
        "LT414319056143772570",
        [],
        Decimal("4801.55"),
        Decimal("4801.55"),
    )
    broken = data.replace(
        b'<Amt Ccy="EUR">104207.86</Amt><CdtDbtInd>DBIT', b'<Amt Ccy="EUR">-104207.86</Amt><CdtDbtInd>DBIT'
    )
    errors = parse_file(broken, "statement.xml")[0].errors
    assert [(e.row, e.column, e.value) for e in errors if e.code == "bad_amount"] == [(3, "Ntry", "-104207.86")]


def test_a_shopping_apps_personal_bill_is_refused_naming_the_apps_bills_it_is_one_of() -> None:
    """美团's bill (收/支 beside 支付方式) was refused as a 微信支付 or 支付宝 bill."""
    data = (ROOT / "csv" / "deb_meituan_personal_bill.csv").read_bytes()
    with pytest.raises(ParseError) as refused:
        parse_file(data, "美团账单.csv")
    assert refused.value.code == "unsupported_format"
    assert "shopping app's personal bill" in refused.value.message and "美团" in refused.value.message


def test_a_counterparty_given_as_an_account_number_alone_is_its_account() -> None:
    """农业银行's 对手信息 holds the other party's name, or for a card repayment only the card's number: the number was
    stored as the other party's name."""
    data = csv_bytes(
        [
            [
                "交易日期",
                "交易时间",
                "交易摘要",
                "交易金额",
                "本次余额",
                "对手信息",
                "日 志 号",
                "交易渠道",
                "交易附言",
            ],
            ["20261101", "123456", "转存", "+10000.00", "11000.00", "张三", "369396693", "超级网银", "转账"],
            ["20261103", "", "正常还款", "-2345.89", "8654.11", "12341234123412341", "111222333", "", ""],
            ["20261104", "", "结息", "+0.01", "8654.12", "--", "0000000000", "", "个人活期结息"],
        ]
    )
    [pf] = parse_file(data, "abc.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account) for ln in pf.lines] == [
        ("in", Decimal("10000.00"), "张三", ""),
        ("out", Decimal("2345.89"), "", "12341234123412341"),
        ("in", Decimal("0.01"), "", ""),
    ]


def test_danske_banks_published_mt940_example_adds_up_over_its_fifteen_statements() -> None:
    """Danske Bank's (DK) example: a note above the first message, the funds code after the mark (`DK829419,78`: debit,
    K of DKK), statement-level :86: lines before the first :61:, :61: lines without an :86:."""
    pf = _read("mt940", "danske_dk_example.sta")
    assert (pf.account_number, pf.currency, pf.opening_balance, pf.closing_balance) == (
        "DABADKKK/1234567890",
        "DKK",
        Decimal("2478926.70"),
        Decimal("3851379.47"),
    )
    assert (pf.period_start, pf.period_end) == (date(2009, 9, 24), date(2009, 10, 20))
    assert (len(pf.lines), pf.total_in, pf.total_out) == (89, Decimal("3910886.35"), Decimal("2538433.58"))
    first, second = pf.lines[:2]
    assert (first.row, first.booking_date, first.direction, first.amount, first.serial) == (
        14,
        date(2009, 9, 29),
        "out",
        Decimal("829419.78"),
        "Dansken",
    )
    assert (second.booking_date, second.value_date, second.amount, second.summary) == (
        date(2009, 9, 30),
        date(2009, 10, 1),
        Decimal("2214.00"),
        "Gebyrer ifolge nota",
    )
    interest = next(ln for ln in pf.lines if ln.amount == Decimal("5183.49"))
    assert (interest.direction, interest.serial) == ("in", "Rente")


def test_a_spanish_csv_names_its_account_and_currency_in_its_own_words() -> None:
    """`Cuenta` (the account's IBAN on each line) and `Moneda` were not read: the account had to be given and the
    lines, in EUR, were taken in the default currency."""
    pf = _read("csv", "bsp_spanish_headers.csv")
    assert (pf.account_number, pf.currency) == ("ES9121000418450200051332", "EUR")
    assert [(ln.booking_date, ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        (date(2026, 4, 2), "out", Decimal("1234.56"), "Alquiler Abril"),
        (date(2026, 4, 5), "in", Decimal("3500.00"), "Nómina"),
        (date(2026, 4, 9), "out", Decimal("4.50"), "Café"),
    ]


def test_a_schwab_checking_export_reads_its_cheque_number_and_dollar_amounts() -> None:
    [pf] = parse_file((FILES / "schwab_checking_2026-11.csv").read_bytes(), "schwab_checking_2026-11.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.newest_first, pf.opening_balance, pf.closing_balance) == (True, Decimal("734.10"), Decimal("2451.25"))
    assert [(ln.booking_date, ln.direction, ln.amount, ln.voucher_no) for ln in pf.lines] == [
        (date(2026, 11, 30), "in", Decimal("1.25"), ""),
        (date(2026, 11, 18), "out", Decimal("1200.00"), "1042"),
        (date(2026, 11, 9), "in", Decimal("3000.00"), ""),
        (date(2026, 11, 2), "out", Decimal("84.10"), ""),
    ]


def test_one_balance_step_that_does_not_follow_is_a_balance_error_not_a_journal() -> None:
    """Schwab's two-line export whose one step does not follow (interest paid, the balance lower): it fits with debits
    and credits swapped, as one step does as often as not, and the file was said to be a company's journal."""
    data = (
        b'"Date","Status","Type","CheckNumber","Description","Withdrawal","Deposit","RunningBalance"\r\n'
        b'"07/31/2026","Posted","INTADJUST","","Interest Paid","","$1.00","$2.00"\r\n'
        b'"02/03/2026","Posted","ACH","","Electronic Withdrawal","$2.00","","$3.00"\r\n'
    )
    [pf] = parse_file(data, "checking.csv")
    assert [(e.code, e.row, e.column, e.value) for e in pf.errors] == [
        ("balance_mismatch", 2, "RunningBalance", "2.00")
    ]


def test_a_uob_statement_gives_its_currency_after_the_account_number() -> None:
    """大华银行 (UOB, Singapore) writes `Account Number: | 1234567890 | SGD` above its table: the currency was not
    read, and an SGD account's lines were taken in the default currency; nor was its `Statement Period: 01 Nov 2026
    To 30 Nov 2026`."""
    data = xls_bytes(
        [
            ["United Overseas Bank Limited. Company Reg No. 193500026Z"],
            [],
            ["Account Statement Details"],
            [],
            ["Account Number:", 9876543210.0, "SGD"],
            ["Account Type:", "Uniplus Account"],
            ["Statement Period:", "01 Nov 2026 To 30 Nov 2026"],
            ["Transaction Date", "Transaction Description", "Withdrawal", "Deposit", "Available Balance"],
            ["30 Nov 2026", "Interest Credit", 0.0, 0.12, 0.0],
            ["16 Nov 2026", "Cash Withdrawal-ATM\nNFC Mobile WDL", 800.0, 0.0, 0.0],
            ["05 Nov 2026", "Cheque Deposit", 0.0, 545.05, 0.0],
        ]
    )
    [pf] = parse_file(data, "ACC_TXN_History.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("9876543210", "SGD")
    assert (pf.period_start, pf.period_end) == (date(2026, 11, 1), date(2026, 11, 30))  # its month by name
    assert [(ln.booking_date, ln.direction, ln.amount, ln.currency) for ln in pf.lines] == [
        (date(2026, 11, 30), "in", Decimal("0.12"), "SGD"),
        (date(2026, 11, 16), "out", Decimal("800.00"), "SGD"),
        (date(2026, 11, 5), "in", Decimal("545.05"), "SGD"),
    ]


def test_a_code_after_the_account_number_is_its_currency_only_when_it_ends_the_row() -> None:
    rows = [["Account Number:", "9876543210", "SGD", "Savings"], ["Date", "Description", "Amount"]]
    rows += [["2026-11-30", "Interest", "0.12"]]
    [pf] = parse_file(csv_bytes(rows), "statement.csv")
    assert (pf.account_number, pf.currency) == ("9876543210", None)


def test_rows_whose_status_says_they_are_not_booked_are_left_out_and_named() -> None:
    """Schwab's export lists pending lines beside the posted ones (Status `Pending`, no running balance): they were
    read as booked movements."""
    data = (
        b'"Date","Status","Type","CheckNumber","Description","Withdrawal","Deposit","RunningBalance"\r\n'
        b'"12/02/2026","Pending","ACH","","Electronic Withdrawal CITY UTILITIES","$90.00","",""\r\n'
        + (FILES / "schwab_checking_2026-11.csv").read_bytes().split(b"\r\n", 1)[1]
    )
    [pf] = parse_file(data, "checking.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.row for ln in pf.lines] == [3, 4, 5, 6]
    assert (pf.total_in, pf.total_out, pf.closing_balance) == (
        Decimal("3001.25"),
        Decimal("1284.10"),
        Decimal("2451.25"),
    )
    [warning] = pf.warnings
    assert warning.render() == (
        "rows 2 were left out: their status (Pending) says they are not booked (yet); they move no booked money"
    )
