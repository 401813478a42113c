"""GET /api/v1/accounts/ for bank staff lists accounts a bank upload registered before `import_agreements` assigned
them (README "The bank decides who holds an account": "to no customer: bank staff only see it"). Such an account's
object lacked the keys `customer_name` and `customer_credit_code`, which the OpenAPI schema marks as required
strings; they are now present and null, and the schema says so."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import BankAccountFactory, api_key

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")


def test_an_account_no_customer_holds_has_both_keys_null(ops, account_a):
    unheld = BankAccountFactory(customer=None, number="99990000111122", branch="")
    api = _api(ops)
    listed = {row["id"]: row for row in api.get("/api/v1/accounts/").json()["results"]}
    assert listed[unheld.pk]["customer_name"] is None and listed[unheld.pk]["customer_credit_code"] is None
    assert set(listed[unheld.pk]) == set(listed[account_a.pk])
    assert listed[account_a.pk]["customer_name"] == account_a.customer.legal_name
    detail = api.get(f"/api/v1/accounts/{unheld.pk}/").json()
    assert detail["customer_name"] is None and detail["customer_credit_code"] is None


def test_the_schema_marks_them_nullable(db):
    schema = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/schema/", {"format": "json"}).json()
    fields = schema["components"]["schemas"]["BankAccount"]["properties"]
    assert fields["customer_name"]["nullable"] is True
    assert fields["customer_credit_code"]["nullable"] is True
