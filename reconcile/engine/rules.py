"""The accountant's rules, applied before the engine's own stages (pure Python, no Django).

Three kinds, given as plain data (``Rule``) in priority order (lower ``priority`` first, then ``id``):

- ``match``: a bank line whose counterparty or summary contains ``pattern`` (and whose amount lies within
  ``min_amount``..``max_amount``) is paired with the one journal entry of the same amount and direction, within
  ``days`` calendar days, whose counterparty or summary contains ``journal_pattern`` (any entry when empty). The
  nearest date wins; a tie, or a journal entry that is the nearest for two bank lines, is left to the engine, never
  guessed. Amounts must be equal: the 余额调节表 has to balance to the cent, so a rule never pairs unequal amounts.
- ``never``: lines (either side) whose counterparty contains ``pattern`` are never matched automatically: a group
  the engine would accept with one of them becomes a suggestion, and later ``match`` rules skip them.
- ``alias``: a counterparty equal to ``pattern`` (or matching it, with ``*``) is compared as ``target``
  ("ACME GMBH" as "Acme Trading GmbH"): passed to the engine's ``aliases``.

Patterns are plain text, compared without case and width (NFKC, so （中国） equals (中国)); ``*`` stands for any
text. No regular expressions: matching is a sequence of ``str.find`` calls, linear in the text, so no pattern can
make it slow (the services also cap a pattern's length).

Every group a rule makes carries ``rule="match_rule"`` and a reason naming the rule; a group or suggestion of the
engine whose two sides' names are one party only through an alias rule carries a reason naming that rule
(``AliasNamer``), added to the engine's reasons after the stages, which stay unaware of it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .api import match
from .names import core_name, name_similarity
from .score import STRONG_NAME
from .types import Line, MatchGroup, MatchResult

KIND_MATCH, KIND_NEVER, KIND_ALIAS = "match", "never", "alias"
RULE_KINDS = (KIND_MATCH, KIND_NEVER, KIND_ALIAS)
RULE_MATCH = "match_rule"
PATTERN_MAX = 200  # characters; the services refuse longer ones, the engine cuts them (defence in depth)


@dataclass(frozen=True)
class Rule:
    """One accountant's rule, as the engine sees it (see the module's docstring for each kind)."""

    id: int | str
    kind: str
    pattern: str
    name: str = ""
    priority: int = 100
    journal_pattern: str = ""
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    days: int = 0
    direction: str = ""  # "in", "out" or "" (either)
    target: str = ""  # alias: the name the pattern stands for

    def label(self) -> str:
        return f"#{self.id} {self.name}".strip() if self.name else f"#{self.id}"


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Text as patterns compare it: NFKC (full-width to half-width), case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


@lru_cache(maxsize=4096)
def _pieces(pattern: str) -> tuple[str, ...]:
    return tuple(fold(pattern[:PATTERN_MAX]).split("*"))


def contains(pattern: str, text: str) -> bool:
    """Whether ``text`` contains ``pattern`` (``*`` = any text), without case or width. An empty pattern never
    matches. Leftmost ``find`` of each piece in turn is exact for ``*``-only patterns and linear in the text."""
    pieces = _pieces(pattern)
    if not any(pieces):
        return False
    hay, at = fold(text), 0
    for piece in pieces:
        found = hay.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def equals(pattern: str, text: str) -> bool:
    """An alias's test: the same name (without case and width), or ``*`` wildcards matching the whole name."""
    if "*" not in pattern:
        return bool(fold(pattern)) and fold(pattern[:PATTERN_MAX]) == fold(text)
    pieces, hay = _pieces(pattern), fold(text)
    if not (hay.startswith(pieces[0]) and hay.endswith(pieces[-1])) or len(hay) < sum(map(len, pieces)):
        return False
    return contains(pattern, hay)


def ordered(rules: Iterable[Rule]) -> list[Rule]:
    """Priority order: lower ``priority`` first, then by id (numbers as numbers, so #9 comes before #10)."""
    return sorted(
        rules, key=lambda r: (r.priority, 0, r.id, "") if isinstance(r.id, int) else (r.priority, 1, 0, str(r.id))
    )


def aliases_from(rules: Iterable[Rule], names: Iterable[str], base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The engine's ``aliases``: each distinct counterparty in ``names`` that an alias rule names, mapped to the
    rule's target (the first rule in priority order wins)."""
    out = dict(base or {})
    alias_rules = [r for r in ordered(rules) if r.kind == KIND_ALIAS and r.target]
    if not alias_rules:
        return out
    for name in set(names):
        if name and name not in out:
            for rule in alias_rules:
                if equals(rule.pattern, name):
                    out[name] = rule.target
                    break
    return out


def learned_alias(bank_names: Iterable[str], journal_names: Iterable[str]) -> tuple[str, str] | None:
    """The alias a person's match teaches (learned names): ``(bank's name, journal's name)`` when the bank lines name
    one party and the journal entries another, and the engine's name cores differ (so "上海恒瑞贸易有限公司" and
    "恒瑞贸易" teach nothing: the engine already takes them as one). None otherwise."""
    said = {n.strip() for n in bank_names if n and n.strip()}
    meant = {n.strip() for n in journal_names if n and n.strip()}
    if len(said) != 1 or len(meant) != 1:
        return None
    (b,), (j,) = said, meant
    if core_name(b) == core_name(j) or fold(b) == fold(j) or len(b) > PATTERN_MAX or len(j) > PATTERN_MAX:
        return None
    return b, j


def _hits(pattern: str, line: Line) -> bool:
    return contains(pattern, line.counterparty) or contains(pattern, line.text)


def _amount_fits(rule: Rule, amount: Decimal) -> bool:
    return (rule.min_amount is None or amount >= rule.min_amount) and (
        rule.max_amount is None or amount <= rule.max_amount
    )


def _days(a: dt.date, b: dt.date) -> int:
    return abs((a - b).days)


def rule_pairs(rule: Rule, bank: Sequence[Line], journal: Sequence[Line]) -> list[tuple[Line, Line]]:
    """The pairs one ``match`` rule makes among the given lines: mutual nearest by date, ties left alone; rounds
    until no new pair (a line whose nearest was taken may then be the clear nearest of another)."""
    if rule.kind != KIND_MATCH:
        return []
    pairs: list[tuple[Line, Line]] = []
    while True:
        used = {x.id for pair in pairs for x in pair}
        found = _mutual_nearest(rule, [b for b in bank if b.id not in used], [j for j in journal if j.id not in used])
        if not found:
            return pairs
        pairs.extend(found)


def _mutual_nearest(rule: Rule, bank: Sequence[Line], journal: Sequence[Line]) -> list[tuple[Line, Line]]:
    wanted = [
        b
        for b in bank
        if (not rule.direction or b.direction == rule.direction)
        and _amount_fits(rule, b.amount)
        and _hits(rule.pattern, b)
    ]
    if not wanted:
        return []
    by_key: dict[tuple[Decimal, str], list[Line]] = {}
    for j in journal:
        if (not rule.journal_pattern or _hits(rule.journal_pattern, j)) and _amount_fits(rule, j.amount):
            by_key.setdefault((j.amount, j.direction), []).append(j)
    best_of_bank: dict[str, Line] = {}
    suitors: dict[str, list[tuple[int, Line]]] = {}  # journal id -> (distance, bank line) of every bank line near it
    for b in wanted:
        near = [
            (_days(b.date, j.date), j)
            for j in by_key.get((b.amount, b.direction), ())
            if _days(b.date, j.date) <= rule.days
        ]
        if not near:
            continue
        near.sort(key=lambda t: (t[0], t[1].id))
        for distance, j in near:
            suitors.setdefault(j.id, []).append((distance, b))
        if len(near) == 1 or near[0][0] < near[1][0]:
            best_of_bank[b.id] = near[0][1]
    pairs = []
    for b in wanted:
        chosen = best_of_bank.get(b.id)
        if chosen is None:
            continue
        closest = sorted(suitors[chosen.id], key=lambda t: (t[0], t[1].id))
        if closest[0][1].id == b.id and (len(closest) == 1 or closest[0][0] < closest[1][0]):
            pairs.append((b, chosen))
    return pairs


def _reason(rule: Rule, b: Line, j: Line) -> tuple[str, ...]:
    return (
        f"规则 {rule.label()} rule {rule.label()}: "
        f"“{rule.pattern}”{' ~ “' + rule.journal_pattern + '”' if rule.journal_pattern else ''}"
        f", 金额 amount {b.amount}, 日期相差 {_days(b.date, j.date)} 天 / {_days(b.date, j.date)} days",
    )


@dataclass
class RuleOutcome:
    """What the rules did before the engine: their groups, the lines they keep from auto-matching, the aliases."""

    groups: list[MatchGroup] = field(default_factory=list)
    never: dict[str, Rule] = field(default_factory=dict)  # line id -> the never rule that holds it back
    aliases: dict[str, str] = field(default_factory=dict)


def apply_rules(
    rules: Sequence[Rule], bank: Sequence[Line], journal: Sequence[Line], aliases: Mapping[str, str] | None = None
) -> RuleOutcome:
    """Run ``match`` and ``never`` rules in priority order over the lines; collect the aliases."""
    out = RuleOutcome(aliases=aliases_from(rules, [x.counterparty for x in (*bank, *journal)], aliases))
    taken: set[str] = set()
    for rule in ordered(rules):
        if rule.kind == KIND_NEVER:
            for line in (*bank, *journal):
                if line.id not in taken and line.id not in out.never and contains(rule.pattern, line.counterparty):
                    out.never[line.id] = rule
        elif rule.kind == KIND_MATCH:
            free_b = [b for b in bank if b.id not in taken and b.id not in out.never]
            free_j = [j for j in journal if j.id not in taken and j.id not in out.never]
            for b, j in rule_pairs(rule, free_b, free_j):
                taken.update((b.id, j.id))
                out.groups.append(MatchGroup((b.id,), (j.id,), RULE_MATCH, 1.0, _reason(rule, b, j)))
    return out


def match_with_rules(
    bank: Sequence[Line],
    journal: Sequence[Line],
    rules: Sequence[Rule] = (),
    engine: Callable[..., MatchResult] = match,
    **options: Any,
) -> MatchResult:
    """``match`` with the accountant's rules first: rule groups, then the engine on the lines left (with the alias
    rules among its ``aliases``); a group holding a line a ``never`` rule names becomes a suggestion whose reasons
    name the rule. ``options`` are ``match``'s keywords; ``engine`` is called with keywords only."""
    if not rules:
        return engine(bank=bank, journal=journal, **options)
    done = apply_rules(rules, bank, journal, options.pop("aliases", None))
    used = {i for g in done.groups for i in (*g.bank_ids, *g.journal_ids)}
    result = engine(
        bank=[b for b in bank if b.id not in used],
        journal=[j for j in journal if j.id not in used],
        aliases=done.aliases or None,
        **options,
    )
    groups, demoted = list(done.groups), []
    for group in result.groups:
        held = [done.never[i] for i in (*group.bank_ids, *group.journal_ids) if i in done.never]
        if held:
            why = f"规则 {held[0].label()} 不自动勾对 rule {held[0].label()}: never auto-match “{held[0].pattern}”"
            demoted.append(group._replace(reasons=(*group.reasons, why)))
        else:
            groups.append(group)
    groups.sort(key=lambda g: (g.bank_ids, g.journal_ids))
    suggestions = [*demoted, *result.suggestions]
    if done.aliases:
        named = AliasNamer(
            rules, done.aliases, {x.id: x.counterparty for x in bank}, {x.id: x.counterparty for x in journal}
        )
        groups, suggestions = [named(g) for g in groups], [named(s) for s in suggestions]
    return MatchResult(groups=groups, suggestions=suggestions)


class AliasNamer:
    """Adds to a group's reasons the alias rule (an accountant's, or an accepted learned name) that made its two
    sides' names one party, so the accountant sees why 支付宝（中国）网络技术有限公司 was taken for 恒瑞贸易:
    ``已学名称 #12 视为同一对方 learned name #12: “支付宝（中国）网络技术有限公司” = “上海恒瑞贸易有限公司”``. Only where the
    names are the same party through the alias (similarity ``STRONG_NAME`` or more) and were not without it."""

    def __init__(
        self,
        rules: Sequence[Rule],
        aliases: Mapping[str, str],
        bank_names: Mapping[str, str],
        journal_names: Mapping[str, str],
    ) -> None:
        self.rules = [r for r in ordered(rules) if r.kind == KIND_ALIAS and r.target]
        self.aliases = aliases
        # By side: a bank line and a journal entry may have the same id (the engine's callers need not prefix them).
        self.bank_names, self.journal_names = bank_names, journal_names
        # The lines whose name an alias maps: a group without one is returned as it is, at the cost of a set test.
        self.bank_aliased = frozenset(i for i, name in bank_names.items() if name in aliases)
        self.journal_aliased = frozenset(i for i, name in journal_names.items() if name in aliases)

    def _rule(self, name: str) -> Rule | None:
        # As aliases_from chose it: the first alias rule in priority order that names ``name``.
        return next((r for r in self.rules if equals(r.pattern, name)), None)

    def __call__(self, group: MatchGroup) -> MatchGroup:
        if self.bank_aliased.isdisjoint(group.bank_ids) and self.journal_aliased.isdisjoint(group.journal_ids):
            return group
        used: dict[int | str, str] = {}
        get = self.aliases.get
        for b in group.bank_ids:
            for j in group.journal_ids:
                nb, nj = self.bank_names.get(b, ""), self.journal_names.get(j, "")
                ab, aj = get(nb, nb), get(nj, nj)
                if not (nb and nj) or (ab, aj) == (nb, nj):
                    continue
                if name_similarity(ab, aj) >= STRONG_NAME > name_similarity(nb, nj):
                    for name in (nb, nj):
                        rule = self._rule(name) if name in self.aliases else None
                        if rule is not None and rule.id not in used:
                            used[rule.id] = alias_reason(rule, name)
        if not used:
            return group
        return group._replace(reasons=(*group.reasons, *used.values()))


def alias_reason(rule: Rule, name: str) -> str:
    return f"已学名称 {rule.label()} 视为同一对方 learned name {rule.label()}: “{name}” = “{rule.target}”"
