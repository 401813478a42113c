"""A published statement's bank-fed transaction detail (明细), as the detail writers take it.

Pure data: no Django, no ORM. The caller (a selector) fills these from the stored bank lines; the writers in
``detail_tabular``, ``detail_mt940``, ``detail_camt`` and ``detail_pdf`` turn them into bytes that the product's own
importer reads back as the same lines with the same fingerprints.

Texts are held as every format can carry them and every parser reads them back: characters no file can hold (NUL and
the other control characters, lone surrogates) become spaces, and the text is normalised as the line fingerprint
normalises it (``reconcile.parsers.text.squash``: NFKC, whitespace collapsed, no leading or trailing space), which
changes no fingerprint of a text without control characters. A text longer than the product stores for that field
(``TEXT_WIDTHS``, the widths of the stored bank line) is cut there, so the writers never meet a text the product could
not have stored and every format round-trips what they are given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Final, Literal

from reconcile.parsers.text import squash

Direction = Literal["in", "out"]

# The stored widths of a bank line's texts (reconcile.models.imports.BankLine).
TEXT_WIDTHS: Final = {
    "counterparty_name": 200,
    "counterparty_account": 64,
    "counterparty_bank": 200,
    "summary": 200,
    "purpose": 300,
    "serial": 64,
    "voucher_no": 64,
}
_UNCARRIED = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CENT = Decimal("0.01")
# Amounts are stored as numeric(18,2), and the parsers refuse anything from 10^16 up.
_LIMIT = Decimal("1e16")


def carried_text(text: str | None) -> str:
    """``text`` as the detail files carry it (see the module docstring)."""
    return squash(_UNCARRIED.sub(" ", text or ""))


def _money(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{what} must be Decimal, not {type(value).__name__}")
    try:
        money = Decimal(value).quantize(_CENT)
    except InvalidOperation as exc:
        raise ValueError(f"{what} {value!r} is not an amount") from exc
    if money != value:
        raise ValueError(f"{what} {value} has fractions of a cent")
    if abs(money) >= _LIMIT:
        raise ValueError(f"{what} {value} is out of range (at most 9999999999999999.99)")
    return money


def _day(value: object, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"{what} must be a date, not {type(value).__name__}")
    return value


@dataclass(frozen=True, slots=True)
class DetailLine:
    """One bank-fed line: ``amount`` is positive, ``direction`` says which way money moved for the account holder
    ("out" = 借方/支出, "in" = 贷方/收入); ``balance_after`` is the running balance after it, when the bank states one."""

    booking_date: dt.date
    value_date: dt.date | None
    direction: Direction
    amount: Decimal
    balance_after: Decimal | None = None
    counterparty_name: str = ""
    counterparty_account: str = ""
    counterparty_bank: str = ""
    summary: str = ""
    purpose: str = ""
    serial: str = ""
    voucher_no: str = ""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "booking_date", _day(self.booking_date, "booking_date"))
        if self.value_date is not None:
            set_(self, "value_date", _day(self.value_date, "value_date"))
        if self.direction not in ("in", "out"):
            raise ValueError(f"direction must be 'in' or 'out', not {self.direction!r}")
        amount = _money(self.amount, "amount")
        if amount <= 0:
            raise ValueError(f"amount must be positive, not {self.amount}")
        set_(self, "amount", amount)
        if self.balance_after is not None:
            set_(self, "balance_after", _money(self.balance_after, "balance_after"))
        for name, width in TEXT_WIDTHS.items():
            set_(self, name, carried_text(getattr(self, name))[:width].rstrip())

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.direction == "in" else -self.amount


@dataclass(frozen=True, slots=True)
class StatementDetail:
    """One published statement's period and its bank-fed lines in booking order (the order the bank lists them)."""

    bank_name: str
    bank_bic: str
    account_number: str
    currency: str
    customer_name: str
    statement_number: str
    version: int
    period_start: dt.date
    period_end: dt.date
    opening_balance: Decimal
    closing_balance: Decimal
    lines: tuple[DetailLine, ...]
    generated_at: dt.datetime

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        for name in ("bank_name", "bank_bic", "account_number", "customer_name", "statement_number"):
            set_(self, name, carried_text(getattr(self, name)))
        if not self.account_number:
            raise ValueError("account_number is empty")
        currency = (self.currency or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValueError(f"currency must be an ISO 4217 code, not {self.currency!r}")
        set_(self, "currency", currency)
        if self.version < 1:
            raise ValueError("version must be >= 1")
        set_(self, "period_start", _day(self.period_start, "period_start"))
        set_(self, "period_end", _day(self.period_end, "period_end"))
        if self.period_end < self.period_start:
            raise ValueError(f"period ends ({self.period_end}) before it starts ({self.period_start})")
        if not isinstance(self.generated_at, dt.datetime):
            raise TypeError("generated_at must be a datetime")
        set_(self, "opening_balance", _money(self.opening_balance, "opening_balance"))
        set_(self, "closing_balance", _money(self.closing_balance, "closing_balance"))
        lines = tuple(self.lines)
        for number, line in enumerate(lines, start=1):
            if not isinstance(line, DetailLine):
                raise TypeError(f"line {number} is a {type(line).__name__}, not a DetailLine")
            if not self.period_start <= line.booking_date <= self.period_end:
                raise ValueError(
                    f"line {number} is booked on {line.booking_date}, outside the period "
                    f"{self.period_start} to {self.period_end}"
                )
        set_(self, "lines", lines)
        moved = sum((line.signed_amount for line in lines), Decimal("0.00"))
        difference = self.opening_balance + moved - self.closing_balance
        if difference:
            raise ValueError(
                f"opening balance {self.opening_balance} + lines {moved:+} = {self.opening_balance + moved}, "
                f"not the closing balance {self.closing_balance}: the detail differs by {difference:+}"
            )

    @property
    def total_in(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.direction == "in"), Decimal("0.00"))

    @property
    def total_out(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.direction == "out"), Decimal("0.00"))

    @property
    def count_in(self) -> int:
        return sum(1 for ln in self.lines if ln.direction == "in")

    @property
    def count_out(self) -> int:
        return sum(1 for ln in self.lines if ln.direction == "out")


class DetailFormatError(ValueError):
    """A value of the detail that a file format cannot hold (an MT940 amount of 10^12 or more, a camt.053 name longer
    than 140 characters ...). Raised instead of writing a file that would be refused or read back differently; the
    message names the line, the field and the limit, and ``fmt`` the format, so the caller can offer another one."""

    def __init__(self, fmt: str, line: int | None, field: str, limit: str) -> None:
        self.fmt, self.line, self.field, self.limit = fmt, line, field, limit
        where = f"line {line}" if line is not None else "the statement"
        super().__init__(f"{fmt}: {where}: {field} does not fit ({limit}); download the detail as xlsx or csv")


LINE_FIELDS: Final = tuple(f.name for f in fields(DetailLine))
