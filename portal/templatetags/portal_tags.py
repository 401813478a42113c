from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

from reconcile.reasons import reasons_text, rule_label
from statements.amount_words import amount_in_words

register = template.Library()


@register.filter
def money(value) -> str:
    """1234567.8 -> 1,234,567.80 (Decimal, never float)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"


@register.filter
def capitals(value) -> str:
    return amount_in_words(Decimal(value)) if value is not None else ""


@register.filter
def days_left(due: dt.date | None) -> int | None:
    if due is None:
        return None
    return (due - timezone.localdate()).days


@register.filter(name="rule_label")
def rule_label_filter(code) -> str:
    """A matching rule code in words, in the active language (reconcile.reasons)."""
    return rule_label(str(code or ""))


@register.filter(name="reasons")
def reasons_filter(reasons) -> str:
    """A group's or suggestion's stored reasons in the active language, joined by "; " (autoescaped)."""
    return "; ".join(reasons_text(list(reasons or ())))
