"""The preview of an accountant's rule: a dry run over an account's lines of a period, nothing stored.

"This rule would have matched 14 lines last month": the pairs the rule makes, each with warnings where its lines are
already matched otherwise or where the engine alone pairs them otherwise, so a rule that would make a false match
shows before it is used. The run's own settings (window, working-day calendar, the account's other rules).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ServiceError
from core.text import sentences
from reconcile.engine import Line, MatchGroup
from reconcile.engine.rules import Rule
from reconcile.models import BankAccount, BankLine, JournalEntry, MatchLink, MatchRule, RuleKind
from reconcile.selectors.rules import engine_rule, lines_naming, rules_of_account
from reconcile.services.match_engine import EngineFault, engine_result
from reconcile.services.matching import _bank_line, _journal_line

logger = logging.getLogger(__name__)


@dataclass
class PreviewPair:
    bank: list[BankLine]
    journal: list[JournalEntry]
    reasons: tuple[str, ...]
    warnings: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Preview:
    rule: MatchRule
    account: BankAccount
    date_from: dt.date
    date_to: dt.date
    bank_lines: int
    journal_entries: int
    pairs: list[PreviewPair]  # groups the rule makes (or, for an alias, that it adds)
    held_back: list[PreviewPair]  # automatic groups a never-auto-match rule turns into suggestions
    why_none: str = ""  # no pair: why the rule matches nothing in the period

    @property
    def matched_lines(self) -> int:
        return sum(len(p.bank) + len(p.journal) for p in self.pairs)

    @property
    def warnings(self) -> int:
        return sum(len(p.warnings) for p in self.pairs)


def _key(group: MatchGroup) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return group.bank_ids, group.journal_ids


def _run(bank: list[Line], journal: list[Line], rules: list[Rule]) -> list[MatchGroup]:
    """The groups a run would make (no working-day calendar for the year: calendar days, as a run counts them)."""
    try:
        return engine_result(bank, journal, rules)[0].groups
    except EngineFault as exc:  # the engine's own fault, not the rule's: said so, logged for the bank's support
        logger.exception("Rule preview: the matching engine failed")
        raise ServiceError(
            sentences(
                _("The preview stopped on an internal error of the matching and changed nothing. Try again later."),
                _("If it stops again, tell the bank's support."),
            ),
            code="engine_error",
        ) from exc


def rule_preview(*, rule: MatchRule, account: BankAccount, date_from: dt.date, date_to: dt.date) -> Preview:
    """What ``rule`` would have done to the account's lines dated in the period, matched or not ("this rule would
    have matched 14 lines"): the pairs it makes, each with warnings where the lines are already matched otherwise
    or where the engine alone would pair them differently (a rule that would make a false match shows here).
    Nothing is stored. The account's other active rules apply as in a run, before and after."""
    bank = list(
        BankLine.objects.live()
        .filter(account=account, booking_date__range=(date_from, date_to))
        .order_by("booking_date", "pk")
    )
    journal = list(
        JournalEntry.objects.live()
        .filter(account=account, booking_date__range=(date_from, date_to))
        .order_by("booking_date", "pk")
    )
    bank_lines, journal_lines = [_bank_line(b) for b in bank], [_journal_line(j) for j in journal]
    others = [engine_rule(r) for r in rules_of_account(account) if r.pk != rule.pk]
    this = engine_rule(rule)
    before = _run(bank_lines, journal_lines, others)
    after = _run(bank_lines, journal_lines, [*others, this])
    before_keys = {_key(g) for g in before}
    after_keys = {_key(g) for g in after}
    mark = f"rule {this.label()}:"  # how the rule's own groups name it (``engine.rules._reason``)
    made = [g for g in after if _key(g) not in before_keys or any(mark in r for r in g.reasons)]
    lost = [g for g in before if _key(g) not in after_keys]
    by_id: dict[str, Any] = {f"b{b.pk}": b for b in bank} | {f"j{j.pk}": j for j in journal}
    live = _live_matches(bank, journal)
    engine_of = {i: g for g in before for i in (*g.bank_ids, *g.journal_ids)}
    pairs = [_pair(g, by_id, live, engine_of) for g in made]
    held = [_pair(g, by_id, {}, {}) for g in lost]
    why = "" if pairs else _why_none(rule, account, date_from, date_to, bank)
    return Preview(
        why_none=why,
        rule=rule,
        account=account,
        date_from=date_from,
        date_to=date_to,
        bank_lines=len(bank),
        journal_entries=len(journal),
        pairs=pairs,
        held_back=held,
    )


def _why_none(rule: MatchRule, account: BankAccount, date_from: dt.date, date_to: dt.date, bank: list[BankLine]) -> str:
    """Why a preview finds nothing: no bank line in the period, no line naming an alias, or what the rule asks."""
    period = {"from": date_from, "to": date_to}
    if not bank:
        return _("The account has no bank lines from %(from)s to %(to)s.") % period
    if rule.kind == RuleKind.NEVER:
        return _("No automatic match from %(from)s to %(to)s involves a line the rule names.") % period
    if rule.kind != RuleKind.ALIAS:
        return (
            _(
                "No bank line and journal entry from %(from)s to %(to)s fit the rule (its texts, direction, amounts and "
                "days apart) without being paired the same way by the engine already."
            )
            % period
        )
    named_bank, named_journal = lines_naming(account, rule.pattern, date_from, date_to)
    named = named_bank.count() + named_journal.count()
    if not named:
        return _("No bank line or journal entry from %(from)s to %(to)s names “%(pattern)s”.") % {
            **period,
            "pattern": rule.pattern,
        }
    return named_but_no_pair_text(rule, named, date_from, date_to)


def named_but_no_pair_text(rule: MatchRule, named: int, date_from: dt.date, date_to: dt.date) -> str:
    """Why an alias finds nothing though ``named`` lines name it: no counterpart names its target."""
    return ngettext(
        "%(n)s line from %(from)s to %(to)s names “%(pattern)s”, but the name changes no pair: none has a "
        "counterpart of the same amount within the matching window naming “%(target)s”, or the two names are "
        "taken as one party without it.",
        "%(n)s lines from %(from)s to %(to)s name “%(pattern)s”, but the name changes no pair: none has a "
        "counterpart of the same amount within the matching window naming “%(target)s”, or the two names are "
        "taken as one party without it.",
        named,
    ) % {"from": date_from, "to": date_to, "n": named, "pattern": rule.pattern, "target": rule.target}


def _live_matches(bank: list[BankLine], journal: list[JournalEntry]) -> dict[str, tuple[int, frozenset[str]]]:
    """Engine id of every line in a live match -> (match id, the engine ids of all the match's lines)."""
    links = (
        MatchLink.objects.active()
        .filter(Q(bank_line__in=[b.pk for b in bank]) | Q(journal_entry__in=[j.pk for j in journal]))
        .values_list("match_id", flat=True)
    )
    members: dict[int, set[str]] = {}
    for match_id, bank_id, journal_id in (
        MatchLink.objects.active()
        .filter(match_id__in=set(links))
        .values_list("match_id", "bank_line_id", "journal_entry_id")
    ):
        members.setdefault(match_id, set()).add(f"b{bank_id}" if bank_id else f"j{journal_id}")
    return {i: (m, frozenset(ids)) for m, ids in members.items() for i in ids}


def _pair(
    group: MatchGroup,
    by_id: dict[str, Any],
    live: dict[str, tuple[int, frozenset[str]]],
    engine_of: dict[str, MatchGroup],
) -> PreviewPair:
    ids = frozenset((*group.bank_ids, *group.journal_ids))
    warnings: list[dict[str, str]] = []
    seen: set[int] = set()
    for i in sorted(ids):
        if i in live and live[i][1] != ids and live[i][0] not in seen:
            seen.add(live[i][0])
            warnings.append(
                {
                    "code": "matched_differently",
                    "message": _(
                        "%(line)s is already matched (match %(m)s) with other lines: this rule would pair it otherwise."
                    )
                    % {"line": _line_name(i, by_id), "m": live[i][0]},
                }
            )
        other = engine_of.get(i)
        if other is not None and frozenset((*other.bank_ids, *other.journal_ids)) != ids:
            warnings.append(
                {
                    "code": "conflict",
                    "message": _("Without this rule the engine pairs %(line)s with other lines (%(why)s).")
                    % {"line": _line_name(i, by_id), "why": other.rule},
                }
            )
    return PreviewPair(
        bank=[by_id[i] for i in group.bank_ids],
        journal=[by_id[i] for i in group.journal_ids],
        reasons=group.reasons,
        warnings=warnings,
    )


def _line_name(engine_id: str, by_id: dict[str, Any]) -> str:
    line = by_id[engine_id]
    values = {"id": line.pk, "date": line.booking_date, "amount": f"{line.amount:,.2f}"}
    if engine_id.startswith("b"):
        return _("bank line %(id)s (%(date)s, %(amount)s)") % values
    return _("journal entry %(id)s (%(date)s, %(amount)s)") % values
