"""Bytes -> rows of cells for the tabular formats (xlsx, xls, csv).

python-calamine reads both xlsx and the old BIFF .xls, about 17x faster than openpyxl read-only.
Rows keep their spreadsheet numbering: index 0 is row 1 even when the sheet starts lower down.
"""

from __future__ import annotations

import codecs
import csv
import io
import pickle
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import Code, ParseError
from .messages import msg
from .text import Cell, plausible_chinese, utf16_encoding
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
        raise ParseError(Code.UNREADABLE, msg("excel.damaged"), detail=str(exc)) from exc
    if "xl/workbook.xml" not in names:
        raise ParseError(Code.UNREADABLE, msg("zip.not_a_workbook"))
    if total > options.max_uncompressed_bytes:
        raise ParseError(Code.ZIP_BOMB, msg("zip.too_large", mb=total // 1048576))


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
            input=data,
            capture_output=True,
            timeout=options.excel_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ParseError(
            Code.UNREADABLE, msg("excel.too_slow", seconds=f"{options.excel_seconds:g}"), detail="timeout"
        ) from exc
    try:
        result = pickle.loads(done.stdout) if done.returncode == 0 else None
    except Exception:  # a child that died mid-write leaves a torn pickle
        result = None
    if result is None:
        # An allocation beyond the cap aborts the Rust reader (SIGABRT) or raises MemoryError.
        raise ParseError(
            Code.UNREADABLE,
            msg("excel.too_much_memory_cells", mb=options.excel_memory_mb),
            detail=f"exit {done.returncode}: {done.stderr[-300:]!r}",
        )
    if result[0] == "error":
        _, kind, message, extra = result
        if kind == "too_many_rows":
            raise ParseError(
                Code.TOO_MANY_ROWS, msg("excel.too_many_rows", sheet=message, rows=extra, limit=options.max_rows)
            )
        if kind == "memory":
            raise ParseError(Code.UNREADABLE, msg("excel.too_much_memory", mb=options.excel_memory_mb), detail=message)
        raise ParseError(Code.UNREADABLE, msg("excel.unreadable"), detail=message)
    sheets = [Sheet(name=name, rows=rows, merged=merged) for name, rows, merged in result[1]]
    if not sheets:
        raise ParseError(Code.EMPTY_FILE, msg("excel.empty"))
    return sheets


def decode_text(data: bytes, preferred: str | None = None) -> tuple[str, str]:
    """BOM first, then strict UTF-8, then GB18030 (a superset of GBK/GB2312) or Big5."""
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
            raise ParseError(Code.ENCODING, msg("text.broken_utf16")) from exc
    utf16 = utf16_encoding(data)  # without a BOM: "Unicode text" as Windows tools save it
    if utf16 is not None:
        return data.decode(utf16), utf16
    candidates = ([preferred] if preferred else []) + ["utf-8"]
    for enc in candidates:
        try:
            return data.decode(enc, errors="strict"), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return _chinese_code_page(data)


def _chinese_code_page(data: bytes) -> tuple[str, str]:
    """GB18030 (a superset of GBK/GB2312), unless that fails or gives text no Chinese export holds and Big5 (Taiwan,
    Hong Kong) gives Chinese: nearly any Big5 text decodes as GB18030 too, into rare characters and kana."""
    try:
        gb: str | None = data.decode("gb18030", errors="strict")
    except UnicodeDecodeError:
        gb = None
    if gb is not None and plausible_chinese(gb, "gb2312"):
        return gb, "gb18030"
    latin = _western_text(data)
    if latin is not None:
        return latin, "cp1252"
    for enc in ("cp950", "big5hkscs"):
        try:
            text = data.decode(enc, errors="strict")
        except UnicodeDecodeError:
            continue
        if plausible_chinese(text, enc):
            return text, enc
    if gb is not None:
        return gb, "gb18030"
    raise ParseError(Code.ENCODING, msg("text.unknown_encoding"))


def _western_text(data: bytes) -> str | None:
    """Windows-1252 text (a Swiss, German or French bank's CSV: "Preis für Bankpaket"), when it is not Chinese: its
    bytes above ASCII are then accented Latin letters and a few signs (€, °, «»), which GBK read as rare characters
    ("f僡")."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:20000]
    high = [i for i, c in enumerate(sample) if ord(c) > 127]
    if not high:
        return None
    latin = sum(1 for i in high if "\u00c0" <= sample[i] <= "\u024f" or sample[i] in "€°«»§£µ’‘“”–—…´")
    # In a word ("für", "Überweisung") an accented letter stands beside ASCII letters, and a currency sign before or
    # after its amount (Nationwide's "£1,500.00", "12,50 €") or as a header's unit (Postbank's "Betrag (€)"); GBK's and Big5's two-byte characters give runs of these
    # signs instead. (Nationwide's CSV, all its amounts in pounds, was refused as of an unknown encoding.)
    in_words = sum(
        1
        for i in high
        if _beside(sample, i, str.isalpha)
        or (sample[i] in "€£" and (_beside(sample, i, str.isdigit, True) or sample[i - 1 : i + 2] in ("(€)", "(£)")))
    )
    return text if latin >= 0.9 * len(high) and in_words >= 0.9 * len(high) else None


def _beside(text: str, i: int, test: Callable[[str], bool], space: bool = False) -> bool:
    """Whether an ASCII character passing ``test`` stands right before or after ``text[i]`` (``space``: or one space
    away, as in "12,50 €")."""
    near = [text[j] for j in (i - 1, i + 1) if 0 <= j < len(text)]
    if space:
        near += [text[j] for j, k in ((i - 2, i - 1), (i + 2, i + 1)) if 0 <= j < len(text) and text[k] == " "]
    return any(c.isascii() and test(c) for c in near)


_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def _sniff_delimiter(text: str) -> str:
    # Only what lies outside quotes separates cells: "1,234.56" holds a comma, and 工商银行 pads every cell, quoted or
    # not, with spaces and a TAB, so counting inside quotes makes a comma file look TAB-separated.
    sample = [_QUOTED.sub("", ln) for ln in text[:20000].splitlines()[:40]]
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
        raise ParseError(Code.UNKNOWN_FORMAT, msg("format.binary"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows: list[list[Cell]] = []
    lines: list[int] = []
    prev = 0
    try:
        for row in reader:
            if any(c.strip() for c in row) and all(c.lstrip().startswith("`") for c in row if c.strip()):
                # 微信支付 and 支付宝 bills put a ` before every field (so Excel keeps 4200001234... as text)
                row = [c.lstrip()[1:] if c.strip() else c for c in row]
            rows.append(list(row))
            lines.append(prev + 1)  # the physical line where this record starts
            prev = reader.line_num
            if len(rows) > options.max_rows + options.header_scan_rows + 50:
                raise ParseError(Code.TOO_MANY_ROWS, msg("csv.too_many_rows", limit=options.max_rows))
    except csv.Error as exc:
        raise ParseError(Code.UNREADABLE, msg("csv.malformed", line=prev + 1), detail=str(exc)) from exc
    if not rows:
        raise ParseError(Code.EMPTY_FILE, msg("file.empty"))
    return Sheet(name="csv", rows=rows, line_numbers=lines, encoding=enc)
