"""Pure parsing core for bank statements and ERP bank journals (no Django, no ORM).

    parse_file(data, filename, kind="bank"|"journal", profile=None, options=None) -> list[ParsedFile]
    parse_json_lines(payload, kind="journal", options=None) -> ParsedFile
    detect_format(data, filename) -> str
    line_fingerprint(account_number, line) -> str (sha256 hex)

File-level refusals raise ParseError (``code``, ``message``). Row problems, control-total and
running-balance mismatches are collected in ``ParsedFile.errors`` (capped; ``error_count`` is the
full count): an import is all-or-nothing, so refuse it unless every ParsedFile is ``ok``.
"""

from . import texts, texts_imports  # noqa: F401  (register the message texts before any parser runs)
from .api import parse_file
from .detect import detect_format
from .errors import Code, ParseError
from .fingerprint import line_fingerprint
from .json_push import parse_json_lines
from .types import (
    IN,
    OUT,
    ControlTotals,
    Direction,
    Kind,
    MappingProfile,
    ParsedFile,
    ParsedLine,
    ParseOptions,
    RowError,
)

__all__ = [
    "IN",
    "OUT",
    "Code",
    "ControlTotals",
    "Direction",
    "Kind",
    "MappingProfile",
    "ParseError",
    "ParseOptions",
    "ParsedFile",
    "ParsedLine",
    "RowError",
    "detect_format",
    "line_fingerprint",
    "parse_file",
    "parse_json_lines",
]
