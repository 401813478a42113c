from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import escape

from django import template
from django.template.base import NodeList, Parser, Token
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from reconcile.people import person_name
from reconcile.reasons import LearnedNames, reasons_text, rule_label
from statements.amount_words import amount_in_english_words, amount_in_words
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
    """A CNY amount in words in the page's language: the Chinese capitals (壹佰贰拾伍万元整) on a Chinese page,
    English words on any other, so a page speaks one language."""
    if value is None:
        return ""
    if (get_language() or "").lower().startswith("zh"):
        return amount_in_words(Decimal(value))
    return amount_in_english_words(Decimal(value))


@register.filter(expects_localtime=True)
def iso_date(value: dt.date | None) -> str:
    """A date as ``|date:"Y-m-d"`` writes it, without that filter's formatter object (about 15 µs a call). A datetime
    (converted to local time first) and anything else go through ``|date`` itself."""
    if type(value) is dt.date:
        return value.isoformat() if value.year >= 1000 else date_filter(value, "Y-m-d")
    return date_filter(value, "Y-m-d")


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
    """A group's or suggestion's stored reasons in the active language, joined by "; " (in the active language: "；" in Chinese; autoescaped).
    ``whose`` (``{{ m.reasons|reasons:learned }}``): what the view read for all the page's reasons
    (``learned_names_read``, one query), or the customer id whose they are (one query per learned-name reason); so
    a learned name's reason may name who put that customer's rule in force."""
    if isinstance(whose, LearnedNames):
        return gettext("; ").join(reasons_text(list(reasons or ()), learned=whose))
    return gettext("; ").join(reasons_text(list(reasons or ()), whose if isinstance(whose, int) else None))


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


class _PerLanguageNode(template.Node):
    """Renders its markup once per language (and URL configuration) and then returns the stored text."""

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[tuple[str | None, str, object], SafeString] = {}

    def render(self, context: template.Context) -> SafeString:
        # The key is looked up once per rendering of a page, not by each fragment (about ten on a page).
        state = context.render_context.dicts[0]
        key = state.get(_PerLanguageNode)
        if key is None:
            key = state[_PerLanguageNode] = (get_language(), get_script_prefix(), get_urlconf())
        text = self.rendered.get(key)
        if text is None:
            # An empty context (context processors' values left out too): nothing of the request (user, path,
            # token) can be stored and shown to another request; a variable written inside by mistake renders empty
            # at once, in every test of the page.
            text = self.rendered[key] = mark_safe(self.nodelist.render(context.new()))  # noqa: S308 - rendered by the engine, autoescaped
        return text


@register.tag
def per_language(parser: Parser, token: Token) -> _PerLanguageNode:
    """``{% per_language %}...{% endper_language %}``: markup that depends only on the active language (translated
    labels, {% url %} without arguments, {% static %}) rendered once per language and process instead of on every
    request. Each {% translate %}, {% url %} or {% static %} costs the template engine 10-30 µs a request; the
    page chrome of base.html has about twenty of them, more than the rest of a simple page
    (bench/web/cpu_split.py). Only markup rendered from an empty context belongs inside: no variables."""
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    return _PerLanguageNode(nodelist)


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context) -> SafeString:
    """The navigation's links (``nav_items`` of ``portal.context_processors.navigation``), as
    ``{% for url, label in nav_items %}<a href="{{ url }}">{{ label }}</a>{% endfor %}`` writes them, stored per
    audience and language: the loop and its lazily translated labels cost about 40 µs of every page."""
    items = context.get("nav_items") or ()
    key = (get_language(), tuple(url for url, _label in items))
    text = _NAV_RENDERED.get(key)
    if text is None:
        text = mark_safe("".join(f'<a href="{escape(str(url))}">{escape(str(label))}</a>' for url, label in items))  # noqa: S308 - escaped
        if len(_NAV_RENDERED) < 256:  # a few audiences times the languages; a bound all the same
            _NAV_RENDERED[key] = text
    return text


_NAV_RENDERED: dict[tuple[str | None, tuple[str, ...]], SafeString] = {}
