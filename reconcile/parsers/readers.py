"""Bytes -> rows of cells for the tabular formats (xlsx, xls, csv).

python-calamine reads both xlsx and the old BIFF .xls, about 17x faster than openpyxl read-only.
Rows keep their spreadsheet numbering: index 0 is row 1 even when the sheet starts lower down.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass

import python_calamine as pc

from .errors import Code, ParseError
from .text import Cell
from .types import ParseOptions


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
    """All non-empty sheets (the caller picks the one with a header), capped at ``max_rows``."""
    if fmt == "xlsx":
        _check_zip(data, options)
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [sheet_name] if sheet_name else list(wb.sheet_names)
        sheets: list[Sheet] = []
        for name in names:
            sh = wb.get_sheet_by_name(name)
            height = getattr(sh, "total_height", None) or sh.height
            if height > options.max_rows + options.header_scan_rows + 50:
                raise ParseError(Code.TOO_MANY_ROWS, f"工作表 “{name}” 有 {height} 行，超过上限 {options.max_rows} 行，"
                                 f"请按月份拆分后上传 / too many rows ({height} > {options.max_rows})")
            rows = sh.to_python(skip_empty_area=False)
            if not any(any(c not in ("", None) for c in r) for r in rows[:200]):
                continue
            merged = None
            try:
                ranges = getattr(sh, "merged_cell_ranges", None)
                if ranges:
                    merged = [(a[0], a[1], b[0], b[1]) for a, b in ranges]
            except Exception:  # merged ranges are a hint only; some .xls variants do not expose them
                merged = None
            sheets.append(Sheet(name=name, rows=rows, merged=merged))
    except ParseError:
        raise
    except BaseException as exc:  # calamine raises several types; a Rust panic arrives as a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise ParseError(Code.UNREADABLE, f"无法读取 Excel 文件({type(exc).__name__}) / cannot read the workbook",
                         detail=str(exc)) from exc
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
