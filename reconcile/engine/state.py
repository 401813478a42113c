"""Mutable working state shared by the stages of one ``match`` call."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter

import numpy as np

from .accel import pair_groups
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
    # Output sort key per group, parallel to ``groups``: the id rank of its
    # first bank line.  Groups are disjoint and all have a bank line, so this
    # int orders them exactly like their ``bank_ids`` tuples.  Kept as int64
    # arrays in group order (one per ``take_pairs``, one per run of ``take``s):
    # a list of ~900k Python ints at 1M lines costs memory the host hands out slowly.
    _key_parts: list[np.ndarray] = field(default_factory=list)
    _pending_keys: list[int] = field(default_factory=list)
    suggestions: list[MatchGroup] = field(default_factory=list)
    # Line indices of each suggestion, parallel to ``suggestions``.
    _suggested_lines: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    # Name-core bigrams interned to ints for the same-amount clusters (``candidates.big_cluster_pairs``): the
    # clusters are searched up to seven times a run over mostly the same names, and interning was a tenth of it.
    gram_ids: dict[str, int] = field(default_factory=dict)
    core_gram_ids: dict[str, list[int]] = field(default_factory=dict)
    # Pairs alone with their amount in the window but held back for contradicting names (stage 2): read by the
    # document stage for a payer's other name (``invoice_aliases``).
    held_for_names: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.bank_free = np.ones(len(self.bank), dtype=bool)
        self.journal_free = np.ones(len(self.journal), dtype=bool)

    def _group(
        self, b: Iterable[int], j: Iterable[int], rule: str, score: float, reasons: tuple[str, ...]
    ) -> MatchGroup:
        return MatchGroup(
            tuple(sorted(map(self.bank.ids.__getitem__, b))),
            tuple(sorted(map(self.journal.ids.__getitem__, j))),
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
        rank = self.bank.rank
        # One line (most groups): its rank, without building an array to take the minimum of.
        self._pending_keys.append(int(rank[b[0]]) if len(b) == 1 else int(rank[b].min()))

    def take_pairs(
        self, b: np.ndarray, j: np.ndarray, rule: str, scores: Iterable[float], reasons: Iterable[tuple[str, ...]]
    ) -> None:
        """Auto-accept many 1:1 pairs at once (vectorised stages).

        The ``MatchGroup``s are built without a Python frame per group
        (``_pair_groups``): at 1M lines there are ~900k of them.
        """
        bank_free, journal_free = self.bank_free, self.journal_free
        before = np.count_nonzero(bank_free) + np.count_nonzero(journal_free)
        if not (bank_free[b].all() and journal_free[j].all()):
            raise AssertionError("line in two groups")  # a stage bug, never data
        bank_free[b] = False
        journal_free[j] = False
        if np.count_nonzero(bank_free) + np.count_nonzero(journal_free) != before - b.size - j.size:
            raise AssertionError("line twice in one stage")
        self.groups += self._pair_groups(b, j, rule, scores, reasons)
        self._flush_keys()
        self._key_parts.append(self.bank.rank[b])

    def suggest(self, b: list[int], j: list[int], rule: str, score: float, reasons: tuple[str, ...]) -> None:
        self.suggestions.append(self._group(b, j, rule, score, reasons))
        self._suggested_lines.append((tuple(b), tuple(j)))

    def suggest_pairs(
        self, b: list[int], j: list[int], rule: str, scores: Iterable[float], reasons: Iterable[tuple[str, ...]]
    ) -> None:
        """Many 1:1 suggestions at once (``MatchGroup``s built in C, as in ``take_pairs``)."""
        self.suggestions += self._pair_groups(
            np.array(b, dtype=np.int64), np.array(j, dtype=np.int64), rule, scores, reasons
        )
        self._suggested_lines += zip(zip(b), zip(j))

    def _pair_groups(
        self, b: np.ndarray, j: np.ndarray, rule: str, scores: Iterable[float], reasons: Iterable[tuple[str, ...]]
    ) -> Iterable[MatchGroup]:
        """``MatchGroup((bank id,), (journal id,), rule, score, reasons))`` per pair, with no Python frame per
        group: at 1M lines there are ~900k of them (``accel.pair_groups`` in C, else ``map``/``zip``)."""
        fast = pair_groups(MatchGroup, self.bank.ids, self.journal.ids, b, j, rule, scores, reasons)
        if fast is not None:
            return fast
        return map(
            tuple.__new__,
            repeat(MatchGroup),
            zip(
                zip(map(self.bank.ids.__getitem__, b.tolist())),  # 1-tuples of ids
                zip(map(self.journal.ids.__getitem__, j.tolist())),
                repeat(rule),
                scores,
                reasons,
            ),
        )

    def _flush_keys(self) -> None:
        if self._pending_keys:
            self._key_parts.append(np.array(self._pending_keys, dtype=np.int64))
            self._pending_keys = []

    def sorted_groups(self) -> list[MatchGroup]:
        self._flush_keys()
        keys = np.concatenate(self._key_parts) if self._key_parts else np.zeros(0, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        return list(map(self.groups.__getitem__, order.tolist()))

    def live_suggestions(self) -> list[MatchGroup]:
        """Suggestions whose lines were not auto-matched by a later stage, deduplicated,
        sorted by (bank ids, journal ids).

        A (bank ids, journal ids) pair is kept once (the first made), so that
        pair alone is a unique sort key; it is compared as id *ranks*, which
        order exactly like the id strings but compare faster.
        """
        bank_free, journal_free = self.bank_free.tolist(), self.journal_free.tolist()
        live = [
            (g, b, j)
            for g, (b, j) in zip(self.suggestions, self._suggested_lines)
            if all(map(bank_free.__getitem__, b)) and all(map(journal_free.__getitem__, j))
        ]
        rank_b = _ranks_of(self.bank.rank, [b for _g, b, _j in live])
        rank_j = _ranks_of(self.journal.rank, [j for _g, _b, j in live])
        seen: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
        keyed: list[tuple[tuple[tuple[int, ...], tuple[int, ...]], MatchGroup]] = []
        for g, b, j in live:
            key = (tuple(sorted(map(rank_b.__getitem__, b))), tuple(sorted(map(rank_j.__getitem__, j))))
            if key in seen:
                continue
            seen.add(key)
            keyed.append((key, g))
        keyed.sort(key=itemgetter(0))
        return [g for _k, g in keyed]


def _ranks_of(rank: np.ndarray, groups: list[tuple[int, ...]]) -> dict[int, int]:
    """Id rank of every line in ``groups``, gathered in one numpy call."""
    lines = np.fromiter(chain.from_iterable(groups), dtype=np.int64)
    return dict(zip(lines.tolist(), rank[lines].tolist()))
