"""File-level refusals (ParseError) and the per-row error collector.

Two levels on purpose: a file we cannot read at all raises ParseError with a code; a file we can read
but whose rows are wrong returns every bad row (capped) so a person can fix them in one pass.
"""

from __future__ import annotations

import json

from .messages import Msg
from .messages import row_message as row_message  # defined beside the texts it reads; kept importable here
from .types import RowError


class Code:
    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    TOO_MANY_ROWS = "too_many_rows"
    UNKNOWN_FORMAT = "unknown_format"
    UNSUPPORTED_FORMAT = "unsupported_format"
    ENCODING = "encoding"
    UNREADABLE = "unreadable"
    ZIP_BOMB = "zip_bomb"
    NO_HEADER = "no_header"
    MISSING_COLUMN = "missing_column"
    MISSING_YEAR = "missing_year"
    NO_TRANSACTIONS = "no_transactions"
    INTEGRITY = "integrity"
    # row-level codes
    BAD_AMOUNT = "bad_amount"
    BAD_DATE = "bad_date"
    BAD_DIRECTION = "bad_direction"
    MISSING_VALUE = "missing_value"
    BOTH_SIDES = "both_sides"
    PRECISION = "precision"
    BALANCE_MISMATCH = "balance_mismatch"
    WRONG_KIND = "wrong_kind"  # a journal uploaded as a bank statement, or the other way round
    CONTROL_TOTAL = "control_total_mismatch"
    BAD_RECORD = "bad_record"
    MIXED_CURRENCY = "mixed_currency"  # lines of one account in two currencies
    MIXED_PRODUCT = "mixed_product"  # lines of two products of one export (Revolut: Current, Savings)


class ParseError(Exception):
    """The file as a whole is refused. ``reason`` says why as facts; ``message`` renders it in the active language."""

    def __init__(self, code: str, reason: Msg, *, detail: str | None = None) -> None:
        super().__init__(f"[{code}] {reason.key}")
        self.code = code
        self.reason = reason
        self.detail = detail  # the wrapped library message, for logs

    @property
    def message(self) -> str:
        return self.reason.render()


class RowProblem(ValueError):
    """Raised by value converters; turned into a RowError by the caller who knows row and column."""

    def __init__(self, code: str, reason: Msg) -> None:
        super().__init__(reason.key)
        self.code = code
        self.reason = reason

    @property
    def message(self) -> str:
        return self.reason.render()


class ErrorCollector:
    """Keeps the first ``cap`` errors and counts the rest, so a 100k-row file of garbage stays cheap."""

    __slots__ = ("cap", "errors", "count", "context")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.errors: list[RowError] = []
        self.count = 0
        self.context: str | None = None  # the document inside an archive the rows belong to, named with the column

    def add(self, row: int | None, column: str | None, value: object, code: str, reason: Msg) -> None:
        self.count += 1
        if len(self.errors) >= self.cap:
            return
        shown = None if value is None else show_value(value)
        if self.context:
            column = f"{self.context}: {column}" if column else self.context
        self.errors.append(RowError(row, column, shown, code, reason))

    def add_problem(self, row: int | None, column: str | None, value: object, problem: RowProblem) -> None:
        self.add(row, column, value, problem.code, problem.reason)

    @property
    def overflow(self) -> int:
        return self.count - len(self.errors)


def show_value(value: object) -> str:
    """A value as a row error quotes it: at most 60 characters. A pushed JSON value that is not text (a list, an
    object, true/false) is quoted as the JSON the client sent, never as Python's repr of it."""
    if isinstance(value, (list, dict, bool)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
