"""The OpenAPI schema's examples of a 不符 answer are what the API answers: the dispute operation's request example
(a book balance and a reason, no outstanding items) gets back an answer whose ``unexplained_difference`` is null, as
its response example shows (it showed a figure no call answers)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from tests.fixtures.signing import post_signed, register_key

pytestmark = pytest.mark.django_db
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
DISPUTE = "/api/v1/statements/{id}/dispute"


def _examples(client, part: str) -> dict:
    operation = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"][DISPUTE]["post"]
    if part == "request":
        return operation["requestBody"]["content"]["application/json"]["examples"]
    return operation["responses"]["200"]["content"]["application/json"]["examples"]


def test_the_dispute_examples_answer_as_the_api_does(client, published, customer_a, client_a):
    [request] = [e["value"] for e in _examples(client, "request").values() if "outstanding" not in e["value"]]
    [answered] = [e["value"]["answer"] for e in _examples(client, "response").values()]
    assert answered["outstanding"] == [] and answered["book_balance"] == request["book_balance"]

    statement = published[customer_a.pk]
    key = register_key(customer_a)
    api = APIClient()
    api.force_authenticate(client_a)
    body = {k: v for k, v in request.items() if k != "statement_id"}
    with time_machine.travel(DURING, tick=False):
        response = post_signed(api, reverse("api:statement-dispute", args=[statement.pk]), statement.pk, key, body)
    assert response.status_code == 200, response.content
    answer = response.json()["answer"]
    assert answer["outcome"] == answered["outcome"] == "disagreed"
    assert answer["outstanding"] == answered["outstanding"]
    assert answer["unexplained_difference"] is None
    assert answered["unexplained_difference"] == answer["unexplained_difference"]
