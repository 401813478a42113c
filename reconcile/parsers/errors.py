"""File-level refusals (ParseError) and the per-row error collector.

Two levels on purpose: a file we cannot read at all raises ParseError with a code; a file we can read
but whose rows are wrong returns every bad row (capped) so a person can fix them in one pass.
"""

from __future__ import annotations

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


class ParseError(Exception):
    """The file as a whole is refused. ``message`` is for people (Chinese / English)."""

    def __init__(self, code: str, message: str, *, detail: str | None = None) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        self.detail = detail  # the wrapped library message, for logs


class RowProblem(ValueError):
    """Raised by value converters; turned into a RowError by the caller who knows row and column."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ErrorCollector:
    """Keeps the first ``cap`` errors and counts the rest, so a 100k-row file of garbage stays cheap."""

    __slots__ = ("cap", "errors", "count")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.errors: list[RowError] = []
        self.count = 0

    def add(self, row: int | None, column: str | None, value: object, code: str, reason: str) -> None:
        self.count += 1
        if len(self.errors) >= self.cap:
            return
        shown = None if value is None else _show(value)
        where = f"第{row}行" if row is not None else "文件"
        col = f" “{column}” 列" if column else ""
        val = f" “{shown}”" if shown not in (None, "") else ""
        self.errors.append(RowError(row, column, shown, code, f"{where}{col}: {reason}{val}"))

    def add_problem(self, row: int | None, column: str | None, value: object, problem: RowProblem) -> None:
        self.add(row, column, value, problem.code, problem.message)

    @property
    def overflow(self) -> int:
        return self.count - len(self.errors)


def _show(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
