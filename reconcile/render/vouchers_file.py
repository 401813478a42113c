"""The suggested vouchers as the files an ERP imports: XLSX (one sheet, the layout's headers) or CSV (UTF-8 BOM)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from core.sheets import csv_text, put
from reconcile.vouchers import Cell, Layout, SuggestedVoucher, voucher_rows


def render_vouchers_xlsx(vouchers: Sequence[SuggestedVoucher], layout: Layout, *, preparer: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = layout.title
    for column, header in enumerate(layout.headers, start=1):
        put(sheet, 1, column, header).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = max(10, 2 * len(header) + 4)
    for row, values in enumerate(voucher_rows(vouchers, layout, preparer=preparer), start=2):
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row, column, value)
            if isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.column_dimensions["E"].width = 36  # 摘要 is column E in both layouts
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv_field(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return csv_text(value)


def render_vouchers_csv(vouchers: Sequence[SuggestedVoucher], layout: Layout, *, preparer: str = "") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(layout.headers)
    for values in voucher_rows(vouchers, layout, preparer=preparer):
        writer.writerow([_csv_field(value) for value in values])
    # The BOM makes Excel and WPS read the UTF-8 Chinese headers as such.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
