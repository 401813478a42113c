"""Entry point: bytes + filename (+ kind, profile) -> list[ParsedFile]."""

from __future__ import annotations

from . import detect
from .errors import Code, ParseError
from .messages import msg
from .readers import read_csv, read_workbook
from .tabular import parse_table, pick_sheet
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
    fmt = detect.detect_format(data, filename)
    if fmt in (detect.XLSX, detect.XLS):
        sheets = read_workbook(data, fmt, options, profile.sheet if profile else None)
        sheet, header = pick_sheet(sheets, kind, options, profile)
        return parse_table(sheet, header, fmt, kind, profile, options)
    if fmt == detect.CSV:
        sheet = read_csv(data, options, profile.encoding if profile else None)
        sheet, header = pick_sheet([sheet], kind, options, profile)
        return parse_table(sheet, header, fmt, kind, profile, options)
    if kind == "journal":
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.bank_only", format=fmt))
    if fmt in (detect.MT940, detect.MT942):
        from .swift import parse_mt940

        return parse_mt940(data, options, profile)
    if fmt == detect.ZIP:
        from .archive import parse_camt_zip

        return parse_camt_zip(data, options)
    if fmt.startswith("camt."):
        from .camt import parse_camt

        return parse_camt(data, fmt, options)
    if fmt == detect.BAI2:
        from .bai2_file import parse_bai2

        return parse_bai2(data, options)
    if fmt == detect.OFX:
        from .ofx_file import parse_ofx

        return parse_ofx(data, options)
    if fmt == detect.JSON:
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.json_upload"))
    raise ParseError(Code.UNKNOWN_FORMAT, msg("format.unknown"))  # pragma: no cover
