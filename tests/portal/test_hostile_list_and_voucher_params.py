"""Hostile input on the statement list, the vouchers and the statement page: the list's page number (read in the
list's one query) and periods, voucher layouts and periods, and ids of another customer or past what SQL holds."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import api_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "number", ["99999999999999999999", "9223372036854775807", "-1", "-99999999999999999999", "0", "abc", "1e3", ""]
)
def test_any_page_number_of_the_statement_list_is_a_page_not_a_500(client, client_a, published, number):
    """A page number the list's query binds as its OFFSET: one past what an SQL integer holds was a 500 (SQLite's
    OverflowError, PostgreSQL's bigint out of range); any number out of range is the last page, as Django's pager."""
    client.force_login(client_a)
    page = client.get(reverse("portal:statements"), {"page": number})
    assert page.status_code == 200
    first = client.get(reverse("portal:statements"))
    assert page.context["page"].number == 1 == first.context["page"].number


@pytest.mark.parametrize("number", ["99999999999999999999", "-1", "abc"])
@pytest.mark.parametrize("route", ["api:statement-list", "api:account-list"])
def test_the_apis_lists_refuse_a_page_out_of_range_without_a_500(client_a, published, route, number):
    api = APIClient()
    api.force_authenticate(client_a)
    response = api.get(reverse(route), {"page": number})
    if number.isdigit():
        assert response.status_code == 404  # a page past the last, as README says
    else:  # not a whole number from 1: the parameter is named (tests/portal/test_api_page_parameter.py)
        assert response.status_code == 400 and "page" in response.json()["errors"]


HOSTILE = ["<script>alert(1)</script>", '=HYPERLINK("http://x","y")', "x" * 100_000, "99999999999999999999", "-1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_voucher_layouts_and_periods_are_named_escaped_and_cut(client, accountant_a, account_a, value):
    """The vouchers download names a refused value in the workbench's message: escaped, cut to 40 characters."""
    client.force_login(accountant_a)
    url = reverse("portal:adjustment-vouchers", args=[account_a.pk])
    for params in ({"period": "2026-10-31", "layout": value}, {"period": value}):
        body = client.get(url, params, follow=True).content.decode()
        assert "<script>alert" not in body and "x" * 41 not in body
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}")
    answer = api.get(f"/api/v1/accounts/{account_a.pk}/vouchers", {"date": "2026-10-31", "layout": value})
    assert answer.status_code == 400 and "x" * 41 not in answer.content.decode()
    assert "layout" in answer.json()["errors"]
    answer = api.get(f"/api/v1/accounts/{account_a.pk}/vouchers", {"date": value})
    assert answer.status_code == 400 and "x" * 41 not in answer.content.decode()


def test_another_customers_vouchers_are_not_found_web_and_api(client, accountant_a, account_b):
    client.force_login(accountant_a)
    url = reverse("portal:adjustment-vouchers", args=[account_b.pk])
    assert client.get(url, {"period": "2026-10-31", "layout": "sap"}).status_code == 404
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}")
    assert api.get(f"/api/v1/accounts/{account_b.pk}/vouchers", {"layout": "sap"}).status_code == 404


def test_the_statement_page_of_a_huge_id_or_another_customer_is_not_found(client, client_a, published, customer_b):
    client.force_login(client_a)
    other = published[customer_b.pk]
    assert client.get(reverse("portal:statement-detail", args=[other.pk])).status_code == 404
    assert client.get(f"/statements/{2**63}/").status_code == 404
    assert client.get("/statements/99999999999999999999/").status_code == 404


@pytest.mark.parametrize("period", ["2026-10' OR '1'='1", "<script>", "x" * 10_000, "2026-10"])
def test_hostile_periods_of_the_statement_list_show_none_of_another_customers(
    client, client_a, published, customer_b, period
):
    client.force_login(client_a)
    page = client.get(reverse("portal:statements"), {"period": period, "page": "2"})
    assert page.status_code == 200 and "<script>" not in page.content.decode()
    assert published[customer_b.pk].pk not in [row[0] for row in page.context["page"].object_list]
