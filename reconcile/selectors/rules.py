"""Reads for the accountant's rules: the rules an account's run applies (the preview is ``services/rule_preview``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q, QuerySet

from reconcile.engine.rules import Rule, equals
from reconcile.models import BankAccount, BankLine, JournalEntry, MatchRule, RuleKind
from reconcile.models.imports import live_q

PREVIEW_MAX_DAYS = 92  # a quarter at most: the preview runs the engine in the request


def rules_of_account(account: BankAccount, *, only_active: bool = True) -> QuerySet[MatchRule]:
    """The company's rules that hold for the account (its own and the company-wide ones), in priority order."""
    rules = MatchRule.objects.filter(Q(account=account) | Q(account__isnull=True), customer_id=account.customer_id or 0)
    return (rules.in_force() if only_active else rules).order_by("priority", "pk")


def engine_rule(rule: MatchRule) -> Rule:
    return Rule(
        id=rule.pk,
        kind=rule.kind,
        pattern=rule.pattern,
        name=rule.own_name,  # a learned name is quoted by its number, not by a label in someone's language
        priority=rule.priority,
        journal_pattern=rule.journal_pattern,
        min_amount=rule.min_amount,
        max_amount=rule.max_amount,
        days=rule.days,
        direction=rule.direction,
        target=rule.target,
    )


def engine_rules(account: BankAccount) -> list[Rule]:
    """The active rules the account's matching runs apply (plain data for ``reconcile.engine.rules``)."""
    if account.customer_id is None:
        return []
    return [engine_rule(r) for r in rules_of_account(account)]


def last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    end = first - dt.timedelta(days=1)
    return end.replace(day=1), end


def preview_month(account: BankAccount, today: dt.date) -> tuple[dt.date, dt.date, bool]:
    """The month a preview runs over when none is chosen: the latest month with the account's bank lines (a new
    company's files are often months old, and an empty last month previews as 0), else last month. The flag says
    whether lines chose it, so the page can say which month it used and why."""
    latest = BankLine.objects.live().filter(account=account).aggregate(day=Max("booking_date"))["day"]
    if latest is None:
        return (*last_month(today), False)
    first = latest.replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), True


def lines_naming(account: BankAccount, pattern: str, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """The account's live bank lines and journal entries whose counterparty an alias's ``pattern`` names (as the
    engine compares names: ``reconcile.engine.rules.equals``), optionally dated in a period: (bank, journal)."""
    found = []
    for model in (BankLine, JournalEntry):
        lines = model.objects.live().filter(account=account)
        if date_from is not None and date_to is not None:
            lines = lines.filter(booking_date__range=(date_from, date_to))
        names = {n for n in lines.values_list("counterparty_name", flat=True).distinct() if n and equals(pattern, n)}
        found.append(lines.filter(counterparty_name__in=names))
    return found[0], found[1]


def alias_month(account: BankAccount, rule: MatchRule) -> tuple[dt.date, dt.date] | None:
    """For an alias (a learned name among them) previewed without dates: the latest month with lines naming its
    pattern, where it has something to show (the latest month with bank lines may name it nowhere); None for
    another kind of rule, or when no line names it."""
    if rule.kind != RuleKind.ALIAS:
        return None
    bank, journal = lines_naming(account, rule.pattern)
    days = [d for d in (bank.aggregate(d=Max("booking_date"))["d"], journal.aggregate(d=Max("booking_date"))["d"]) if d]
    if not days:
        return None
    first = max(days).replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def newest_lines_account(accounts: QuerySet[BankAccount]) -> BankAccount | None:
    """Of the company's accounts, the one whose bank lines reach latest (the first one when none has lines): where a
    company-wide rule is tried until the accountant chooses another."""
    newest = accounts.annotate(latest=Max("bank_lines__booking_date", filter=live_q("bank_lines__")))
    # Accounts without lines left out before ordering: PostgreSQL sorts NULL first in a descending order.
    return newest.filter(latest__isnull=False).order_by("-latest", "pk").first() or accounts.first()
