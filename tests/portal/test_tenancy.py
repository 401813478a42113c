"""A user of customer A never loads anything of customer B: every customer-scoped view, as the other customer."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.models import Role
from reconcile.services.imports import import_file
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Every URL that loads a customer's object by id, with how to build it from customer B's data.
# The coverage test below fails when a new URL with an id appears without a row here.
SCOPED_PAGES = {
    "portal:account-detail": lambda data: {"pk": data["account_b"].pk},
    "portal:import-detail": lambda data: {"pk": data["import_b"].pk},
}
SCOPED_API = {
    "api:account-detail": lambda data: {"pk": data["account_b"].pk},
    "api:import-detail": lambda data: {"pk": data["import_b"].pk},
}
SCOPED_LISTS = {  # lists that must never show B's rows to A
    "portal:accounts": "account_b_number",
    "portal:home": "account_b_number",
}


@pytest.fixture
def accountant_b(customer_b):
    return make_user("accountant_b", [Role.ACCOUNTANT], customer_b)


@pytest.fixture
def data(account_a, account_b, accountant_b):
    csv = "交易日期,摘要,借方发生额,贷方发生额\n2026-10-09,手续费,15.00,\n".encode()
    import_b = import_file(actor=accountant_b, kind="bank", data=csv, filename="b.csv",
                           account_number=account_b.number, customer=account_b.customer)
    return {"account_a": account_a, "account_b": account_b, "account_b_number": account_b.number,
            "import_b": import_b}


def _names(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found.extend(_names(entry, ns))
        elif entry.name and entry.pattern.converters:
            found.append((f"{prefix}{entry.name}", entry))
    return found


def test_every_url_with_an_id_has_a_tenancy_rule():
    ignored_namespaces = ("admin:",)  # admin is staff-only and checked by Django's own permissions
    with_ids = {name for name, _ in _names(get_resolver()) if not name.startswith(ignored_namespaces)}
    missing = with_ids - set(SCOPED_PAGES) - set(SCOPED_API)
    assert not missing, f"URLs that take an id but have no tenancy rule in this test: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(SCOPED_PAGES))
def test_page_of_customer_b_is_404_for_customer_a(client, data, client_a, accountant_a, accountant_b, ops, name):
    url = reverse(name, kwargs=SCOPED_PAGES[name](data))
    client.force_login(accountant_a)
    assert client.get(url).status_code == 404
    client.force_login(client_a)
    assert client.get(url).status_code in (403, 404)  # 403 where the page needs a role A's client lacks
    client.force_login(accountant_b)
    assert client.get(url).status_code == 200
    client.force_login(ops)
    assert client.get(url).status_code == 200
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]


@pytest.mark.parametrize("name", sorted(SCOPED_LISTS))
def test_lists_hide_customer_b_from_customer_a(client, data, client_a, client_b, name):
    needle = data[SCOPED_LISTS[name]]
    client.force_login(client_a)
    assert needle not in client.get(reverse(name)).content.decode()
    client.force_login(client_b)
    assert needle in client.get(reverse(name)).content.decode()


@pytest.mark.parametrize("name", sorted(SCOPED_API))
def test_api_object_of_customer_b_is_404_for_customer_a(data, accountant_a, client_a, accountant_b, ops, name):
    url = reverse(name, kwargs=SCOPED_API[name](data))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=accountant_a).key}")
    assert api.get(url).status_code == 404
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=client_a).key}")
    assert api.get(url).status_code in (403, 404)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=accountant_b).key}")
    assert api.get(url).status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=ops).key}")
    assert api.get(url).status_code == 200
    api.credentials()
    assert api.get(url).status_code == 401


def test_api_list_is_scoped(data, client_a, ops):
    api = APIClient()
    api.force_authenticate(client_a)
    numbers = [row["number"] for row in api.get(reverse("api:account-list")).json()["results"]]
    assert numbers == [data["account_a"].number]
    api.force_authenticate(ops)
    numbers = {row["number"] for row in api.get(reverse("api:account-list")).json()["results"]}
    assert numbers == {data["account_a"].number, data["account_b"].number}


def test_user_without_customer_or_role_sees_nothing(client, data):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("portal:account-detail", kwargs={"pk": data["account_a"].pk})).status_code == 404


def test_token_endpoint_returns_a_token(client_a):
    api = APIClient()
    response = api.post(reverse("api:token"), {"username": "client_a", "password": "Test@2026!"}, format="json")
    assert response.status_code == 200 and len(response.json()["token"]) == 40
    response = api.post(reverse("api:token"), {"username": "client_a", "password": "wrong"}, format="json")
    assert response.status_code == 400
