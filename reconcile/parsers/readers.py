"""Bytes -> rows of cells for the tabular formats (xlsx, xls, csv).

python-calamine reads both xlsx and the old BIFF .xls, about 17x faster than openpyxl read-only.
Rows keep their spreadsheet numbering: index 0 is row 1 even when the sheet starts lower down.
"""

from __future__ import annotations

import codecs
import csv
import io
import pickle
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import Code, ParseError
from .text import Cell
from .types import ParseOptions

_CHILD = str(Path(__file__).with_name("excel_child.py"))


@dataclass(slots=True)
class Sheet:
    name: str
    rows: list[list[Cell]]
    line_numbers: list[int] | None = None  # CSV: physical line of each row (multi-line quoted cells)
    merged: list[tuple[int, int, int, int]] | None = None  # (row0, col0, row1, col1), 0-based inclusive
    encoding: str | None = None

    def row_number(self, index: int) -> int:
        return self.line_numbers[index] if self.line_numbers is not None else index + 1


def _check_zip(data: bytes, options: ParseOptions) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            total = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError) as exc:
        raise ParseError(Code.UNREADABLE, "Excel 文件已损坏或不完整，无法打开 / the xlsx file is damaged or truncated",
                         detail=str(exc)) from exc
    if "xl/workbook.xml" not in names:
        raise ParseError(Code.UNREADABLE, "压缩包不是 Excel 工作簿 / the zip file is not an xlsx workbook")
    if total > options.max_uncompressed_bytes:
        raise ParseError(Code.ZIP_BOMB, f"Excel 解压后过大({total // 1048576} MB)，拒绝读取 / xlsx expands to {total} bytes")


def read_workbook(data: bytes, fmt: str, options: ParseOptions, sheet_name: str | None = None) -> list[Sheet]:
    """All non-empty sheets (the caller picks the one with a header), capped at ``max_rows``.

    Read in a child process capped at ``options.excel_memory_mb`` and ``options.excel_seconds``
    (see excel_child.py for why); the ~0.1 s start-up is small next to an import.
    """
    if fmt == "xlsx":
        _check_zip(data, options)
    max_height = options.max_rows + options.header_scan_rows + 50
    try:
        done = subprocess.run(
            [sys.executable, "-I", _CHILD, str(options.excel_memory_mb), str(max_height), sheet_name or ""],
            input=data, capture_output=True, timeout=options.excel_seconds, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ParseError(Code.UNREADABLE, f"读取 Excel 超过 {options.excel_seconds:g} 秒仍未完成，文件可能已损坏；请另存为新的 "
                         "xlsx 或 CSV 后重新上传 / reading the workbook took too long; save it again as xlsx or CSV",
                         detail="timeout") from exc
    try:
        result = pickle.loads(done.stdout) if done.returncode == 0 else None
    except Exception:  # a child that died mid-write leaves a torn pickle
        result = None
    if result is None:
        # An allocation beyond the cap aborts the Rust reader (SIGABRT) or raises MemoryError.
        raise ParseError(Code.UNREADABLE, f"读取 Excel 需要超过 {options.excel_memory_mb} MB 内存：文件已损坏，或有单元格远在数据区之外"
                         "(例如 XFD10000)。请删除数据区之外的空行空列，另存后重新上传 / the workbook needs more than "
                         f"{options.excel_memory_mb} MB to read: it is damaged or has a cell far outside the data; "
                         "delete the empty rows and columns beyond the data and save it again",
                         detail=f"exit {done.returncode}: {done.stderr[-300:]!r}")
    if result[0] == "error":
        _, kind, message, extra = result
        if kind == "too_many_rows":
            raise ParseError(Code.TOO_MANY_ROWS, f"工作表 “{message}” 有 {extra} 行，超过上限 {options.max_rows} 行，"
                             f"请按月份拆分后上传 / too many rows ({extra} > {options.max_rows})")
        if kind == "memory":
            raise ParseError(Code.UNREADABLE, f"读取 Excel 需要超过 {options.excel_memory_mb} MB 内存，文件已损坏或过大 / "
                             "the workbook needs too much memory to read", detail=message)
        raise ParseError(Code.UNREADABLE, f"无法读取 Excel 文件({message.split(':', 1)[0]}) / cannot read the workbook",
                         detail=message)
    sheets = [Sheet(name=name, rows=rows, merged=merged) for name, rows, merged in result[1]]
    if not sheets:
        raise ParseError(Code.EMPTY_FILE, "Excel 文件中没有数据 / the workbook has no data")
    return sheets


def decode_text(data: bytes, preferred: str | None = None) -> tuple[str, str]:
    """BOM first, then strict UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError:
            pass  # a UTF-8 BOM glued onto GBK text (some ERP exports): fall through to the other encodings
        data = data[3:]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ParseError(Code.ENCODING, "UTF-16 文件编码损坏 / broken UTF-16 text") from exc
    candidates = ([preferred] if preferred else []) + ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc, errors="strict"), enc
        except (UnicodeDecodeError, LookupError):
            continue
    raise ParseError(Code.ENCODING, "无法识别文件编码(不是 UTF-8 也不是 GBK/GB18030)，请另存为 UTF-8 CSV 或 Excel / "
                     "unknown text encoding; save as UTF-8 CSV or xlsx")


def _sniff_delimiter(text: str) -> str:
    sample = text[:20000].splitlines()[:40]
    best, best_score = ",", 0
    for delim in (",", "\t", ";", "|"):
        counts = [ln.count(delim) for ln in sample if ln.strip()]
        # A delimiter that splits many lines into the same number of fields wins over a stray one.
        score = max((counts.count(c) * c for c in set(counts) if c), default=0)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(data: bytes, options: ParseOptions, encoding: str | None = None) -> Sheet:
    text, enc = decode_text(data, encoding)
    if "\x00" in text[:4096]:
        raise ParseError(Code.UNKNOWN_FORMAT, "无法识别的文件格式(二进制内容) / unknown binary format")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows: list[list[Cell]] = []
    lines: list[int] = []
    prev = 0
    try:
        for row in reader:
            rows.append(list(row))
            lines.append(prev + 1)  # the physical line where this record starts
            prev = reader.line_num
            if len(rows) > options.max_rows + options.header_scan_rows + 50:
                raise ParseError(Code.TOO_MANY_ROWS, f"CSV 超过 {options.max_rows} 行，请拆分后上传 / too many rows")
    except csv.Error as exc:
        raise ParseError(Code.UNREADABLE, f"CSV 第{prev + 1}行格式错误 / malformed CSV at line {prev + 1}",
                         detail=str(exc)) from exc
    if not rows:
        raise ParseError(Code.EMPTY_FILE, "文件为空 / the file is empty")
    return Sheet(name="csv", rows=rows, line_numbers=lines, encoding=enc)
