"""A statement's detail as XLSX and CSV, laid out as Chinese banks' own 明细 exports are.

A title block (account, currency, period, opening and closing balance, the period's debit and credit totals and
counts, holder, bank, statement number) above one header row of the columns Chinese banks use (交易日期, 借方发生额
(支出), 贷方发生额(收入), 余额, 对方户名, 对方账号, 摘要, 交易流水号 ...), one row per line in the bank's order. The
product's importer reads either file without a mapping profile: the headers are its known synonyms and the title block
gives it the account, the period, the balances and control totals to check the lines against.

Texts from data go through ``core.sheets`` (string cells, Excel's quote prefix; in the CSV the apostrophe
before a formula-looking text, as every CSV the product writes). The importer takes a leading apostrophe and an
Excel text guard (``="..."``) off a cell; a text that itself starts with an apostrophe or has that shape gets one more
guard, so it is read back as written, and so does one the importer would take for the label of a totals or opening
row (合计, 小计, 期初余额 ...). Long digit strings (account numbers, serials) get the trailing tab Chinese bank
CSVs carry, so a spreadsheet does not turn them into 6.2E+18; the importer strips it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Final
from zipfile import ZIP_DEFLATED

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from core.sheets import csv_text, put
from reconcile.parsers.metadata import marker_of
from reconcile.render.adjustment_xlsx import _StampedZip
from statements.render.detail import DetailLine, StatementDetail

SHEET: Final = "交易明细"
AMOUNT_FORMAT: Final = "#,##0.00"
DATE_FORMAT: Final = "yyyy-mm-dd"
# (header, column width), as Chinese banks' exports name them.
COLUMNS: Final = (
    ("交易日期", 12),
    ("起息日期", 12),
    ("本方账号", 24),
    ("币种", 6),
    ("借贷标志", 8),
    ("借方发生额(支出)", 18),
    ("贷方发生额(收入)", 18),
    ("余额", 18),
    ("交易流水号", 26),
    ("凭证号", 16),
    ("对方户名", 32),
    ("对方账号", 24),
    ("对方行名", 28),
    ("摘要", 24),
    ("用途", 32),
)
HEADER_ROW: Final = 10  # the title block takes rows 1-8, row 9 is blank
_GUARDED = re.compile(r'^="(.*)"$', re.DOTALL)
_LONG_DIGITS = re.compile(r"\d{12,}")
_FREE_TEXT: Final = frozenset({"账号", "户名", "开户银行", "对账单编号"})


def reader_safe(text: str) -> str:
    """``text`` with the guard the importer's ``cell_text`` takes off again (``cell_text(reader_safe(t)) == t`` for
    every carried text): a leading apostrophe before one that starts with an apostrophe or has the shape of Excel's
    text guard ``="..."``; and Excel's text guard around a text the importer would take for a marker row's label
    (a payer's summary 合计 or 期初余额 would otherwise make it read the line as the period's totals or opening)."""
    if _GUARDED.match(text):
        return "'" + '="' + text + '"'
    if text[:1] == "'":
        return "'" + text
    if marker_of([text]) is not None:
        return '="' + text + '"'
    return text


def _keep_digits(text: str) -> str:
    return text + "\t" if _LONG_DIGITS.fullmatch(text) else text


def _plain(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f}"


def _title(detail: StatementDetail) -> list[tuple[str, str | Decimal | int]]:
    """The title block. The importer takes the first value it finds for each label, so everything it reads (account,
    currency, period, balances, control totals) comes before the free texts (holder, bank): a name that contains
    "币种：" or "截止日期：" cannot change what the file says."""
    return [
        ("账号", detail.account_number),
        ("币种", detail.currency),
        ("起始日期", detail.period_start.isoformat()),
        ("截止日期", detail.period_end.isoformat()),
        ("期初余额", detail.opening_balance),
        ("期末余额", detail.closing_balance),
        ("借方发生总额", detail.total_out),
        ("借方发生总笔数", detail.count_out),
        ("贷方发生总额", detail.total_in),
        ("贷方发生总笔数", detail.count_in),
        ("总笔数", len(detail.lines)),
        ("户名", detail.customer_name),
        ("开户银行", detail.bank_name),
        ("对账单编号", f"{detail.statement_number} (V{detail.version})"),
        ("生成时间", detail.generated_at.strftime("%Y-%m-%d %H:%M:%S")),
    ]


def _texts(line: DetailLine) -> tuple[str, ...]:
    return (
        line.serial,
        line.voucher_no,
        line.counterparty_name,
        line.counterparty_account,
        line.counterparty_bank,
        line.summary,
        line.purpose,
    )


# --- CSV ------------------------------------------------------------------------------------------------------------


def _csv_field(text: str) -> str:
    return csv_text(reader_safe(_keep_digits(text))) if text else ""


def _csv_rows(detail: StatementDetail) -> Iterator[list[str]]:
    title = _title(detail)
    # Two label/value pairs a row, as bank exports print them.
    pairs = [
        (label, value if isinstance(value, str) else (_plain(value) if isinstance(value, Decimal) else str(value)))
        for label, value in title
    ]
    for i in range(0, len(pairs), 2):
        row: list[str] = []
        for label, value in pairs[i : i + 2]:
            row += [label, _csv_field(value) if label in _FREE_TEXT else value]
        yield row
    for _ in range(HEADER_ROW - 1 - (len(pairs) + 1) // 2):
        yield []
    yield [name for name, _ in COLUMNS]
    account = _csv_field(detail.account_number)
    for line in detail.lines:
        out = line.direction == "out"
        yield [
            line.booking_date.isoformat(),
            line.value_date.isoformat() if line.value_date else "",
            account,
            detail.currency,
            "借" if out else "贷",
            _plain(line.amount) if out else "",
            "" if out else _plain(line.amount),
            _plain(line.balance_after),
            *(_csv_field(text) for text in _texts(line)),
        ]


def render_detail_csv(detail: StatementDetail) -> bytes:
    """UTF-8 with a BOM (what Excel needs to show Chinese), every field quoted, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in _csv_rows(detail):
        writer.writerow(row)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


# --- XLSX -----------------------------------------------------------------------------------------------------------


def _cell_amount(amount: Decimal | None) -> Decimal | str | None:
    """A number cell; the importer reads numbers as binary floating point, so an amount a float cannot carry to the
    cent (from about 9 * 10^13 up) is written as text, which it reads exactly."""
    if amount is None:
        return None
    return amount if Decimal(repr(float(amount))) == amount else f"{amount:.2f}"


def render_detail_xlsx(detail: StatementDetail) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    bold = Font(bold=True)
    title = _title(detail)
    for i, (label, value) in enumerate(title):
        row, col = 1 + i // 2, 1 + (i % 2) * 3
        put(ws, row, col, label).font = bold
        cell = put(
            ws,
            row,
            col + 1,
            reader_safe(value)
            if isinstance(value, str)
            else _cell_amount(value)
            if isinstance(value, Decimal)
            else value,
        )
        if isinstance(value, Decimal):
            cell.number_format = AMOUNT_FORMAT
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    for col, (name, width) in enumerate(COLUMNS, start=1):
        cell = put(ws, HEADER_ROW, col, name)
        cell.font, cell.fill, cell.alignment = bold, head_fill, Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    for row, line in enumerate(detail.lines, start=HEADER_ROW + 1):
        out = line.direction == "out"
        values = (
            line.booking_date,
            line.value_date,
            reader_safe(detail.account_number),
            detail.currency,
            "借" if out else "贷",
            _cell_amount(line.amount) if out else None,
            None if out else _cell_amount(line.amount),
            _cell_amount(line.balance_after),
            *(reader_safe(text) for text in _texts(line)),
        )
        for col, cell_value in enumerate(values, start=1):
            cell = put(ws, row, col, cell_value)
            if isinstance(cell_value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell_value, Decimal):
                cell.number_format = AMOUNT_FORMAT
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1).coordinate
    wb.properties.title = f"交易明细 {detail.account_number} {detail.period_start} {detail.period_end}"
    wb.properties.creator = "bankrec-portal"
    # The same detail gives the same bytes: document and zip-entry dates are the time the detail was generated.
    stamp = max(detail.generated_at.replace(tzinfo=None, microsecond=0), dt.datetime(1980, 1, 1))
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    with _StampedZip(buf, "w", ZIP_DEFLATED, allowZip64=True, date_time=stamp.timetuple()[:6]) as archive:
        ExcelWriter(wb, archive).save()
    return buf.getvalue()
