"""A call the user's roles do not allow is `403` `forbidden` on every endpoint (README "API"): some answered
`permission_denied` (DRF's default code, Django's PermissionDenied) and others `forbidden` for the same refusal."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_every_refused_role_is_forbidden(client_a, account_a):
    """A client (a company user without the accountant's role) across the endpoints that refuse it."""
    api = _api(client_a)
    calls = [
        api.post("/api/v1/imports/push/", {"kind": "bank", "lines": [{}]}, format="json"),
        api.get("/api/v1/sms/"),
        api.get("/api/v1/match-rules/"),
        api.post(reverse("api:account-match-runs", kwargs={"pk": account_a.pk}), {"date": "2026-10-31"}, format="json"),
        api.get(reverse("api:account-close-review", kwargs={"pk": account_a.pk}), {"date": "2026-10-31"}),
        api.get(f"/api/v1/accounts/{account_a.pk}/adjustment", {"date": "2026-10-31"}),
    ]
    for answer in calls:
        assert answer.status_code == 403, (answer.request["PATH_INFO"], answer.content)
        assert answer.json()["code"] == "forbidden", (answer.request["PATH_INFO"], answer.json())
        assert answer.json()["message"]


def test_a_password_only_bank_user_is_refused_with_the_same_code(ops):
    api = _api(ops)
    answer = api.get("/api/v1/match-rules/")
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"


def test_the_schema_names_no_other_code_for_a_refused_role(client):
    schema = json.dumps(client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json())
    assert "permission_denied" not in schema
