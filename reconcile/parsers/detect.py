"""Format detection by content. The extension is only a hint: banks send .xls files that are really
xlsx, HTML or CSV, and .txt files that are MT940."""

from __future__ import annotations

import io
import re
import zipfile

from .errors import Code, ParseError
from .messages import msg
from .text import utf16_encoding

XLSX, XLS, CSV = "xlsx", "xls", "csv"
HTML = "html"  # a web page saved with an Excel name: its tables (html_table.py)
XMLSS = "xmlss"  # Excel's XML Spreadsheet 2003 saved with an Excel name: its worksheets (xml_sheet.py)
MT940, MT942 = "mt940", "mt942"
CAMT053, CAMT052, CAMT054 = "camt.053", "camt.052", "camt.054"
BAI2, OFX, JSON = "bai2", "ofx", "json"
ZIP = "zip"  # an archive of camt documents (archive.py)
QIF = "qif"  # Quicken Interchange Format: !Type:Bank and !Type:CCard (qif_file.py)

_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"  # an archive's end record with no entry before it
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CAMT_NS = re.compile(r"camt\.(05[234])\.\d{3}\.\d{2}")
# ISO 20022 payment orders: credit transfers (pain.001, CstmrCdtTrfInitn), direct debits (pain.008); a status report
# (pain.002) is told by _PAIN_STATUS, asked first.
_PAIN = re.compile(r"pain\.00\d\.\d{3}\.\d{2}|<(?:\w+:)?(?:CstmrCdtTrfInitn|CstmrDrctDbtInitn)\b")
# A payment status report (pain.002, CstmrPmtStsRpt): it was refused as "a payment order", which it answers.
_PAIN_STATUS = re.compile(r"pain\.002\.\d{3}\.\d{2}|<(?:\w+:)?CstmrPmtStsRpt\b")
_CAMT_ROOT = {"BkToCstmrStmt": CAMT053, "BkToCstmrAcctRpt": CAMT052, "BkToCstmrDbtCdtNtfctn": CAMT054}
_MT_START = re.compile(r"(?m)^(?:\{1:|:20:|:25:|:60[FM]:|:61:)")
# A file that starts with another SWIFT field (:62F:, :86:, :28C:, :NS:) is a piece of an MT940: the MT940 reader says
# what is missing, rather than the table reader asking for a header row.
_MT_FIELD = re.compile(r"^:(?:\d{2}[A-Z]?|NS):")
# An MT940/MT942 as FinTS (HBCI) hands it over: "@@" in place of each line break, often the whole file on one line.
_MT_FINTS = re.compile(r"@@:(?:20|25|61):")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# A photo or scan of a statement: PNG, JPEG, GIF, TIFF (both byte orders); BMP and WebP by more than their first bytes.
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")


def _is_image(data: bytes) -> bool:
    if data.startswith(_IMAGES):
        return True
    bmp = data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00"
    return bmp or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


# An OFX 1.x header whose first line is not OFXHEADER (csv2ofx, which many use to turn a bank's CSV into OFX, writes only
# "DATA:OFXSGML" and "ENCODING:UTF-8" before <OFX>): header lines and nothing else before the <OFX> root. Without this
# the file was read as a table and refused for want of a header row; ofxparse reads it as it reads any OFX 1.x.
_OFX_HEADER_LINES = re.compile(
    r"\A(?:[ \t]*(?:DATA|VERSION|SECURITY|ENCODING|CHARSET|COMPRESSION|OLDFILEUID|NEWFILEUID)[ \t]*:[^\n<]*\n|[ \t]*\r?\n)+"
    r"[ \t]*<OFX>",
    re.IGNORECASE,
)
_QIF = re.compile(r"^!(?:Type|Account|Option)\b", re.IGNORECASE)
# National fixed-width statement formats that are not read; without these the table reader asked for a header row.
# CODA (Belgium): record 0 is "0" + "0000" + creation date DDMMYY + bank id + application code "05"; record 1 (the old
# balance) follows.
_CODA = re.compile(r"^00000\d{9}05[ D]?.*\r?\n1[0-3]")
# Norma 43 / AEB 43 (Spain): record 11 is bank, branch and account (18 digits), two dates YYMMDD, 1 (debit) or 2
# (credit), the opening balance in 14 digits and the currency as an ISO number; movements are 22 (with 23 after).
_NORMA43 = re.compile(r"^11\d{30}[12]\d{14}\d{3}[\s\S]*?^22\d{8}", re.MULTILINE)
# CFONB 120 (France, "relevé de compte"): 01 (old balance) is the bank's code (5 digits), 4 reserved places, the
# branch's code (5 digits), the currency and its number of decimals; 07 (new balance) closes each account's statement.
_CFONB = re.compile(r"^01\d{5}[ 0]{4}\d{5}[A-Z]{3}[0-9 ][\s\S]*?^07\d{5}", re.MULTILINE)
# Office documents are ZIP archives too; these entries make one a workbook, or another Office file the workbook
# reader refuses by name.
_OFFICE = ("xl/workbook.xml", "[Content_Types].xml", "mimetype")


def _zip_kind(data: bytes, filename: str) -> str:
    """An Office document goes to the workbook reader (which checks it really is a workbook); any other archive to
    the archive reader, which reads camt documents and names what else it finds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError):
        return ZIP if filename.lower().endswith(".zip") else XLSX  # damaged: the reader of what it is called says so
    return XLSX if names & set(_OFFICE) else ZIP


def _head_text(data: bytes) -> str:
    head = data[:8192]
    for bom in _BOMS:
        if head.startswith(bom):
            enc = {b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}[bom]
            return head[len(bom) :].decode(enc, errors="ignore")
    utf16 = utf16_encoding(data)
    if utf16 is not None:
        return head.decode(utf16, errors="ignore")
    return head.decode("latin-1")


def detect_format(data: bytes, filename: str = "") -> str:
    if not data or not data.strip():
        raise ParseError(Code.EMPTY_FILE, msg("file.empty"))
    if data.startswith(_ZIP):
        return _zip_kind(data, filename)
    if data.startswith(_EMPTY_ZIP):  # an archive of nothing: the archive reader says so
        return ZIP
    if data.startswith(_OLE2):
        return XLS
    if data.lstrip()[:5] == b"%PDF-":  # read as text it was a CSV without a header: say what it is
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.pdf"))
    if _is_image(data):
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.image"))
    head = _head_text(data).lstrip()
    low = head[:4096].lower()
    if head.startswith("<") or head.startswith("OFXHEADER"):
        if "ofxheader" in low or "<ofx>" in low:
            return OFX
        m = _CAMT_NS.search(head)
        if m:
            return f"camt.{m.group(1)}"
        for root, fmt in _CAMT_ROOT.items():
            if f"<{root}" in head or f":{root}" in head:
                return fmt
        if "urn:schemas-microsoft-com:office:spreadsheet" in low and "<workbook" in low:
            return XMLSS
        if "<html" in low or "<table" in low:
            return HTML
        if _PAIN_STATUS.search(head):  # the bank's answer to a payment order: no booking, no balance
            raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.pain_status"))
        if _PAIN.search(head):  # what the company sends its bank, not what the bank reports
            raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.pain"))
        if head.startswith("<?xml") or head.startswith("<"):
            raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.xml_not_camt"))
    if _OFX_HEADER_LINES.match(head.replace("\r\n", "\n")):
        return OFX
    if head.startswith(("[", "{")) and not head.startswith("{1:"):
        return JSON
    if _MT_START.search(head[:2048]) or _MT_FIELD.match(head) or _MT_FINTS.search(head[:2048]):
        if re.search(r"(?m)(?:^|@@):(?:13D|34F):", head) and not re.search(r"(?m)(?:^|@@):6[02][FM]:", head):
            return MT942
        return MT940
    if head.startswith("01,"):
        return BAI2
    if _QIF.match(head):
        return QIF
    for pattern, key in ((_CODA, "format.coda"), (_NORMA43, "format.norma43"), (_CFONB, "format.cfonb")):
        if pattern.match(head):
            raise ParseError(Code.UNSUPPORTED_FORMAT, msg(key))
    if b"\x00" in data[:4096] and utf16_encoding(data) is None:
        raise ParseError(Code.UNKNOWN_FORMAT, msg("format.unknown_binary"))
    return CSV
