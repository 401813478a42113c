"""Match rules and reasons in the reader's language.

The engine (which imports no Django) writes each reason as one fixed phrase with its values, Chinese and English
side by side ("日期相差 1 个工作日 / date distance 1 working day"); groups and suggestions store them as written, and the
API returns them unchanged (its documented ``rule`` and ``reasons`` fields stay as they are). The pages show one
language at a time: each known phrase is read back into its values here and rendered with gettext, and a rule code
("amount_date") is shown as words. A reason this module does not know (a note typed by a person, a phrase of a
future engine) is shown as stored. The one phrase that reads the database: an alias rule's (learned name) adds who put
the rule in force and when, from the rule's audit events. A page reads them for all its reasons in one query
(``learned_names_read``) and hands the result to ``reasons_text``; without it, each such reason is one query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reconcile.reason_phrases import STAGE_PHRASES

RULE_LABELS = {
    "reference": gettext_lazy("Same reference number"),
    "amount_date": gettext_lazy("Same amount, close dates"),
    "amount_date_scored": gettext_lazy("Same amount, best of several candidates"),
    "batch": gettext_lazy("Several lines adding up (batch)"),
    "subset_sum": gettext_lazy("Several lines adding up to the amount"),
    "amount_outside_window": gettext_lazy("Same amount, dates further apart"),
    "near_amount": gettext_lazy("Amount differs slightly (possibly a fee)"),
    "manual": gettext_lazy("Matched by hand"),
    "match_rule": gettext_lazy("Matched by your rule"),
}

CATEGORY_LABELS = {
    "fee": gettext_lazy("fees"),
    "interest": gettext_lazy("interest"),
    "payroll": gettext_lazy("payroll"),
    "pos": gettext_lazy("card acquiring (POS)"),
    "expense": gettext_lazy("expense claims"),
    "tax": gettext_lazy("tax"),
    "social": gettext_lazy("social insurance"),
    "rent": gettext_lazy("rent"),
    "goods": gettext_lazy("goods"),
}


def rule_label(code: str) -> str:
    """A rule code in words ("amount_date" -> "Same amount, close dates"); an unknown code as it is."""
    label = RULE_LABELS.get(code or "")
    return str(label) if label is not None else (code or "")


def _category(name: str) -> str:
    label = CATEGORY_LABELS.get(name)
    return str(label) if label is not None else name


def _count(values: dict[str, str]) -> int:
    """The reason's number of days, for the plural form (the patterns read it as digits)."""
    n = values.get("n") or ""
    return int(n) if n.isdigit() else 0


def _days(values: dict[str, str]) -> str:
    n = _count(values)
    if (values.get("unit") or "").startswith("working"):
        return ngettext("dates %(n)s working day apart", "dates %(n)s working days apart", n) % values
    return ngettext("dates %(n)s day apart", "dates %(n)s days apart", n) % values


def _most_days(values: dict[str, str]) -> str:
    n = _count(values)
    if (values.get("unit") or "").startswith("working"):
        return (
            ngettext(
                "the dates lie at most %(n)s working day apart", "the dates lie at most %(n)s working days apart", n
            )
            % values
        )
    return ngettext("the dates lie at most %(n)s day apart", "the dates lie at most %(n)s days apart", n) % values


def _money(text: str) -> str:
    """An amount as the pages write money (200,000.00); a text that is not an amount as it is."""
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text
    return f"{amount:,.2f}" if amount.is_finite() else text


def _rule_match(values: dict[str, str]) -> str:
    """A match rule's reason (reconcile.engine.rules): the rule, its pattern(s), the amount and the days apart."""
    found = f"“{values['p']}”" + (f" ~ “{values['jp']}”" if values.get("jp") else "")
    return ngettext(
        "rule %(label)s: %(found)s, amount %(amount)s, dates %(n)s day apart",
        "rule %(label)s: %(found)s, amount %(amount)s, dates %(n)s days apart",
        _count(values),
    ) % {
        **values,
        "found": found,
        "amount": _money(values["amount"]),
    }


_RULE_ID = re.compile(r"#(\d+)")
# How an alias rule came into force: accepted as a learned name (or switched on), or set up by hand already active.
_ALIAS_IN_FORCE = ("match_rule.accepted", "match_rule.updated", "match_rule.created")
# The keys under which a phrase's render receives the customer whose reasons these are and what a page read for them
# beforehand (no regex group is named so).
_CUSTOMER = "__customer_id"
_LEARNED = "__learned"
# An alias rule's reason as the engine writes it (reconcile.engine.rules.AliasNamer).
_LEARNED_NAME = re.compile(
    r"已学名称 (?P<label>.+?) 视为同一对方 learned name (?P=label): “(?P<a>.*?)” = “(?P<t>.*)”", re.DOTALL
)

InForce = tuple[str, str, str]  # (audit action, who, day) that put an alias rule in force


@dataclass(frozen=True)
class LearnedNames:
    """Who put each alias rule named in a page's reasons in force, read for all of them at once
    (``learned_names_read``): the rule ids read (by their digits) and, of those that are ``customer_id``'s and known
    to be in force, how. A rule id not read here is looked up on its own."""

    customer_id: int | None
    rule_ids: frozenset[str] = frozenset()
    in_force: dict[str, InForce] = field(default_factory=dict)


def _rule_customer(events: list) -> int | None:
    """The customer of the rule these are the audit events of: every event of a rule's creation, proposal,
    acceptance or deletion holds its fields, customer_id among them (a deleted rule is still known this way)."""
    for event in events:
        for fields in (event.after, event.before):
            if isinstance(fields, dict) and "customer_id" in fields:
                return fields["customer_id"]
    return None


def _rule_events(rule_ids: Iterable[str]) -> dict[str, list]:
    """The audit events of the rules (by id digits), newest first, in one query."""
    from core.models import AuditEvent

    events: dict[str, list] = {}
    for event in (
        AuditEvent.objects.filter(target_type="reconcile.matchrule", target_id__in=sorted(set(rule_ids)))
        .select_related("actor")
        .order_by("-created_at", "-pk")
    ):
        events.setdefault(event.target_id, []).append(event)
    return events


def _in_force(events: list, customer_id: int | None) -> InForce | None:
    """(action, who, day) of the audit event that put the alias rule of these events in force, when it is known and
    the rule is ``customer_id``'s. A person's note on a manual match is kept as a reason too and may imitate the
    phrase with any rule id: another customer's rule must not name that customer's people here."""
    from reconcile.people import person_name

    if customer_id is None or _rule_customer(events) != customer_id:
        return None
    for event in events:
        if event.action not in _ALIAS_IN_FORCE:
            continue
        if event.action == "match_rule.updated" and (event.after or {}).get("active") is not True:
            continue  # an edit that did not switch the rule on
        who = person_name(event.actor) if event.actor is not None else event.actor_label
        return event.action, who, timezone.localtime(event.created_at).date().isoformat()
    return None


def learned_names_read(*, reasons: Iterable[str], customer_id: int | None) -> LearnedNames:
    """Who put each alias rule named in ``reasons`` (a page's, all rows together) in force, for ``customer_id``'s
    rules only: one query for all of them (none when no reason names a rule or no customer is given)."""
    rule_ids: set[str] = set()
    for reason in reasons:
        phrase = _LEARNED_NAME.fullmatch((reason or "").strip())
        number = _RULE_ID.match(phrase.group("label")) if phrase else None
        if number is not None:
            rule_ids.add(number.group(1))
    if customer_id is None or not rule_ids:
        return LearnedNames(customer_id=customer_id, rule_ids=frozenset(rule_ids))
    in_force: dict[str, InForce] = {}
    for rule_id, events in _rule_events(rule_ids).items():
        known = _in_force(events, customer_id)
        if known is not None:
            in_force[rule_id] = known
    return LearnedNames(customer_id=customer_id, rule_ids=frozenset(rule_ids), in_force=in_force)


def _alias_in_force(label: str, customer_id: int | None, learned: LearnedNames | None) -> InForce | None:
    """How the alias rule named by ``label`` came into force, from what the page read beforehand when it read this
    rule, else from the rule's own audit events (one query)."""
    found = _RULE_ID.match(label)
    if found is None or customer_id is None:
        return None
    rule_id = found.group(1)
    if learned is not None and rule_id in learned.rule_ids:
        return learned.in_force.get(rule_id)
    return _in_force(_rule_events([rule_id]).get(rule_id, []), customer_id)


_LEGACY_LEARNED_LABEL = re.compile(r"^(#\d+) (?:Learned name|学习到的名称)$")


def _learned_name(values: dict[str, Any]) -> str:
    """An alias rule's reason (reconcile.engine.rules.AliasNamer): the names were one party through it; who put the
    rule in force and when, from its audit events (left out when unknown, e.g. the rule was deleted since, or is not
    the customer's whose reasons these are)."""
    # A reason written while a learned name stored its label in the proposer's language ("#12 学习到的名称"): the
    # rule is named by its number, as it is now, whatever the reader's language.
    shown = {**values, "label": _LEGACY_LEARNED_LABEL.sub(r"\1", values["label"])}
    text = _("names taken as one party because of the learned name (rule %(label)s): “%(a)s” = “%(t)s”") % shown
    known = _alias_in_force(values["label"], values.get(_CUSTOMER), values.get(_LEARNED))
    if known is None:
        return text
    action, who, day = known
    if action == "match_rule.created":
        return _("%(text)s (set up by %(who)s on %(day)s)") % {"text": text, "who": who, "day": day}
    return _("%(text)s (accepted by %(who)s on %(day)s)") % {"text": text, "who": who, "day": day}


def _posted_on(values: dict[str, str]) -> str:
    if values["when"] == "one date":
        return (
            _("the only such subset of entries posted on one date (up to %(per)s lines a day, %(days)s days)") % values
        )
    return _("the only such subset of entries posted on two days (up to %(per)s lines a day, %(days)s days)") % values


# (pattern of the stored phrase, how to say it). Patterns are anchored; values come from named groups.
def _payer_alias(values: dict[str, str]) -> str:
    """A payer proven another name of a customer (engine.invoice_aliases): by its invoices, payments alone, or both."""
    n = int(values["alone"])
    if values["numbers"] == "-":
        text = ngettext(
            "payer “%(payer)s” is another name of “%(customer)s”, proven by %(n)s payment that was the only line of "
            "its amount",
            "payer “%(payer)s” is another name of “%(customer)s”, proven by %(n)s payments that were each the only "
            "line of their amount",
            n,
        )
    elif n:
        text = ngettext(
            "payer “%(payer)s” is another name of “%(customer)s”, proven by its invoices %(numbers)s and %(n)s payment "
            "that was the only line of its amount",
            "payer “%(payer)s” is another name of “%(customer)s”, proven by its invoices %(numbers)s and %(n)s "
            "payments that were each the only line of their amount",
            n,
        )
    else:
        text = _("payer “%(payer)s” is another name of “%(customer)s”, proven by its invoices %(numbers)s")
    return text % {**values, "n": n}


_PHRASES: tuple[tuple[re.Pattern, Callable[[dict[str, Any]], str]], ...] = tuple(
    (re.compile(pattern, re.DOTALL), render)
    for pattern, render in (
        (
            r"规则 (?P<label>.+?) rule (?P=label): “(?P<p>.*?)”(?: ~ “(?P<jp>.*?)”)?, 金额 amount (?P<amount>\S+), "
            r"日期相差 (?P<n>-?\d+) 天 / -?\d+ days",
            _rule_match,
        ),
        (
            r"规则 (?P<label>.+?) 不自动勾对 rule (?P=label): never auto-match “(?P<p>.*)”",
            lambda v: _("rule %(label)s: never matched automatically (“%(p)s”)") % v,
        ),
        (_LEARNED_NAME.pattern, _learned_name),
        (
            r"付款人别名 payer alias: “(?P<payer>.*?)” = “(?P<customer>.*?)”, 发票 invoices (?P<numbers>\S+), "
            r"金额唯一的付款 payments alone (?P<alone>\d+)",
            _payer_alias,
        ),
        (r"日期相差 (?P<n>\d+) (?:天|个工作日) / date distance \d+(?: (?P<unit>working days?|days?))?", _days),
        (
            r"对方户名 counterparty (?P<a>.*) ~ (?P<b>.*) (?P<sim>\d+\.\d\d)",
            lambda v: _("counterparty %(a)s ~ %(b)s (similarity %(sim)s)") % v,
        ),
        (
            r"摘要同类 summary both (?P<cat>\S+)",
            lambda v: _("both summaries are about %(cat)s") % {"cat": _category(v["cat"])},
        ),
        (
            r"摘要不同类 summary (?P<a>\S+) vs (?P<b>\S+)",
            lambda v: _("the summaries differ: %(a)s vs %(b)s") % {"a": _category(v["a"]), "b": _category(v["b"])},
        ),
        (r"相同参考号 same reference (?P<ref>.*)", lambda v: _("same reference %(ref)s") % v),
        (
            r"相同单据号 same document number in the texts (?P<ref>.*)",
            lambda v: _("same document number in the texts: %(ref)s") % v,
        ),
        (
            r"(?P<n>\d+) 笔合计等于金额 (?:sum|subset) of \d+ lines (?:equals|sums to) the amount",
            lambda v: _("%(n)s lines add up to the amount") % v,
        ),
        (
            r"最大日期差 max date distance (?P<n>\d+)(?: (?P<unit>working days?|days?))?",
            _most_days,
        ),
        (r"支持 support: (?P<kinds>.*)", lambda v: _("supported by: %(kinds)s") % v),
        (r"不唯一或证据不足 not unique or weak", lambda v: _("not unique, or the evidence is weak")),
        (r"不唯一或候选过多 not unique or too many lines", lambda v: _("not unique, or too many lines to choose from")),
        (
            r"金额方向唯一 unique amount\+direction in window",
            lambda v: _("the only line of this amount and direction in the window"),
        ),
        (
            r"其余同额已按名称或参考号对上, 金额方向唯一 unique amount\+direction in window once the others were "
            r"matched by name or reference",
            lambda v: _(
                "the only line of this amount and direction in the window once the others were matched by name or "
                "reference"
            ),
        ),
        (
            r"同额 (?P<n>\d+) 笔对 \d+ 笔, 仅此一种一一对应 .*",
            lambda v: _("the only way to pair these %(n)s same-amount lines one to one") % v,
        ),
        (
            r"同额 (?P<n>\d+) 笔对 \d+ 笔, 其余证据相同, 日期总差最小的对应唯一 .*",
            lambda v: (
                _(
                    "the only way to pair these %(n)s same-amount lines with the smallest total date distance (all "
                    "other evidence equal)"
                )
                % v
            ),
        ),
        (
            r"同额候选中唯一用途相同 .*",
            lambda v: _(
                "the only line of this amount in the window whose summary states the same purpose (freight, "
                "processing, goods ...), the others another"
            ),
        ),
        (
            r"同额候选中唯一同名或同参考号, 日期更近的同额分录写的是其他付款方 .*",
            lambda v: _(
                "the only line of this amount in the window with the same counterparty or reference on both sides; "
                "the entries of this amount booked nearer in date name other payers of the amount"
            ),
        ),
        (
            r"同额候选中唯一同名或同参考号且日期最近 .*",
            lambda v: _(
                "the only line of this amount in the window with the same counterparty or reference on both sides, "
                "and the nearest in date"
            ),
        ),
        (
            r"同一对方同额 (?P<n>\d+) 笔, 按日期先后对应且日期最近 .*",
            lambda v: (
                _(
                    "%(n)s lines of one amount and one counterparty on each side, paired in date order (the nearest "
                    "dates)"
                )
                % v
            ),
        ),
        (
            r"超出窗口但 (?P<n>\d+) 个工作日内金额唯一且同一对方 .*",
            lambda v: (
                _("outside the window, but the only line of this amount within %(n)s working days, same counterparty")
                % v
            ),
        ),
        (
            r"超出窗口但 (?P<n>\d+) 天内金额唯一且同一对方 .*",
            lambda v: (
                _("outside the window, but the only line of this amount within %(n)s days, same counterparty") % v
            ),
        ),
        (
            r"批量标记 batch marker on the bank line: (?P<text>.*)",
            lambda v: _("the bank line is marked as a batch: %(text)s") % v,
        ),
        (
            r"(?P<n>\d+) 笔候选中唯一 the only such subset among the \d+ lines of the window",
            lambda v: _("the only such subset among the %(n)s lines of the window") % v,
        ),
        (
            # 相邻两日: the payment-run stage's words for two days since it tells them apart (同一记账日 before).
            r"(?:同一记账日|相邻两日)唯一 the only such subset of entries posted on (?P<when>one date|two days) "
            r"\(up to (?P<per>\d+) lines a day, (?P<days>\d+) days\)",
            _posted_on,
        ),
        (
            r"四笔同日、一笔次日, 唯一 the only such subset of four entries of one date and one of the adjacent working "
            r"day \(up to (?P<per>\d+) lines a day, (?P<days>\d+) days\)",
            lambda v: (
                _(
                    "the only such subset of four entries of one date and one of the adjacent working day (up to "
                    "%(per)s lines a day, %(days)s days)"
                )
                % v
            ),
        ),
        (
            r"全窗口 (?P<n>\d+) 笔候选中唯一 .*",
            lambda v: (
                _("the only subset of two to five entries among all %(n)s lines of the window that adds up (any dates)")
                % v
            ),
        ),
        (
            r"全窗口 (?P<n>\d+) 笔候选中无同样或更少笔数的其他组合 .*",
            lambda v: (
                _("no other subset of as few entries among all %(n)s lines of the window adds up (any dates)") % v
            ),
        ),
        (
            r"另有 (?P<n>\d+) 个更多笔的组合 .*",
            lambda v: _("%(n)s larger subsets also add up (less likely by chance)") % v,
        ),
        (
            r"另有 (?P<n>\d+) 个组合金额也相符, 未列出 .*",
            lambda v: _("%(n)s more subsets also add up (not listed)") % v,
        ),
        (
            r"另有 (?P<n>\d+) 个有一笔跨日的组合 .*",
            lambda v: (
                _("%(n)s subsets with an entry booked a day off also add up (a run is posted on one date: less likely)")
                % v
            ),
        ),
        (
            # Stage 4D (stated_runs.py): the stated count and the only set of that many free entries of the window.
            r"银行注明 (?P<n>\d+) 笔, 窗口内唯一的 \d+ 笔合计等于金额 the bank states \d+ payments: .*",
            lambda v: (
                _("the bank line states %(n)s payments: the only %(n)s free entries of the window that add up to it")
                % v
            ),
        ),
        (
            r"银行注明 (?P<n>\d+) 笔 the bank line states \d+ payments",
            lambda v: _("the bank line states %(n)s payments") % v,
        ),
        (
            r"另有 (?P<n>\d+) 个批量可用其中分录, 但各有不含它们的组合 .*",
            lambda v: _("%(n)s other runs could use some of these entries, but each adds up without them") % v,
        ),
        (r"多个候选 several candidates", lambda v: _("several candidates")),
        (
            r"同额候选 (?P<shape>\S+) same-amount candidates, optimal with margin (?P<m>[\d.]+)",
            lambda v: _("same-amount candidates (%(shape)s), the best assignment by a margin of %(m)s") % v,
        ),
        (
            r"同额但超出窗口 same amount, outside the (?P<n>\d+)-working-day window",
            lambda v: _("same amount, outside the %(n)s-working-day window") % v,
        ),
        (
            # A run without a working-day calendar (the window counted calendar days), and the reasons stored before
            # the unit was stated (which of the two they counted is not stored).
            r"同额但超出窗口 same amount, outside the (?P<n>\d+)-day window",
            lambda v: _("same amount, outside the %(n)s-day window") % v,
        ),
        (r"需人工确认 not unique or conflicting evidence", lambda v: _("not unique, or the evidence conflicts")),
        (
            r"金额相差 (?P<a>\S+)（可能为手续费）amount differs by \S+, possibly a bank fee",
            lambda v: _("the amounts differ by %(a)s, possibly a bank fee") % {"a": _money(v["a"])},
        ),
    )
)

_ALL_PHRASES = _PHRASES + STAGE_PHRASES


def reason_text(reason: str, customer_id: int | None = None, learned: LearnedNames | None = None) -> str:
    """One stored reason in the active language (as stored when it is not an engine phrase). ``customer_id``: whose
    match or suggestion it is; a learned name's reason names who put the rule in force only for that customer's rule
    (without it, never). ``learned``: what the page read for all its reasons (``learned_names_read``), its customer
    taking the place of ``customer_id``."""
    if learned is not None:
        customer_id = learned.customer_id
    text = (reason or "").strip()
    for pattern, render in _ALL_PHRASES:
        found = pattern.fullmatch(text)
        if found:
            values = {k: (v or "") for k, v in found.groupdict().items()}
            return render({**values, _CUSTOMER: customer_id, _LEARNED: learned})
    return text


def reasons_text(
    reasons: list[str] | tuple[str, ...] | None, customer_id: int | None = None, learned: LearnedNames | None = None
) -> list[str]:
    return [reason_text(r, customer_id, learned) for r in reasons or () if r]
