"""The 余额调节表 of a USD account said "金额单位：元" (yuan) above amounts in US dollars, in the PDF and in the
Excel file alike: the unit is the account's currency."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from reconcile.render.adjustment_pdf import render_adjustment_pdf
from reconcile.render.adjustment_xlsx import render_adjustment_xlsx
from tests.reconcile.render.recon_adjustment_example import worked_example


def _pdf_text(table) -> str:  # type: ignore[no-untyped-def]
    return "".join(
        re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(render_adjustment_pdf(table))).pages
    )


def _xlsx_head(table) -> str:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(render_adjustment_xlsx(table)))
    return " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows(max_row=3) for c in row if c.value)


def test_a_dollar_accounts_table_is_in_dollars() -> None:
    table = worked_example(currency="USD")
    pdf = _pdf_text(table)
    assert "金额单位：美元" in pdf and "金额单位：元" not in pdf
    head = _xlsx_head(table)
    assert "单位：美元" in head and "单位：元" not in head


def test_a_yuan_accounts_table_stays_in_yuan() -> None:
    table = worked_example(currency="CNY")
    assert "币种：人民币金额单位：元" in _pdf_text(table)
    assert "币种：人民币  单位：元" in _xlsx_head(table)


def test_a_currency_without_a_chinese_name_is_named_by_its_code() -> None:
    assert "金额单位：CHF" in _pdf_text(worked_example(currency="CHF"))
