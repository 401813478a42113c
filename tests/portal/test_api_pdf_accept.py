"""GET /api/v1/statements/{id}/pdf whatever Accept says: a client asking for the PDF by its type (Accept:
application/pdf) was refused 406 and ?format=pdf answered 404; a JSON Accept is served the PDF, an Accept the API
cannot give is a clear 406 naming the PDF's type, never a 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _body(answer) -> bytes:
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


@pytest.mark.parametrize(
    ("accept", "query"),
    [
        ("application/pdf", ""),
        ("application/json", ""),
        ("*/*", ""),
        (None, ""),
        ("application/json, application/pdf;q=0.5", ""),
        ("application/*", ""),
        (None, "?format=pdf"),
        ("application/json", "?format=pdf"),
    ],
    ids=str,
)
def test_the_pdf_is_served(published, client_a, customer_a, accept, query):
    statement = published[customer_a.pk]
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    answer = _api(client_a).get(f"/api/v1/statements/{statement.pk}/pdf{query}", **headers)
    assert answer.status_code == 200, _body(answer)[:200]
    assert answer["Content-Type"] == "application/pdf"
    assert _body(answer).startswith(b"%PDF")


@pytest.mark.parametrize("accept", ["text/html", "image/png", "application/xml"])
def test_an_accept_it_cannot_give_is_a_406_naming_the_pdf(published, client_a, customer_a, accept):
    statement = published[customer_a.pk]
    answer = _api(client_a).get(f"/api/v1/statements/{statement.pk}/pdf", HTTP_ACCEPT=accept, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 406 and answer["Content-Type"] == "application/json"
    assert answer.json() == {
        "code": "not_acceptable",
        "message": "This address answers application/json, application/pdf: send an Accept header naming one of "
        "them, or */*.",
    }


def test_refusals_stay_json_when_a_pdf_is_asked_for(published, client_a, customer_b):
    other = published[customer_b.pk]
    for query, accept, status, code in (
        ("", "application/pdf", 404, "not_found"),
        ("?format=pdf", "*/*", 404, "not_found"),
        ("?format=xlsx", "*/*", 400, "invalid"),
    ):
        answer = _api(client_a).get(
            f"/api/v1/statements/{other.pk}/pdf{query}", HTTP_ACCEPT=accept, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert (answer.status_code, answer["Content-Type"]) == (status, "application/json"), query
        assert answer.json()["code"] == code
