"""Where a company does not require signed answers, an unsigned answer whose body names another statement is a
mistake in the body: 400 ``invalid`` on ``statement_id``, not 403 ``bad_signature`` speaking of a signature the
client never sent. A signed body naming another statement stays ``bad_signature`` (README "Signed API answers")."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from statements.models import BalanceStatement, Confirmation, StatementStatus
from tests.fixtures.signing import post_signed, register_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def api_a(client_a):
    api = APIClient()
    api.force_authenticate(client_a)
    return api


@pytest.fixture
def statement_a(published, customer_a):
    call_command("signed_answers", "--customer", customer_a.credit_code, "--no-require", stdout=io.StringIO())
    return published[customer_a.pk]


@pytest.mark.parametrize("action", ["confirm", "dispute"])
def test_an_unsigned_body_naming_another_statement_is_invalid(api_a, statement_a, action):
    body = {"statement_id": statement_a.pk + 1000, "book_balance": "1.00", "reason": "wrong balance"}
    with time_machine.travel(DURING, tick=False):
        response = api_a.post(
            reverse(f"api:statement-{action}", args=[statement_a.pk]), body, format="json", HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"]["statement_id"] == [
        f"The body names statement {statement_a.pk + 1000}, but this address answers statement {statement_a.pk}: "
        f'send "statement_id": {statement_a.pk}.'
    ]
    assert not Confirmation.objects.exists()
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.DISPATCHED


def test_an_unsigned_body_naming_its_statement_or_none_is_answered(api_a, statement_a):
    with time_machine.travel(DURING, tick=False):
        response = api_a.post(reverse("api:statement-confirm", args=[statement_a.pk]), {}, format="json")
    assert response.status_code == 200, response.content


def test_a_signed_body_naming_another_statement_is_still_bad_signature(api_a, customer_a, statement_a):
    key = register_key(customer_a)
    with time_machine.travel(DURING, tick=False):
        response = post_signed(api_a, reverse("api:statement-confirm", args=[statement_a.pk]), statement_a.pk + 1, key)
    assert response.status_code == 403 and response.json()["code"] == "bad_signature"
