"""The schema's own refusal is JSON, as every API error (README "API": errors are JSON ``{"code", "message"}``;
``Accept: text/html`` alone is ``406`` ``not_acceptable``): it was YAML, under the schema's media type."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_accept_the_schema_cannot_answer_is_a_json_406(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_acceptable" and response.json()["message"]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("", "application/vnd.oai.openapi"),
        ("application/json", "application/json"),
        ("application/vnd.oai.openapi+json", "application/vnd.oai.openapi+json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/vnd.oai.openapi"),
    ],
)
def test_the_schema_is_still_served_in_each_type_it_answers(client, accept, media_type):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get("/api/v1/schema/", **headers)
    assert response.status_code == 200 and response["Content-Type"].startswith(media_type)
    assert b"openapi" in response.content[:200]
