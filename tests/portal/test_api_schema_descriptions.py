"""The OpenAPI schema an integrator reads describes each body for the integrator: the serializers' implementation
notes (how fields are copied, what the view writes) showed as the descriptions of Statement, StatementDetail,
OutstandingItemInput, MatchRuleInput and VouchersOut."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

IMPLEMENTATION_WORDS = (
    "ModelSerializer",
    "fields_copied",
    "get_fields",
    "bench/",
    "the view writes",
    "Types only",
    "untyped",
)


def test_no_schema_description_is_an_implementation_note(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    notes = {
        name: body["description"]
        for name, body in schema["components"]["schemas"].items()
        if any(word in body.get("description", "") for word in IMPLEMENTATION_WORDS)
    }
    assert notes == {}


def test_the_statement_bodies_say_what_they_hold(client):
    schemas = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["components"]["schemas"]
    assert schemas["Statement"]["description"].startswith("A balance statement (余额对账单)")
    assert "`answer` (null before any answer)" in schemas["StatementDetail"]["description"]
    assert schemas["OutstandingItemInput"]["description"].startswith("An outstanding item (未达账项)")
