"""Return rates (回签率) by period and branch -> XLSX bytes, for ops' Excel export. Pure: rows in, bytes out."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Protocol

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.sheets import write_row

SHEET = "回签率"
# (title, width in characters): wide enough for "2026-Q3", a branch name such as 上海浦东分行营业部 and the headers.
COLUMNS = (
    ("期间", 10),
    ("开户行", 28),
    ("已发出", 9),
    ("相符", 9),
    ("调节后相符", 11),
    ("不符", 9),
    ("视同相符", 10),
    ("未回复", 9),
    ("回签率", 10),
    ("调节后相符率", 13),
    ("视同相符率", 12),
)
PERCENT = "0.0%"


class RateRow(Protocol):
    period: str
    branch: str
    dispatched: int
    confirmed: int
    confirmed_plain: int
    confirmed_adjusted: int
    disputed: int
    deemed: int
    open: int
    return_rate: float
    deemed_rate: float
    adjusted_rate: float


def render_rates_xlsx(rows: Iterable[RateRow]) -> bytes:
    """One row per period and branch, in the order given (statements.reports.return_rates: newest period first),
    with the header frozen and repeated on every printed page."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    write_row(ws, 1, [title for title, _width in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for number, r in enumerate(rows, start=2):
        # Branch names are typed by people: text cells, never formulas.
        # 相符 and 调节后相符 apart: both are answers that agree (the return rate counts both).
        write_row(
            ws,
            number,
            [
                r.period,
                r.branch,
                r.dispatched,
                r.confirmed_plain,
                r.confirmed_adjusted,
                r.disputed,
                r.deemed,
                r.open,
                r.return_rate,
                r.adjusted_rate,
                r.deemed_rate,
            ],
        )
        for column in (9, 10, 11):
            ws.cell(number, column).number_format = PERCENT
    for column, (_title, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
