"""Excel's XML Spreadsheet 2003 (SpreadsheetML): the "Excel" download of many online banking and ERP systems is this
XML, named .xls, which Excel opens as a workbook. Each worksheet is read as a sheet, its rows numbered as Excel shows
them (``ss:Index`` skips rows and columns, ``ss:MergeAcross`` spans columns, as a merged cell leaves the ones it covers
empty). Numbers are kept as the text the file writes (no float), dates as dates."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from .errors import Code, ParseError
from .messages import msg
from .readers import Sheet
from .text import Cell, chinese_gbk
from .types import ParseOptions

SS = "urn:schemas-microsoft-com:office:spreadsheet"
_MAX_SPAN = 50  # a cell spanning more columns is not a layout a statement uses
_MAX_COLUMN = 16384  # Excel's last column and row: an ss:Index beyond them is not a sheet
_MAX_ROW = 1048576
# ss:Index and ss:MergeAcross make empty cells out of a few bytes (one <Cell ss:Index="16384"> a row asks for 16384
# cells a row): the cells of a whole file are capped, as calamine's dense grid is capped by the Excel child's memory.
# A cell written out takes at least 7 bytes (<Cell/>), and the gaps a bank's layout leaves are a few columns: a cell a
# byte of the file (at least 200,000, at most ten million, fifty columns of the most rows an import takes) is room
# enough, and keeps the time a file takes to read in step with its size.
_MIN_CELLS, _MAX_CELLS = 200_000, 10_000_000


def _q(name: str) -> str:
    return f"{{{SS}}}{name}"


def _index(el: etree._Element, after: int, limit: int) -> int:
    """The 1-based position ss:Index gives, or the next one."""
    raw = (el.get(_q("Index")) or "").strip()
    if not raw:
        return after + 1
    # Seven digits reach past Excel's last row; more are refused unread (int() raises on thousands of digits).
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7 or not after < int(raw) <= limit:
        raise ParseError(Code.UNREADABLE, msg("xmlss.bad_index", value=raw[:20]))
    return int(raw)


def _value(cell: etree._Element) -> Cell:
    data = cell.find(_q("Data"))
    if data is None:
        return ""
    text = "".join(data.itertext()).strip()
    if data.get(_q("Type")) == "DateTime" and text:
        try:
            moment = datetime.fromisoformat(text[:19])
        except ValueError:
            return text
        return moment.date() if moment.time() == datetime.min.time() else moment
    return text


def _rows(
    table: etree._Element, limit: int, max_rows: int, budget: int, cap: int
) -> tuple[list[list[Cell]], list[int]]:
    """The rows of a table, refused once they hold more than ``budget`` cells (what is left of the file's ``cap``)."""
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    number = 0
    for row in table.iterfind(_q("Row")):
        number = _index(row, number, _MAX_ROW)
        if len(rows) >= limit:
            raise ParseError(Code.TOO_MANY_ROWS, msg("csv.too_many_rows", limit=max_rows))
        cells: list[Cell] = []
        for cell in row.iterfind(_q("Cell")):
            column = _index(cell, len(cells), _MAX_COLUMN)
            cells.extend([""] * (column - 1 - len(cells)))
            cells.append(_value(cell))
            span = (cell.get(_q("MergeAcross")) or "0").strip()
            merged = (int(span) if len(span) <= 4 else _MAX_SPAN) if span.isascii() and span.isdigit() else 0
            cells.extend([""] * min(merged, _MAX_SPAN))
            if len(cells) > budget:
                raise ParseError(Code.UNREADABLE, msg("xmlss.too_many_cells", row=number, limit=cap))
        budget -= len(cells)
        rows.append(cells)
        numbers.append(number)
    return rows, numbers


def read_spreadsheet_xml(data: bytes, options: ParseOptions) -> list[Sheet]:
    """Every worksheet with a row, as a sheet."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        # In GBK, but its XML declaration does not say so (XML then means UTF-8): read as camt documents are.
        chinese = chinese_gbk(data) if b"encoding" not in data[:100] else None
        if chinese is None:
            raise ParseError(Code.UNREADABLE, msg("xmlss.malformed"), detail=str(exc)) from exc
        try:
            root = etree.fromstring(chinese.encode("utf-8"), parser)
        except etree.XMLSyntaxError as again:
            raise ParseError(Code.UNREADABLE, msg("xmlss.malformed"), detail=str(again)) from again
    limit = options.max_rows + options.header_scan_rows + 50
    sheets: list[Sheet] = []
    cap = budget = min(_MAX_CELLS, max(_MIN_CELLS, len(data)))
    for i, sheet in enumerate(root.iterfind(_q("Worksheet"))):
        table = sheet.find(_q("Table"))
        if table is None:
            continue
        rows, numbers = _rows(table, limit, options.max_rows, budget, cap)
        budget -= sum(len(row) for row in rows)
        if any(any(c not in ("", None) for c in row) for row in rows):
            name = sheet.get(_q("Name")) or f"Sheet{i + 1}"
            sheets.append(Sheet(name=name, rows=rows, line_numbers=numbers))
    if not sheets:
        raise ParseError(Code.EMPTY_FILE, msg("excel.empty"))
    return sheets
