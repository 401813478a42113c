"""Plain data returned by the parsers. No Django, no ORM: the import service maps these to models."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from .messages import Msg, row_message

Direction = Literal["in", "out"]
Kind = Literal["bank", "journal"]
IN: Direction = "in"
OUT: Direction = "out"


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """One movement. ``amount`` is always positive; ``direction`` says which way money moved
    from the point of view of the company's bank account (bank 借方 and journal 贷方 are both "out")."""

    row: int  # spreadsheet row / CSV physical line / MT940 line of :61: / camt line of <Ntry> (its place among the
    # entries where the document is written on one line) / JSON index
    booking_date: date
    amount: Decimal
    direction: Direction
    value_date: date | None = None
    balance: Decimal | None = None  # running balance after this line, signed (negative = overdrawn / 贷方余额)
    counterparty_name: str = ""
    counterparty_account: str = ""
    counterparty_bank: str = ""
    summary: str = ""  # 摘要
    purpose: str = ""  # 用途 / 附言 / remittance information
    serial: str = ""  # bank 交易流水号 / journal 凭证字号
    voucher_no: str = ""  # 凭证号 / cheque / 结算号 / 票号
    settlement_method: str = ""  # journal 结算方式
    counter_subject: str = ""  # journal 对方科目
    currency: str | None = None
    account_number: str | None = None  # own account when the file carries it per row
    raw: Mapping[str, str] | None = None  # header text -> cell text, only with ParseOptions.keep_raw

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.direction == IN else -self.amount


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem a person can act on. ``row`` None means the file as a whole (e.g. a control total)."""

    row: int | None
    column: str | None  # the column / field name as it appears in the file
    value: str | None
    code: str
    reason: Msg  # what is wrong, as facts; rendered in the reader's language

    @property
    def message(self) -> str:
        """The whole sentence (where, what, the value) in the active language."""
        return row_message(self.row, self.column, self.value, self.reason).render()

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "reason": self.reason.to_json(),
        }


@dataclass(slots=True)
class ControlTotals:
    """Totals the file states about itself (title rows, 合计 rows, :90D:, camt TxsSummry, BAI2 49 ...),
    expressed in our directions. None = not stated."""

    in_total: Decimal | None = None
    out_total: Decimal | None = None
    in_count: int | None = None
    out_count: int | None = None
    line_count: int | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in (self.in_total, self.out_total, self.in_count, self.out_count, self.line_count))


@dataclass(slots=True)
class ParsedFile:
    """One statement (one account, one currency) read from a file. A file with several accounts or
    statements gives several ParsedFile objects. ``errors`` non-empty means: refuse the whole import."""

    format: str  # xlsx / xls / csv / mt940 / mt942 / camt.053 / camt.052 / camt.054 / bai2 / ofx / json
    kind: Kind
    account_number: str | None = None
    account_name: str | None = None
    currency: str | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None
    statement_id: str | None = None
    controls: ControlTotals = field(default_factory=ControlTotals)
    lines: list[ParsedLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # all errors found, including those beyond the cap kept in ``errors``
    warnings: list[Msg] = field(default_factory=list)  # informative, never a reason to refuse
    # Bookings of 0.00 the file lists: they move no money and are not lines; the import names them.
    zero_rows: list[int] = field(default_factory=list)
    # A credit card (公务卡) statement: its charges were read as money out (they are written as positive amounts).
    credit_card: bool = False
    newest_first: bool = False  # the file listed lines newest first; ``lines`` are in file order
    # How many of ``lines`` (the first ones) the closing balance counts, when lines listed after it are not in it (an
    # MT942's interim lines after an MT940's :62F:); None: it counts them all.
    closing_lines: int | None = None
    # The layout the file was read as: its format, and for a table the header it was read by (``layout_of``); a
    # company's export of one bank or ERP keeps it from month to month, whatever the file is named.
    layout: str = ""

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and not self.errors

    @property
    def total_in(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.direction == IN), Decimal("0.00"))

    @property
    def total_out(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.direction == OUT), Decimal("0.00"))


@dataclass(frozen=True, slots=True)
class MappingProfile:
    """Saved per bank / ERP when detection is not enough.

    ``columns`` maps our canonical field names (see ``headers.FIELDS``) to the header text in the
    file (one text or several alternatives). Fields not named are still detected by synonyms.
    ``flag_values`` maps the texts of a direction flag column to "in"/"out" (needed for 0/1 flags).
    ``header_row`` (1-based) skips header detection. ``year`` fills journals with 月/日 only.
    """

    columns: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)
    flag_values: Mapping[str, Direction] = field(default_factory=dict)
    header_row: int | None = None
    sheet: str | None = None
    encoding: str | None = None
    year: int | None = None
    account_number: str | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class ParseOptions:
    max_rows: int = 200_000
    max_errors: int = 200
    max_bytes: int = 100 * 1024 * 1024
    max_uncompressed_bytes: int = 600 * 1024 * 1024  # xlsx is a zip: refuse zip bombs before opening
    header_scan_rows: int = 30
    # Excel is read in a child process with these caps (readers.read_workbook): bounded memory and time
    # per upload whatever the workbook claims about itself.
    excel_memory_mb: int = 1024
    excel_seconds: float = 120.0
    check_balances: bool = True
    keep_raw: bool = False
    # The account the import is for (chosen at upload): picks its section of a ledger of several accounts.
    account: str | None = None
    # The same company's other accounts: a section heading naming only last digits one of them also ends with names
    # neither for sure (ledger_sections).
    account_others: tuple[str, ...] = ()
