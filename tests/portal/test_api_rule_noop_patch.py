"""A PATCH that changes nothing (an empty body, or the values the rule already has) leaves the rule as it was: its
updated_at is not moved and no audit event says it was updated."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import AuditEvent
from reconcile.models import MatchRule
from tests.factories import api_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("body", [{}, {"active": True, "pattern": "手续费"}])
def test_a_patch_that_changes_nothing_changes_nothing(accountant_a, body):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    created = api.post("/api/v1/match-rules/", {"kind": "never", "pattern": "手续费"}, format="json").json()
    stored = MatchRule.objects.get(pk=created["id"])
    events = AuditEvent.objects.count()
    answer = api.patch(f"/api/v1/match-rules/{created['id']}/", body, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == created
    assert MatchRule.objects.get(pk=created["id"]).updated_at == stored.updated_at
    assert AuditEvent.objects.count() == events
