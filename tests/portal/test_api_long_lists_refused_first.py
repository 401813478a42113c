"""A list longer than its field allows is refused for its length before any element is read.

DRF validated every element first: a 10 MB body of millions of ids (``{"bank_line_ids": [0,0,0,…]}``) built an
error for each and kept a gunicorn worker busy past its timeout (the worker was killed, the client got no answer);
millions of valid elements took seconds before the same refusal. The answer is the length's refusal alone."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import api_key

pytestmark = pytest.mark.django_db


def _post(user, path: str, body: dict):
    api = Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api.post(path, json.dumps(body), content_type="application/json")


def test_a_manual_match_with_too_many_bad_ids_answers_the_length_alone(accountant_a, account_a):
    body = {"bank_line_ids": [0] * 5001, "journal_entry_ids": [0] * 5001}
    response = _post(accountant_a, f"/api/v1/accounts/{account_a.pk}/matches", body)
    assert response.status_code == 400, response.content[:300]
    errors = response.json()["errors"]
    assert errors["bank_line_ids"] == [errors["bank_line_ids"][0]]
    assert errors["bank_line_ids"][0].startswith("Ensure this field has no more than")
    assert errors["journal_entry_ids"][0].startswith("Ensure this field has no more than")


def test_a_push_with_too_many_bad_lines_answers_the_length_alone(accountant_a, account_a):
    body = {"kind": "journal", "account_number": account_a.number, "lines": [1] * 200_001}
    response = _post(accountant_a, "/api/v1/imports/push/", body)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"] == {"lines": ["Ensure this field has no more than 200000 elements."]}


def test_a_batch_with_too_many_bad_ids_answers_the_length_alone(client_a, customer_a):
    call_command("signed_answers", "--customer", customer_a.credit_code, "--no-require", stdout=io.StringIO())
    response = _post(client_a, "/api/v1/statements/confirm-batch", {"statement_ids": ["x"] * 201})
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"] == {"statement_ids": ["Ensure this field has no more than 200 elements."]}


def test_a_list_within_its_length_still_names_each_bad_element(accountant_a, account_a):
    response = _post(
        accountant_a, f"/api/v1/accounts/{account_a.pk}/matches", {"bank_line_ids": [0], "journal_entry_ids": [1]}
    )
    assert response.status_code == 400, response.content[:300]
    assert "bank_line_ids" in response.json()["errors"]
    assert "no more than" not in response.content.decode()
