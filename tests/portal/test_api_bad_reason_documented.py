"""A reason holding a hidden character is refused `400` `bad_reason` (a dispute's, a withdrawal's); the code was in
neither the README nor the schema, which named only `invalid` for these calls."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.fixtures.signing import post_signed, register_key

pytestmark = pytest.mark.django_db
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _400(path: str) -> str:
    schema = Client().get("/api/v1/schema/", {"format": "json"}).json()
    return schema["paths"][path]["post"]["responses"]["400"]["description"]


def test_the_schema_names_bad_reason_where_a_reason_is_refused():
    for path in ("/api/v1/statements/{id}/dispute", "/api/v1/imports/{id}/withdraw/"):
        assert "`bad_reason`" in _400(path), path


def test_a_dispute_whose_reason_hides_a_character_answers_the_documented_code(published, customer_a, client_a):
    statement = published[customer_a.pk]
    api = APIClient()
    api.force_authenticate(client_a)
    url = reverse("api:statement-dispute", args=[statement.pk])
    with time_machine.travel(DURING, tick=False):
        response = post_signed(
            api, url, statement.pk, register_key(customer_a), {"book_balance": "1.00", "reason": "a\u202eb"}
        )
    assert response.status_code == 400 and response.json()["code"] == "bad_reason"
    assert "U+202E" in response.json()["message"]
