"""Match rates (勾对率) -> XLSX bytes: one row per account or company, for the accountant's and the bank's exports.

Pure: rows in, bytes out. Every text (an account number, a company name typed by people) is a text cell through
core.sheets, never a formula; the header row is frozen and repeated on printed pages.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.sheets import put, set_text

PERCENT = "0.0%"


class Rates(Protocol):
    auto: int
    suggestion: int
    manual: int
    open: int
    age_0_30: int
    age_31_90: int
    age_over_90: int

    @property
    def lines(self) -> int: ...

    def share(self, part: str) -> float: ...


@dataclass(frozen=True)
class RatesRow:
    period_end: dt.date
    name: str  # the account number, or the company's name
    company: str
    rates: Rates
    accounts: int = 0  # the company's accounts, in a sheet per company


# (title, width in characters). In Chinese only, as the bank's other exports (回签率, 有效对账回收率): a sheet is one
# document in one language, whatever the language of the page it was downloaded from.
COLUMNS = (
    ("期间", 14),
    ("账户/单位", 30),
    ("单位名称", 36),
    ("本期笔数", 12),
    ("自动勾对", 10),
    ("接受建议", 12),
    ("手工勾对", 10),
    ("未勾对", 10),
    ("自动率", 11),
    ("建议率", 11),
    ("手工率", 11),
    ("未勾对率", 11),
    ("未达账项 0-30 天", 16),
    ("未达账项 31-90 天", 16),
    ("未达账项 90 天以上", 16),
)
# Per company (the bank's operations): the company and its number of accounts, as the page shows them.
COMPANY_COLUMNS = (("期间", 14), ("单位名称", 36), ("账户数", 10), *COLUMNS[3:])
COMPANY_TOTAL = "公司合计"  # the name of a company's total row
PARTS = ("auto", "suggestion", "manual", "open")


def render_rates_sheet(rows: Iterable[RatesRow], *, title: str = "勾对率", per_company: bool = False) -> bytes:
    """One row per account (account number, company) or, ``per_company``, per company (company, its accounts)."""
    columns = COMPANY_COLUMNS if per_company else COLUMNS
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for column, (heading, width) in enumerate(columns, start=1):
        cell = put(ws, 1, column, heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    number = 1
    for number, row in enumerate(rows, start=2):
        r = row.rates
        put(ws, number, 1, row.period_end).number_format = "yyyy-mm-dd"
        if per_company:
            set_text(ws.cell(number, 2), row.company)
            put(ws, number, 3, row.accounts)
        else:
            set_text(ws.cell(number, 2), row.name)
            set_text(ws.cell(number, 3), row.company)
        for column, value in enumerate((r.lines, r.auto, r.suggestion, r.manual, r.open), start=4):
            put(ws, number, column, value)
        for column, part in enumerate(PARTS, start=9):
            put(ws, number, column, round(r.share(part), 4)).number_format = PERCENT
        for column, value in enumerate((r.age_0_30, r.age_31_90, r.age_over_90), start=13):
            put(ws, number, column, value)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{number}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
