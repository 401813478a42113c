"""Format detection by content. The extension is only a hint: banks send .xls files that are really
xlsx, HTML or CSV, and .txt files that are MT940."""

from __future__ import annotations

import re

from .errors import Code, ParseError

XLSX, XLS, CSV = "xlsx", "xls", "csv"
MT940, MT942 = "mt940", "mt942"
CAMT053, CAMT052, CAMT054 = "camt.053", "camt.052", "camt.054"
BAI2, OFX, JSON = "bai2", "ofx", "json"

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CAMT_NS = re.compile(r"camt\.(05[234])\.\d{3}\.\d{2}")
_CAMT_ROOT = {"BkToCstmrStmt": CAMT053, "BkToCstmrAcctRpt": CAMT052, "BkToCstmrDbtCdtNtfctn": CAMT054}
_MT_START = re.compile(r"(?m)^(?:\{1:|:20:|:25:|:60[FM]:|:61:)")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _head_text(data: bytes) -> str:
    head = data[:8192]
    for bom in _BOMS:
        if head.startswith(bom):
            enc = {b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}[bom]
            return head[len(bom):].decode(enc, errors="ignore")
    return head.decode("latin-1")


def detect_format(data: bytes, filename: str = "") -> str:
    if not data or not data.strip():
        raise ParseError(Code.EMPTY_FILE, "文件为空 / the file is empty")
    if data.startswith(_ZIP):
        return XLSX  # the reader checks that the zip really is a workbook
    if data.startswith(_OLE2):
        return XLS
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
        if "<html" in low or "<table" in low:
            raise ParseError(
                Code.UNSUPPORTED_FORMAT,
                "文件是网页(HTML)格式而不是真正的 Excel，请用 Excel 打开后另存为 .xlsx 再上传 / "
                "the file is an HTML page saved with an Excel extension; re-save it as .xlsx",
            )
        if head.startswith("<?xml") or head.startswith("<"):
            raise ParseError(
                Code.UNSUPPORTED_FORMAT,
                "不支持的 XML 文件(不是 camt.052/053/054 对账单) / XML file that is not a camt.052/053/054 statement",
            )
    if head.startswith(("[", "{")) and not head.startswith("{1:"):
        return JSON
    if _MT_START.search(head[:2048]):
        if re.search(r"(?m)^:(?:13D|34F):", head) and not re.search(r"(?m)^:6[02][FM]:", head):
            return MT942
        return MT940
    if head.startswith("01,"):
        return BAI2
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError(
            Code.UNKNOWN_FORMAT,
            "无法识别的文件格式(二进制内容，不是 Excel/CSV/MT940/camt/BAI2/OFX) / unknown binary format",
        )
    return CSV
