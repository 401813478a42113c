"""README "Group companies": a user without the confirmer's role is refused a batch answer 403 ``forbidden`` first,
as a single answer is, not told that "your company requires signed answers" (bank staff and feeds have no company)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portal.models import Role
from statements.models import Confirmation
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def feed():
    return make_user("feed", [Role.BANK_FEED])


@pytest.mark.parametrize("who", ["ops", "accountant_a", "feed"])
def test_a_user_who_answers_nothing_is_forbidden_before_the_signature(request, published, customer_a, who):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(request.getfixturevalue(who))
    response = api.post(
        reverse("api:statement-confirm-batch"), {"statement_ids": [published[customer_a.pk].pk]}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": "Only a company's confirmer may answer statements."}
    assert not Confirmation.objects.exists()


def test_a_confirmer_is_still_asked_for_the_signature(client_a, published, customer_a):
    api = APIClient()
    api.force_authenticate(client_a)
    response = api.post(
        reverse("api:statement-confirm-batch"), {"statement_ids": [published[customer_a.pk].pk]}, format="json"
    )
    assert response.status_code == 401 and response.json()["code"] == "signature_required"
