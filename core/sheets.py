"""The one way the product writes spreadsheet cells from data: every XLSX and CSV it produces goes through here.

Text from data (a payer's bank line summary, a client's contact and address, a branch name) can start with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return. openpyxl turns a string starting with ``=`` into a live
formula, and a spreadsheet that re-reads an edited cell may do the same with the others (formula injection,
``=HYPERLINK("http://evil","click")``). So a text value is always written as a string cell (data type ``s``),
never a formula, and one starting with such a character also carries Excel's "quote prefix" flag, what Excel
itself sets when a person types ``'=1+1``: the cell shows the text as it is and stays text when edited.

Characters XML cannot hold (NUL and the other C0 controls but tab, LF and CR) would make openpyxl refuse the
whole file; they are shown as U+FFFD so that one odd byte in a summary never fails an export.

A CSV file has no cell types: a spreadsheet opening it reads every field as typed input. So, as OWASP advises
for CSV injection, a data field starting with one of those characters is written with a leading apostrophe
(:func:`csv_text`), which spreadsheets take as "this is text" and do not show; a program reading the CSV gets the
apostrophe as part of the field and removes it when the next character is one of ``FORMULA_START``. Fields the
product makes itself (numbers, dates, codes) are written as they are.

The product writes no formula cells at all: a reader that does not recalculate (previews, pandas, mobile
viewers) would show a formula's cell blank, because openpyxl stores no cached result. Figures are written as
values (see ``adjustment_xlsx``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from copy import copy
from decimal import Decimal
from typing import Final

from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet

# What spreadsheets read as the start of a formula (OWASP, CSV injection), plus full-width forms that some
# Chinese input methods produce and that WPS accepts.
FORMULA_START: Final = frozenset("=+-@\t\r\n＝＋－＠")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_TEXT: Final = 32767  # Excel's limit for one cell; openpyxl cuts there too

Value = str | int | Decimal | float | dt.date | dt.datetime | None


def clean_text(text: str) -> str:
    """``text`` as a cell can hold it: characters XML cannot carry replaced by U+FFFD, cut at Excel's limit."""
    return _NOT_XML.sub("\ufffd", text)[:MAX_TEXT]


def set_text(cell: Cell, text: str) -> Cell:
    """Write ``text`` as a string cell, whatever it starts with."""
    text = clean_text(text)
    cell.value = text  # openpyxl makes "=..." a formula here ...
    cell.data_type = "s"  # ... and this makes it text again: the writer emits an inline string
    if text[:1] in FORMULA_START:
        cell.quotePrefix = True
    return cell


def set_value(cell: Cell, value: Value) -> Cell:
    """A number, date or empty cell as openpyxl types it; any text through :func:`set_text`."""
    if isinstance(value, str):
        return set_text(cell, value)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float, dt.date, type(None))):
        raise TypeError(f"unsupported cell value {value!r}")  # a stray object must not be written as its repr
    cell.value = value
    return cell


def put(ws: Worksheet, row: int, column: int, value: Value = None, style: StyleArray | None = None) -> Cell:
    """The cell at (row, column) set to ``value``; ``style`` (a shared template's ids) is applied first so the
    quote prefix a text value needs is kept."""
    cell = ws.cell(row=row, column=column)
    if style is not None:
        cell._style = copy(style)
    return set_value(cell, value)


def write_row(ws: Worksheet, row: int, values: Iterable[Value], style: StyleArray | None = None) -> None:
    """``values`` into ``row`` from column A on, every text a string cell."""
    for column, value in enumerate(values, start=1):
        put(ws, row, column, value, style)


def csv_text(text: str) -> str:
    """A data text for a CSV field: with a leading apostrophe when it starts like a formula (OWASP's advice)."""
    return "'" + text if text[:1] in FORMULA_START else text
