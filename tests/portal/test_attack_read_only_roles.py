"""A company user whose role only reads (a client viewer) or only reviews (a reviewer: approves or returns a submitted
period close, and changes nothing else) posts to every path of its own company, pages and API alike, with the fields
the views read: nothing is written but the reviewer's own decision, and nothing answers 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import AuditEvent
from portal.models import Role
from statements.models import AgreementChangeRequest
from tests.factories import api_key, make_user
from tests.portal.test_every_path_tenancy_and_second_factor import _urls
from tests.portal.test_tenancy import accountant_b, data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
FORM = {
    "action": "match", "reason": "x", "note": "x", "confirm": "yes", "decision": "agree", "book_balance": "1.00",
    "period": "2026-09", "date": "2026-10-31", "side": "bank", "kind": "never", "pattern": "x", "name": "x",
    "body": "x", "contact_name": "张伟", "mobile": "13900001111", "address": "北京", "notify_channel": "sms", "channel": "website",
    "amount": "1.00", "direction": "in", "summary": "x", "threshold": "0.1", "active": "on",
}  # fmt: skip
# The reviewer's own: its decision on a submitted close (the reviewer of B approves or returns B's submission), and the
# things every signed-in user has of their own (an API token, a non-receipt inquiry, a note in its company's dispute).
OWN = {"api_token.issued", "api_token.revoked", "inquiry.raised", "dispute.note_added"}
DECISIONS = {"period.review_approved", "period.review_returned", "period.closed"}


@pytest.mark.parametrize("role", [Role.CLIENT_VIEWER, Role.REVIEWER])
def test_a_read_only_or_reviewing_user_writes_nothing_else(client, data, accountant_b, customer_b, role):
    user = make_user(f"only_{role}", [role], customer_b)
    AgreementChangeRequest.objects.all().delete()  # one pending request per account: B's own would hide a new one
    allowed = OWN | (DECISIONS if role == Role.REVIEWER else set())
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
    client.force_login(user)
    wrong = []
    for name, url in _urls(data):
        if name in ("portal:logout", "set_language"):
            continue
        start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for verb in ("post", "patch", "delete") if name.startswith("api:") else ("post",):
            if name.startswith("api:"):
                response = getattr(api, verb)(url, FORM, format="json")
            else:
                response = client.post(url, FORM)
            if response.status_code >= 500:
                wrong.append(f"{verb} {name}: {response.status_code}")
        written = set(AuditEvent.objects.filter(pk__gt=start).values_list("action", flat=True)) - allowed
        if written:
            wrong.append(f"{name}: {sorted(written)}")
    assert wrong == []
