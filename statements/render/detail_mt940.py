"""A statement's detail as a SWIFT MT940 customer statement message (file form: block 4 only, as host-to-host and
online-banking downloads carry it).

    :20:  reference (16x, from the statement number and version)
    :25:  the account number
    :28C: statement number/sequence
    :60F: opening balance: C/D, the period's first day (YYMMDD), currency, amount (comma decimal)
    :61:  per line: value date (YYMMDD; the booking date when the bank states none), entry date (MMDD, the booking
          date), D/C, amount, NMSC, customer reference (the voucher number when it fits 16x, else NONREF) and
          //bank reference (the bank serial when it fits 16x)
    :86:  per line, the product's detail layout (reconcile.parsers.swift_text): the marker /BRDT/1, then /NAME/ the
          counterparty, /ACCT/ its account, /BANK/ its bank, /SUMM/ the summary (摘要), /REMI/ the purpose (用途),
          /SRNO/ the serial, /VCHR/ the voucher number, /BALA/ the balance after the line; Chinese in Chinese
          Commercial Code runs (?0022 2429?), every value exact whatever its length
    :62F: closing balance on the period's last day

Every line is at most 65 characters of the x character set, never starts with ':' or '-', never ends with a space
and never splits a character code. SWIFT caps :86: at 6 lines; a line whose texts need more continues on further lines,
as many banks' files do (mt-940 reads them with ``Options(unbounded_details=True)``; the product's parser reads every
line of a :86: in this layout). SWIFT amounts are at most 15 characters with the decimal comma, so an amount or balance
of 10^12 or more cannot be written: DetailFormatError names it instead.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Final

from reconcile.parsers.swift_text import FIELD_CODES, MARKER, encode_x
from statements.render.detail import DetailFormatError, DetailLine, StatementDetail

LINE_WIDTH: Final = 65
_MAX_AMOUNT: Final = Decimal("1e12")
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,15}")
_ACCOUNT = re.compile(r"[A-Za-z0-9][A-Za-z0-9./\-]{0,34}")
_RUN = re.compile(r"\?[^?]*\?")
_TEXT_FIELDS: Final = (
    "counterparty_name",
    "counterparty_account",
    "counterparty_bank",
    "summary",
    "purpose",
    "serial",
    "voucher_no",
)


def _amount(value: Decimal, line: int | None, field: str) -> str:
    if abs(value) >= _MAX_AMOUNT:
        raise DetailFormatError("MT940", line, field, "SWIFT amounts are at most 15 characters: below 10^12")
    return f"{abs(value):.2f}".replace(".", ",")


def _balance(tag: str, value: Decimal, day: dt.date, currency: str, field: str) -> str:
    mark = "D" if value < 0 else "C"
    return f":{tag}:{mark}{day:%y%m%d}{currency}{_amount(value, None, field)}"


def _reference(text: str) -> str | None:
    return text if _REFERENCE.fullmatch(text) and not text.upper() == "NONREF" else None


def wrap_field(tag: str, content: str) -> list[str]:
    """``:tag:content`` cut into lines of at most 65 characters; the breaks fall where joining the lines back without
    a separator gives ``content`` (no line ends with a space, starts with ':' or '-', or splits a character code)."""
    inside = [False] * (len(content) + 1)  # inside[i]: between content[i-1] and content[i] lies inside a code
    for m in _RUN.finditer(content):
        for i in range(m.start() + 1, m.end()):
            if content[i - 1] not in "? " and content[i] not in "? ":
                inside[i] = True
    lines: list[str] = []
    start, room = 0, LINE_WIDTH - len(tag) - 2
    while len(content) - start > room:
        end = start + room
        while end > start + 1 and (inside[end] or content[end - 1] == " " or content[end] in ":-"):
            end -= 1
        if end == start + 1 and (content[end - 1] == " " or inside[end] or content[end] in ":-"):
            raise ValueError(f"no place to break {content[start : start + room]!r}")  # pragma: no cover - x set only
        lines.append(content[start:end])
        start, room = end, LINE_WIDTH
    lines.append(content[start:])
    lines[0] = f":{tag}:{lines[0]}"
    return lines


def _details(line: DetailLine) -> str:
    parts = [MARKER]
    for field in _TEXT_FIELDS:
        value = getattr(line, field)
        if value:
            parts.append(f"/{FIELD_CODES[field]}/{encode_x(value)}")
    if line.balance_after is not None:
        mark = "D" if line.balance_after < 0 else "C"
        parts.append(f"/{FIELD_CODES['balance']}/{mark}{abs(line.balance_after):.2f}".replace(".", ","))
    return "".join(parts)


def _statement_line(number: int, line: DetailLine) -> str:
    value_day = line.value_date or line.booking_date
    mark = "C" if line.direction == "in" else "D"
    customer = _reference(line.voucher_no) or "NONREF"
    bank = _reference(line.serial)
    return (
        f":61:{value_day:%y%m%d}{line.booking_date:%m%d}{mark}{_amount(line.amount, number, 'amount')}NMSC"
        f"{customer}" + (f"//{bank}" if bank else "")
    )


def _statement_reference(detail: StatementDetail) -> str:
    base = re.sub(r"[^A-Za-z0-9]", "", detail.statement_number) or f"{detail.period_end:%Y%m%d}"
    suffix = f"V{detail.version}"
    return base[-(16 - len(suffix)) :] + suffix


def render_detail_mt940(detail: StatementDetail) -> bytes:
    account = detail.account_number
    if not _ACCOUNT.fullmatch(account):
        raise DetailFormatError("MT940", None, "account number", ":25: holds at most 35 letters, digits, '/.-'")
    number = re.sub(r"\D", "", detail.statement_number)[-5:].lstrip("0") or "1"
    out = [
        f":20:{_statement_reference(detail)}",
        f":25:{account}",
        f":28C:{number}/1",
        _balance("60F", detail.opening_balance, detail.period_start, detail.currency, "opening balance"),
    ]
    for n, line in enumerate(detail.lines, start=1):
        out.append(_statement_line(n, line))
        out.extend(wrap_field("86", _details(line)))
    out.append(_balance("62F", detail.closing_balance, detail.period_end, detail.currency, "closing balance"))
    out.append("-")
    return ("\r\n".join(out) + "\r\n").encode("ascii")
