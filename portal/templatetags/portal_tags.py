from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from reconcile.people import person_name
from reconcile.reasons import LearnedNames, reasons_text, rule_label
from statements.amount_words import amount_in_words
from statements.calendar import beijing_day

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
    return (due - beijing_day(timezone.now())).days  # due dates are Beijing days


@register.filter
def person(user) -> str:
    """A person as pages name them: the real name (张敏), the login name only when no name is set; "—" for none."""
    if user is None or user == "":
        return "—"
    return person_name(user)


@register.filter(name="rule_label")
def rule_label_filter(code) -> str:
    """A matching rule code in words, in the active language (reconcile.reasons)."""
    return rule_label(str(code or ""))


@register.filter(name="reasons")
def reasons_filter(reasons, whose=None) -> str:
    """A group's or suggestion's stored reasons in the active language, joined by "; " (autoescaped).
    ``whose`` (``{{ m.reasons|reasons:learned }}``): what the view read for all the page's reasons
    (``learned_names_read``, one query), or the customer id whose they are (one query per learned-name reason); so
    a learned name's reason may name who put that customer's rule in force."""
    if isinstance(whose, LearnedNames):
        return "; ".join(reasons_text(list(reasons or ()), learned=whose))
    return "; ".join(reasons_text(list(reasons or ()), whose if isinstance(whose, int) else None))


@register.simple_tag(takes_context=True)
def pager(context: template.Context) -> SafeString:
    """The page links of a paginated list (``page``, ``page_range`` and an optional ``query`` in the context).

    Written in Python rather than as a template loop: rendered through the engine, its dozen links with a
    translated label each cost about a fifth of the statement list's CPU (bench/web/profile_web.py).
    """
    page, query = context["page"], context.get("query") or ""
    parts = [f'<nav class="pager" aria-label="{escape(gettext("Pages"))}"><ul>\n']
    if page.has_previous():
        parts.append(
            f'<li><a href="?{escape(query)}page={page.previous_page_number()}" rel="prev">'
            f"{escape(gettext('Previous page'))}</a></li>"
        )
    parts.append("\n")
    # The label's markup comes from the translation catalogue (a hidden "Page" for screen readers), as it did in
    # the template's blocktranslate; the number is an integer.
    label = gettext('<span class="sr-only">Page </span>%(n)s')
    for n in context["page_range"]:
        if n == page.paginator.ELLIPSIS:
            parts.append('<li aria-hidden="true">…</li>')
        else:
            current = ' aria-current="page"' if n == page.number else ""
            parts.append(f'<li><a href="?{escape(query)}page={int(n)}"{current}>{label % {"n": int(n)}}</a></li>')
    parts.append("\n")
    if page.has_next():
        parts.append(
            f'<li><a href="?{escape(query)}page={page.next_page_number()}" rel="next">'
            f"{escape(gettext('Next page'))}</a></li>"
        )
    total = gettext("Page %(n)s of %(total)s") % {"n": page.number, "total": page.paginator.num_pages}
    parts.append(f'\n</ul><p class="hint">{escape(total)}</p></nav>')
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or an integer
