"""Balances from checkpoints: where a stored statement history does not join up, and the balance at a day.

Pure (no ORM). A *checkpoint* is a balance a file states, or its running balances imply, at the end of a day:
a file's opening balance is the balance at the end of the day before its first day, its closing balance the one at
the end of its last day. Between two checkpoints, the stored movements must carry the earlier balance to the later
one. Where they do not, a statement (or journal export) is missing, incomplete, or out of date, and any balance
computed across that stretch is wrong, so the caller refuses to build a 余额调节表 over it.

Every balance is computed from the nearest checkpoint at or before the day (or, before the first checkpoint, back
from the earliest one), so a first file without balances, or files imported in any order, never count a movement
twice.

What the files *cover* (the days from their first line, or the start they state, to their last line, or the end they
state when it was over before the import) says where a break's missing movements lie: not in a day a file covers (a
bank statement for September lists every movement of September), so the tables before the first uncovered day stand.
A whole month that no file covers, where the balances around it cannot be compared (the files on one side of it show
no balances), cannot be told from a month without movements: it is reported as not checked, never as a gap.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

ZERO = Decimal("0.00")
ONE_DAY = dt.timedelta(days=1)


class Role(str, Enum):
    OPENING = "opening"
    CLOSING = "closing"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    as_of: dt.date  # the balance at the end of this day
    balance: Decimal
    role: Role
    source: str  # the file that states it, for messages
    order: int = 0  # import order, to break ties between checkpoints of one day
    # A closing balance's file states its period runs on, without movements, to this later day (a September
    # statement whose last movement was on 09-20 states 09-30, :62F: or 截止日期).
    stated_through: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Break:
    earlier: Checkpoint
    later: Checkpoint
    carried: Decimal  # the earlier balance plus the stored movements up to the later checkpoint's day
    start: dt.date  # the first day the missing or wrong movements may lie on: every balance from then on is unreliable

    @property
    def difference(self) -> Decimal:
        return self.later.balance - self.carried


class Movements:
    """Signed movement totals per day, with prefix sums for any (start, end] range."""

    def __init__(self, daily: Mapping[dt.date, Decimal]) -> None:
        self.days = sorted(daily)
        self.prefix = [ZERO]
        for day in self.days:
            self.prefix.append(self.prefix[-1] + daily[day])

    def upto(self, day: dt.date) -> Decimal:
        """Total of the movements on or before ``day``."""
        return self.prefix[bisect_right(self.days, day)]

    def between(self, after: dt.date, through: dt.date) -> Decimal:
        """Total of the movements after ``after`` and on or before ``through``."""
        return self.upto(through) - self.upto(after)

    def moved(self, after: dt.date, through: dt.date) -> bool:
        """Whether any movement lies after ``after`` and on or before ``through``."""
        return bisect_right(self.days, through) > bisect_right(self.days, after)


@dataclass(frozen=True, slots=True)
class Span:
    """The days one file covers, both ends included."""

    first: dt.date
    last: dt.date
    source: str


@dataclass(frozen=True, slots=True)
class Hole:
    """Days no file covers, between the coverage ending with ``before`` and the one starting with ``after``."""

    first: dt.date
    last: dt.date
    before: str
    after: str

    def holds_a_whole_month(self) -> bool:
        start = self.first if self.first.day == 1 else _next_month(self.first)
        return _next_month(start) - ONE_DAY <= self.last


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


class Coverage:
    """The days the stored files cover, merged into runs of consecutive days."""

    def __init__(self, spans: Sequence[Span] = ()) -> None:
        runs: list[list[Any]] = []  # [first, last, source of the first span, source of the span reaching last]
        for span in sorted(spans, key=lambda s: (s.first, s.last)):
            if runs and span.first <= runs[-1][1] + ONE_DAY:
                if span.last > runs[-1][1]:
                    runs[-1][1], runs[-1][3] = span.last, span.source
            else:
                runs.append([span.first, span.last, span.source, span.source])
        self.runs = [tuple(run) for run in runs]

    def first_uncovered(self, after: dt.date, through: dt.date) -> dt.date | None:
        """The first day after ``after`` and on or before ``through`` that no file covers."""
        day = after + ONE_DAY
        for first, last, _a, _b in self.runs:
            if last < day:
                continue
            if first > day:
                break
            day = last + ONE_DAY
        return day if day <= through else None

    def holes(self) -> list[Hole]:
        return [
            Hole(first=a[1] + ONE_DAY, last=b[0] - ONE_DAY, before=a[3], after=b[2])
            for a, b in zip(self.runs, self.runs[1:])
        ]


def _ordered(checkpoints: Sequence[Checkpoint]) -> list[Checkpoint]:
    return sorted(checkpoints, key=lambda c: (c.as_of, c.order))


def _start(earlier: Checkpoint, later: Checkpoint, movements: Movements, coverage: Coverage | None) -> dt.date:
    """The first day a break between two checkpoints may have its cause on. Not a day of the earlier file's stated
    period (it says nothing moved after its last line; unless a stored line falls on those days), nor a day other
    files cover; where every day up to the later checkpoint is covered, a file is incomplete, and any day after the
    earlier balance's may be."""
    known = earlier.as_of
    stated = earlier.stated_through
    if stated is not None and not movements.moved(earlier.as_of, stated):
        known = max(known, min(stated, later.as_of - ONE_DAY))
    uncovered = coverage.first_uncovered(known, later.as_of) if coverage is not None else None
    return uncovered or known + ONE_DAY


def find_breaks(
    checkpoints: Sequence[Checkpoint], movements: Movements, coverage: Coverage | Callable[[], Coverage] | None = None
) -> list[Break]:
    """Each pair of consecutive checkpoints that the movements between them do not join.

    Only neighbours are compared, so one missing statement gives one break, not one per later file. ``coverage``
    places each break's start; it may be a function giving it, called only once a break is found (reading what the
    files cover is a query, and most histories join up).
    """
    ordered = _ordered(checkpoints)
    found = []
    for earlier, later in zip(ordered, ordered[1:]):
        carried = earlier.balance + movements.between(earlier.as_of, later.as_of)
        if carried != later.balance:
            if callable(coverage):
                coverage = coverage()
            found.append(
                Break(earlier=earlier, later=later, carried=carried, start=_start(earlier, later, movements, coverage))
            )
    return found


def balance_at(checkpoints: Sequence[Checkpoint], movements: Movements, day: dt.date) -> Decimal | None:
    """The balance at the end of ``day`` from the nearest checkpoint; None without any checkpoint."""
    ordered = _ordered(checkpoints)
    if not ordered:
        return None
    before = [c for c in ordered if c.as_of <= day]
    if before:
        anchor = before[-1]
        return anchor.balance + movements.between(anchor.as_of, day)
    anchor = ordered[0]
    return anchor.balance - movements.between(day, anchor.as_of)


def breaks_affecting(breaks: Sequence[Break], day: dt.date) -> list[Break]:
    """The breaks that make a balance or the outstanding items at the end of ``day`` unreliable: every break
    that starts on or before it (a missing month leaves its items unmatched in every later table), and two files
    that disagree about the balance at the end of ``day`` itself."""
    return [b for b in breaks if b.start <= day or b.later.as_of <= day]


def unchecked_holes(checkpoints: Sequence[Checkpoint], coverage: Coverage) -> list[tuple[Hole, bool]]:
    """The holes in the coverage that hold a whole calendar month and that no two checkpoints bracket, so nothing
    says whether a statement is missing there or the account did not move: with whether the balances before the hole
    are counted back across it (no checkpoint before it) rather than those after it counted on (none after it).
    Shorter holes are not reported: a week without movements is common, and a missing month is what to look for."""
    found = []
    for hole in coverage.holes():
        if not hole.holds_a_whole_month():
            continue
        before = any(c.as_of < hole.first for c in checkpoints)
        after = any(c.as_of >= hole.last for c in checkpoints)
        if before != after:
            found.append((hole, after))
    return found


def day_ends(moves: Sequence[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal] | None:
    """The balance at the start and at the end of a day, from its movements as (balance before, balance after) pairs
    given in any order (ERP pushes of one day may arrive afternoon first): the movements must chain into one run,
    each starting where another ends. None when they do not: a movement missing in between (two runs), one listed
    twice, a pair that is not a movement, or a day whose movements come back to where they started (no start to
    tell)."""
    if not moves or any(before == after for before, after in moves):
        return None
    net: dict[Decimal, int] = {}
    parent: dict[Decimal, Decimal] = {}

    def root(node: Decimal) -> Decimal:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for before, after in moves:
        net[before] = net.get(before, 0) + 1
        net[after] = net.get(after, 0) - 1
        parent[root(before)] = root(after)
    starts = [node for node, n in net.items() if n == 1]
    ends = [node for node, n in net.items() if n == -1]
    if len(starts) != 1 or len(ends) != 1 or any(abs(n) > 1 for n in net.values()):
        return None
    if len({root(node) for node in net}) != 1:
        return None  # a run and, apart from it, movements that come back to where they started
    return starts[0], ends[0]
