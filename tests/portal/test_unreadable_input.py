"""Unreadable text in an address (a NUL byte, other control characters, bytes that are not UTF-8) is a 400 with a
message in the reader's language on every page: HTML for pages, JSON {"code", "message"} for the API. (On
PostgreSQL a NUL byte reaching a query was a 500.)"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import api_key

pytestmark = pytest.mark.django_db

HOSTILE = ["%00", "abc%00def", "%01", "%1F", "%FF", "%C3%28"]


def _get_patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if ns == "admin:":
                continue  # walked below through its named entry pages; its regex routes take app labels
            found.extend(_get_patterns(entry, ns))
        elif entry.name:
            found.append((f"{prefix}{entry.name}", entry))
    return found


def _kwargs(pattern: URLPattern, pk: int) -> dict[str, object]:
    values = {"int": pk, "str": "pdf", "slug": "x", "path": "x"}
    kinds = {
        name: type(conv).__name__.replace("Converter", "").lower() for name, conv in pattern.pattern.converters.items()
    }
    return {name: values.get(kind, "x") for name, kind in kinds.items()}


def every_get_url(pk: int) -> list[str]:
    urls = [reverse(name, kwargs=_kwargs(pattern, pk)) for name, pattern in _get_patterns(get_resolver())]
    return sorted(set(urls)) + [reverse("admin:index"), reverse("admin:login")]


def _assert_refused(response, url: str, language: str = "zh-hans") -> None:
    assert response.status_code == 400, (url, response.status_code)
    if url.startswith("/api/"):
        body = response.json()
        assert body["code"] == "unreadable_input", url
        assert ("无法读取" if language == "zh-hans" else "cannot be read") in body["message"], url
    else:
        text = response.content.decode()
        assert response["Content-Type"].startswith("text/html"), url
        assert ("无法读取" if language == "zh-hans" else "cannot be read") in text, url
        assert "Traceback" not in text


def test_every_get_page_refuses_a_nul_byte_in_a_parameter(client, published, accountant_a, ops, customer_a):
    statement = published[customer_a.pk]
    urls = every_get_url(statement.pk)
    assert len(urls) > 40  # the walk found the URLconf
    for user in (None, accountant_a, ops):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        for url in urls:
            _assert_refused(client.get(url, {"q": "a\x00b"}), url)
            _assert_refused(client.get(f"{url}?x%00=1"), url)  # in the parameter's name too


@pytest.mark.parametrize("raw", HOSTILE)
def test_reported_pages_refuse_unreadable_text(client, published, accountant_a, ops, customer_a, account_a, raw):
    statement = published[customer_a.pk]
    client.force_login(ops)
    _assert_refused(client.get(f"{reverse('portal:statements')}?period={raw}"), "/statements/")
    _assert_refused(
        client.get(f"{reverse('portal:verify', args=[statement.verification_code])}?balance={raw}"), "/verify/"
    )
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[account_a.pk])
    _assert_refused(client.get(f"{url}?b_q={raw}"), url)
    api = reverse("api:statement-list")
    _assert_refused(client.get(f"{api}?period={raw}", HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}"), api)


def test_unauthenticated_verify_page_refuses_a_nul_byte_in_the_code(client):
    _assert_refused(client.get("/verify/ABCD%00EFGH1234/"), "/verify/")


def test_the_message_speaks_english_to_an_english_reader(client, ops, english):
    client.force_login(ops)
    response = client.get(f"{reverse('portal:statements')}?period=%00", HTTP_ACCEPT_LANGUAGE="en")
    _assert_refused(response, "/statements/", "en")
    assert "period" in response.content.decode()  # names the parameter
    response = client.get(f"{reverse('api:statement-list')}?period=%00", HTTP_ACCEPT_LANGUAGE="en")
    _assert_refused(response, "/api/", "en")


def test_readable_text_is_untouched(client, ops):
    client.force_login(ops)
    assert client.get(reverse("portal:statements"), {"period": "2026-09", "q": "恒瑞 贸易\t"}).status_code == 200
