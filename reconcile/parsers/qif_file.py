"""QIF (Quicken Interchange Format) bank and card statements: ``!Type:Bank`` and ``!Type:CCard`` sections of records,
each a few lines with a one-letter field code (D date, T or U amount, P payee, M memo, N number, L category, C cleared,
A address, S/E/$ a split) and ``^`` at its end.

QIF states no account number, no currency and no balances: the account is the one chosen at upload, its currency the
account's (as for an MT940 without balance lines), and the file is read as a CSV without a balance column is. Quicken's
own export starts an account with an ``Opening Balance`` record (``L[the account's name]``), which is the opening
balance, not a movement. Its dates are written several ways (``12/31'25``, ``12/31/2025``, ``31/12/2025``,
``2025-12-31``, `` 1/ 5'25``): the order of day and month is the one the whole file shows (a number above 12, or the
order under which its dates lie together as one statement's do); a file that shows neither is refused naming a date.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .amounts import parse_amount_text
from .errors import Code, ErrorCollector, ParseError, RowProblem, show_value
from .messages import msg
from .readers import decode_text
from .types import IN, OUT, ParsedFile, ParsedLine, ParseOptions

_STATEMENT_TYPES = {"bank": False, "ccard": True}  # the value: a card account
# Lists Quicken writes beside the accounts' transactions: categories, classes, memorised payees, securities, prices.
# A record's lines each start with a letter (D, T, P ...) or a split's $ / %: anything else is no QIF field.
_FIELD_MARKS = "$%"
_LIST_TYPES = ("cat", "class", "memorized", "security", "prices", "template")
# 12/31'25, 12/31/2025, 31/12/2025, 12-31-25, 31.12.2025, ` 1/ 5'25` (Quicken pads single digits with a space)
_DMY_MDY = re.compile(r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*(['/.\-])\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DECIMAL_COMMA = re.compile(r",\d{2}$")
_DECIMAL_POINT = re.compile(r"\.\d{1,2}$")
# A statement's lines lie together: of the two orders, the one spanning at most this many days, when the other spans
# at least a month more, is the file's.
_STATEMENT_DAYS = 62
_MONTH = 28


class _Record:
    __slots__ = ("line", "fields", "kind", "ended")

    def __init__(self, line: int, kind: str) -> None:
        self.line = line  # the file's line of the record's first field: the row its problems name
        self.kind = kind
        self.fields: dict[str, str] = {}
        self.ended = False  # by its ^: a record without one is of a file cut short (T-1234.56 cut to T-12)


def _records(text: str, max_rows: int) -> tuple[list[_Record], list[str]]:
    """The bank and card records in file order, and the names of the accounts (``!Account`` blocks) the file's records
    belong to. An account of another type (investments, cash) is refused, and so is a file of more than ``max_rows``
    records, as a statement of any other format is (a 50 MB file holds a million short records)."""
    records: list[_Record] = []
    accounts: list[str] = []
    others: list[tuple[str, int]] = []  # (type, line) of the sections of other account types
    section: str | None = None  # "bank" / "ccard" / "list" / "account" / None before any header
    current: _Record | None = None
    account_name = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("!"):
            header = line[1:].strip().lower()
            current = None
            if header.startswith("type:"):
                kind = re.sub(r"\s+", " ", header[5:].strip())
                if kind in _STATEMENT_TYPES:
                    section = kind
                    if account_name and account_name not in accounts:
                        accounts.append(account_name)
                elif kind.startswith(_LIST_TYPES):
                    section = "list"
                else:  # Invst, Cash, Oth A, Oth L: refused, as one of several accounts when the file holds others
                    section = "other"
                    others.append((line[6:].strip(), number))
                    if account_name and account_name not in accounts:
                        accounts.append(account_name)
            elif header == "account":
                section = "account"
            else:  # !Option:AutoSwitch, !Clear:AutoSwitch: how Quicken switches between the account list and accounts
                section = "list" if section in (None, "list") else section
            continue
        if line == "^":
            if current is not None:
                current.ended = True
            current = None
            if section == "account":
                section = "list"
            continue
        code, value = line[0].upper(), raw.strip()[1:].strip()
        if section == "account":
            if code == "N":
                account_name = value
            continue
        if section not in _STATEMENT_TYPES:  # a list, or an account of another type
            if section is None:
                raise ParseError(Code.UNSUPPORTED_FORMAT, msg("qif.no_type", line=number))
            continue
        if not (code.isalpha() or code in _FIELD_MARKS):  # a CSV row (2025-12-01,-5.00,...), not a record's field
            raise ParseError(
                Code.UNSUPPORTED_FORMAT,
                msg("qif.not_a_field", line=number, text=show_value(line.replace("\x00", "\ufffd"))),
            )
        if current is None:
            if len(records) >= max_rows:
                raise ParseError(Code.TOO_MANY_ROWS, msg("statement.too_many_lines", limit=max_rows))
            current = _Record(number, section)
            records.append(current)
        if code in ("S", "E", "$", "%"):  # a split's category, memo, amount: its parts, whose total is T
            continue
        if code not in current.fields:
            current.fields[code] = value
    if others and len(accounts) < 2:
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("qif.type", type=others[0][0], line=others[0][1]))
    return records, accounts


def _date_parts(value: str) -> tuple[str, int, int, int] | None:
    """("iso", y, m, d) or (separator, first, second, year) as written; None when it is no date of these forms."""
    text = value.replace(" ", "")
    m = _ISO.match(text)
    if m:
        return "iso", int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = _DMY_MDY.match(text)
    if m is None:
        return None
    year = int(m.group(5))
    # Quicken's apostrophe marks 2000 and after; a bank's `12/31/25` means 2025 as well. A written 0025 is the year 25
    # (refused at import as a mistyped date), not 2025.
    if len(m.group(5)) == 2:
        year += 2000 if m.group(4) == "'" or year < 70 else 1900
    return m.group(2), int(m.group(1)), int(m.group(3)), year


def _as_date(parts: tuple[str, int, int, int], order: str) -> date | None:
    sep, a, b, c = parts
    try:
        if sep == "iso":
            return date(a, b, c)
        return date(c, b, a) if order == "dmy" else date(c, a, b)
    except ValueError:
        return None


def _day_order(all_parts: list[tuple[str, int, int, int]]) -> str | None:
    """The file's order of day and month: the one a number above 12 shows, dotted dates are day first, and else the one
    under which the dates lie together as one statement's do. None when the dates do not tell (or tell both)."""
    written = [p for p in all_parts if p[0] != "iso"]
    if not written:
        return "mdy"  # only year-month-day dates: no order is needed
    shown = {"dmy" for p in written if p[1] > 12 >= p[2]} | {"mdy" for p in written if p[2] > 12 >= p[1]}
    if any(p[0] == "." for p in written):
        shown.add("dmy")
    if len(shown) == 1:
        return shown.pop()
    if shown:
        return None
    # A date no order makes a day (13/13/2025, 02/30'25) is refused on its line: it tells nothing of the order.
    valid = [p for p in all_parts if _as_date(p, "mdy") or _as_date(p, "dmy")]
    if not valid:
        return "mdy"
    spans = {}
    for order in ("mdy", "dmy"):
        days = [d for d in (_as_date(p, order) for p in valid) if d is not None]
        if len(days) != len(valid):
            continue
        spans[order] = (max(days) - min(days)).days
    if len(spans) == 1:
        return next(iter(spans))
    if len(spans) == 2:
        short, long = sorted(spans, key=spans.__getitem__)
        if spans[short] <= _STATEMENT_DAYS and spans[long] >= spans[short] + _MONTH:
            return short
    return None


def _order_unknown(dated: list[tuple[_Record, tuple[str, int, int, int]]]) -> ParseError:
    """The refusal of a file whose order of day and month is unknown: naming a date written each way when it shows
    both, else a date that could be either."""
    written = [(r, p) for r, p in dated if p[0] != "iso"]
    dmy = next((r for r, p in written if p[1] > 12 >= p[2]), None)
    mdy = next((r for r, p in written if p[2] > 12 >= p[1]), None)
    if dmy is not None and mdy is not None:
        return ParseError(
            Code.INTEGRITY,
            msg("qif.day_month_both", dmy=dmy.fields["D"], dmy_line=dmy.line, mdy=mdy.fields["D"], mdy_line=mdy.line),
        )
    first = next((r for r, p in written if p[1] <= 12 and p[2] <= 12), written[0][0] if written else dated[0][0])
    return ParseError(Code.INTEGRITY, msg("qif.day_month_order", value=first.fields["D"], line=first.line))


def parse_qif(data: bytes, options: ParseOptions) -> list[ParsedFile]:
    text, _ = decode_text(data)
    records, accounts = _records(text, options.max_rows)
    if len(accounts) > 1:
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("qif.several_accounts", accounts=", ".join(accounts)))
    if not records:
        raise ParseError(Code.NO_TRANSACTIONS, msg("qif.no_records"))
    if len({r.kind for r in records}) > 1:  # a bank and a card account's records, whether or not !Account names them
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("qif.several_accounts", accounts="Bank, CCard"))
    card = any(_STATEMENT_TYPES[r.kind] for r in records)
    pf = ParsedFile(format="qif", kind="bank", account_name=accounts[0] if accounts else None, layout="qif")
    errors = ErrorCollector(options.max_errors)
    dated: list[tuple[_Record, tuple[str, int, int, int]]] = []
    for record in records:
        value = record.fields.get("D", "")
        parts = _date_parts(value) if value else None
        if not value:
            errors.add(record.line, "D", None, Code.MISSING_VALUE, msg("date.empty"))
        elif parts is None:
            errors.add(record.line, "D", value, Code.BAD_DATE, msg("date.unreadable"))
        else:
            dated.append((record, parts))
    order = _day_order([p for _, p in dated])
    if order is None and dated:
        raise _order_unknown(dated)
    amounts = [r.fields.get("T") or r.fields.get("U") or "" for r in records]
    decimal_comma = any(_DECIMAL_COMMA.search(a) for a in amounts) and not any(
        _DECIMAL_POINT.search(a) for a in amounts
    )
    days = {id(r): _as_date(p, order or "mdy") for r, p in dated}
    for index, record in enumerate(records):
        _read_record(pf, record, days.get(id(record)), amounts[index], decimal_comma, index == 0, errors)
    pf.errors, pf.error_count = errors.errors, errors.count
    if card:
        pf.warnings.append(msg("qif.card"))
    if not pf.lines and pf.ok:
        raise ParseError(Code.NO_TRANSACTIONS, msg("qif.no_records"))
    return [pf]


def _read_record(
    pf: ParsedFile,
    record: _Record,
    day: date | None,
    amount_text: str,
    decimal_comma: bool,
    first: bool,
    errors: ErrorCollector,
) -> None:
    if not record.ended:
        errors.add(record.line, "^", None, Code.BAD_RECORD, msg("qif.unterminated"))
        return
    # A NUL byte (no text may hold one) is named by the record's field letter, once, not by the line's fields.
    for code, value in record.fields.items():
        if "\x00" in value:
            errors.add(record.line, code, value.replace("\x00", "\ufffd"), Code.BAD_RECORD, msg("text.nul"))
            return
    field = "T" if record.fields.get("T") else "U"
    amount: Decimal | None = None
    if not amount_text:
        errors.add(record.line, "T", None, Code.MISSING_VALUE, msg("amount.empty"))
    else:
        try:
            amount = parse_amount_text(amount_text, decimal_comma=decimal_comma)
        except RowProblem as problem:
            errors.add_problem(record.line, field, amount_text, problem)
        else:
            if amount is None:  # `nan`, `-`, `null`: what a spreadsheet writes for no amount; not left out unsaid
                errors.add(record.line, field, amount_text, Code.MISSING_VALUE, msg("amount.empty"))
    if day is None and "D" in record.fields and _date_parts(record.fields["D"]) is not None:
        errors.add(record.line, "D", record.fields["D"], Code.BAD_DATE, msg("date.no_such_day"))
    if day is None or amount is None:
        return
    payee = record.fields.get("P", "")
    # Quicken's first record of an account it exports: the balance the account was opened with, a transfer to itself.
    if first and payee.lower() == "opening balance" and record.fields.get("L", "").startswith("["):
        pf.opening_balance = amount
        return
    if amount == 0:
        pf.zero_rows.append(record.line)
        return
    pf.lines.append(
        ParsedLine(
            row=record.line,
            booking_date=day,
            amount=abs(amount),
            direction=IN if amount > 0 else OUT,
            counterparty_name=payee[:200],
            summary=(record.fields.get("M") or payee)[:200],
            purpose=record.fields.get("L", "")[:200],
            voucher_no=record.fields.get("N", "")[:60],
        )
    )
