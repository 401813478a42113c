"""Reads for the accountant's rules: the rules an account's run applies (the preview is ``services/rule_preview``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q, QuerySet

from reconcile.engine.rules import Rule
from reconcile.models import BankAccount, BankLine, MatchRule
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


def newest_lines_account(accounts: QuerySet[BankAccount]) -> BankAccount | None:
    """Of the company's accounts, the one whose bank lines reach latest (the first one when none has lines): where a
    company-wide rule is tried until the accountant chooses another."""
    newest = accounts.annotate(latest=Max("bank_lines__booking_date", filter=live_q("bank_lines__")))
    # Accounts without lines left out before ordering: PostgreSQL sorts NULL first in a descending order.
    return newest.filter(latest__isnull=False).order_by("-latest", "pk").first() or accounts.first()
