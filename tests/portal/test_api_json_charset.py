"""README "API": a JSON body with an escaped NUL or other control character in any field is a 400
``unreadable_input`` naming the field. The escape was looked for in the body's raw bytes, where it is spelled
``\\u0000`` only in UTF-8: the same body sent as ``application/json; charset=utf-16`` (or utf-32, utf-7) slipped
past, and its control characters reached the field checks (answered ``invalid``) or the importer (a ``422``
import) instead."""

from __future__ import annotations

import pytest
from django.test import Client

from reconcile.models import Import, MappingProfile
from tests.factories import api_key

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("charset", ["utf-8", "utf-16", "utf-32", "utf-7"])
def test_an_escaped_control_character_in_a_push_is_unreadable_input_whatever_the_charset(
    accountant_a, account_a, charset
):
    body = (
        '{"kind": "journal", "account_number": "%s", "lines": '
        '[{"date": "2026-10-08", "amount": "100.00", "direction": "in", "summary": "a\\u0001b"}]}'
    ) % account_a.number
    response = _api(accountant_a).post(
        "/api/v1/imports/push/", body, content_type=f"application/json; charset={charset}"
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "unreadable_input"
    assert "“lines[0].summary”" in response.json()["message"]
    assert not Import.objects.exists()


def test_an_escaped_nul_in_a_profile_sent_as_utf16_is_unreadable_input(accountant_a):
    body = '{"name": "p1", "kind": "bank", "columns": {"date": "d\\u0000x", "amount": "a"}}'
    response = _api(accountant_a).post("/api/v1/profiles/", body, content_type="application/json; charset=utf-16")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "unreadable_input"
    assert "“columns.date”" in response.json()["message"]
    assert not MappingProfile.objects.filter(name="p1").exists()


def test_a_utf16_body_without_control_characters_is_read(accountant_a):
    body = '{"name": "p2", "kind": "bank", "columns": {"date": "d", "amount": "a"}}'
    response = _api(accountant_a).post("/api/v1/profiles/", body, content_type="application/json; charset=utf-16")
    assert response.status_code == 201, response.content[:300]
    assert MappingProfile.objects.filter(name="p2").exists()
