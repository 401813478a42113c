"""The API refuses a value not among a field's choices quoting it as refusals do: DRF's message quoted it whole and
raw, so a 50,000-character ``kind`` came back twice in a 100 KB answer, and a direction override (U+202E) reversed
the rest of the sentence. Nothing is imported."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reconcile.models import Import
from tests.factories import api_key

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


@pytest.mark.parametrize("kind", ["bank\u202e", "bank\u202e" + "x" * 50_000])
def test_a_kind_not_offered_is_refused_quoted_harmlessly(accountant_a, account_a, kind):
    api = _api(accountant_a)
    lines = [{"date": "2026-10-08", "credit": "5.00"}]
    pushed = api.post(
        "/api/v1/imports/push/", {"kind": kind, "account_number": account_a.number, "lines": lines}, format="json"
    )
    uploaded = api.post(
        "/api/v1/imports/upload/", {"kind": kind, "file": SimpleUploadedFile("s.csv", b"a,b\n")}, format="multipart"
    )
    for response in (pushed, uploaded):
        assert response.status_code == 400, response.content[:300]
        body = response.json()
        assert body["code"] == "invalid" and "is not a valid choice" in body["errors"]["kind"][0], body
        assert "\u202e" not in response.content.decode() and len(response.content) < 2_000, response.content[:300]
    assert not Import.objects.exists()
