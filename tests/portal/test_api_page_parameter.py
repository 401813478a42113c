"""README "API": ``?page=N`` from 1 (or ``last``); a page past the last is ``404``; a page that is not a whole
number from 1 is ``400`` ``invalid`` naming ``page``. DRF answered ``page=0``, ``-1``, ``abc`` or ``1e3`` with the
``404`` "Invalid page." of a page past the last: a client could not tell a mistyped parameter from a list that
ended, and the message did not name the parameter."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import api_key

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e3", "1.5", "١", " 2", "0000", "9" * 5000])
@pytest.mark.parametrize("path", ["/api/v1/statements/", "/api/v1/imports/", "/api/v1/match-rules/"])
def test_a_page_that_is_not_a_whole_number_from_1_is_400_naming_it(accountant_a, path, page):
    response = _api(accountant_a).get(path, {"page": page})
    if page == "9" * 5000:  # a whole number, past the last page
        assert response.status_code == 404, response.content[:300]
        assert response.json()["code"] == "not_found"
        assert response.json()["message"].startswith("There is no page 999999999999…: the last page")
        return
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["page"] == ["Give page as a whole number from 1 (or “last”)."]


@pytest.mark.parametrize(("page", "expected"), [("1", 200), ("", 200), ("last", 200), ("01", 200), ("2", 404)])
def test_a_whole_page_number_is_read_and_one_past_the_last_is_404(accountant_a, page, expected):
    response = _api(accountant_a).get("/api/v1/imports/", {"page": page})
    assert response.status_code == expected, response.content[:300]
    if expected == 404:
        assert response.json()["code"] == "not_found"
        # DRF's "Invalid page." named neither the page nor where the list ends.
        assert response.json()["message"] == (
            "There is no page 2: the last page of this list is 1 (or ask for page=last)."
        )


def test_the_schema_describes_the_page_parameter_as_answered(db):
    schema = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/schema/", {"format": "json"}).json()
    page = next(p for p in schema["paths"]["/api/v1/imports/"]["get"]["parameters"] if p["name"] == "page")
    assert "anything else 400 invalid naming page" in page["description"]
