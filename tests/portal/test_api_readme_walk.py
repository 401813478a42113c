"""What a tester walking README "API" finds, checked as the README now says it:

* ``GET /api/v1/tokens/`` and ``GET /api/v1/profiles/`` are plain JSON arrays; the README said "on every list" a
  malformed ``page`` is a ``400``, but these two read no ``page`` (``?page=abc`` answered the whole array, ``200``);
* a method an address does not take is a JSON ``405`` ``method_not_allowed`` with ``Allow`` (it was not listed among
  the errors at all);
* the statement's PDF is served for ``?format=json`` as for an ``Accept`` of ``application/json`` (the refusal of an
  unknown format names ``json`` among the formats, so a tester tried it and got a PDF).
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import api_key

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("path", ["/api/v1/tokens/", "/api/v1/profiles/"])
@pytest.mark.parametrize("page", ["abc", "0", "2"])
def test_the_unpaginated_lists_answer_one_array_and_read_no_page(accountant_a, path, page):
    api = _api(accountant_a)
    whole = api.get(path)
    response = api.get(path, {"page": page})
    assert response.status_code == 200, response.content[:300]
    assert isinstance(response.json(), list)
    assert response.json() == whole.json()


def test_the_readme_names_the_unpaginated_lists():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "on every paginated list a `page`" in readme
    assert "`GET /api/v1/tokens/` and `GET /api/v1/profiles/` are not paginated" in readme
    assert "`405`, `method_not_allowed`" in readme


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/api/v1/statements/{id}/", "GET, HEAD, OPTIONS"),
        ("delete", "/api/v1/statements/{id}/", "GET, HEAD, OPTIONS"),
        ("get", "/api/v1/statements/{id}/confirm", "POST, OPTIONS"),
        ("post", "/api/v1/statements/", "GET, HEAD, OPTIONS"),
    ],
)
def test_a_method_the_address_does_not_take_is_a_json_405(published, client_a, customer_a, method, path, allowed):
    statement = published[customer_a.pk]
    response = getattr(_api(client_a), method)(path.format(id=statement.pk))
    assert response.status_code == 405, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == allowed


def test_the_pdf_is_served_for_format_json(published, client_a, customer_a):
    statement = published[customer_a.pk]
    response = _api(client_a).get(f"/api/v1/statements/{statement.pk}/pdf", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")


def test_a_push_of_more_than_200000_lines_is_refused_though_under_the_size_limit(accountant_a, account_a):
    """README "Request size and splitting a push" named only the size limit; short lines reach the line limit first."""
    import json

    body = json.dumps(
        {
            "kind": "journal",
            "account_number": account_a.number,
            "lines": [{"date": "2026-10-03", "amount": "1"}] * 200_001,
        },
        separators=(",", ":"),
    )
    assert len(body) < 10 * 1024 * 1024
    response = _api(accountant_a).post("/api/v1/imports/push/", body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "invalid" and "lines" in response.json()["errors"]


def test_the_line_limit_is_in_the_readme_and_the_push_description(db):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "so is a push of more than 200,000 lines\n(`400` `invalid` on `lines`)" in readme
    schema = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/schema/", {"format": "json"}).json()
    described = schema["paths"]["/api/v1/imports/push/"]["post"]["description"]
    assert "A push holds at most 200,000 lines" in described
