"""An Accept range with q=0 is "not acceptable" (RFC 9110 §12.4.2): DRF reads no q, so `Accept: application/json;
q=0` was answered in JSON. Refused alone it is a JSON 406; other ranges still choose."""

from __future__ import annotations

import pytest

from tests.portal.test_api_contract import XLSX, _token_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    "accept", ["application/json; q=0", "application/json;q=0.000", "application/json;q=0, */*", "*/*;q=0"]
)
def test_json_refused_with_q0_is_a_json_406(client_a, accept):
    response = _token_client(client_a).get("/api/v1/statements/", HTTP_ACCEPT=accept)
    assert response.status_code == 406, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_acceptable" and "application/json" in response.json()["message"]


@pytest.mark.parametrize(
    "accept", ["application/json;q=0.5", "*/*;q=0, application/json", "text/html;q=0, application/json", "*/*"]
)
def test_json_accepted_with_some_q_is_served(client_a, accept):
    response = _token_client(client_a).get("/api/v1/statements/", HTTP_ACCEPT=accept)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


def test_a_file_endpoint_gives_the_other_type_when_json_has_q0(books, accountant_a):
    url = f"/api/v1/accounts/{books.pk}/adjustment?date=2026-10-31"
    answer = _token_client(accountant_a).get(url, HTTP_ACCEPT=f"application/json;q=0, {XLSX}")
    assert answer.status_code == 200 and answer["Content-Type"] == XLSX
