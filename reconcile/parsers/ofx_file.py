"""OFX 1.x (SGML) and 2.x (XML) via ofxparse.

ofxparse is run with fail_fast=False so one bad <STMTTRN> does not hide the others; every discarded
transaction becomes a row error (nothing is dropped silently). Empty leaf elements such as
`<CURDEF></CURDEF>` crash ofxparse (IndexError), so they are removed first: an empty element carries
no information. Row numbers are the 1-based sequence of <STMTTRN> in the file.
"""

from __future__ import annotations

import io
import re
import warnings
from decimal import Decimal

import ofxparse

from .amounts import decimal_exact
from .errors import Code, ErrorCollector, ParseError, RowProblem
from .text import squash
from .types import IN, OUT, ParsedFile, ParsedLine, ParseOptions

_EMPTY_LEAF = re.compile(rb"<([A-Za-z0-9.]+)>\s*</\1>")


def parse_ofx(data: bytes, options: ParseOptions) -> list[ParsedFile]:
    cleaned = _EMPTY_LEAF.sub(b"", data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bs4 warns about parsing XML with its HTML parser
            doc = ofxparse.OfxParser.parse(io.BytesIO(cleaned), fail_fast=False)
    except Exception as exc:  # ofxparse raises OfxParserException, IndexError, AttributeError ...
        raise ParseError(Code.UNREADABLE, f"OFX 文件无法解析({type(exc).__name__}: {str(exc)[:120]}) / malformed OFX",
                         detail=str(exc)) from exc
    errors = ErrorCollector(options.max_errors)
    out: list[ParsedFile] = []
    seq = 0
    for account in getattr(doc, "accounts", []) or []:
        st = account.statement
        currency = (getattr(st, "currency", None) or "").upper() or None
        pf = ParsedFile(format="ofx", kind="bank", account_number=getattr(account, "account_id", None) or None,
                        currency=currency, closing_balance=_balance(getattr(st, "balance", None)),
                        period_start=_d(getattr(st, "start_date", None)), period_end=_d(getattr(st, "end_date", None)))
        for tx in st.transactions:
            seq += 1
            try:
                signed = decimal_exact(Decimal(tx.amount), currency)
            except RowProblem as p:
                errors.add_problem(seq, "TRNAMT", tx.amount, p)
                continue
            if signed == 0:
                continue
            pf.lines.append(ParsedLine(
                row=seq, booking_date=tx.date.date(), amount=abs(signed), direction=IN if signed > 0 else OUT,
                currency=currency, counterparty_name=squash(tx.payee or ""), summary=squash(tx.memo or "")[:200],
                purpose=tx.type or "", serial=tx.id or "", voucher_no=(tx.checknum or "").strip(),
            ))
        for bad in getattr(st, "discarded_entries", []):
            seq += 1
            content = str(bad.get("content", ""))
            m = re.search(r"<trnamt>([^<\n]*)", content, re.IGNORECASE)
            reason = str(bad.get("error", "")).split("\n")[0].strip()
            errors.add(seq, "STMTTRN", m.group(1).strip() if m else None, Code.BAD_RECORD,
                       f"OFX 交易无法读取: {squash(reason)} / OFX transaction rejected")
        out.append(pf)
    if not out:
        raise ParseError(Code.NO_TRANSACTIONS, "OFX 文件中没有账户对账单 / no statement in the OFX file")
    if not any(pf.lines for pf in out) and errors.count == 0:
        raise ParseError(Code.NO_TRANSACTIONS, "OFX 文件只有余额，没有交易明细(STMTTRN) / only balances, no transactions")
    if seq > options.max_rows:
        raise ParseError(Code.TOO_MANY_ROWS, f"超过 {options.max_rows} 笔交易 / too many transactions")
    for pf in out:
        pf.errors, pf.error_count = list(errors.errors), errors.count
    return out


def _balance(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except Exception:
        return None


def _d(value: object):
    return value.date() if hasattr(value, "date") else None
