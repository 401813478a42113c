"""有效对账回收率 -> XLSX bytes, for ops' report to the supervisor. Pure: rows in, bytes out.

Three sheets, each with its header frozen, repeated on every printed page, filterable and its columns sized:
the rates by period, branch and risk tier; the statements left out with the reason; the accounts to follow up.
Every text (branch and customer names are typed by people) is a string cell, never a formula (core.sheets).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.sheets import Value, write_row
from statements.reports_supervisory import CLOSED, DORMANT, TYPE, ExcludedRow, FollowUpRow, SupervisoryRow

RATES_SHEET, EXCLUDED_SHEET, FOLLOW_UP_SHEET = "有效对账回收率", "排除账户", "连续未回复"
# (title, width in characters): wide enough for "2026-Q3", a branch such as 上海浦东分行营业部 and the headers.
RATE_COLUMNS = (
    ("期间", 10),
    ("开户行", 28),
    ("风险等级", 10),
    ("应对账", 9),
    ("有效回复", 10),
    ("相符", 9),
    ("调节后相符", 11),
    ("不符", 9),
    ("视同相符", 10),
    ("未回复", 9),
    ("有效对账回收率", 15),
    ("排除:销户", 10),
    ("排除:久悬", 10),
    ("排除:账户类型", 14),
)
EXCLUDED_COLUMNS = (
    ("期间", 10),
    ("账号", 24),
    ("客户名称", 34),
    ("开户行", 28),
    ("风险等级", 10),
    ("排除原因", 14),
    ("日期/类型", 16),
)
FOLLOW_UP_COLUMNS = (
    ("账号", 24),
    ("客户名称", 34),
    ("开户行", 28),
    ("风险等级", 10),
    ("连续未回复期数", 15),
    ("未回复期间", 30),
    ("最近回复期间", 13),
)
PERCENT = "0.0%"


def _sheet(ws: Worksheet, title: str, columns: Sequence[tuple[str, int]], rows: Iterable[list[Value]]) -> Worksheet:
    ws.title = title
    write_row(ws, 1, [name for name, _width in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for number, values in enumerate(rows, start=2):
        write_row(ws, number, values)
    for column, (_name, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
    return ws


def render_supervisory_xlsx(
    rates: Iterable[SupervisoryRow], excluded: Iterable[ExcludedRow], follow_up: Iterable[FollowUpRow]
) -> bytes:
    """``rates``: one row per period, branch and tier in the order given (newest period first)."""
    wb = Workbook()
    ws = _sheet(
        wb.active,
        RATES_SHEET,
        RATE_COLUMNS,
        (
            [
                r.period,
                r.branch,
                r.tier_label,
                r.due,
                r.received,
                r.agreed,
                r.agreed_adjusted,
                r.disagreed,
                r.deemed,
                r.unanswered,
                r.rate,
                r.excluded.get(CLOSED, 0),
                r.excluded.get(DORMANT, 0),
                r.excluded.get(TYPE, 0),
            ]
            for r in rates
        ),
    )
    for row in range(2, ws.max_row + 1):
        ws.cell(row, 11).number_format = PERCENT
    _sheet(
        wb.create_sheet(),
        EXCLUDED_SHEET,
        EXCLUDED_COLUMNS,
        ([r.period, r.account_number, r.customer, r.branch, r.tier_label, r.reason_label, r.detail] for r in excluded),
    )
    _sheet(
        wb.create_sheet(),
        FOLLOW_UP_SHEET,
        FOLLOW_UP_COLUMNS,
        (
            [r.account_number, r.customer, r.branch, r.tier_label, r.cycles, "、".join(r.periods), r.last_answered]
            for r in follow_up
        ),
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
