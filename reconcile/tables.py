"""Reading simple header-row tables (CSV or Excel) for onboarding files: agreements, balances.

Reuses the statement parsers' readers so encodings (BOM, UTF-8, GB18030), Excel guards and size
limits behave the same everywhere. Headers are matched through an alias table so Chinese and English
header names both work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import ServiceError
from reconcile.parsers import detect
from reconcile.parsers.errors import ParseError
from reconcile.parsers.readers import read_csv, read_workbook
from reconcile.parsers.text import cell_text, header_key
from reconcile.parsers.types import ParseOptions

# Ops tables (agreements, balances) run to a million rows: the Excel child gets room for them.
_OPTIONS = ParseOptions(max_rows=1_100_000, excel_memory_mb=8192)


@dataclass(frozen=True)
class TableRow:
    line: int  # as a spreadsheet shows it (CSV: the physical line)
    values: dict[str, str]


def _column_names(field: str, aliases: dict[str, tuple[str, ...]]) -> str:
    """A column's accepted header names: `account_number/账号`."""
    return "/".join((field, *aliases.get(field, ())[:1]))


def read_table(
    data: bytes, filename: str, aliases: dict[str, tuple[str, ...]], required: tuple[str | tuple[str, ...], ...]
) -> list[TableRow]:
    """Rows as {canonical field: text}; refuses a file whose header lacks a required column (a tuple in
    ``required``: any one of those columns). A row's values hold every column the header names, empty or not."""
    try:
        fmt = detect.detect_format(data, filename)
        if fmt in (detect.XLSX, detect.XLS):
            sheet = read_workbook(data, fmt, _OPTIONS)[0]
        elif fmt == detect.CSV:
            sheet = read_csv(data, _OPTIONS)
        else:
            raise ServiceError(
                _("%(file)s: expected a CSV or Excel file, found %(format)s.") % {"file": filename, "format": fmt}
            )
    except ParseError as exc:
        raise ServiceError(f"{filename}: {exc.message}", code=exc.code) from exc
    rows = [r for r in sheet.rows]
    if not rows:
        raise ServiceError(_("%(file)s: the file is empty.") % {"file": filename})
    lookup = {header_key(alias): field for field, names in aliases.items() for alias in (field, *names)}
    header = [lookup.get(header_key(cell_text(c))) for c in rows[0]]
    missing = [
        f if isinstance(f, str) else f[0] for f in required if not set((f,) if isinstance(f, str) else f) & set(header)
    ]
    if missing:
        raise ServiceError(
            _(
                "%(file)s: the header row lacks the column(s) %(missing)s; the header row names "
                "these columns: %(expected)s."
            )
            % {
                "file": filename,
                "missing": ", ".join(_column_names(f, aliases) for f in missing),
                "expected": ", ".join(_column_names(f, aliases) for f in aliases),
            },
            code="missing_column",
        )
    result = []
    for index in range(1, len(rows)):
        cells = rows[index]
        values = {field: cell_text(cells[i]) if i < len(cells) else "" for i, field in enumerate(header) if field}
        if any(values.values()):
            result.append(TableRow(sheet.row_number(index), values))
    return result
