"""Web pages saved with an Excel name: many banks' online "Excel" download is an HTML table (often GB2312) named
.xls, which Excel opens as a sheet. Each table is read as a sheet, its rows numbered as Excel shows the page (every
``<tr>`` of the page is one row, in order), a cell spanning several columns followed by empty ones so the columns
line up. Nothing of the page is run or fetched: only the text of its cells is kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .errors import Code, ParseError
from .messages import msg
from .readers import Sheet, decode_text
from .text import Cell
from .types import ParseOptions

_WS = re.compile(r"\s+")
_MAX_SPAN = 50  # a colspan beyond this is not a layout a statement uses


def _colspan(value: str) -> int:
    """A cell's colspan, 1 to ``_MAX_SPAN``: int() raises on thousands of digits, and on a ² (a digit to isdigit())."""
    digits = value.strip().lstrip("0")
    if not digits.isascii() or not digits.isdigit():
        return 1
    return _MAX_SPAN if len(digits) > 4 else min(int(digits), _MAX_SPAN)


class _Tables(HTMLParser):
    def __init__(self, max_rows: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_rows = max_rows
        self.tables: list[tuple[list[list[Cell]], list[int]]] = []
        self._open: list[int] = []  # indexes into self.tables of the tables being read (nested ones too)
        self._row: list[Cell] | None = None
        self._cell: list[str] | None = None
        self._span = 1
        self._page_row = 0
        self.too_many = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._end_cell()
            self.tables.append(([], []))
            self._open.append(len(self.tables) - 1)
        elif tag == "tr" and self._open:
            self._end_row()
            self._row = []
            self._page_row += 1
            rows, numbers = self.tables[self._open[-1]]
            rows.append(self._row)
            numbers.append(self._page_row)
            if self._page_row > self.max_rows:
                self.too_many = True
        elif tag in ("td", "th") and self._row is not None:
            self._end_cell()
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = _colspan(span)
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table" and self._open:
            self._end_row()
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(_WS.sub(" ", "".join(self._cell)).strip())
            self._row.extend([""] * (self._span - 1))
        self._cell = None
        self._span = 1

    def _end_row(self) -> None:
        self._end_cell()
        self._row = None


def read_html(data: bytes, options: ParseOptions, encoding: str | None = None) -> list[Sheet]:
    """Every table of the page with a row, as a sheet; a page without one is refused as a web page."""
    text, enc = decode_text(data, encoding)
    parser = _Tables(options.max_rows + options.header_scan_rows + 50)
    parser.feed(text)
    parser.close()
    if parser.too_many:
        raise ParseError(Code.TOO_MANY_ROWS, msg("csv.too_many_rows", limit=options.max_rows))
    sheets = [
        Sheet(name=f"table {i + 1}", rows=rows, line_numbers=numbers, encoding=enc)
        for i, (rows, numbers) in enumerate(parser.tables)
        if any(any(c for c in row) for row in rows)
    ]
    if not sheets:
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.html"))
    return sheets
