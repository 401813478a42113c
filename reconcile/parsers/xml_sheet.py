"""Excel's XML Spreadsheet 2003 (SpreadsheetML): the "Excel" download of many online banking and ERP systems is this
XML, named .xls, which Excel opens as a workbook. Each worksheet is read as a sheet, its rows numbered as Excel shows
them (``ss:Index`` skips rows and columns, ``ss:MergeAcross`` spans columns, as a merged cell leaves the ones it covers
empty). Numbers are kept as the text the file writes (no float), dates as dates."""

from __future__ import annotations

import io
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


_WORKSHEET, _TABLE, _ROW = _q("Worksheet"), _q("Table"), _q("Row")


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


class _Table:
    """The rows of one worksheet's table as they are read, refused once they hold more than ``budget`` cells (what is
    left of the file's ``cap``)."""

    def __init__(self, limit: int, max_rows: int, budget: int, cap: int) -> None:
        self.limit, self.max_rows, self.budget, self.cap = limit, max_rows, budget, cap
        self.rows: list[list[Cell]] = []
        self.numbers: list[int] = []
        self.number = 0

    def add(self, row: etree._Element) -> None:
        self.number = number = _index(row, self.number, _MAX_ROW)
        if len(self.rows) >= self.limit:
            raise ParseError(Code.TOO_MANY_ROWS, msg("csv.too_many_rows", limit=self.max_rows))
        cells: list[Cell] = []
        for cell in row.iterfind(_q("Cell")):
            column = _index(cell, len(cells), _MAX_COLUMN)
            cells.extend([""] * (column - 1 - len(cells)))
            cells.append(_value(cell))
            span = (cell.get(_q("MergeAcross")) or "0").strip()
            merged = (int(span) if len(span) <= 4 else _MAX_SPAN) if span.isascii() and span.isdigit() else 0
            cells.extend([""] * min(merged, _MAX_SPAN))
            if len(cells) > self.budget:
                raise ParseError(Code.UNREADABLE, msg("xmlss.too_many_cells", row=number, limit=self.cap))
        self.budget -= len(cells)
        self.rows.append(cells)
        self.numbers.append(number)


def _forget(element: etree._Element) -> None:
    """Drop what was read: the element's content and the siblings before it. Only the path from the root to where the
    parser is stays in memory, not the tree of the whole file (13 times its size, in libxml2's memory)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _sheets(source: bytes, options: ParseOptions, cap: int) -> list[Sheet]:
    """The worksheets of the file, read as the parser goes (iterparse): each row of a worksheet's first table is
    turned into cells when it ends and then forgotten. Entities are not expanded and nothing is fetched, as before."""
    events = etree.iterparse(
        io.BytesIO(source),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
    )
    limit = options.max_rows + options.header_scan_rows + 50
    budget = cap
    sheets: list[Sheet] = []
    root: etree._Element | None = None
    sheet: etree._Element | None = None  # the worksheet being read (a child of the root)
    table: etree._Element | None = None  # its first table
    read: _Table | None = None
    row: etree._Element | None = None  # a row of that table, until it ends
    name = ""
    count = 0
    for event, element in events:
        if event == "start":
            if root is None:
                root = element
            elif row is not None:
                continue  # a cell of the row, or what a cell holds
            elif element.tag == _WORKSHEET and element.getparent() is root:
                count += 1
                sheet, table, name = element, None, element.get(_q("Name")) or f"Sheet{count}"
            elif element.tag == _TABLE and sheet is not None and table is None and element.getparent() is sheet:
                table, read = element, _Table(limit, options.max_rows, budget, cap)
            elif element.tag == _ROW and read is not None and element.getparent() is table:
                row = element
            continue
        if row is not None and element is not row:
            continue  # a cell of the row: read with the row
        if element is row and read is not None:
            read.add(element)
            row = None
        elif element is table and read is not None:
            budget = read.budget
            if any(any(c not in ("", None) for c in cells) for cells in read.rows):
                sheets.append(Sheet(name=name, rows=read.rows, line_numbers=read.numbers))
            read = None  # the worksheet's other tables are not read (its first one is the sheet)
        elif element is sheet:
            sheet = None
        _forget(element)
    return sheets


def read_spreadsheet_xml(data: bytes, options: ParseOptions) -> list[Sheet]:
    """Every worksheet with a row, as a sheet."""
    cap = min(_MAX_CELLS, max(_MIN_CELLS, len(data)))
    try:
        sheets = _sheets(data, options, cap)
    except etree.XMLSyntaxError as exc:
        # In GBK, but its XML declaration does not say so (XML then means UTF-8): read as camt documents are.
        chinese = chinese_gbk(data) if b"encoding" not in data[:100] else None
        if chinese is None:
            raise ParseError(Code.UNREADABLE, msg("xmlss.malformed"), detail=str(exc)) from exc
        try:
            sheets = _sheets(chinese.encode("utf-8"), options, cap)
        except etree.XMLSyntaxError as again:
            raise ParseError(Code.UNREADABLE, msg("xmlss.malformed"), detail=str(again)) from again
    if not sheets:
        raise ParseError(Code.EMPTY_FILE, msg("excel.empty"))
    return sheets
