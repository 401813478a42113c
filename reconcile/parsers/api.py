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
    fmt = detect.detect_format(data, filename)
    entry = formats.FORMATS.get(fmt)
    if kind == "journal" and not (entry and entry.journal):
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.bank_only", format=fmt))
    if fmt == detect.JSON:  # JSON lines come through the push API, not as a file
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.json_upload"))
    if entry is None:  # pragma: no cover  (detect_format names only formats with a row)
        raise ParseError(Code.UNKNOWN_FORMAT, msg("format.unknown"))
    if fmt in (detect.MT940, detect.MT942, detect.BAI2, detect.OFX):
        data = utf8_bytes(data)  # these readers take bytes as ASCII or a code page: a BOM or UTF-16 broke them
    files = entry.read(data, fmt, kind, options, profile)
    for pf in files:
        refuse_nul_text(pf, options.max_errors)
    return files
