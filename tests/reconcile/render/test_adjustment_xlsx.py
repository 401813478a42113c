"""余额调节表 XLSX: real numbers and values a reader that does not recalculate can see, text that stays text,
print setup.

Every figure is a value (no formula: openpyxl stores no cached result, so previews and pandas showed blank totals);
the tests read the file with ``data_only=True``, as such a reader does, and compare with the Python arithmetic.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from reconcile.render.adjustment import AdjustmentItem
from reconcile.render.adjustment_xlsx import (
    AMOUNT_FORMAT,
    DETAIL_SHEET,
    SUMMARY_SHEET,
    render_adjustment_xlsx,
)
from tests.fixtures.hostile import FORMULA_TEXTS
from tests.reconcile.render.recon_adjustment_example import worked_example


def figure(wb: Workbook, sheet: str, ref: str) -> Decimal:
    value = wb[sheet][ref].value
    assert isinstance(value, (int, float, Decimal)) and not isinstance(value, bool), (sheet, ref, value)
    return Decimal(str(value))


def load(table) -> Workbook:  # type: ignore[no-untyped-def]
    # data_only: what a reader that does not recalculate sees (a formula's cell would read as None)
    return load_workbook(io.BytesIO(render_adjustment_xlsx(table)), data_only=True)


def no_formulas(table) -> None:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(render_adjustment_xlsx(table)))
    formulas = [
        (ws.title, c.coordinate, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []


def test_worked_example_totals_and_conclusion_are_values() -> None:
    table = worked_example()
    wb = load(table)
    assert wb.sheetnames == [SUMMARY_SHEET, DETAIL_SHEET]
    ws = wb[SUMMARY_SHEET]
    assert ws["A1"].value == "银行存款余额调节表"
    assert "1002.01" in ws["A3"].value and "2026年10月31日" in ws["C3"].value

    # Balances are numbers, not text.
    assert ws["B6"].data_type == "n" and ws["B6"].value == 1250000
    assert ws["D6"].data_type == "n" and ws["D6"].value == 1198500
    expected = {
        "B7": "30000.00",
        "B8": "80000.00",
        "D7": "1650.00",
        "D8": "150.00",
        "B9": "1200000.00",
        "D9": "1200000.00",
        "B11": "0",
    }
    for ref, value in expected.items():
        assert figure(wb, SUMMARY_SHEET, ref) == Decimal(value), ref
    assert figure(wb, SUMMARY_SHEET, "B9") == table.adjusted_bank_balance
    assert figure(wb, SUMMARY_SHEET, "D9") == table.adjusted_book_balance
    assert ws["B12"].value == "调节相符" and ws["B12"].data_type == "s"
    for ref in ("B6", "B7", "B8", "B9", "D6", "D7", "D8", "D9", "B11"):
        assert ws[ref].number_format == AMOUNT_FORMAT, ref
    # The summary's 加/减 figures are the detail sheet's subtotals.
    subtotals = [
        figure(wb, DETAIL_SHEET, f"E{row[0].row}")
        for row in wb[DETAIL_SHEET].iter_rows(min_row=5)
        if row[3].value == "小计"
    ]
    assert subtotals == [Decimal("30000"), Decimal("80000"), Decimal("1650"), Decimal("150")]
    # Agreed: no static red.
    assert ws["B11"].font.color is None or ws["B11"].font.color.rgb != "00C00000"
    no_formulas(table)


def test_detail_sheet_items_are_typed() -> None:
    wb = load(worked_example())
    ws = wb[DETAIL_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    items = [r for r in rows if isinstance(r[1], dt.datetime)]
    assert [(r[0], r[1].date(), r[2], r[4]) for r in items] == [
        ("企业已收银行未收", dt.date(2026, 10, 31), "ZP-0031", 30000),
        ("企业已付银行未付", dt.date(2026, 10, 28), "10234567", 80000),
        ("银行已收企业未收", dt.date(2026, 10, 31), "JX20261031", 1650),
        ("银行已付企业未付", dt.date(2026, 10, 31), "SXF1031", 150),
    ]
    for row in ws.iter_rows(min_row=5):
        if isinstance(row[1].value, dt.datetime):
            assert row[1].number_format == "yyyy-mm-dd"
            assert row[4].data_type == "n" and row[4].number_format == AMOUNT_FORMAT
    subtotals = [r[4] for r in rows if r[3] == "小计"]
    assert subtotals == [30000, 80000, 1650, 150]


def test_print_setup() -> None:
    wb = load(worked_example())
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.orientation == "portrait"
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.page_margins.left == 0.5
        assert "&P" in ws.oddFooter.center.text
    assert wb[DETAIL_SHEET].print_title_rows == "$4:$4"
    assert wb[SUMMARY_SHEET].print_area == "'余额调节表'!$A$1:$D$14"


def test_disagreement_is_loud() -> None:
    table = worked_example(book_balance=Decimal("1198400.00"))
    wb = load(table)
    ws = wb[SUMMARY_SHEET]
    assert figure(wb, SUMMARY_SHEET, "B11") == Decimal("100.00") == table.difference
    assert ws["B12"].value == "调节不符，差额 100.00"
    assert ws["B11"].font.color.rgb == "00C00000" and ws["B11"].font.bold
    assert ws["B12"].fill.fgColor.rgb == "00FFC7CE"
    no_formulas(table)


@pytest.mark.parametrize("n_items", [0, 1, 25])
def test_item_counts_and_many_items(n_items: int) -> None:
    items = tuple(
        AdjustmentItem(dt.date(2026, 10, 1 + i % 28), f"R{i}", f"测试{i}", Decimal("0.01") * (i + 1))
        for i in range(n_items)
    )
    table = worked_example(bank_in_not_journal=items)
    wb = load(table)
    assert figure(wb, SUMMARY_SHEET, "D7") == sum((i.amount for i in items), Decimal(0))
    assert figure(wb, SUMMARY_SHEET, "D9") == table.adjusted_book_balance
    assert figure(wb, SUMMARY_SHEET, "B11") == table.difference


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_text_from_data_stays_text(text: str) -> None:
    """A summary or reference the payer wrote (=HYPERLINK, =1+1, +1, -1, @SUM, a leading tab or CR) is a string
    cell with its text intact, never a formula; the company, account and preparer lines too."""
    item = AdjustmentItem(dt.date(2026, 10, 31), text, text, Decimal("10.00"))
    table = worked_example(
        bank_in_not_journal=(item,), company_name=text, account_name=text, prepared_by=text, bank_name=text
    )
    wb = load_workbook(io.BytesIO(render_adjustment_xlsx(table)))
    detail = wb[DETAIL_SHEET]
    row = next(r for r in detail.iter_rows(min_row=5) if r[4].value == 10)
    for cell in (row[2], row[3]):
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix  # stays text when a person edits the cell in Excel
    summary = wb[SUMMARY_SHEET]
    assert summary["A2"].value == f"单位：{text}" and summary["A2"].data_type == "s"
    assert summary["A14"].value == f"编制人：{text}" and summary["A14"].data_type == "s"
    no_formulas(table)


def test_control_characters_do_not_break_the_file() -> None:
    item = AdjustmentItem(dt.date(2026, 10, 31), "R\x00", "摘要\x01\x1f", Decimal("10.00"))
    wb = load(worked_example(bank_in_not_journal=(item,)))
    row = next(r for r in wb[DETAIL_SHEET].iter_rows(min_row=5) if r[4].value == 10)
    assert row[2].value == "R\ufffd" and row[3].value == "摘要\ufffd\ufffd"
