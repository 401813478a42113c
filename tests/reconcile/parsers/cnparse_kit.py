"""Builders for the parser tests (a plain module: the tests also run with --noconftest)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl


def xlsx_bytes(rows: list[list[Any]], sheet: str = "Sheet1", merges: list[str] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                ws.cell(row=r, column=c, value=value)
    for rng in merges or []:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode(encoding)


def xls_bytes(rows: list[list[Any]]) -> bytes:
    import xlwt  # dev-only dependency: creates real BIFF8 .xls files for the calamine reader

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Sheet1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None and value != "":
                ws.write(r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table(header: list[str], data: list[dict[str, Any]]) -> list[list[Any]]:
    """Data rows laid out under ``header`` by header text, so each case states which column holds what."""
    out = []
    for item in data:
        unknown = set(item) - set(header)
        assert not unknown, f"test data names columns not in the header: {unknown}"
        out.append([item.get(h, "") for h in header])
    return out
