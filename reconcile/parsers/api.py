"""Entry point: bytes + filename (+ kind, profile) -> list[ParsedFile]."""

from __future__ import annotations

from . import detect, formats
from .checks import refuse_nul_text
from .errors import Code, ParseError
from .messages import msg
from .text import utf8_bytes
from .types import Kind, MappingProfile, ParsedFile, ParseOptions

_DEFAULT = ParseOptions()


def parse_file(
    data: bytes,
    filename: str = "",
    kind: Kind = "bank",
    profile: MappingProfile | None = None,
    options: ParseOptions | None = None,
) -> list[ParsedFile]:
    """Parse one uploaded file. Returns one ParsedFile per statement/account (most files: exactly one).

    Raises ParseError (with ``code``) when the file as a whole cannot be read. Otherwise every bad row,
    failed control total and broken running balance is in ``ParsedFile.errors``: the import must be
    refused when any returned ParsedFile is not ``ok``.
    """
    options = options or _DEFAULT
    if kind not in ("bank", "journal"):
        raise ValueError(f"kind must be 'bank' or 'journal', not {kind!r}")
    if len(data) > options.max_bytes:
        raise ParseError(
            Code.TOO_LARGE, msg("file.too_large", mb=len(data) // 1048576, limit=options.max_bytes // 1048576)
        )
    data = _without_nul_padding(data)
    try:
        fmt = detect.detect_format(data, filename)
    except ParseError as exc:
        raise _for_kind(exc, kind) from None
    entry = formats.FORMATS.get(fmt)
    if kind == "journal" and not (entry and entry.journal):
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.bank_only", format=fmt))
    if fmt == detect.JSON:  # JSON lines come through the push API, not as a file
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.json_upload"))
    if entry is None:  # pragma: no cover  (detect_format names only formats with a row)
        raise ParseError(Code.UNKNOWN_FORMAT, msg("format.unknown"))
    if fmt in (detect.MT940, detect.MT942, detect.BAI2, detect.OFX):
        data = utf8_bytes(data)  # these readers take bytes as ASCII or a code page: a BOM or UTF-16 broke them
    try:
        files = entry.read(data, fmt, kind, options, profile)
    except ParseError as exc:
        if fmt == detect.CSV and exc.code in _TEXT_NAMED_EXCEL_CODES and _excel_name(filename):
            raise _text_named_excel(data, filename, kind, exc.code) from exc
        raise
    for pf in files:
        refuse_nul_text(pf, options.max_errors)
        pf.layout = pf.layout or fmt  # a format of its own (MT940, camt, BAI2, OFX) is its layout
    return files


def _without_nul_padding(data: bytes) -> bytes:
    """A text file padded with NUL bytes up to a block's size (some banks' downloads; Actual Budget keeps such a CSV
    among its test files): the padding is no content. It was refused as binary, for the NULs in its head. Only a tail
    of NULs after text that holds none is taken off: UTF-16 text, workbooks and other binaries keep theirs."""
    if not data.endswith(b"\x00"):
        return data
    body = data.rstrip(b"\x00")
    if not body or b"\x00" in body or body.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        return data
    for encoding in ("utf-8", "gb18030"):
        try:
            body.decode(encoding)
        except UnicodeDecodeError:
            continue
        return body
    return data


# A picture or PDF uploaded as a journal: the advice is the accounting software's export, not online banking's.
_JOURNAL_ADVICE = {"format.pdf": "format.pdf_journal", "format.image": "format.image_journal"}


def _for_kind(exc: ParseError, kind: Kind) -> ParseError:
    key = _JOURNAL_ADVICE.get(exc.reason.key) if kind == "journal" else None
    return ParseError(exc.code, msg(key, **exc.reason.params)) if key else exc


# What a text file named .xlsx/.xls fails with when read as the CSV its content is: said as what it is instead.
_TEXT_NAMED_EXCEL_CODES = (Code.NO_HEADER, Code.ENCODING, Code.MISSING_COLUMN)
_EXCEL_NAMES = (".xlsx", ".xls", ".xlsm", ".et")


def _excel_name(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name if name.lower().endswith(_EXCEL_NAMES) else ""


def _first_line(data: bytes) -> str:
    """The first non-empty line of a text file, as a person would see it (at most 40 characters)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data[:4096].decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data[:4096].decode("latin-1")
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = "".join(ch for ch in line if ch.isprintable())
    return line if len(line) <= 40 else line[:37] + "..."


def _text_named_excel(data: bytes, filename: str, kind: Kind, code: str) -> ParseError:
    """An Excel workbook begins with a ZIP (.xlsx) or OLE (.xls) signature; a file named so without one is text."""
    key = "format.text_named_excel_journal" if kind == "journal" else "format.text_named_excel"
    return ParseError(code, msg(key, name=_excel_name(filename), start=_first_line(data)))
