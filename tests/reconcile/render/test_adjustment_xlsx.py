"""余额调节表 XLSX: real numbers, followable formulas, print setup.

openpyxl stores no cached results, so formulas are recomputed here by a tiny
evaluator that understands exactly the forms the renderer writes (=SUM(range),
cross-sheet references, +/-), and compared with the Python arithmetic.  (Also
verified once with LibreOffice headless: both sheets recompute to the same
figures -- see bench/render/RESULTS.md.)
"""

from __future__ import annotations

import datetime as dt
import io
import re
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
from tests.reconcile.render.recon_adjustment_example import worked_example

_REF = re.compile(r"(?:'(?P<sheet>[^']+)'!)?\$?(?P<col>[A-Z]+)\$?(?P<row>\d+)")
_TERM = re.compile(r"([+-]?)(SUM\((?P<a>[A-Z]+\d+):(?P<b>[A-Z]+\d+)\)|(?:'[^']+'!)?[A-Z]+\d+)")


def evaluate(wb: Workbook, sheet: str, ref: str) -> Decimal:
    value = wb[sheet][ref].value
    if value is None:
        return Decimal(0)
    if not isinstance(value, str):
        assert isinstance(value, (int, float, Decimal)), (sheet, ref, value)
        return Decimal(str(value))
    assert value.startswith("="), (sheet, ref, value)
    expr = value[1:]
    pos, total = 0, Decimal(0)
    while pos < len(expr):
        m = _TERM.match(expr, pos)
        assert m, f"unsupported formula {value!r} at {expr[pos:]!r}"
        sign = -1 if m.group(1) == "-" else 1
        if m.group("a"):
            col_a, row_a = _split(m.group("a"))
            col_b, row_b = _split(m.group("b"))
            assert col_a == col_b
            term = sum((evaluate(wb, sheet, f"{col_a}{r}") for r in range(row_a, row_b + 1)), Decimal(0))
        else:
            r = _REF.fullmatch(m.group(2))
            assert r
            term = evaluate(wb, r.group("sheet") or sheet, f"{r.group('col')}{r.group('row')}")
        total += sign * term
        pos = m.end()
    return total


def _split(ref: str) -> tuple[str, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert m
    return m.group(1), int(m.group(2))


def load(table) -> Workbook:  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(render_adjustment_xlsx(table)))


def test_worked_example_cells_formulas_and_values() -> None:
    table = worked_example()
    wb = load(table)
    assert wb.sheetnames == [SUMMARY_SHEET, DETAIL_SHEET]
    ws = wb[SUMMARY_SHEET]
    assert ws["A1"].value == "银行存款余额调节表"
    assert "1002.01" in ws["A3"].value and "2026年10月31日" in ws["C3"].value

    # Balances are numbers, not text.
    assert ws["B6"].data_type == "n" and ws["B6"].value == 1250000
    assert ws["D6"].data_type == "n" and ws["D6"].value == 1198500
    # Followable formulas.
    assert ws["B9"].value == "=B6+B7-B8"
    assert ws["D9"].value == "=D6+D7-D8"
    assert ws["B11"].value == "=B9-D9"
    for ref in ("B7", "B8", "D7", "D8"):
        assert ws[ref].data_type == "f"
        assert ws[ref].value.startswith(f"='{DETAIL_SHEET}'!E")
    assert ws["B12"].value.startswith('=IF(ROUND(B11,2)=0,"调节相符"')
    for ref in ("B6", "B7", "B8", "B9", "D6", "D7", "D8", "D9", "B11"):
        assert ws[ref].number_format == AMOUNT_FORMAT, ref

    # Recompute every formula from the cells.
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
        assert evaluate(wb, SUMMARY_SHEET, ref) == Decimal(value), ref
    assert evaluate(wb, SUMMARY_SHEET, "B9") == table.adjusted_bank_balance
    assert evaluate(wb, SUMMARY_SHEET, "D9") == table.adjusted_book_balance
    # Agreed: no static red.
    assert ws["B11"].font.color is None or ws["B11"].font.color.rgb != "00C00000"


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
    assert len(subtotals) == 4 and all(s.startswith("=SUM(E") for s in subtotals)


def test_print_setup() -> None:
    wb = load(worked_example())
    assert wb.calculation.fullCalcOnLoad is True
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
    assert evaluate(wb, SUMMARY_SHEET, "B11") == Decimal("100.00") == table.difference
    assert ws["B11"].font.color.rgb == "00C00000" and ws["B11"].font.bold
    assert ws["B12"].fill.fgColor.rgb == "00FFC7CE"
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert any("ROUND($B$11,2)<>0" in r.formula[0] for r in rules)


@pytest.mark.parametrize("n_items", [0, 1, 25])
def test_item_counts_and_many_items(n_items: int) -> None:
    items = tuple(
        AdjustmentItem(dt.date(2026, 10, 1 + i % 28), f"R{i}", f"测试{i}", Decimal("0.01") * (i + 1))
        for i in range(n_items)
    )
    table = worked_example(bank_in_not_journal=items)
    wb = load(table)
    assert evaluate(wb, SUMMARY_SHEET, "D7") == sum((i.amount for i in items), Decimal(0))
    assert evaluate(wb, SUMMARY_SHEET, "D9") == table.adjusted_book_balance
    assert evaluate(wb, SUMMARY_SHEET, "B11") == table.difference
