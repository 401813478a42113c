"""Reading a header-row table (CSV or Excel) into rows of {canonical column: text}.

The file formats themselves (encodings: BOM, UTF-8, GB18030; Excel in a guarded child process; size limits) are the
statement parsers' (``reconcile.parsers``), one reader for every upload. Core sits below reconcile, so the reconcile
app installs that reader here when it starts (``use_reader`` in ``reconcile.apps``), as it installs gettext for the
parsers' messages. Headers are matched through an alias table, so Chinese and English header names both work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ServiceError
from core.tabular.problems import Problems

Aliases = dict[str, tuple[str, ...]]
# A required column, or a tuple of columns any one of which will do.
Required = Sequence[str | tuple[str, ...]]


class CellReader(Protocol):
    """Reads the first sheet of a CSV or Excel file; a file it cannot read is refused with a ServiceError."""

    def rows(self, data: bytes, filename: str) -> list[tuple[int, list[str]]]:
        """(row number as a spreadsheet shows it, the cells as text) for every row, the header's included."""
        ...

    def header_key(self, text: str) -> str:
        """A header cell normalised for the alias lookup (width, spaces, case, a unit suffix)."""
        ...


_reader: CellReader | None = None


def use_reader(reader: CellReader) -> None:
    """Read every table with ``reader`` from now on (the reconcile app installs the parsers' reader)."""
    global _reader
    _reader = reader


@dataclass(frozen=True)
class TableRow:
    line: int  # as a spreadsheet shows it (CSV: the physical line)
    values: dict[str, str]


def _column_names(field: str, aliases: Aliases) -> str:
    """A column's accepted header names: `account_number/账号`."""
    return "/".join((field, *aliases.get(field, ())[:1]))


def read_table(
    data: bytes, filename: str, aliases: Aliases, required: Required, *, comment: str | None = None
) -> list[TableRow]:
    """Rows as {canonical field: text}; refuses a file whose header lacks a required column (a tuple in
    ``required``: any one of those columns). A row's values hold every column the header names, empty or not; rows
    without a value are skipped. With ``comment``, blank rows and rows whose first cell starts with it are not part of
    the table (the header is the first other row). A cell holding a NUL byte is refused (RowsRefused, every such cell
    named)."""
    if _reader is None:
        raise RuntimeError("no table reader installed: the reconcile app installs it when Django starts")
    reader = _reader
    rows = reader.rows(data, filename)
    if comment:  # blank lines and comment lines are not part of the table, the header's place included
        rows = [(line, cells) for line, cells in rows if any(cells) and not _first(cells).startswith(comment)]
    if not rows:
        raise ServiceError(_("%(file)s: the file is empty.") % {"file": filename}, code="empty_file")
    lookup = {reader.header_key(alias): field for field, names in aliases.items() for alias in (field, *names)}
    header = [lookup.get(reader.header_key(c)) for c in rows[0][1]]
    missing = [
        f if isinstance(f, str) else f[0] for f in required if not set((f,) if isinstance(f, str) else f) & set(header)
    ]
    if missing:
        raise ServiceError(
            ngettext(
                "%(file)s: the header row lacks the column %(missing)s; the header row names these columns: "
                "%(expected)s.",
                "%(file)s: the header row lacks the columns %(missing)s; the header row names these columns: "
                "%(expected)s.",
                len(missing),
            )
            % {
                "file": filename,
                "missing": ", ".join(_column_names(f, aliases) for f in missing),
                "expected": ", ".join(_column_names(f, aliases) for f in aliases),
            },
            code="missing_column",
        )
    result = []
    problems = Problems()
    for line, cells in rows[1:]:
        values = _values(line, cells, header, problems)
        if any(values.values()):
            result.append(TableRow(line, values))
            for field, value in values.items():
                # The readers refuse a file with a NUL byte in its head only (binary content); one further down would
                # reach the database, and PostgreSQL refuses NUL in text: a 500 instead of the cell named.
                if "\x00" in value:
                    problems.cell(
                        line,
                        field,
                        value.replace("\x00", "\ufffd"),  # the message is stored and shown: no NUL in it either
                        _("the cell holds a NUL byte, which no text may contain; remove it and save the file again"),
                        code="nul_byte",
                    )
    problems.raise_if_any()
    return result


def _values(line: int, cells: list[str], header: list[str | None], problems: Problems) -> dict[str, str]:
    """A row's cells by column. A column the header names twice (余额 and balance) takes the cell that is filled; two
    different values are refused, for a person to choose (neither the first nor the last is likelier right)."""
    values: dict[str, str] = {}
    for i, field in enumerate(header):
        if not field:
            continue
        cell = cells[i] if i < len(cells) else ""
        kept = values.get(field, "")
        if kept and cell and cell != kept:
            problems.cell(
                line,
                field,
                f"{kept} / {cell}",
                _("two columns of the header name this column and hold different values; keep one of them"),
                code="two_values",
            )
        elif cell or field not in values:
            values[field] = cell
    return values


def _first(cells: list[str]) -> str:
    return next((c for c in cells if c), "")
