"""余额调节表 -> XLSX bytes (openpyxl).

Two sheets:

* ``余额调节表`` -- the two-sided summary: balances, the "加/减" totals of the
  four categories, the adjusted balances, the difference and the conclusion;
* ``未达账项明细`` -- the outstanding items in four blocks, each closed by its
  subtotal (小计), the figure the summary's "加/减" row shows.

Every figure is a value (exact numeric cells from the Decimal arithmetic of
:class:`AdjustmentTable`, the same that makes the PDF and adjustment.json), and
the conclusion is text. No formulas: openpyxl cannot store a formula's cached
result, so a reader that does not recalculate (file previews, pandas, mobile
viewers) showed the totals and the conclusion blank; and a table that is signed
and filed is a record of figures, not a calculator, so values that cannot drift
from the PDF are what it should hold. The derivation stays readable from the
labels (加/减 rows on the summary name the category whose 小计 they carry).
Every text cell goes through :mod:`core.sheets` (string cells, never
formulas: summaries come from the payer).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from typing import Any, Final
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from core.sheets import Value, put, set_text, set_value

from .adjustment import (
    AGREED_TEXT,
    BANK_IN_NOT_JOURNAL,
    BANK_OUT_NOT_JOURNAL,
    CATEGORIES,
    DISAGREED_TEXT,
    JOURNAL_IN_NOT_BANK,
    JOURNAL_OUT_NOT_BANK,
    AdjustmentTable,
)
from .adjustment_words import (
    DEFAULT_LANGUAGE,
    add_row,
    block_heading,
    currency_words,
    detail_title,
    in_language,
    item_headers,
    long_date,
    none_item,
    subtotal,
    summary_sheet,
    title,
    word,
)

# The sheets' names in Chinese (the default language); ``render_adjustment_xlsx`` names them in the active language,
# so a reader finds the summary as the first sheet and the detail as the second.
SUMMARY_SHEET: Final = "余额调节表"
DETAIL_SHEET: Final = "未达账项明细"
AMOUNT_FORMAT: Final = "#,##0.00"
DATE_FORMAT: Final = "yyyy-mm-dd"
CJK_FONT: Final = "宋体"  # what Chinese Excel/WPS installs have; rendering font only

# Fixed cell addresses on the summary sheet (tests and readers rely on them).
ROW_HEADER, ROW_BALANCE, ROW_ADD, ROW_SUB, ROW_ADJUSTED = 5, 6, 7, 8, 9
ROW_DIFFERENCE, ROW_CONCLUSION, ROW_SIGN = 11, 12, 14
CELL_DIFFERENCE: Final = f"B{ROW_DIFFERENCE}"

_thin = Side(style="thin", color="000000")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_RED_FILL = PatternFill("solid", fgColor="FFC7CE")
_RED_FONT = Font(name=CJK_FONT, bold=True, size=12, color="C00000")


def _font(size: float = 11, bold: bool = False, color: str | None = None) -> Font:
    return Font(name=CJK_FONT, size=size, bold=bold, color=color)


def _template(ws: Worksheet, **style: object) -> StyleArray:
    """Style ids for ``style`` (font=, border=, number_format=, alignment=), registered once in the workbook."""
    cell = Cell(ws)  # not placed in the grid; only its style ids are used
    for name, value in style.items():
        setattr(cell, name, value)
    return cell._style


def _write_detail(ws: Worksheet, table: AdjustmentTable) -> None:
    ws.merge_cells("A1:E1")
    set_text(ws["A1"], detail_title())
    ws["A1"].font = _font(14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    set_text(ws["A2"], _account_line(table))
    set_text(ws["D2"], word("Period end: %(date)s") % {"date": long_date(table.period_end)})
    for col, heading in zip("ABCDE", item_headers(), strict=True):
        cell = set_text(ws[f"{col}4"], heading)
        cell.font = _font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center")

    # Assigning a Font/Border/format to a cell makes openpyxl hash the style object to find its id: for a 33k-item
    # table (165k cells) that hashing took 80% of the time.  So each kind of cell is styled once, on a template
    # cell outside the grid, and its style ids are copied onto the real cells.
    body = _template(ws, font=_font(), border=_BORDER)
    styles = (
        body,
        _template(ws, font=_font(), border=_BORDER, number_format=DATE_FORMAT),
        body,
        _template(ws, font=_font(), border=_BORDER, alignment=Alignment(wrap_text=True, vertical="top")),
        _template(ws, font=_font(), border=_BORDER, number_format=AMOUNT_FORMAT),
    )
    bordered = _template(ws, border=_BORDER)
    bold = _template(ws, font=_font(bold=True))
    bold_border = _template(ws, font=_font(bold=True), border=_BORDER)
    bold_amount = _template(ws, font=_font(bold=True), border=_BORDER, number_format=AMOUNT_FORMAT)
    row = 5
    for cat in CATEGORIES:
        label = str(cat.label)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        put(ws, row, 1, block_heading(label, cat.side, cat.sign), bold)
        row += 1
        items = table.items(cat)
        if not items:
            put(ws, row, 1, label, body)
            for c in range(2, 6):
                put(ws, row, c, None, body)
            put(ws, row, 4, none_item(), body)
            row += 1
        for item in items:
            values: tuple[Value, ...] = (label, item.date, item.reference, item.summary, item.amount)
            for column, (value, style) in enumerate(zip(values, styles), start=1):
                put(ws, row, column, value, style)
            row += 1
        for c in range(1, 4):
            put(ws, row, c, None, bordered)
        put(ws, row, 4, subtotal(), bold_border)
        put(ws, row, 5, table.total(cat), bold_amount)
        row += 2

    for col, width in zip("ABCDE", (18, 13, 18, 44, 16), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    _page_setup(ws, landscape=False)


def _write_summary(ws: Worksheet, table: AdjustmentTable) -> None:
    ws.merge_cells("A1:D1")
    set_text(ws["A1"], title())
    ws["A1"].font = _font(16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    set_text(ws["A2"], word("Company: %(name)s") % {"name": table.company_name} if table.company_name else "")
    set_text(ws["C2"], word("Bank: %(name)s") % {"name": table.bank_name} if table.bank_name else "")
    set_text(ws["A3"], _account_line(table))
    set_text(ws["C3"], word("Period end: %(date)s") % {"date": long_date(table.period_end)})
    currency, unit = currency_words(table.currency)
    set_text(
        ws["D3"],
        word("Currency: %(currency)s") % {"currency": currency} + "  " + word("Unit: %(unit)s") % {"unit": unit},
    )
    for ref in ("A2", "C2", "A3", "C3", "D3"):
        ws[ref].font = _font(10)

    item, amount, adjusted = word("Item"), word("Amount"), word("Adjusted balance")
    for col, heading in zip("ABCD", (item, amount, item, amount), strict=True):
        cell = set_text(ws[f"{col}{ROW_HEADER}"], heading)
        cell.font = _font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(horizontal="center")

    rows: dict[int, tuple[Value, ...]] = {
        ROW_BALANCE: (
            word("Bank statement balance"),
            table.bank_balance,
            word("Bank journal balance (books)"),
            table.book_balance,
        ),
        ROW_ADD: (
            add_row(str(JOURNAL_IN_NOT_BANK.label), +1),
            table.total(JOURNAL_IN_NOT_BANK),
            add_row(str(BANK_IN_NOT_JOURNAL.label), +1),
            table.total(BANK_IN_NOT_JOURNAL),
        ),
        ROW_SUB: (
            add_row(str(JOURNAL_OUT_NOT_BANK.label), -1),
            table.total(JOURNAL_OUT_NOT_BANK),
            add_row(str(BANK_OUT_NOT_JOURNAL.label), -1),
            table.total(BANK_OUT_NOT_JOURNAL),
        ),
        ROW_ADJUSTED: (adjusted, table.adjusted_bank_balance, adjusted, table.adjusted_book_balance),
    }
    for r, values in rows.items():
        bold = r == ROW_ADJUSTED
        for col, value in zip("ABCD", values, strict=True):
            cell = set_value(ws[f"{col}{r}"], value)
            cell.font = _font(bold=bold)
        ws[f"B{r}"].number_format = ws[f"D{r}"].number_format = AMOUNT_FORMAT
    for r in range(ROW_HEADER, ROW_ADJUSTED + 1):
        for col in "ABCD":
            ws[f"{col}{r}"].border = _BORDER
        ws.row_dimensions[r].height = 22

    set_text(ws[f"A{ROW_DIFFERENCE}"], word("Difference (adjusted bank balance - adjusted book balance)"))
    diff = set_value(ws[CELL_DIFFERENCE], table.difference)
    diff.number_format = AMOUNT_FORMAT
    set_text(ws[f"A{ROW_CONCLUSION}"], word("Conclusion"))
    conclusion = set_text(ws[f"B{ROW_CONCLUSION}"], conclusion_text(table))
    ws.merge_cells(f"B{ROW_CONCLUSION}:D{ROW_CONCLUSION}")
    for ref in (f"A{ROW_DIFFERENCE}", f"A{ROW_CONCLUSION}"):
        ws[ref].font = _font(bold=True)
    diff.font = conclusion.font = _font(12, bold=True)
    if not table.agreed:
        # A disagreement must never look calm: red font and fill on the figure and the conclusion.
        diff.font = conclusion.font = _RED_FONT
        diff.fill = conclusion.fill = _RED_FILL

    set_text(ws[f"A{ROW_SIGN}"], word("Prepared by: %(name)s") % {"name": table.prepared_by})
    set_text(ws[f"C{ROW_SIGN}"], word("Reviewed by: %(name)s") % {"name": table.reviewed_by})
    set_text(ws[f"D{ROW_SIGN}"], word("Date: %(date)s") % {"date": table.reviewed_on})
    for col, width in zip("ABCD", (34, 18, 30, 22), strict=True):
        ws.column_dimensions[col].width = width
    ws.print_area = f"A1:D{ROW_SIGN}"
    _page_setup(ws, landscape=False)


def _account_line(table: AdjustmentTable) -> str:
    return word("Account: %(number)s %(name)s") % {"number": table.account_number, "name": table.account_name}


def conclusion_text(table: AdjustmentTable) -> str:
    """调节相符, or 调节不符 with the difference, as the conclusion cell states it."""
    if table.agreed:
        return str(AGREED_TEXT)
    return word("%(disagreed)s, difference %(amount)s") % {
        "disagreed": DISAGREED_TEXT,
        "amount": f"{table.difference:,.2f}",
    }


def _page_setup(ws: Worksheet, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = word("Page &P of &N")
    ws.oddFooter.center.size = 9


def render_adjustment_xlsx(table: AdjustmentTable, *, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The table as XLSX in ``language`` (Chinese by default; see ``adjustment_words``)."""
    with in_language(language):
        return _render(table)


def _render(table: AdjustmentTable) -> bytes:
    wb = Workbook()
    summary = wb.active
    summary.title = summary_sheet()
    _write_detail(wb.create_sheet(detail_title()), table)
    _write_summary(summary, table)
    wb.properties.title = f"{title()} {table.account_number} {table.period_end.isoformat()}"
    wb.properties.creator = "bankrec-portal"
    # The same table gives the same bytes (reconcile_files run twice, downloads compared by checksum): the
    # document and zip-entry timestamps, which openpyxl takes from the clock, are the period end instead.
    stamp = max(dt.datetime.combine(table.period_end, dt.time()), dt.datetime(1980, 1, 1))  # zip dates start in 1980
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    with _StampedZip(buf, "w", ZIP_DEFLATED, allowZip64=True, date_time=stamp.timetuple()[:6]) as archive:
        ExcelWriter(wb, archive).save()
    return buf.getvalue()


class _StampedZip(ZipFile):
    """A zip whose entries all carry one fixed date instead of the time of writing."""

    def __init__(self, *args: Any, date_time: tuple[int, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._date_time = date_time

    def writestr(self, zinfo_or_arcname: str | ZipInfo, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=self._date_time)  # type: ignore[arg-type]
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: str | os.PathLike[str] | None = None, *args: Any, **kwargs: Any) -> None:
        # openpyxl streams worksheets through temporary files, which would lend the entry their mtime.
        with open(filename, "rb") as fh:
            self.writestr(os.fspath(arcname) if arcname else str(filename), fh.read())
