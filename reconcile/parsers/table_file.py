"""A table file (xlsx, xls, csv, a web page's tables) as one format of ``formats.FORMATS``: read the
sheets, find the statement's sheet and header, parse its rows (``tabular.parse_table``)."""

from __future__ import annotations

from . import detect
from .html_table import read_html
from .readers import read_csv, read_workbook
from .tabular import parse_table, pick_sheet
from .types import Kind, MappingProfile, ParsedFile, ParseOptions


def parse_table_file(
    data: bytes, fmt: str, kind: Kind, options: ParseOptions, profile: MappingProfile | None
) -> list[ParsedFile]:
    if fmt == detect.CSV:
        sheets = [read_csv(data, options, profile.encoding if profile else None)]
    elif fmt == detect.HTML:
        sheets = read_html(data, options, profile.encoding if profile else None)
    else:
        sheets = read_workbook(data, fmt, options, profile.sheet if profile else None)
    sheet, header = pick_sheet(sheets, kind, options, profile)
    return parse_table(sheet, header, fmt, kind, profile, options)
