"""The statement list's rows and pager written in Python (portal.rows, the ``pager`` tag) are the HTML the templates
wrote before (f459b97), escaped the same way for hostile imported values and query strings, in both languages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.template import Context, engines
from django.urls import reverse
from django.utils import translation

from portal.rows import ADJUSTED_LABEL, statement_rows
from portal.templatetags.portal_tags import money, pager
from statements.models import StatementStatus

# The templates these replaced, as they were.
OLD_ROW = (
    '{% for r in rows %}<tr><td><a href="{{ r.url }}">{{ r.number }}</a>{{ r.version }}</td><td>{{ r.account }}</td>'
    '<td>{{ r.period }}</td><td class="amount">{{ r.balance }}</td><td><span class="status status-{{ r.status }}">'
    '{{ r.status_label }}</span></td><td class="date">{{ r.due }}</td></tr>{% endfor %}'
)
OLD_PAGER = (
    """{% load i18n %}<nav class="pager" aria-label="{% translate 'Pages' %}"><ul>
{% if page.has_previous %}<li><a href="?{{ query }}page={{ page.previous_page_number }}" rel="prev">"""
    """{% translate "Previous page" %}</a></li>{% endif %}
{% for n in page_range %}{% if n == page.paginator.ELLIPSIS %}<li aria-hidden="true">…</li>{% elif n == page.number %}"""
    """<li><a href="?{{ query }}page={{ n }}" aria-current="page">{% blocktranslate %}<span class="sr-only">Page </span>"""
    """{{ n }}{% endblocktranslate %}</a></li>{% else %}<li><a href="?{{ query }}page={{ n }}">{% blocktranslate %}"""
    """<span class="sr-only">Page </span>{{ n }}{% endblocktranslate %}</a></li>{% endif %}{% endfor %}
{% if page.has_next %}<li><a href="?{{ query }}page={{ page.next_page_number }}" rel="next">"""
    """{% translate "Next page" %}</a></li>{% endif %}
</ul><p class="hint">{% blocktranslate with n=page.number total=page.paginator.num_pages %}Page {{ n }} of {{ total }}"""
    """{% endblocktranslate %}</p></nav>"""
)
HOSTILE = "\"><script>alert(1)</script>&'<"
ROWS = [
    (
        1,
        "ST-202611-0001",
        1,
        "11050162880000001234",
        "2026-11",
        "CNY",
        Decimal("1234567.8"),
        "dispatched",
        dt.date(2026, 12, 10),
        False,
        "上海恒瑞贸易有限公司",
    ),
    (2, HOSTILE, 3, HOSTILE, HOSTILE[:8], HOSTILE[:3], Decimal("-5"), HOSTILE, None, True, HOSTILE),
    (3, "N&amp;", 2, "A", "2026-Q3", "USD", Decimal("0"), "answered", None, False, "B"),
    # confirmed by 调节后相符 (the list's agreed_after_adjustment), and a plain 相符
    (4, "ST-202611-0004", 1, "A", "2026-11", "CNY", Decimal("1"), "confirmed", None, True, "B"),
    (5, "ST-202611-0005", 1, "A", "2026-11", "CNY", Decimal("1"), "confirmed", None, False, "B"),
]


def _old_rows(values):
    detail = reverse("portal:statement-detail", args=[987654321])
    labels = {value: str(label) for value, label in StatementStatus.choices}
    return [
        {
            "url": detail.replace("987654321", str(pk)),
            "number": number,
            "version": f" v{version}" if version > 1 else "",
            "account": account,
            "period": period,
            "balance": f"{currency} {money(balance)}",
            "status": status,
            "status_label": str(ADJUSTED_LABEL) if adjusted and status == "confirmed" else labels.get(status, status),
            "due": due.isoformat() if due else "—",
        }
        for pk, number, version, account, period, currency, balance, status, due, adjusted, _company in values
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rows_are_the_old_templates_html_and_hostile_values_stay_text(language):
    with translation.override(language):
        html = "".join(statement_rows(ROWS))
        assert html == engines["django"].from_string(OLD_ROW).render({"rows": _old_rows(ROWS)})
    assert "<script>" not in html and "&lt;script&gt;" in html and "N&amp;amp;" in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("query", ["", "period=2026-11&", "period=%22%3E%3Cscript%3E&", HOSTILE + "&"])
@pytest.mark.parametrize("number", [1, 2, 7, 20])
def test_the_pager_is_the_old_templates_html_and_a_hostile_query_stays_text(language, query, number):
    page = Paginator(range(500), 25).get_page(number)
    context = {
        "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "query": query,
    }
    with translation.override(language):
        html = pager(Context(context))
        assert html == engines["django"].from_string(OLD_PAGER).render(context)
    assert "<script>" not in html and 'href="?"' not in html


def test_a_company_cell_follows_the_number_where_asked_and_stays_text():
    with translation.override("en"):
        html = "".join(statement_rows(ROWS[:2], with_company=True))
    assert '</td><td class="company">上海恒瑞贸易有限公司</td><td>11050162880000001234</td>' in html
    assert '<td class="company">&quot;&gt;&lt;script&gt;' in html and "<script>" not in html
