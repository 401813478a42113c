"""The second set of ERP exports of a bank account's books (tests/fixtures/journals/build_more.py, MANIFEST.md there):
ledgers (明细账) beside the cashiers' journals, SAP's list downloads as SAP GUI saves them, more English packages.
Each is read as a journal: the right days, directions (借方 / debit / S is money into the account), amounts,
voucher references and texts, the opening and closing balances where the export gives them, totals never lines."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl

from reconcile.parsers import parse_file
from tests.reconcile.parsers.test_parsers_erp_journal_exports import FILES

IN_OUT = [(date(2026, 1, 5), "in", Decimal("12345.67")), (date(2026, 1, 16), "out", Decimal("2345.67"))]
BALANCES = (Decimal("100000.00"), Decimal("110000.00"))


def _read(name: str):
    [pf] = parse_file((FILES / name).read_bytes(), name, kind="journal")
    assert pf.ok, [(e.row, e.column, e.message) for e in pf.errors]
    return pf


def _moves(pf):
    return [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines]


def test_sap_fagll03_signed_amount_beside_its_indicator_is_not_turned_round() -> None:
    """The H line's amount is negative and its indicator H: both say credit. Read as a reversal, it was money in."""
    pf = _read("sap_fagll03_en_indicator_2026-01.csv")
    assert _moves(pf) == IN_OUT
    assert [ln.serial for ln in pf.lines] == ["100000012", "1500000034"]
    assert [ln.summary for ln in pf.lines] == ["Customer payment Hengrui", "Vendor payment Zhongke"]


def test_sap_german_soll_haben_indicator_gives_the_direction_of_unsigned_amounts() -> None:
    """Soll/Haben-Kennz. was no known column: the H line, its amount unsigned, was read as money in."""
    pf = _read("sap_fb03_de_soll_haben_kennz_2026-01.csv")
    assert _moves(pf) == IN_OUT
    assert [(ln.serial, ln.voucher_no, ln.currency) for ln in pf.lines] == [
        ("100000012", "A1", "EUR"),
        ("1500000034", "A2", "EUR"),
    ]


def test_sap_spreadsheet_download_utf16_text_named_xls() -> None:
    """SAP GUI's Spreadsheet export (tab-separated UTF-16 named .xls) heads the amount `Amount in local cur.`: it was
    refused as plain text holding no journal table."""
    pf = _read("sap_fbl3n_spreadsheet_2026-01.xls")
    assert _moves(pf) == IN_OUT
    assert [ln.row for ln in pf.lines] == [2, 3]


def test_sap_unconverted_list_with_rules_and_pipes() -> None:
    pf = _read("sap_fbl3n_unconverted_2026-01.txt")
    assert _moves(pf) == IN_OUT
    assert [ln.serial for ln in pf.lines] == ["100000012", "1500000034"]


def test_kingdee_cloud_gl_detail_markers_after_account_year_and_period() -> None:
    """星空's 明细账 puts 科目编码, 科目名称, 日期, 会计年度 and 期间 before 摘要: its 期初余额 was refused as a line
    without an amount and 本期合计 / 本年累计 as lines with both sides."""
    pf = _read("kingdee_cloud_gl_detail_2026-01.xlsx")
    assert _moves(pf) == IN_OUT
    assert (pf.opening_balance, pf.closing_balance) == BALANCES
    assert [(ln.row, ln.serial, ln.summary) for ln in pf.lines] == [(5, "记-1", "收到货款"), (6, "记-2", "支付材料款")]
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("12345.67"), Decimal("2345.67"))


def test_yonsuite_gl_detail_dated_by_voucher_date() -> None:
    """凭证日期 was no date column: the file was refused as having no header."""
    pf = _read("yonsuite_gl_detail_2026-01.xlsx")
    assert _moves(pf) == IN_OUT
    assert (pf.opening_balance, pf.closing_balance) == BALANCES


def test_kis_red_ink_reversal_and_its_netted_month_total() -> None:
    """A 借方 -500.00 (红字冲销) is money out; 本月合计 nets it (7500.00 借, 0.00 贷) and agrees: it was refused as
    totals that differ from the lines (8000.00 in, 500.00 out)."""
    pf = _read("kingdee_kis_red_ink_2026-01.xls")
    assert _moves(pf) == [(date(2026, 1, 5), "in", Decimal("8000.00")), (date(2026, 1, 20), "out", Decimal("500.00"))]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("50000.00"), Decimal("57500.00"))
    assert [ln.serial for ln in pf.lines] == ["记 - 3", "记 - 4"]


def test_month_total_short_of_a_reversal_on_one_side_only_is_still_refused() -> None:
    """The reversal explains totals short of the lines by it on both sides, not a total that misses it on one."""
    rows = [
        ["日期", "凭证字号", "摘要", "借方金额", "贷方金额", "余额"],
        ["2026-01-01", "", "上年结转", "", "", 50000],
        ["2026-01-05", "记-3", "收货款", 8000, "", 58000],
        ["2026-01-20", "记-4", "冲销多收货款", -500, "", 57500],
        ["", "", "本月合计", 8000, 0, 57500],
    ]
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    [pf] = parse_file(buf.getvalue(), "journal.xlsx", kind="journal")
    assert not pf.ok
    assert {(e.row, e.column) for e in pf.errors} == {(5, "本月合计(贷方金额)")}


def test_sage50_us_general_ledger_beginning_balance_in_trans_description() -> None:
    """Debit Amt / Credit Amt were unknown (no header found) and Beginning Balance, after the account's ID, name and
    day, was not seen as the opening balance."""
    pf = _read("sage50_us_general_ledger_2026-01.csv")
    assert _moves(pf) == IN_OUT
    assert (pf.opening_balance, pf.closing_balance) == BALANCES  # Ending Balance (was skipped: no closing balance)
    assert [(ln.voucher_no, ln.summary) for ln in pf.lines] == [
        ("1001", "Hengrui Trading"),
        ("2002", "Zhongke Supplies"),
    ]
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("12345.67"), Decimal("2345.67"))


def test_business_central_german_bank_ledger_entries() -> None:
    """Belegnr. and Beschreibung were unknown: too few columns named, the file was refused as having no header."""
    pf = _read("dynamics_bc_bank_ledger_de_2026-01.csv")
    assert _moves(pf) == IN_OUT
    assert [(ln.serial, ln.summary) for ln in pf.lines] == [
        ("ZE0001", "Zahlung Kunde"),
        ("ZA0002", "Zahlung Lieferant"),
    ]


def test_layouts_read_as_they_were() -> None:
    """Kept as they read before: 用友 T3 and K/3 WISE .xls, 速达 GBK, QuickBooks' bank register (newest first),
    Sage Intacct, Business Central in English."""
    for name in (
        "yonyou_t3_bank_journal_2026-01.xls",
        "kingdee_k3wise_gl_detail_2026-01.xls",
        "superdata_bank_journal_2026-01.csv",
        "sage_intacct_gl_detail_2026-01.csv",
    ):
        pf = _read(name)
        assert _moves(pf) == IN_OUT, name
        assert (pf.opening_balance, pf.closing_balance) == BALANCES, name
    pf = _read("quickbooks_bank_register_2026-01.csv")
    assert sorted(_moves(pf)) == IN_OUT
    assert [ln.counterparty_name for ln in pf.lines] == ["Zhongke Supplies", "Hengrui Trading"]
    assert (pf.opening_balance, pf.closing_balance) == BALANCES
    pf = _read("dynamics_bc_bank_ledger_2026-01.xlsx")
    assert _moves(pf) == IN_OUT
    assert [ln.serial for ln in pf.lines] == ["PMT0001", "PV0002"]
    t3 = _read("yonyou_t3_bank_journal_2026-01.xls")
    assert [(ln.serial, ln.voucher_no) for ln in t3.lines] == [("收-0001", ""), ("付-0002", "0045")]


def test_yonyou_u8_overdrawn_ledger_balance_on_the_credit_side() -> None:
    """期初余额 平 0.00, then 贷 5,000.00 (overdrawn), then 借 3,000.00."""
    pf = _read("yonyou_u8_overdrawn_ledger_2026-01.csv")
    assert _moves(pf) == [(date(2026, 1, 5), "out", Decimal("5000.00")), (date(2026, 1, 9), "in", Decimal("8000.00"))]
    assert [ln.balance for ln in pf.lines] == [Decimal("-5000.00"), Decimal("3000.00")]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("0.00"), Decimal("3000.00"))


def test_an_ending_balance_the_lines_do_not_reach_is_refused_naming_its_row() -> None:
    data = (FILES / "sage50_us_general_ledger_2026-01.csv").read_bytes().replace(b'"110,000.00"', b'"111,000.00"')
    [pf] = parse_file(data, "gl.csv", kind="journal")
    assert [(e.row, e.column, e.value) for e in pf.errors] == [(9, "Ending Balance", "111000.00")]


def test_xero_contact_is_the_other_party() -> None:
    pf = _read("xero_account_transactions_contact_2026-01.csv")
    assert _moves(pf) == IN_OUT  # 05/01/2026 day first, as the title's `1 January 2026` tells
    assert [ln.counterparty_name for ln in pf.lines] == ["Hengrui Trading", "Zhongke Supplies"]
    assert (pf.opening_balance, pf.closing_balance) == BALANCES


def test_sap_german_unconverted_list_dated_by_belegdatum() -> None:
    """Belegnr and Belegdatum were unknown (no header); Betrag in HW's `2.345,67-` is money out."""
    pf = _read("sap_fbl3n_unconverted_de_2026-01.txt")
    assert _moves(pf) == IN_OUT
    assert [(ln.serial, ln.voucher_no) for ln in pf.lines] == [("100000012", "20260105"), ("1500000034", "20260116")]


def test_netsuite_saved_search_amount_debit_and_credit() -> None:
    """Amount (Debit) was read as a signed amount column and the credit line refused as empty."""
    pf = _read("netsuite_saved_search_2026-01.csv")
    assert _moves(pf) == IN_OUT
    assert (pf.opening_balance, pf.closing_balance) == BALANCES
    assert [ln.counterparty_name for ln in pf.lines] == ["Hengrui Trading", "Zhongke Supplies"]


def test_oracle_fusion_signed_accounted_amount() -> None:
    """Entered / Accounted Amount were unknown amount columns: the file was refused."""
    pf = _read("oracle_fusion_signed_lines_2026-01.csv")
    assert _moves(pf) == IN_OUT
    assert [ln.summary for ln in pf.lines] == ["Hengrui receipt", "Zhongke payment"]


def test_sap_posting_date_wins_over_the_document_date() -> None:
    text = "Belegdatum;Buchungsdatum;Belegnummer;Betrag in Hauswährung;Text\r\n30.12.2025;05.01.2026;1;100,00;x\r\n"
    [pf] = parse_file(text.encode("cp1252"), "fbl3n.csv", kind="journal")
    assert pf.ok
    assert [ln.booking_date for ln in pf.lines] == [date(2026, 1, 5)]
