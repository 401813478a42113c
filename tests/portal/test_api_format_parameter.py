"""README "API": a ``?format=`` the address does not answer is a 400 ``invalid`` naming the formats it has, on
every endpoint. DRF's own answer on a JSON-only endpoint was a 404 "Not found.", which an integration reads as the
statement (or the list) not existing."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import api_key

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize(
    ("path", "fmt"),
    [("/api/v1/statements/", "xml"), ("/api/v1/statements/{id}/", "pdf"), ("/api/v1/tokens/", "csv")],
)
def test_a_format_a_json_only_endpoint_has_not_is_a_400_naming_json(client_a, published, path, fmt):
    statement = published[client_a.customer_id]
    response = _api(client_a).get(path.format(id=statement.pk) + f"?format={fmt}")
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["format"] == [f"Unknown format '{fmt}': use one of json."]


def test_json_asked_for_by_name_is_still_answered(client_a, published):
    response = _api(client_a).get("/api/v1/statements/?format=json")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_the_schema_names_each_of_its_formats_once(client_a):
    response = _api(client_a).get("/api/v1/schema/?format=bogus")
    assert response.status_code == 400
    assert response.json()["errors"]["format"] == ["Unknown format 'bogus': use one of yaml, json."]
    assert _api(client_a).get("/api/v1/schema/?format=json").status_code == 200
