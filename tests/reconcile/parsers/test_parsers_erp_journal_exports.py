"""ERP and bookkeeping exports of a bank account's ledger (tests/fixtures/journals, MANIFEST.md there), read as journals:
the right amounts, days, directions (the company's debit is money in), texts and other parties, the opening balance
where the export gives one, and its total rows (本日合计, 当前合计, Total for Checking, SAP's `*`) never taken for lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import ParseError, parse_file

FILES = Path(__file__).resolve().parents[2] / "fixtures" / "journals"
JAN = 2026, 1


def _read(name: str):
    [pf] = parse_file((FILES / name).read_bytes(), name, kind="journal")
    assert pf.ok, [(e.row, e.column, e.message) for e in pf.errors]
    return pf


def _lines(pf):
    return [(ln.row, ln.booking_date, ln.direction, ln.amount) for ln in pf.lines]


def test_kingdee_cloud_bank_journal_names_the_partner_of_each_line() -> None:
    pf = _read("kingdee_cloud_bank_journal_2026-01.xlsx")
    assert _lines(pf) == [
        (5, date(*JAN, 5), "in", Decimal("12345.67")),
        (7, date(*JAN, 16), "out", Decimal("2345.67")),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("100000.00"), Decimal("110000.00"))
    assert [ln.counterparty_name for ln in pf.lines] == ["恒瑞贸易有限公司", "中科信达科技有限公司"]
    assert (pf.lines[1].serial, pf.lines[1].voucher_no, pf.lines[1].counter_subject) == (
        "记-2",
        "CK0001",
        "2202 应付账款",
    )


def test_kingdee_kis_days_as_excel_serials() -> None:
    pf = _read("kingdee_kis_serial_dates_2026-01.xlsx")
    assert _lines(pf) == [(5, date(*JAN, 5), "in", Decimal("8000.00")), (6, date(*JAN, 20), "out", Decimal("3000.50"))]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("50000.00"), Decimal("54999.50"))


def test_jingdouyun_journal_income_and_expense_columns_and_category() -> None:
    pf = _read("jingdouyun_journal_2026-01.xlsx")
    assert _lines(pf) == [(5, date(*JAN, 5), "in", Decimal("5000.00")), (6, date(*JAN, 19), "out", Decimal("8000.00"))]
    assert pf.opening_balance == Decimal("20000.00")
    assert pf.lines[0].counterparty_name == "恒瑞贸易有限公司"
    assert pf.lines[0].purpose == "销售收入"  # 收支类别


def test_yonyou_u8_cashier_journal_current_total_rows_are_not_lines() -> None:
    """U8 出纳's 当前合计 / 当前累计 rows carry a month and no day: they were refused as dates."""
    pf = _read("yonyou_u8_cashier_journal_2026-01.xlsx")
    assert _lines(pf) == [
        (6, date(*JAN, 5), "in", Decimal("12000.00")),
        (8, date(*JAN, 18), "out", Decimal("2000.00")),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("100000.00"), Decimal("110000.00"))
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("12000.00"), Decimal("2000.00"))


def test_yonyou_u8_ledger_csv_in_gbk() -> None:
    pf = _read("yonyou_u8_ledger_2026-01.csv")
    assert _lines(pf) == [(6, date(*JAN, 3), "out", Decimal("1000.00")), (7, date(*JAN, 21), "in", Decimal("250.00"))]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("5000.00"), Decimal("4250.00"))


def test_haokuaiji_journal_partner_column() -> None:
    pf = _read("haokuaiji_journal_2026-01.xlsx")
    assert [ln.counterparty_name for ln in pf.lines] == ["恒瑞贸易有限公司", "中科信达科技有限公司"]
    assert _lines(pf) == [(5, date(*JAN, 2), "in", Decimal("1000.00")), (6, date(*JAN, 13), "out", Decimal("500.00"))]


def test_sap_line_items_in_chinese_with_alv_total_rows() -> None:
    """SAP's list marks its subtotal `*` and total `**` rows in a cell of their own, without a date."""
    pf = _read("sap_fbl3n_zh_2026-01.csv")
    assert _lines(pf) == [(2, date(*JAN, 5), "in", Decimal("12345.67")), (3, date(*JAN, 16), "out", Decimal("2345.67"))]
    assert [(ln.summary, ln.serial, ln.voucher_no, ln.currency) for ln in pf.lines] == [
        ("客户付款 恒瑞贸易", "1400000012", "HR-01", "CNY"),
        ("供应商付款 中科信达", "1500000007", "CK9", "CNY"),
    ]


def test_sap_line_items_in_german() -> None:
    pf = _read("sap_fbl3n_de_2026-01.csv")
    assert _lines(pf) == [(2, date(*JAN, 5), "in", Decimal("12345.67")), (3, date(*JAN, 16), "out", Decimal("2345.67"))]
    assert [(ln.summary, ln.serial, ln.voucher_no, ln.currency) for ln in pf.lines] == [
        ("Kundenzahlung Hengrui", "1400000012", "HR-01", "EUR"),
        ("Lieferantenzahlung Zhongke", "1500000007", "CK9", "EUR"),
    ]


def test_quickbooks_transaction_detail_month_first_days_told_by_its_title() -> None:
    """01/05/2026 and 01/06/2026 alone do not say which number is the month; the title `January 2026` does."""
    pf = _read("quickbooks_transaction_detail_2026-01.csv")
    assert _lines(pf) == [(8, date(*JAN, 5), "in", Decimal("1234.56")), (9, date(*JAN, 6), "out", Decimal("234.56"))]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("5000.00"), Decimal("6000.00"))
    assert [(ln.counterparty_name, ln.summary, ln.counter_subject) for ln in pf.lines] == [
        ("Hengrui Trading", "Invoice 1001", "Accounts Receivable (A/R)"),
        ("Zhongke Supply", "Materials", "Accounts Payable (A/P)"),
    ]
    assert pf.lines[1].serial == "1042"


def test_xero_account_transactions_section_total_rows() -> None:
    pf = _read("xero_account_transactions_2026-01.csv")
    assert _lines(pf) == [(8, date(*JAN, 5), "in", Decimal("1234.56")), (9, date(*JAN, 6), "out", Decimal("234.56"))]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("5000.00"), Decimal("6000.00"))
    assert [ln.voucher_no for ln in pf.lines] == ["INV-1001", "BILL-7"]


def test_odoo_journal_items_balance_is_each_lines_own() -> None:
    """Odoo's Balance is the line's debit minus credit, not a running balance: it was refused as one."""
    pf = _read("odoo_journal_items_2026-01.csv")
    assert _lines(pf) == [(2, date(*JAN, 5), "in", Decimal("1234.56")), (3, date(*JAN, 6), "out", Decimal("234.56"))]
    assert [(ln.counterparty_name, ln.summary, ln.serial) for ln in pf.lines] == [
        ("Hengrui Trading", "INV/2026/00001", "BNK1/2026/00001"),
        ("Zhongke Supply", "BILL/2026/00007", "BNK1/2026/00002"),
    ]
    assert pf.opening_balance is None and all(ln.balance is None for ln in pf.lines)


def test_oracle_gl_lines_accounted_amounts() -> None:
    pf = _read("oracle_gl_lines_2026-01.csv")
    assert _lines(pf) == [(2, date(*JAN, 5), "in", Decimal("1234.56")), (3, date(*JAN, 6), "out", Decimal("234.56"))]
    assert [ln.summary for ln in pf.lines] == ["Hengrui Trading receipt", "Zhongke Supply payment"]
    assert pf.currency == "CNY"


@pytest.mark.parametrize("name", sorted(p.name for p in FILES.iterdir() if p.suffix in (".csv", ".xlsx")))
def test_every_export_here_is_read_as_a_bank_statement_the_other_way_round_or_refused(name: str) -> None:
    """No export of the folder crashes the reader as a bank statement either (the same file uploaded on the wrong
    side): it is read or refused with a message, never a Python error."""
    from reconcile.parsers import ParseError

    try:
        parse_file((FILES / name).read_bytes(), name, kind="bank")
    except ParseError as exc:
        assert exc.code and str(exc)


@pytest.mark.parametrize(
    ("text", "value"),
    [("$(234.56)", "-234.56"), ("$(1,234.56)", "-1234.56"), ("($1,234.56)", "-1234.56"), ("¥(12.00)", "-12.00")],
)
def test_a_negative_in_parentheses_after_its_currency_sign(text: str, value: str) -> None:
    """QuickBooks writes a negative dollar amount `$(234.56)`: the sign before the parentheses."""
    from reconcile.parsers.amounts import parse_amount_text

    assert parse_amount_text(text) == Decimal(value)


@pytest.mark.parametrize("flag_header", ["借贷", "借贷方向", "D/C", "Dr/Cr"])
def test_a_journal_with_one_amount_column_and_a_debit_credit_flag(flag_header: str) -> None:
    """A journal's 借贷 column beside one 金额 column: 借 is money in, 贷 money out (the flag was not read, and every
    line was taken for money in)."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["银行日记账"],
        ["日期", "凭证号", "摘要", flag_header, "金额", "余额"],
        ["2026-01-05", "记-1", "收款", "借", "1,000.00", "1,000.00"],
        ["2026-01-06", "记-2", "付款", "贷", "300.00", "700.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "journal.xlsx", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("1000.00")), ("out", Decimal("300.00"))]


def test_a_register_names_its_memo_the_summary_and_its_number_the_entry() -> None:
    """QuickBooks Desktop's and NetSuite's registers: Memo is what the line says (Type only its kind), Number the
    entry's number."""
    from tests.reconcile.parsers.cnparse_kit import csv_bytes

    rows = [
        ["Date", "Number", "Type", "Payee", "Memo", "Account", "Payment", "Deposit", "Balance"],
        [
            "2026-01-05",
            "PYMT1001",
            "Payment",
            "Hengrui Trading",
            "Invoice 1001",
            "Accounts Receivable",
            "",
            "1,234.56",
            "6,234.56",
        ],
        [
            "2026-01-06",
            "1042",
            "Bill Payment",
            "Zhongke Supply",
            "Materials",
            "Accounts Payable",
            "234.56",
            "",
            "6,000.00",
        ],
    ]
    [pf] = parse_file(csv_bytes(rows), "register.csv", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.summary, ln.serial, ln.direction) for ln in pf.lines] == [
        ("Invoice 1001", "PYMT1001", "in"),
        ("Materials", "1042", "out"),
    ]


def test_a_foreign_currency_journal_reads_the_accounts_own_currency_under_its_two_row_header() -> None:
    """用友's journal of a foreign-currency account: 借方, 贷方 and 余额 each over 原币 | 本币. The account's own money is
    the 原币 column (the bank's statement is in it); the 原币 | 本币 row was taken for a line without a date."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["银行日记账"],
        ["科目：100202 中行美元户", "", "", "", "", "", "", "币种：美元"],
        ["日期", "凭证号", "摘要", "汇率", "借方", "", "贷方", "", "方向", "余额", ""],
        ["", "", "", "", "原币", "本币", "原币", "本币", "", "原币", "本币"],
        ["2026-01-01", "", "期初余额", "", "", "", "", "", "借", "1,000.00", "7,100.00"],
        ["2026-01-05", "记-1", "收款", "7.10", "500.00", "3,550.00", "", "", "借", "1,500.00", "10,650.00"],
        ["2026-01-16", "记-2", "付款", "7.10", "", "", "200.00", "1,420.00", "借", "1,300.00", "9,230.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "u8_usd.xlsx", kind="journal")
    assert pf.ok, [(e.row, e.message) for e in pf.errors]
    assert (pf.currency, pf.opening_balance, pf.closing_balance) == ("USD", Decimal("1000.00"), Decimal("1300.00"))
    assert _lines(pf) == [(6, date(*JAN, 5), "in", Decimal("500.00")), (7, date(*JAN, 16), "out", Decimal("200.00"))]


def _sap_rows(total: object) -> list[list[object]]:
    return [
        ["Posting Date", "Document Number", "Text", "Amount in Local Currency", "Local Currency"],
        ["2026-01-05", "1400000012", "Customer payment", 12345.67, "CNY"],
        ["2026-01-06", "1500000007", "Vendor payment", -2345.67, "CNY"],
        ["", "", "", total, "CNY"],
    ]


def test_an_unlabelled_total_row_that_adds_up_is_not_a_line() -> None:
    """SAP's spreadsheet export may keep a list's total row without its `*`: no date, no text, the sum of the amounts
    above. It was refused as a line without a date."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    [pf] = parse_file(xlsx_bytes(_sap_rows(10000.00)), "fagll03.xlsx", kind="journal")
    assert pf.ok, [(e.row, e.message) for e in pf.errors]
    assert [ln.row for ln in pf.lines] == [2, 3]


def test_an_undated_amount_that_is_not_the_total_above_is_still_refused_on_its_row() -> None:
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    [pf] = parse_file(xlsx_bytes(_sap_rows(9999.00)), "fagll03.xlsx", kind="journal")
    [err] = pf.errors
    assert (err.row, err.column, err.code) == (4, "Posting Date", "missing_value")


def test_an_entry_whose_summary_ends_in_a_total_word_is_a_line() -> None:
    """`代发工资合计` on an entry with its voucher number is the entry, not a 合计 row (total rows carry no voucher)."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["银行存款日记账"],
        ["日期", "凭证字号", "摘要", "借方金额", "贷方金额", "余额"],
        ["2026-01-01", "", "期初余额", "", "", "10,000.00"],
        ["2026-01-05", "记-1", "收款", "500.00", "", "10,500.00"],
        ["2026-01-10", "记-5", "代发工资合计", "", "3,000.00", "7,500.00"],
        ["2026-01-31", "", "本月合计", "500.00", "3,000.00", "7,500.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "kis.xlsx", kind="journal")
    assert pf.ok, [(e.row, e.message) for e in pf.errors]
    assert [(ln.row, ln.summary, ln.amount) for ln in pf.lines] == [
        (4, "收款", Decimal("500.00")),
        (5, "代发工资合计", Decimal("3000.00")),
    ]


def _qbo_sections(second_opening: str, second: str = "Savings") -> bytes:
    from tests.reconcile.parsers.cnparse_kit import csv_bytes

    head = ["", "Date", "Transaction Type", "Num", "Name", "Memo/Description", "Split", "Amount", "Balance"]
    return csv_bytes(
        [
            ["Blue Sea LLC"], ["Transaction Detail by Account"], ["January 2026"], [], head,
            ["Checking"],
            ["", "Beginning Balance", "", "", "", "", "", "", "5,000.00"],
            ["", "01/05/2026", "Deposit", "", "Hengrui Trading", "Invoice 1001", "A/R", "1,234.56", "6,234.56"],
            ["Total for Checking", "", "", "", "", "", "", "$1,234.56", ""],
            [second],
            ["", "Beginning Balance", "", "", "", "", "", "", second_opening],
            ["", "01/16/2026", "Transfer", "", "", "", "Checking", "100.00", "9,100.00"],
        ]
    )  # fmt: skip


def test_a_report_of_several_accounts_is_refused_where_the_second_begins() -> None:
    """QuickBooks' report of every account: a second Beginning Balance after lines, not where the first account's
    balance stands, starts another account. Refused on that row, saying to export the bank account alone (it was
    refused with a running-balance error on each line)."""
    from django.utils import translation

    with pytest.raises(ParseError) as refused:  # headed by two accounts' names: the sections are named
        parse_file(_qbo_sections("9,000.00"), "qbo.csv", kind="journal")
    with translation.override("en"):
        assert "sections of 2 accounts (Checking, Savings)" in refused.value.message
        assert "choose at upload the account" in refused.value.message
    [pf] = parse_file(_qbo_sections("9,000.00", "Checking"), "qbo.csv", kind="journal")  # one account's heading again
    [err] = pf.errors
    assert (err.row, err.column, err.code) == (11, "Balance", "bad_record")
    with translation.override("en"):
        assert "export" in err.message and "one account" in err.message


def test_a_brought_forward_row_where_the_balance_stands_continues_the_account() -> None:
    [pf] = parse_file(_qbo_sections("6,234.56", "Checking"), "qbo.csv", kind="journal")
    assert pf.errors and pf.errors[0].code == "balance_mismatch"  # 6,234.56 + 100.00 is not 9,100.00: read on
    assert pf.opening_balance == Decimal("5000.00")


@pytest.mark.parametrize(
    ("name", "lines", "opening", "closing"),
    [
        (
            "yonyou_u8_foreign_currency_journal_2026-01.xlsx",
            [(6, date(*JAN, 5), "in", Decimal("500.00")), (7, date(*JAN, 16), "out", Decimal("200.00"))],
            Decimal("1000.00"),
            Decimal("1300.00"),
        ),
        (
            "yonyou_nc_bank_journal_2026-01.xlsx",
            [(5, date(*JAN, 15), "in", Decimal("123.46")), (6, date(*JAN, 20), "out", Decimal("3000.00"))],
            Decimal("9876.54"),
            Decimal("7000.00"),
        ),
        (
            "inspur_bank_journal_2026-01.csv",
            [(5, date(*JAN, 4), "out", Decimal("200.00")), (6, date(*JAN, 20), "in", Decimal("300.00"))],
            Decimal("1000.00"),
            Decimal("1100.00"),
        ),
        (
            "chanjet_tplus_flag_journal_2026-01.xlsx",
            [(4, date(*JAN, 10), "in", Decimal("100000.00")), (5, date(*JAN, 20), "out", Decimal("15.00"))],
            Decimal("0.00"),
            Decimal("99985.00"),
        ),
        (
            "sage50_nominal_activity_2026-01.csv",
            [(2, date(*JAN, 5), "in", Decimal("1234.56")), (3, date(*JAN, 16), "out", Decimal("234.56"))],
            None,
            None,
        ),
        (
            "netsuite_register_2026-01.csv",
            [(5, date(*JAN, 5), "in", Decimal("1234.56")), (6, date(*JAN, 6), "out", Decimal("234.56"))],
            Decimal("5000.00"),
            Decimal("6000.00"),
        ),
        (
            "quickbooks_desktop_general_ledger_2026-01.csv",
            [(6, date(*JAN, 5), "in", Decimal("1234.56")), (7, date(*JAN, 16), "out", Decimal("234.56"))],
            Decimal("5000.00"),
            Decimal("6000.00"),
        ),
    ],
)
def test_more_ledger_exports(name: str, lines: list, opening: Decimal | None, closing: Decimal | None) -> None:
    pf = _read(name)
    assert _lines(pf) == lines
    assert (pf.opening_balance, pf.closing_balance) == (opening, closing)


def test_the_foreign_currency_journal_is_in_its_accounts_currency() -> None:
    pf = _read("yonyou_u8_foreign_currency_journal_2026-01.xlsx")
    assert pf.currency == "USD" and (pf.controls.in_total, pf.controls.out_total) == (
        Decimal("500.00"),
        Decimal("200.00"),
    )


def test_the_register_and_ledger_name_the_other_party_and_what_the_line_is() -> None:
    ns = _read("netsuite_register_2026-01.csv")
    assert [(ln.counterparty_name, ln.summary, ln.serial) for ln in ns.lines] == [
        ("Hengrui Trading", "Invoice 1001", "PYMT1001"),
        ("Zhongke Supply", "Materials", "1042"),
    ]
    qbd = _read("quickbooks_desktop_general_ledger_2026-01.csv")
    assert [(ln.counterparty_name, ln.summary, ln.counter_subject) for ln in qbd.lines] == [
        ("Hengrui Trading", "Invoice 1001", "Accounts Receivable"),
        ("Zhongke Supply", "Materials", "Accounts Payable"),
    ]
    tplus = _read("chanjet_tplus_flag_journal_2026-01.xlsx")
    assert [ln.counterparty_name for ln in tplus.lines] == ["蓝海投资", ""]


def test_a_day_merged_down_over_that_days_entries() -> None:
    """A formatted Excel export writes a day once, its cell merged down over the day's entries: each entry is of that
    day (the second was refused as a line without a date)."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["银行存款日记账"],
        ["日期", "凭证字号", "摘要", "借方金额", "贷方金额", "余额"],
        ["2026-01-01", "", "期初余额", "", "", "1,000.00"],
        ["2026-01-05", "记-1", "收款", "500.00", "", "1,500.00"],
        ["", "记-2", "付款", "", "200.00", "1,300.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows, merges=["A4:A5"]), "kis.xlsx", kind="journal")
    assert pf.ok, [(e.row, e.message) for e in pf.errors]
    assert _lines(pf) == [(4, date(*JAN, 5), "in", Decimal("500.00")), (5, date(*JAN, 5), "out", Decimal("200.00"))]


SAP_SHORT = [
    ["Pstng Date", "DocumentNo", "Assignment", "Text", "Amount in LC", "LCurr"],
    ["05.01.2026", "1400000012", "HR-01", "Customer payment", "12,345.67", "CNY"],
    ["16.01.2026", "1500000007", "CK9", "Vendor payment", "2,345.67-", "CNY"],
]


def test_sap_short_column_headings_tab_separated() -> None:
    """SAP labels narrow columns with short headings (Pstng Date, DocumentNo, LCurr); `Text with Tabs` export."""
    data = "".join("\t".join(r) + "\r\n" for r in SAP_SHORT).encode()
    [pf] = parse_file(data, "fbl3n.txt", kind="journal")
    assert pf.ok, [(e.row, e.message) for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount, ln.serial) for ln in pf.lines] == [
        (date(*JAN, 5), "in", Decimal("12345.67"), "1400000012"),
        (date(*JAN, 16), "out", Decimal("2345.67"), "1500000007"),
    ]


def test_sap_unconverted_list_with_its_rules_and_pipes() -> None:
    """SAP's `unconverted` list download: rows between `|`, ruled off by dashes, the subtotal marked `*`."""
    rule = "-" * 80
    body = [rule, "|" + "|".join(SAP_SHORT[0]) + "|", rule]
    body += ["|" + "|".join(r) + "|" for r in SAP_SHORT[1:]]
    body += [rule, "|*||||10,000.00|CNY|", rule]
    [pf] = parse_file(("\r\n".join(body) + "\r\n").encode(), "fbl3n.txt", kind="journal")
    assert pf.ok, [(e.row, e.message) for e in pf.errors]
    assert [(ln.row, ln.direction, ln.amount) for ln in pf.lines] == [
        (4, "in", Decimal("12345.67")),
        (5, "out", Decimal("2345.67")),
    ]


def test_a_journal_writing_month_and_day_in_the_year_its_title_names() -> None:
    """A journal of the year `2026年度` writing its days `01-05`: they are of 2026 (they were refused as unreadable)."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["银行存款日记账"],
        ["科目：1002 银行存款", "", "2026年度"],
        ["日期", "凭证字号", "摘要", "借方金额", "贷方金额", "余额"],
        ["01-01", "", "上年结转", "", "", "1,000.00"],
        ["01-05", "记-1", "收款", "500.00", "", "1,500.00"],
        ["01-16", "记-2", "付款", "", "200.00", "1,300.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "kis.xlsx", kind="journal")
    assert pf.ok, [(e.row, e.message) for e in pf.errors]
    assert _lines(pf) == [(5, date(*JAN, 5), "in", Decimal("500.00")), (6, date(*JAN, 16), "out", Decimal("200.00"))]


def test_a_total_row_counting_its_vouchers_is_still_a_total() -> None:
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["银行存款日记账"],
        ["日期", "凭证字号", "摘要", "借方金额", "贷方金额", "余额"],
        ["2026-01-01", "", "期初余额", "", "", "10,000.00"],
        ["2026-01-05", "记-1", "收款", "500.00", "", "10,500.00"],
        ["2026-01-31", "共1张", "本月合计", "500.00", "", "10,500.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "kis.xlsx", kind="journal")
    assert pf.ok, [(e.row, e.message) for e in pf.errors]
    assert [ln.row for ln in pf.lines] == [4] and pf.controls.in_total == Decimal("500.00")


def test_a_foreign_currency_journals_yuan_value_beside_its_amount_is_not_the_amount() -> None:
    """A foreign account's journal writing 金额 (its own money) and 本币金额 (the yuan value): the amount is 金额. The
    ERP names read 本币金额 instead, every line in yuan against a statement in dollars."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["银行日记账"],
        ["日期", "凭证号", "摘要", "借贷", "金额", "本币金额"],
        ["2026-01-05", "记-1", "收款", "借", "500.00", "3,550.00"],
        ["2026-01-06", "记-2", "付款", "贷", "300.00", "2,130.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "journal.xlsx", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("500.00")), ("out", Decimal("300.00"))]


def test_a_balance_side_named_jiedai_does_not_outrank_the_lines_own_direction_column() -> None:
    """收支 says each line's direction; 借贷方向 beside 余额 is the balance's side (借 on every line). The ERP flag
    names took 借贷方向 for the line's flag, and a payment was read as money in."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["银行日记账"],
        ["日期", "凭证号", "摘要", "收支", "金额", "借贷方向"],
        ["2026-01-05", "记-1", "收款", "收", "500.00", "借"],
        ["2026-01-06", "记-2", "付款", "支", "300.00", "借"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "journal.xlsx", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("500.00")), ("out", Decimal("300.00"))]


def test_an_undated_row_with_its_own_running_balance_is_a_line_without_a_date() -> None:
    """A row of an amount and a balance only, equal to the line above: a line whose date is missing (a list's total
    carries no running balance). It was dropped as a total, and the next row refused for a balance that 'does not
    follow'."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["交易日期", "摘要", "收入", "支出", "余额"],
        ["2026-01-05", "转账", "500.00", "", "1,500.00"],
        ["", "", "500.00", "", "2,000.00"],
        ["2026-01-06", "转账", "", "200.00", "1,800.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "statement.xlsx", kind="bank")
    assert [(e.row, e.column, e.code) for e in pf.errors] == [(3, "交易日期", "missing_value")]


def test_a_statement_of_several_accounts_by_its_account_column_is_still_read_per_account() -> None:
    """A bank's export of several accounts with an account column, each section opening with its balance: one
    statement per account, as before the second-opening-balance check (which refused the file)."""
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["账号", "交易日期", "摘要", "收入", "支出", "余额"],
        ["6222001", "2026-01-01", "期初余额", "", "", "1,000.00"],
        ["6222001", "2026-01-05", "转账", "500.00", "", "1,500.00"],
        ["6222002", "2026-01-01", "期初余额", "", "", "9,000.00"],
        ["6222002", "2026-01-06", "转账", "", "200.00", "8,800.00"],
    ]
    pfs = parse_file(xlsx_bytes(rows), "statement.xlsx", kind="bank")
    assert [(pf.account_number, pf.ok, [ln.row for ln in pf.lines]) for pf in pfs] == [
        ("6222001", True, [3]),
        ("6222002", True, [5]),
    ]
