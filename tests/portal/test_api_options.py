"""``OPTIONS`` answers the types a call reads and writes, in no language: DRF's default answered the view's class
name and its docstring (the code's English notes) and a writing call's serializer fields."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import api_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_options_names_the_types_not_the_code(published, client_a, customer_a, language):
    statement = published[customer_a.pk]
    api = Client(HTTP_AUTHORIZATION=f"Token {api_key(client_a)}", HTTP_ACCEPT_LANGUAGE=language)
    for path in (f"/api/v1/statements/{statement.pk}/confirm", "/api/v1/statements/"):
        response = api.options(path)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        assert set(body) == {"renders", "parses"}, body
        assert "application/json" in body["renders"]
        assert "OPTIONS" in response["Allow"]


def test_options_as_the_other_company_and_anonymous(published, client_b, customer_a):
    statement = published[customer_a.pk]
    other = Client(HTTP_AUTHORIZATION=f"Token {api_key(client_b)}", HTTP_ACCEPT_LANGUAGE="en")
    response = other.options(f"/api/v1/statements/{statement.pk}/confirm")
    # The metadata names no statement: the same types for any id; nothing of customer A's is read.
    assert response.status_code == 200
    assert set(response.json()) == {"renders", "parses"}
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en").options("/api/v1/statements/")
    assert anonymous.status_code in (401, 403)


def test_options_as_a_password_only_bank_officer_is_the_second_factor_refusal(published, ops, customer_a, settings):
    """OPTIONS is no way around the second factor: a password-only officer's token is refused as for GET."""
    key = api_key(ops, second_factor="")  # issued while the second factor was not required
    settings.BANK_STAFF_REQUIRE_2FA = True
    api = Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    for path in (f"/api/v1/statements/{published[customer_a.pk].pk}/", "/api/v1/imports/push/"):
        response = api.options(path)
        assert response.status_code in (401, 403), path
        assert response.json()["code"] == "second_factor_required", path


def test_options_ignores_a_hostile_body(published, client_a, customer_a):
    """A body on OPTIONS (a formula, a NUL, a megabyte) is not read: the same answer."""
    api = Client(HTTP_AUTHORIZATION=f"Token {api_key(client_a)}", HTTP_ACCEPT_LANGUAGE="en")
    path = f"/api/v1/statements/{published[customer_a.pk].pk}/confirm"
    plain = api.options(path).json()
    for body in ('{"x": "=HYPERLINK(\\"http://evil\\")"}', '{"x": "a\\u0000b"}', "x" * 1_000_000):
        response = api.options(path, body, content_type="application/json")
        assert response.status_code == 200 and response.json() == plain
