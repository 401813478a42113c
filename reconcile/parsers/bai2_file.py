"""BAI2 (cash management balance reporting) via the `bai2` library (ministryofjustice/bai2).

Amounts in BAI2 are integers in minor units; BAI2 has no per-transaction date, so the booking date of
a line is its group's as-of date. The record structure is fed to the library one record per line:
files that put several records on one physical line, or wrap a record onto a line without a record
code, are re-flowed first (see _reflow).
"""

from __future__ import annotations

import re
from decimal import Decimal

from bai2 import bai2 as bai2_lib
from bai2.exceptions import IntegrityException

from .amounts import decimal_exact, minor_unit
from .checks import check_controls, check_opening_to_closing, refuse_unusable_balances_only
from .errors import Code, ErrorCollector, ParseError, RowProblem
from .messages import Msg, explained, msg
from .text import squash
from .types import IN, OUT, ControlTotals, ParsedFile, ParsedLine, ParseOptions

_CODES = ("01", "02", "03", "16", "49", "88", "98", "99")
_UNSUPPORTED_TYPE = re.compile(r"Type code '([^']*)' is not supported")
_RECORD_START = re.compile(r"^(?:%s)," % "|".join(_CODES))
_INLINE_SPLIT = re.compile(r"/[ \t]+(?=(?:%s),)" % "|".join(_CODES))


def _reflow(text: str) -> tuple[str, bool]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if all(not ln.strip() or (_RECORD_START.match(ln) and not _INLINE_SPLIT.search(ln)) for ln in lines):
        return "\n".join(ln.rstrip() for ln in lines if ln.strip()), False
    out: list[str] = []
    for physical in lines:
        if not physical.strip():
            continue
        for part in _INLINE_SPLIT.sub("/\n", physical).split("\n"):
            if _RECORD_START.match(part) or not out:
                out.append(part.rstrip())
            else:  # a record wrapped onto a line of its own: glue it back
                out[-1] = out[-1] + " " + part.strip()
    return "\n".join(out), True


def _join_account_continuations(text: str) -> str:
    """An account record (03) continued on 88 records: a part that ends a field before its ``/`` (``...,190/`` followed
    by ``88,500000,,,...``, as in the BAI2 specification's own sample) needs a field separator before the next part;
    the library adds one only when the part holds a whole number of summary fields, and otherwise glues the amount
    onto the type code (``190500000``). Such a part gets its separator here (and loses the ``/``, which would make the
    library add another); the records stay one per line, so the trailers' record counts still hold."""
    lines = text.split("\n")
    in_account = False
    for i, line in enumerate(lines):
        code = line[:2]
        if code != "88":
            in_account = code == "03"
        if not in_account or i + 1 >= len(lines) or not lines[i + 1].startswith("88,"):
            continue
        body = line.rstrip()
        if body.endswith("/") and not body[:-1].endswith(","):
            lines[i] = body[:-1] + ","
    return "\n".join(lines)


# The fields each record has after its code, by the BAI2 specification (an 03 then adds summaries of four fields, a
# 16 its availability after the funds type): the text of a 16 is its last, and may hold commas.
_FIELDS = {"01": 8, "02": 7, "03": 2, "16": 6, "49": 2, "98": 3, "99": 3}
_AVAILABILITY = {"S": 3, "V": 2}


def _fields_before_text(parts: list[str]) -> int:
    """How many fields of a detail record (16) come before its text, from its funds type (``parts`` after the code)."""
    funds = parts[2].strip().upper() if len(parts) > 2 else ""
    extra = _AVAILABILITY.get(funds, 0)
    if funds == "D":  # a count of distributions, then that many day-and-amount pairs
        count = parts[3].strip() if len(parts) > 3 else ""
        # More digits than any record has fields count as a million: the record is then short, named by its line
        # (int() refuses thousands of digits, and a Latin-1 ² is a digit to isdigit() but not to int()).
        if count.isascii() and count.isdigit():
            extra = 1 + 2 * (int(count) if len(count) <= 6 else 1_000_000)
        else:
            extra = 1
    return 3 + extra + 2


def _mark_field_ends(text: str) -> str:
    """A record continued on an 88 whose line lacks the ``/`` end mark: the specification splits records between
    fields only (a detail's text excepted), so the line ends a field, as a ``/`` there says; without it the library
    glued the next field onto this one. A detail (16) whose line has reached its text continues that text."""
    lines = text.split("\n")
    code = ""
    parts: list[str] = []
    for i, line in enumerate(lines):
        if line[:2] != "88":
            code, parts = line[:2], line[3:].split(",")
        else:
            parts.extend(line[3:].split(","))  # in place: a record continued on thousands of 88s stays linear
        body = line.rstrip()
        if body.endswith("/") or i + 1 >= len(lines) or not lines[i + 1].startswith("88,"):
            continue
        if code != "16" or len(parts) < _fields_before_text(parts):
            lines[i] = body + "/"
    return "\n".join(lines)


def _short_record(text: str) -> ParseError | None:
    """The first record (with its 88 continuations) with fewer fields than the specification gives it, named by its
    line: the library reads such a record past its end and says only that the file cannot be read."""
    records: list[tuple[int, str, list[str]]] = []  # a record's parts, joined once: thousands of 88s stay linear
    for number, line in enumerate(text.split("\n"), start=1):
        if line[:2] == "88" and records:
            pieces = records[-1][2]
            pieces[-1] = pieces[-1].rstrip("/")
            pieces.append(line[3:])
        elif line[:2] in _FIELDS:
            records.append((number, line[:2], [line[3:]]))
    for number, code, pieces in records:
        body = ",".join(pieces)
        ended = body.rstrip().endswith("/")
        parts = body.rstrip().rstrip("/").split(",")
        needed = _fields_before_text(parts) if code == "16" else _FIELDS[code]
        if len(parts) < needed:
            key = "bai2.record_short" if ended else "bai2.record_short_unended"
            return ParseError(Code.UNREADABLE, msg(key, line=number, code=code, found=len(parts), needed=needed))
    return None


# The library's words for a field that holds none of its codes (`'450000' is not a valid FundsType`): the record and
# the field, named by its line. The BAI2 specification's sample as kenwilcox/BankFileParsers carries it has a detail
# `16,,115,450000,S,…` (a comma too many): its amount stood where the funds type belongs, and the file "could not be
# read" without a word of where.
_NOT_VALID = re.compile(r"'([^']*)' is not a valid (FundsType|GroupStatus|AsOfDateModifier)")
# Where each field stands (after the record code) in the records that carry it, and what it is called; an account
# record's (03) funds types stand among its summaries, wherever their availability puts them.
_CODE_FIELDS = {
    "FundsType": ({"16": 2}, "bai2.funds_type"),
    "GroupStatus": ({"02": 2}, "bai2.group_status"),
    "AsOfDateModifier": ({"02": 6}, "bai2.date_modifier"),
}


_VALUE_SHOWN = 40


def _bad_code(exc: Exception, text: str) -> ParseError | None:
    found = _NOT_VALID.search(str(exc))
    if found is None:
        return None
    value, kind = found.groups()
    places, field = _CODE_FIELDS[kind]
    lines = text.split("\n")
    at = next(
        (
            (number, line[:2])
            for number, line in enumerate(lines, start=1)
            if line[:2] in places and _field(line, places[line[:2]]) == value
        ),
        None,
    )
    if at is None and kind == "FundsType":  # an account record's summary (03, or an 88 that continues one)
        account = ""
        for number, line in enumerate(lines, start=1):
            account = line[:2] if line[:2] != "88" else account
            if account == "03" and value in (f.strip() for f in line.rstrip("/ ").split(",")[1:]):
                at = (number, "03")
                break
    if at is None:
        return None
    # Quoted short: the field is the file's, of any length (a line of 50,000 characters made as long a refusal).
    shown = value if len(value) <= _VALUE_SHOWN else value[: _VALUE_SHOWN - 3] + "..."
    reason = msg("bai2.field_not_a_code", line=at[0], code=at[1], value=shown, field=msg(field))
    return ParseError(Code.UNREADABLE, reason)


def _field(line: str, index: int) -> str | None:
    parts = line[3:].rstrip().rstrip("/").split(",")
    return parts[index].strip() if index < len(parts) else None


# A detail's availability in three amounts (funds type S: immediate, one-day, two-or-more days) may leave one out, as
# BAI2 lets any field without a value be empty (the specification's own lockbox sample: `16,115,500000,S,,200000,…`);
# the library reads only numbers there. An amount left out is none available then: 0.
_S_AVAILABILITY = re.compile(r"^(16,[^,/]*,[^,/]*,S,)([^,/]*),([^,/]*),([^,/]*)(?=[,/])", re.MULTILINE)


def _fill_availability(text: str) -> str:
    return _S_AVAILABILITY.sub(lambda m: m.group(1) + ",".join(v.strip() or "0" for v in m.groups()[1:]), text)


def _money(value: int | None, currency: str | None) -> Decimal | None:
    """Minor units -> Decimal; RowProblem for amounts beyond numeric(18,2) (checked before quantize,
    which would raise InvalidOperation on them) and for those with more decimals than cents (a 3-decimal currency's
    1234567 fils were stored as 1234.57 dinars): never rounded."""
    if value is None:
        return None
    return decimal_exact(Decimal(int(value)).scaleb(-minor_unit(currency)))


# What each record may follow inside the 01/02/03 nesting; checked before the library sees the file,
# because bai2 0.15 loops forever when a file is cut before its 49/98/99 trailers.
_OPENS = {"01": None, "02": "01", "03": "02"}
_CLOSES = {"49": "03", "98": "02", "99": "01"}
_TOTALS = (("in", "03 100"), ("out", "03 400"))  # the account record's summaries of credits and of debits
_NAMES = {"01": "bai2.file_header", "02": "bai2.group_header", "03": "bai2.account_record"}


def _check_structure(text: str) -> None:
    stack: list[tuple[str, int]] = []
    last = 0
    records = text.split("\n")
    for number, record in enumerate(records, start=1):
        code = record[:2]
        last = number
        if code in _OPENS:
            parent = _OPENS[code]
            if (stack[-1][0] if stack else None) != parent:
                raise ParseError(
                    Code.UNREADABLE, msg("bai2.out_of_place", line=number, code=code, parent=parent or "-")
                )
            stack.append((code, number))
        elif code in _CLOSES:
            if not stack or stack[-1][0] != _CLOSES[code]:
                raise ParseError(Code.UNREADABLE, msg("bai2.trailer_closes_nothing", line=number, code=code))
            stack.pop()
        elif code == "16":
            if not stack or stack[-1][0] != "03":
                raise ParseError(Code.UNREADABLE, msg("bai2.detail_outside_account", line=number))
        elif code == "88":
            if number == 1:
                raise ParseError(Code.UNREADABLE, msg("bai2.starts_with_continuation"))
        else:
            raise ParseError(Code.UNREADABLE, msg("bai2.not_a_record", line=number, code=code))
        if not stack and code != "99":
            raise ParseError(Code.UNREADABLE, msg("bai2.must_start_with_01", line=number))
        if code == "99" and number != len(records):
            raise ParseError(Code.UNREADABLE, msg("bai2.after_99", line=number))
    if stack:
        code, number = stack[-1]
        raise ParseError(
            Code.UNREADABLE,
            msg(
                "bai2.never_closed",
                line=number,
                record=msg(_NAMES[code]),
                trailer={v: k for k, v in _CLOSES.items()}[code],
            ),
        )
    if last == 0:
        raise ParseError(Code.NO_TRANSACTIONS, msg("bai2.empty"))


# The library's words name its classes (`Invalid number of records for Bai2File. expected 12, found 11`): the
# trailer record each check reads, and what it counts, said in the reader's language instead.
_INTEGRITY = re.compile(
    r"Invalid (number of records|number of accounts|number of groups|account control total|group control total|"
    r"file control total) for (\w+)\. expected (-?\d+), found (-?\d+)"
)
_TRAILER = {"Account": "49", "Group": "98", "Bai2File": "99"}
_INTEGRITY_KEYS = {
    "number of records": "bai2.trailer_records",
    "number of accounts": "bai2.trailer_accounts",
    "number of groups": "bai2.trailer_groups",
}


def _integrity_message(exc: IntegrityException, text: str) -> Msg:
    m = _INTEGRITY.search(str(exc))
    if m is None or m.group(2) not in _TRAILER:
        return explained("bai2.integrity", exc)
    what, owner, expected, found = m.groups()
    key = _INTEGRITY_KEYS.get(what, "bai2.trailer_total")
    reason = msg(key, record=_TRAILER[owner], expected=expected, found=found)
    line = _trailer_line(text, _TRAILER[owner], expected)
    return reason if line is None else msg("where.row", row=line, reason=reason)


def _trailer_line(text: str, code: str, stated: str) -> int | None:
    """The line of the first trailer record ``code`` that states ``stated``: a file of several accounts has a 49 for
    each, and the library names none (Goldman Sachs's sample in moov-io/bai2 has five)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{code},") and stated in (f.strip() for f in line.rstrip("/ ").split(",")[1:]):
            return number
    return None


# Type 890 (Contains Non-monetary Information): a detail record that carries a text, not a booking.
_NON_MONETARY = "890"


def parse_bai2(data: bytes, options: ParseOptions) -> list[ParsedFile]:
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    text, reflowed = _reflow(text)
    _check_structure(text)
    text = _fill_availability(_join_account_continuations(_mark_field_ends(text)))
    try:
        doc = bai2_lib.parse_from_string(text, check_integrity=True)
    except IntegrityException as exc:
        raise ParseError(Code.INTEGRITY, _integrity_message(exc, text), detail=str(exc)) from exc
    except Exception as exc:  # the library raises ParsingException, ValueError, KeyError on bad records
        short = _short_record(text) or _bad_code(exc, text)
        if short is not None:
            raise short from exc
        unsupported = _UNSUPPORTED_TYPE.search(str(exc))
        reason = (
            msg("bai2.type_unsupported", code=unsupported.group(1)) if unsupported else explained("bai2.malformed", exc)
        )
        raise ParseError(Code.UNREADABLE, reason, detail=str(exc)) from exc
    record_lines = text.split("\n")
    detail_rows = [i + 1 for i, ln in enumerate(record_lines) if ln.startswith("16,")]
    # Each account's summaries and balances are named by the line of its 03 record: a file of several accounts
    # gave no way to tell which one did not add up.
    account_rows = iter([i + 1 for i, ln in enumerate(record_lines) if ln.startswith("03,")])
    errors = ErrorCollector(options.max_errors)
    statements: list[ParsedFile] = []
    seq = 0
    for group in doc.children:
        as_of = group.header.as_of_date
        for account in group.children:
            head = account.header
            at = next(account_rows, None)
            currency = head.currency or group.header.currency
            pf = ParsedFile(
                format="bai2",
                kind="bank",
                account_number=str(head.customer_account_number),
                currency=currency,
                period_start=as_of,
                period_end=as_of,
            )
            if reflowed:
                pf.warnings.append(msg("bai2.reflowed"))
            controls = ControlTotals()
            for item in head.summary_items:
                if item.type_code is None:  # "03,1234567890,,,,,/": an account record that states no summary (SVB)
                    if item.amount not in (None, ""):
                        errors.add(at, "03", str(item.amount), Code.BAD_RECORD, msg("bai2.summary_without_type"))
                    continue
                code = item.type_code.code
                try:
                    amount = _money(item.amount, currency)
                except RowProblem as problem:
                    errors.add_problem(at, f"03 {code}", item.amount, problem)
                    continue
                if code == "010":
                    pf.opening_balance = amount
                elif code == "015":
                    pf.closing_balance = amount
                elif code == "100":
                    controls.in_total, controls.in_count = amount, item.item_count
                elif code == "400":
                    controls.out_total, controls.out_count = amount, item.item_count
            information: list[int] = []
            for tx in account.children:
                row = detail_rows[seq] if seq < len(detail_rows) else seq + 1
                seq += 1
                kind = tx.type_code.transaction.value if tx.type_code.transaction else None
                if tx.type_code.code == _NON_MONETARY:  # a memo the bank sends with the details: no money moved
                    information.append(row)
                    continue
                if kind not in ("credit", "debit"):
                    errors.add(row, "16", tx.type_code.code, Code.BAD_DIRECTION, msg("bai2.type_not_credit_or_debit"))
                    continue
                try:
                    amount = _money(tx.amount, currency)
                except RowProblem as problem:
                    errors.add_problem(row, "16", tx.amount, problem)
                    continue
                if not amount:
                    pf.zero_rows.append(row)  # moves no money: not a line, but the import names it
                    continue
                pf.lines.append(
                    ParsedLine(
                        row=row,
                        booking_date=as_of,
                        amount=abs(amount),
                        direction=IN if kind == "credit" else OUT,
                        currency=currency,
                        summary=squash(tx.text or "").strip(" ,")[
                            :200
                        ],  # a text continued on an 88 keeps no comma at its ends
                        purpose=tx.type_code.description or "",
                        serial=(tx.bank_reference or "").strip(),
                        voucher_no=(tx.customer_reference or "").strip(),
                    )
                )
            if information:
                pf.warnings.append(msg("bai2.information_left_out", rows=information))
            pf.controls = controls
            if not controls.is_empty():
                where = {f"{side}_{what}": (at, label) for side, label in _TOTALS for what in ("total", "count")}
                check_controls(pf, errors, where)
            if options.check_balances:
                check_opening_to_closing(pf, errors, at, "03 015")
            statements.append(pf)
    if errors.count == 0:
        refuse_unusable_balances_only(statements, "BAI2")
    # Not merged by account number: anonymised and multi-entity files reuse one number for several
    # accounts within a group, so each 03 account record stays its own statement.
    for pf in statements:
        pf.errors, pf.error_count = list(errors.errors), errors.count
    return statements
