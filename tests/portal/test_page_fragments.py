"""What the statement pages render once instead of on every request: {% per_language %} fragments, the navigation's
links, a statement's links, ``|iso_date``, and the copied fields of the answer serializers. Each gives exactly
what the plain form gives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from portal.api.statements_serializers import ConfirmInput
from portal.links import _STATEMENT_ROUTES, statement_links


def _render(source: str, language: str, **context) -> str:
    template = engines["django"].from_string("{% load i18n portal_tags %}" + source)
    with translation.override(language):
        return template.render(context)


def test_a_fragment_is_rendered_once_per_language_and_shows_each_its_own():
    template = engines["django"].from_string(
        "{% load i18n portal_tags %}{% per_language %}{% translate 'Log out' %}|{% url 'portal:statements' %}"
        "{% endper_language %}"
    )
    node = next(n for n in template.template.nodelist if hasattr(n, "rendered"))
    calls = []
    inner = node.nodelist.render
    node.nodelist.render = lambda context: calls.append(1) or inner(context)
    for language in ("zh-hans", "en", "zh-hans", "en"):
        with translation.override(language):
            assert template.render({}) == ("退出" if language == "zh-hans" else "Log out") + "|/statements/"
    assert len(calls) == 2


def test_a_fragment_never_shows_the_requests_values():
    # A variable written inside by mistake renders empty for everyone, never the first request's value.
    assert _render("{% per_language %}[{{ secret }}]{% endper_language %}", "en", secret="a's") == "[]"


def test_the_navigation_links_are_the_loops_output():
    loop = '{% for url, label in nav_items %}<a href="{{ url }}">{{ label }}</a>{% endfor %}'
    items = (("/", "Home & <away>"), ('/x/?a="1"', "Statements"))
    for language in ("en", "zh-hans"):
        assert _render("{% nav_links %}", language, nav_items=items) == _render(loop, language, nav_items=items)
    assert _render("{% nav_links %}", "en", nav_items=()) == ""


def test_a_statements_links_are_what_url_reverses():
    links = statement_links(41)
    assert links == {key: reverse(name, args=[41]) for key, name in _STATEMENT_ROUTES.items()}


@pytest.mark.parametrize(
    "value",
    [dt.date(2026, 10, 31), dt.date(999, 1, 2), None, "", dt.datetime(2026, 10, 31, 20, 30, tzinfo=dt.UTC)],
)
def test_iso_date_is_the_date_filters_y_m_d(value, settings):
    settings.TIME_ZONE = "Asia/Shanghai"  # a UTC evening is the next day in Beijing
    with timezone.override("Asia/Shanghai"):
        assert _render("{{ v|iso_date }}", "en", v=value) == _render('{{ v|date:"Y-m-d" }}', "en", v=value)


def test_the_answer_inputs_fields_are_copied_not_rebuilt_and_validate_as_before():
    first, second = ConfirmInput(data={"book_balance": "x" * 41}), ConfirmInput(data={})
    assert all(first.fields[name] is not second.fields[name] for name in first.fields)
    assert first.fields["reason"].parent is first and second.fields["reason"].parent is second
    # a plain field's validators are shared with the class's declaration (a shallow copy), a nested serializer is its own
    assert first.fields["reason"].validators is second.fields["reason"].validators
    assert first.fields["outstanding"].child is not second.fields["outstanding"].child
    assert first.fields["outstanding"].child.parent is first.fields["outstanding"]
    with translation.override("en"):
        assert not first.is_valid()
        assert [str(e) for e in first.errors["book_balance"]] == ["Ensure this field has no more than 40 characters."]
    assert second.is_valid()


def test_an_outstanding_items_errors_name_the_item_and_field():
    form = ConfirmInput(data={"outstanding": [{"kind": "nope", "date": "2026-10-01", "amount": "1.00"}, {}]})
    with translation.override("en"):
        assert not form.is_valid()
        errors = form.errors["outstanding"]
    assert [str(e) for e in errors[0]["kind"]] == ['"nope" is not a valid choice.']
    assert {"kind", "date", "amount"} <= errors[1].keys()
