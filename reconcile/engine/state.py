"""Mutable working state shared by the stages of one ``match`` call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from .normalize import Side
from .types import MatchGroup


@dataclass
class State:
    bank: Side
    journal: Side
    window: int
    working: bool  # True when a calendar was given (reasons say "working day")
    reference_days: int
    bank_free: np.ndarray = field(init=False)
    journal_free: np.ndarray = field(init=False)
    groups: list[MatchGroup] = field(default_factory=list)
    suggestions: list[MatchGroup] = field(default_factory=list)
    # Line indices of each suggestion, parallel to ``suggestions``.
    _suggested_lines: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.bank_free = np.ones(len(self.bank), dtype=bool)
        self.journal_free = np.ones(len(self.journal), dtype=bool)

    def _group(
        self, b: Iterable[int], j: Iterable[int], rule: str, score: float, reasons: tuple[str, ...]
    ) -> MatchGroup:
        bl, jl = self.bank.lines, self.journal.lines
        return MatchGroup(
            tuple(sorted(bl[i][0] for i in b)),
            tuple(sorted(jl[i][0] for i in j)),
            rule,
            score,
            reasons,
        )

    def take(self, b: list[int], j: list[int], rule: str, score: float, reasons: tuple[str, ...]) -> None:
        """Auto-accept: the lines leave the pool for every later stage."""
        bank_free, journal_free = self.bank_free, self.journal_free
        for i in b:
            if not bank_free[i]:
                raise AssertionError("bank line in two groups")  # a stage bug, never data
            bank_free[i] = False
        for i in j:
            if not journal_free[i]:
                raise AssertionError("journal line in two groups")
            journal_free[i] = False
        self.groups.append(self._group(b, j, rule, score, reasons))

    def suggest(self, b: list[int], j: list[int], rule: str, score: float, reasons: tuple[str, ...]) -> None:
        self.suggestions.append(self._group(b, j, rule, score, reasons))
        self._suggested_lines.append((tuple(b), tuple(j)))

    def live_suggestions(self) -> list[MatchGroup]:
        """Suggestions whose lines were not auto-matched by a later stage, deduplicated."""
        seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
        out: list[MatchGroup] = []
        for g, (b, j) in zip(self.suggestions, self._suggested_lines):
            if not (self.bank_free[list(b)].all() and self.journal_free[list(j)].all()):
                continue
            key = (g.bank_ids, g.journal_ids)
            if key in seen:
                continue
            seen.add(key)
            out.append(g)
        return out
