"""OFX 1.x (SGML) and 2.x (XML) via ofxparse.

ofxparse is run with fail_fast=False so one bad <STMTTRN> does not hide the others; every discarded
transaction becomes a row error (nothing is dropped silently). Empty leaf elements such as
`<CURDEF></CURDEF>` crash ofxparse (IndexError), so they are removed first: an empty element carries
no information. Row numbers are the 1-based sequence of <STMTTRN> in the file.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import warnings
from decimal import Decimal

import ofxparse

from .amounts import decimal_exact
from .checks import refuse_unusable_balances_only
from .errors import Code, ErrorCollector, ParseError, RowProblem
from .messages import explained, msg
from .text import squash
from .types import IN, OUT, ParsedFile, ParsedLine, ParseOptions

_EMPTY_LEAF = re.compile(rb"<([A-Za-z0-9.]+)>\s*</\1>")
_ZONE = re.compile(r"\s*\[[^\]]*\]\s*$")
_STATEMENT = re.compile(rb"<(?:STMTRS|CCSTMTRS|INVSTMTRS)>", re.IGNORECASE)
# A <STATUS> aggregate (closed in OFX 1.x too): the server's answer to the sign-on or to the statement request.
_STATUS = re.compile(rb"<STATUS>(.*?)</STATUS>", re.IGNORECASE | re.DOTALL)
_STATUS_CODE = re.compile(rb"<CODE>\s*(\d+)", re.IGNORECASE)
_STATUS_ERROR = re.compile(rb"<SEVERITY>\s*ERROR", re.IGNORECASE)
_STATUS_MESSAGE = re.compile(rb"<MESSAGE>\s*([^<\r\n]*)", re.IGNORECASE)


# An OFX 1.x header says how its text is written (ENCODING:USASCII, CHARSET:1252). Banks that write UTF-8 still declare
# 1252 (Banco do Brasil: "CRÉDITO" was read "CRÃ‰DITO"); text in 1252 with letters beyond ASCII is almost never valid
# UTF-8, so such text is read as UTF-8.
_USASCII = re.compile(rb"ENCODING:[ \t]*USASCII", re.IGNORECASE)


def _utf8_declared_ascii(data: bytes) -> bytes:
    head, tag, body = data.partition(b"<")
    if not _USASCII.search(head) or body.isascii():
        return data
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return _USASCII.sub(b"ENCODING:UTF-8", head, count=1) + tag + body


class _BankDayParser(ofxparse.OfxParser):  # type: ignore[misc]
    """OFX writes a moment with the bank's time zone (``20261001003000[+8:CST]``); ofxparse turns it into UTC, which
    moved a booking made after midnight in Beijing to the day before (and one made in a New York evening, or a
    statement ending then, to the day after). The day the bank wrote is the booking day: the zone is left out."""

    @classmethod
    def parseOfxDateTime(cls, ofxDateTime: str) -> dt.datetime | None:  # noqa: N802, N803  (ofxparse's names)
        result: dt.datetime | None = super().parseOfxDateTime(_ZONE.sub("", ofxDateTime))
        return result


# ofxparse's reasons for dropping a transaction, by the field they are about (its words stay out of the message).
_FIELDS = (
    ("transaction user date", "DTUSER"),
    ("transaction date", "DTPOSTED"),
    ("transaction amount", "TRNAMT"),
    ("transaction type", "TRNTYPE"),
    ("transaction name", "NAME"),
    ("fit id", "FITID"),
)


_OFX_DATE = re.compile(r"^\d{8}")


# A text escaped twice (a Canadian bank's QFX: `<NAME>TPAY &amp;lt;DEFTPYMT&amp;gt;`): the parser undoes one escaping
# and left "TPAY &lt;DEFTPYMT&gt;" as the other party's name. What is left of an entity is undone too.
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|apos|#\d{1,6}|#x[0-9a-fA-F]{1,6});")


def _text(value: str | None) -> str:
    text = value or ""
    return squash(html.unescape(text) if _ENTITY.search(text) else text)


def _rejected_field(reason: str, content: str) -> tuple[str, bool] | None:
    """(OFX tag, whether it is missing rather than unreadable) of a reason ofxparse gives, or None. A date it
    cannot read comes with Python's own words (`time data ... does not match format`): the date tag whose value is
    not an OFX date is the one."""
    low = reason.lower()
    for words, tag in _FIELDS:
        if words in low:
            return tag, low.startswith(("missing", "no ", "empty"))
    if "does not match format" in low or "unconverted data" in low:
        for tag in ("DTPOSTED", "DTUSER"):
            m = re.search(rf"<{tag}>([^<\n]*)", content, re.IGNORECASE)
            if m and not _OFX_DATE.match(m.group(1).strip()):
                return tag, False
    if "out of range" in low or "must be in" in low:  # Python's words for 20120231: a date that does not exist
        for tag in ("DTPOSTED", "DTUSER"):
            m = re.search(rf"<{tag}>\s*(\d{{4}})(\d{{2}})(\d{{2}})", content, re.IGNORECASE)
            if m and not _is_day(*m.groups()):
                return tag, False
    return None


def _is_day(year: str, month: str, day: str) -> bool:
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _no_statement(data: bytes) -> ParseError:
    """An OFX without any statement: when the bank's server answered the request with an error (a refused sign-on,
    "General Server Error") the message quotes it, else it says there is no statement."""
    for block in _STATUS.findall(data):
        code = _STATUS_CODE.search(block)
        if _STATUS_ERROR.search(block) and code and code.group(1).strip(b"0"):
            text = _STATUS_MESSAGE.search(block)
            said = squash(text.group(1).decode("latin-1")) if text else ""
            detail = f"{code.group(1).decode()}: {said}" if said else code.group(1).decode()
            return ParseError(Code.NO_TRANSACTIONS, msg("ofx.server_error", detail=detail[:200]))
    return ParseError(Code.NO_TRANSACTIONS, msg("ofx.no_statement"))


def parse_ofx(data: bytes, options: ParseOptions) -> list[ParsedFile]:
    if not _STATEMENT.search(data):  # the sign-on's answer only, or an empty <OFX></OFX>
        raise _no_statement(data)
    cleaned = _EMPTY_LEAF.sub(b"", _utf8_declared_ascii(data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bs4 warns about parsing XML with its HTML parser
            doc = _BankDayParser.parse(io.BytesIO(cleaned), fail_fast=False)
    except Exception as exc:  # ofxparse raises OfxParserException, IndexError, AttributeError ...
        raise ParseError(Code.UNREADABLE, explained("ofx.malformed", exc), detail=str(exc)) from exc
    errors = ErrorCollector(options.max_errors)
    out: list[ParsedFile] = []
    seq = 0
    accounts = getattr(doc, "accounts", []) or []
    for account in accounts:
        if isinstance(account.statement, ofxparse.ofxparse.InvestmentStatement):
            # A brokerage account's positions and trades (INVSTMTRS): not a bank or card account's movements.
            raise ParseError(Code.UNSUPPORTED_FORMAT, msg("ofx.investment", account=account.account_id or "-"))
    for account in accounts:
        st = account.statement
        currency = (getattr(st, "currency", None) or "").upper() or None
        pf = ParsedFile(
            format="ofx",
            kind="bank",
            account_number=getattr(account, "account_id", None) or None,
            currency=currency,
            closing_balance=_closing(getattr(st, "balance", None), errors),
            period_start=_start(getattr(st, "start_date", None)),
            period_end=_d(getattr(st, "end_date", None)),
        )
        seq_before = seq
        for tx in st.transactions:
            seq += 1
            try:
                signed = decimal_exact(Decimal(tx.amount), currency)
            except RowProblem as p:
                errors.add_problem(seq, "TRNAMT", tx.amount, p)
                continue
            if signed == 0:
                pf.zero_rows.append(seq)  # moves no money: not a line, but the import names it
                continue
            pf.lines.append(
                ParsedLine(
                    row=seq,
                    booking_date=tx.date.date(),
                    amount=abs(signed),
                    direction=IN if signed > 0 else OUT,
                    currency=currency,
                    counterparty_name=_text(tx.payee),
                    summary=_text(tx.memo)[:200],
                    purpose=tx.type or "",
                    serial=tx.id or "",
                    voucher_no=(tx.checknum or "").strip(),
                )
            )
        for bad in getattr(st, "discarded_entries", []):
            seq += 1
            content = str(bad.get("content", ""))
            reason = str(bad.get("error", "")).split("\n")[0].strip()
            rejected = _rejected_field(reason, content)
            if rejected is None:
                m = re.search(r"<trnamt>([^<\n]*)", content, re.IGNORECASE)
                errors.add(
                    seq,
                    "STMTTRN",
                    m.group(1).strip() if m else None,
                    Code.BAD_RECORD,
                    explained("ofx.transaction_rejected", squash(reason)),
                )
                continue
            tag, missing = rejected
            m = re.search(rf"<{tag}>([^<\n]*)", content, re.IGNORECASE)
            value = m.group(1).strip() if m and m.group(1).strip() else None
            key = "ofx.field_missing" if missing or value is None else "ofx.field_unreadable"
            errors.add(seq, tag, None if key == "ofx.field_missing" else value, Code.BAD_RECORD, msg(key, field=tag))
        if not pf.lines and seq_before == seq:
            _quiet(pf, getattr(st, "balance_date", None))
        out.append(pf)
    if not out:
        raise _no_statement(data)
    if errors.count == 0:
        refuse_unusable_balances_only(out, "OFX")
    if seq > options.max_rows:
        raise ParseError(Code.TOO_MANY_ROWS, msg("statement.too_many_lines", limit=options.max_rows))
    for pf in out:
        pf.errors, pf.error_count = list(errors.errors), errors.count
    return out


def _quiet(pf: ParsedFile, balance_date: object) -> None:
    """A statement of a period without transactions: its ledger balance is the balance all through the period when it
    is dated within it, so it is the opening balance too. Dated outside it (or not at all), it says nothing about the
    period, and the statement is refused as having nothing to import."""
    day = _d(balance_date)
    if pf.period_start and pf.period_end and day and pf.period_start <= day <= pf.period_end:
        pf.opening_balance = pf.closing_balance
    else:
        pf.closing_balance = None


def _balance(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except Exception:
        return None


def _closing(value: object, errors: ErrorCollector) -> Decimal | None:
    """<LEDGERBAL><BALAMT>, never rounded: a balance with more decimals than cents (a 3-decimal currency's) is named
    rather than stored rounded, as the lines' amounts already were."""
    balance = _balance(value)
    if balance is not None and balance != Decimal(str(value)):
        errors.add_problem(None, "BALAMT", str(value), RowProblem(Code.PRECISION, msg("amount.sub_cent")))
        return None
    return balance


# The first day of Unix time: what a converter writes as <DTSTART> when it knows no start (csv2ofx writes 19700101):
# taken as the statement's start, an import of a month's lines covered 1970 to now.
_EPOCH = dt.date(1970, 1, 1)


def _start(value: object) -> dt.date | None:
    day = _d(value)
    return None if day == _EPOCH else day


def _d(value: object) -> dt.date | None:
    if not hasattr(value, "date"):
        return None
    day: dt.date = value.date()
    return day
