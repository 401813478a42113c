"""ZIP archives of camt statements: banks deliver camt.053 (and camt.052/054) as one ZIP a day or a month, one XML
document per account and day. The archive is one import: every document's statements are read, put in order per
account, and checked to join up (each closing balance is the next opening balance), as one multi-statement camt
file is. An archive that holds a single statement file of another format (对账单.zip with one .xls, .csv or MT940
file, as mail gateways and some banks send it) is read as that file. Nothing else is read from an archive (no
archive inside it); what it holds besides camt documents is named in the refusal.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from .camt import by_account_and_day, camt_statements, finish_camt
from .errors import Code, ErrorCollector, ParseError
from .messages import msg
from .types import Kind, MappingProfile, ParsedFile, ParseOptions

MAX_MEMBERS = 2000


def _members(zf: zipfile.ZipFile, options: ParseOptions) -> list[zipfile.ZipInfo]:
    infos = [i for i in zf.infolist() if not i.is_dir()]
    # Finder and Explorer add these beside the real documents; they hold no statement.
    infos = [
        i
        for i in infos
        if not i.filename.startswith("__MACOSX/") and not posixpath.basename(i.filename).startswith(".")
    ]
    if len(infos) > MAX_MEMBERS:
        raise ParseError(Code.TOO_MANY_ROWS, msg("zip.too_many_members", count=len(infos), limit=MAX_MEMBERS))
    total = sum(i.file_size for i in infos)
    if total > options.max_uncompressed_bytes:
        raise ParseError(Code.ZIP_BOMB, msg("zip.too_large", mb=total // 1048576))
    if not infos:
        raise ParseError(Code.EMPTY_FILE, msg("zip.empty"))
    return sorted(infos, key=lambda i: i.filename)


def parse_zip(
    data: bytes, fmt: str, kind: Kind, options: ParseOptions, profile: MappingProfile | None
) -> list[ParsedFile]:
    from .detect import CSV, ZIP, detect_format
    from .formats import FORMATS

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = _members(zf, options)
        documents = [(info.filename, zf.read(info)) for info in infos]
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError) as exc:
        raise ParseError(Code.UNREADABLE, msg("zip.damaged"), detail=str(exc)) from exc
    kinds: dict[str, list[str]] = {}
    for name, content in documents:
        try:
            member = detect_format(content, name)
        except ParseError:
            member = ""
        kinds.setdefault(member if member.startswith("camt.") else "", []).append(name)
    others = kinds.pop("", [])
    if len(documents) == 1 and others:
        name, content = documents[0]
        try:
            inner = detect_format(content, name)
        except ParseError:
            inner = ZIP
        # Any text is CSV to detection: only a file named .csv is taken for one (not a readme.txt or a PDF).
        if inner != ZIP and inner in FORMATS and (inner != CSV or name.lower().endswith(".csv")):
            if kind == "journal" and not FORMATS[inner].journal:
                raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.bank_only", format=inner))
            return FORMATS[inner].read(content, inner, kind, options, profile)
    if kind != "bank":
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.bank_only", format=fmt))
    if others:
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("zip.not_camt", names=_listed(others)))
    if len(kinds) > 1:
        # A camt.054 notifies the entries a camt.053 states again: read together they would count twice.
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("zip.mixed_camt", formats=sorted(kinds)))
    [camt_format] = kinds
    errors = ErrorCollector(options.max_errors)
    statements: list[ParsedFile] = []
    for name, content in documents:
        errors.context = name
        statements.extend(camt_statements(content, camt_format, options, errors, source=name))
    errors.context = None
    statements.sort(key=by_account_and_day)  # one document per day, in any order
    return finish_camt(statements, camt_format, errors, options)


def _listed(names: list[str], shown: int = 5) -> str:
    more = f" (+{len(names) - shown})" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more
