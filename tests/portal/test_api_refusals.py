"""Refusals Django makes before (or around) a view are JSON on the API as well: a body over the limit (too_large,
with the limit), too many fields, a Host the portal does not serve, a missing CSRF token on a session-authenticated
call, an unknown API address and a server error. Pages keep their HTML pages, in the reader's language."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PUSH = "/api/v1/imports/push/"


def _lines(n: int) -> list[dict[str, str]]:
    return [
        {
            "date": f"2026-09-{1 + i % 28:02d}",
            "amount": f"{1 + i % 997}.{i % 100:02d}",
            "direction": "in" if i % 3 else "out",
            "voucher": f"记-{i:06d}",
            "summary": f"货款 {i} 上海恒瑞贸易有限公司",
            "counterparty": "上海恒瑞贸易有限公司",
        }
        for i in range(n)
    ]


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_push_over_the_limit_is_json_too_large_naming_the_limit(accountant_a, account_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({"kind": "journal", "account_number": account_a.number, "lines": _lines(12_000)})
    assert len(body.encode()) > 1024 * 1024
    response = _api(accountant_a).post(PUSH, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    error = response.json()
    assert error["code"] == "too_large"
    assert "1 MB" in error["message"] and "REQUEST_BODY_MAX_MB" not in error["message"]
    assert "分批" in error["message"]  # says what to do: split the push


def test_too_large_speaks_english(accountant_a, account_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
    body = json.dumps({"kind": "journal", "account_number": account_a.number, "lines": _lines(6_000)})
    response = _api(accountant_a).post(PUSH, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    message = response.json()["message"]
    assert "0.5 MB" in message and "split" in message.lower()


def test_a_body_over_the_limit_elsewhere_is_not_told_to_split_into_pushes(accountant_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
    body = json.dumps({"name": "x" * 600_000})
    response = _api(accountant_a).post(
        "/api/v1/profiles/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    message = response.json()["message"]
    assert "0.5 MB" in message and "push" not in message.lower()


def test_the_body_limit_is_a_setting_of_ten_megabytes_by_default():
    from config.settings import base

    assert base.DATA_UPLOAD_MAX_MEMORY_SIZE == 10 * 1024 * 1024


def test_a_push_of_25000_lines_fits_the_default_limit(accountant_a, account_a):
    body = json.dumps({"kind": "journal", "account_number": account_a.number, "lines": _lines(25_000)})
    assert 3_000_000 < len(body.encode()) < 10 * 1024 * 1024
    response = _api(accountant_a).post(PUSH, body, content_type="application/json")
    assert response.status_code == 201, response.content[:300]
    assert response.json()["lines_stored"] == 25_000


def test_a_locked_out_login_on_the_token_endpoint_is_json(ops, client):
    """The login lockout (django-axes) answered the token endpoint with its HTML page."""
    api = APIClient()
    for _ in range(5):
        api.post(reverse("api:token"), {"username": "ops_user", "password": "wrong"}, format="json")
    response = api.post(reverse("api:token"), {"username": "ops_user", "password": "wrong"}, format="json")
    assert response.status_code == 429 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "locked_out" and "15" in response.json()["message"]
    page = client.post(reverse("portal:login"), {"username": "ops_user", "password": "wrong"})
    assert page.status_code == 429 and page["Content-Type"].startswith("text/html")  # pages keep the page


def test_too_many_fields_is_json(accountant_a):
    query = "&".join(f"f{i}=1" for i in range(1_100))
    response = _api(accountant_a).get(f"{reverse('api:statement-list')}?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_fields"
    assert "1000" in response.json()["message"] or "1,000" in response.json()["message"]


def test_a_host_the_portal_does_not_serve_is_json_on_the_api_and_a_page_elsewhere(client, accountant_a):
    response = _api(accountant_a).get(reverse("api:statement-list"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_host"
    page = client.get(reverse("portal:login"), HTTP_HOST="evil.example")
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html") and "无法读取该请求" in page.content.decode()


def test_a_session_call_without_csrf_token_is_json(client_a, published, customer_a):
    statement = published[customer_a.pk]
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(client_a)
    response = api.post(reverse("api:statement-confirm", args=[statement.pk]))
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "csrf_failed" and "CSRF" in body["message"] and "Token" in body["message"]
    statement.refresh_from_db()
    assert statement.status != "confirmed"


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/statements/1/nope", "/api/v2/statements/", "/api/"])
def test_unknown_api_addresses_are_json_404(client, accountant_a, path):
    for api in (APIClient(), _api(accountant_a)):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert "/api/v1/docs/" in response.json()["message"]


def test_a_server_error_on_the_api_is_json():
    from portal.views.errors import server_error

    response = server_error(RequestFactory().get("/api/v1/statements/"))
    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"
    page = server_error(RequestFactory().get("/statements/"))
    assert page.status_code == 500 and "系统暂时出错" in page.content.decode()


def test_the_push_documents_its_limit_and_how_to_split(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    push = schema["paths"]["/api/v1/imports/push/"]["post"]
    text = push["description"]
    assert "REQUEST_BODY_MAX_MB" in text and "10 MB" in text and "split" in text.lower()
    assert "413" in push["responses"]


def test_a_pushed_value_holding_a_nul_is_refused_naming_it_not_a_500(accountant_a, account_a):
    """A JSON string may carry \\u0000; PostgreSQL's text and JSON hold no NUL, so a line storing one (its summary)
    or a refusal quoting it was a 500 there. The API's JSON parser refuses the body first, naming the field
    (portal/api/parsers.py), and nothing is stored."""
    from reconcile.models import Import

    lines = [{"date": "5\x00", "amount": "1.00", "direction": "in", "summary": "货款"}]
    response = _api(accountant_a).post(
        PUSH, {"kind": "bank", "account_number": account_a.number, "lines": lines}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "unreadable_input" and "lines[0].date" in response.json()["message"]
    assert not Import.objects.exists()
