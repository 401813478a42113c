"""A push's lines that are not JSON objects are refused naming the first 200 by index, with how many there are in all,
as a refused file's rows are (reconcile.services.imports.MAX_ERRORS_SHOWN): every one was named, so 200,000 bad
lines were answered with some 27 MB."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from reconcile.models import Import
from reconcile.services.imports import MAX_ERRORS_SHOWN
from tests.factories import api_key

pytestmark = pytest.mark.django_db


def _push(user, account, lines: list):
    api = Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    body = {"kind": "journal", "account_number": account.number, "lines": lines}
    return api.post("/api/v1/imports/push/", json.dumps(body), content_type="application/json")


def test_200000_lines_that_are_not_objects_answer_the_first_200_and_the_total(accountant_a, account_a):
    response = _push(accountant_a, account_a, [1] * 200_000)
    assert response.status_code == 400, response.content[:300]
    assert len(response.content) < 100_000
    body = response.json()
    listed = body["errors"]["lines"]
    assert listed["non_field_errors"] == ["200000 elements are refused; the first 200 are listed."]
    assert [key for key in listed if key != "non_field_errors"] == [str(i) for i in range(MAX_ERRORS_SHOWN)]
    assert listed["0"] == ["“lines[0]” must be a JSON object (names with values)."]
    assert body["message"].startswith("lines: 200000 elements are refused; the first 200 are listed.")
    assert "lines[199]" in body["message"] and "lines[200]" not in body["message"]
    assert not Import.objects.exists()


def test_a_few_bad_lines_are_each_named_without_a_total(accountant_a, account_a):
    response = _push(accountant_a, account_a, [{"date": "2026-10-01", "amount": "1.00", "direction": "in"}, 1, "x"])
    assert response.status_code == 400
    assert list(response.json()["errors"]["lines"]) == ["1", "2"]


def test_a_refused_push_of_many_bad_objects_lists_200_and_counts_all(accountant_a, account_a):
    """Objects with bad fields are the parser's refusal (422, the import): its errors were already capped, now said."""
    response = _push(accountant_a, account_a, [{"date": "x", "amount": "1"}] * 1000)
    assert response.status_code == 422
    body = response.json()
    assert body["error_count"] == 1000 and len(body["errors"]) == MAX_ERRORS_SHOWN
