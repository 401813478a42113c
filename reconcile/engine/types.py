"""Public value types of the matching engine (pure Python, no Django).

``Line`` and ``MatchGroup`` are NamedTuples on purpose: the engine is fed up
to millions of lines, and a NamedTuple is the cheapest immutable record in
CPython to build and to read (no per-instance ``__dict__``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple, Protocol

IN = "in"
OUT = "out"
DIRECTIONS = (IN, OUT)


class Line(NamedTuple):
    """One bank-statement or journal line, directions already normalised.

    ``amount`` is a positive Decimal with at most two decimal places (cents);
    a bank ``in`` only ever matches a journal ``in``.
    """

    id: str
    date: dt.date
    amount: Decimal
    direction: str  # "in" | "out"
    reference: str = ""
    counterparty: str = ""
    text: str = ""


class MatchGroup(NamedTuple):
    """Lines that belong together, with the rule that found them.

    ``score`` is 1.0 for exact keys and lower for weaker evidence;
    ``reasons`` explains the score to a person (Chinese/English phrases).
    """

    bank_ids: tuple[str, ...]
    journal_ids: tuple[str, ...]
    rule: str
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchResult:
    """``groups`` are auto-accepted and disjoint (no line in two groups).

    ``suggestions`` are for a person to accept or reject; they never contain
    a line that is already in ``groups`` but may overlap one another
    (alternatives for the same line).  Lines in no group are unmatched.
    """

    groups: list[MatchGroup] = field(default_factory=list)
    suggestions: list[MatchGroup] = field(default_factory=list)


class WorkingCalendar(Protocol):
    """Anything with ``ordinal(date) -> int``: a monotone working-day index.

    ``ordinal(b) - ordinal(a)`` must be the number of working days in (a, b];
    a rest day shares the ordinal of the previous working day.
    ``statements.calendar.WorkdayCalendar`` has this shape.
    """

    def ordinal(self, day: dt.date) -> int: ...


CalendarLike = WorkingCalendar | Callable[[dt.date], int] | None

# Rule names, also used to order groups in the output.
RULE_REFERENCE = "reference"
RULE_AMOUNT_DATE = "amount_date"
RULE_AMBIGUOUS = "amount_date_scored"
RULE_BATCH = "batch"
RULE_SUBSET = "subset_sum"
RULE_OUTSIDE_WINDOW = "amount_outside_window"
RULE_NEAR_AMOUNT = "near_amount"
