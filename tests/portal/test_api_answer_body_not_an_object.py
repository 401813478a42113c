"""README "API": an answer's body is a JSON object. Where a company does not require signed answers, a body of
``[]`` or ``null`` to ``POST …/{id}/confirm`` was taken for an empty object and answered the statement 相符; the
same body to ``…/dispute`` was refused. Both are a 400 ``invalid`` now and the statement stays open."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from statements.models import BalanceStatement, Confirmation, StatementStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def statement_a(published, customer_a):
    call_command("signed_answers", "--customer", customer_a.credit_code, "--no-require", stdout=io.StringIO())
    return published[customer_a.pk]


@pytest.mark.parametrize("action", ["confirm", "dispute"])
@pytest.mark.parametrize("body", [b"[]", b"null", b"[1]", b"5", b'"x"'])
def test_a_body_that_is_not_an_object_answers_nothing(client_a, statement_a, action, body):
    api = APIClient()
    api.force_authenticate(client_a)
    with time_machine.travel(DURING, tick=False):
        response = api.post(
            reverse(f"api:statement-{action}", args=[statement_a.pk]),
            body,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert not Confirmation.objects.exists()
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.DISPATCHED


@pytest.mark.parametrize("body", [b"[]", b"null"])
def test_a_batch_body_that_is_not_an_object_is_invalid(client_a, statement_a, body):
    api = APIClient()
    api.force_authenticate(client_a)
    with time_machine.travel(DURING, tick=False):
        response = api.post(
            reverse("api:statement-confirm-batch"), body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert "statement_ids" not in response.json().get("errors", {})  # the body, not a missing field
    assert not Confirmation.objects.exists()


def test_an_empty_body_still_answers_agreed_where_unsigned_answers_are_allowed(client_a, statement_a):
    api = APIClient()
    api.force_authenticate(client_a)
    with time_machine.travel(DURING, tick=False):
        response = api.post(reverse("api:statement-confirm", args=[statement_a.pk]))
    assert response.status_code == 200, response.content
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.CONFIRMED
