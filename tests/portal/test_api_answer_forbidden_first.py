"""An answer by a user who may see the statement but not answer it (bank staff, a company viewer without the
confirmer's role) is `403` `forbidden` (README "API": the one code for a refused role), not `401`
`signature_required`, which told bank staff that "your company requires signed answers" although they have no
company key to sign with."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from portal.models import Role
from statements.models import Confirmation
from tests.factories import make_user
from tests.fixtures.signing import register_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
BODIES = {"confirm": {}, "dispute": {"book_balance": "1.00", "reason": "x"}}


def _answers(user, statement) -> list:
    api = APIClient()
    api.force_authenticate(user)
    with time_machine.travel(DURING, tick=False):
        return [
            api.post(
                reverse(f"api:statement-{verb}", args=[statement.pk]),
                {"statement_id": statement.pk, **body},
                format="json",
            )
            for verb, body in BODIES.items()
        ]


def test_bank_staff_answering_a_client_statement_is_forbidden(ops, published, customer_a):
    register_key(customer_a)
    for response in _answers(ops, published[customer_a.pk]):
        assert response.status_code == 403 and response.json()["code"] == "forbidden", response.json()
    assert not Confirmation.objects.exists()


def test_a_viewer_without_the_confirmer_role_is_forbidden_before_the_signature(published, customer_a):
    viewer = make_user("viewer_a", [Role.CLIENT_VIEWER], customer_a)
    for response in _answers(viewer, published[customer_a.pk]):
        assert response.status_code == 403 and response.json()["code"] == "forbidden", response.json()


def test_another_customers_statement_is_still_not_found(client_b, published, customer_a):
    for response in _answers(client_b, published[customer_a.pk]):
        assert response.status_code == 404 and response.json()["code"] == "not_found"
