"""One shape for what is wrong in an uploaded table: a `Problem` names the row, the column, the value found and what to
do; `Problems` collects them (all of them counted, the first `cap` kept) and `RowsRefused` carries them to the person.

Structurally the same as the statement parsers' ``reconcile.parsers.types.RowError`` (row, column, value, code, and
what is wrong): the parsers are pure Python and import nothing of ours (pyproject.toml, import-linter), so they keep
their own type, whose reason is a stored fact (``Msg``) rather than a sentence rendered now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ServiceError
from core.text import quoted_value

# As many problems as a person reads and fixes in one pass; the rest are counted ("… and 1,234 more").
MAX_ERRORS = 200


def column_label(column: str, names: Mapping[str, Any] | None = None) -> str:
    """A column as the reader sees it named: the import's own label (lazy text) or “column X” in their language."""
    if names and column in names:
        return str(names[column])
    return _("column %(name)s") % {"name": column}


@dataclass(frozen=True)
class Problem:
    """One refused row or cell. ``column`` None: the row as a whole; ``value`` None: no value to show (missing)."""

    row: int  # as a spreadsheet shows it (CSV: the physical line)
    column: str | None
    value: str | None
    reason: str  # what is wrong and what to do, in the language of whoever is told
    code: str = "invalid"
    label: str | None = None  # the column as named to the reader (column_label); None: “column X”

    @property
    def message(self) -> str:
        """The whole sentence: where, the value found, what to do."""
        if self.column is None:
            return _("row %(row)s: %(problem)s") % {"row": self.row, "problem": self.reason}
        column = self.label or column_label(self.column)
        if self.value is None:
            return _("row %(row)s, %(column)s: %(problem)s") % {
                "row": self.row,
                "column": column,
                "problem": self.reason,
            }
        return _("row %(row)s, %(column)s ('%(value)s'): %(problem)s") % {
            "row": self.row,
            "column": column,
            "value": self.value,
            "problem": self.reason,
        }

    def __str__(self) -> str:
        return self.message


class RowsRefused(ServiceError):
    """The file is refused for its rows: nothing was imported. ``problems`` are the first ones, ``total`` counts all."""

    code = "rows_refused"

    def __init__(
        self, problems: list[Problem], total: int | None = None, *, head: str | None = None, code: str | None = None
    ) -> None:
        total = len(problems) if total is None else total
        if head is None:
            head = ngettext(
                "%(total)s problem; nothing was imported. Fix it and upload the file again:",
                "%(total)s problems; nothing was imported. Fix them and upload the file again:",
                total,
            ) % {"total": total}
        lines = [head, *(p.message for p in problems)]
        if total > len(problems):
            lines.append(_("… and %(count)s more.") % {"count": total - len(problems)})
        super().__init__("\n".join(lines), code=code)
        self.problems, self.total = tuple(problems), total

    @property
    def errors(self) -> list[str]:
        """The problems as sentences, as shown."""
        return [p.message for p in self.problems]


class Problems:
    """The problems of one file: every one counted, the first ``cap`` kept, so a file of garbage stays cheap.
    ``names`` labels the import's columns (column_label)."""

    def __init__(self, *, names: Mapping[str, Any] | None = None, cap: int = MAX_ERRORS) -> None:
        self.names = names
        self.cap = cap
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < self.cap:
            self.kept.append(problem)

    def cell(self, row: int, column: str, value: object, reason: str, *, code: str = "invalid") -> None:
        """The value found in a cell is wrong (quoted cut to its first characters: a cell may hold a whole page)."""
        self.add(Problem(row, column, quoted_value(value), reason, code, column_label(column, self.names)))

    def column(self, row: int, column: str, reason: str, *, code: str = "missing_value") -> None:
        """A cell is wrong without a value to show (it is empty)."""
        self.add(Problem(row, column, None, reason, code, column_label(column, self.names)))

    def row(self, row: int, reason: str, *, code: str = "invalid") -> None:
        """The row as a whole is wrong (two cells together, or what the database refused)."""
        self.add(Problem(row, None, None, reason, code))

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def refusal(self, *, head: str | None = None, code: str | None = None) -> RowsRefused:
        return RowsRefused(self.kept, self.count, head=head, code=code)

    def raise_if_any(self, *, head: str | None = None, code: str | None = None) -> None:
        if self.count:
            raise self.refusal(head=head, code=code)
