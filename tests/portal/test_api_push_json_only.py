"""The ERP push is a JSON API, as documented: a form-encoded (or multipart, or text) body is refused 415
`unsupported_media_type`, naming the type sent and application/json, in the reader's language, before anything is
read or kept; the JSON push is unchanged. A form-encoded push was read as a form: every field a string, a batch the
ERP never meant."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from portal.models import Role
from reconcile.models import Import
from tests.factories import api_key, make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/imports/push/"


def _api(user, language: str = "en") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE=language)


def _body(account) -> dict:
    return {"kind": "journal", "account_number": account.number, "lines": [{"date": "2026-10-08", "debit": "5.00"}]}


@pytest.mark.parametrize(
    "content_type,data",
    [
        ("application/x-www-form-urlencoded", "form"),
        ("multipart/form-data; boundary=BoUnDaRy", "multipart"),
        ("text/plain", "json"),
    ],
)
def test_another_content_type_is_refused_415(accountant_a, account_a, content_type, data):
    body = _body(account_a)
    payload = {
        "form": urlencode({"kind": "journal", "account_number": account_a.number, "lines": "x"}),
        "multipart": '--BoUnDaRy\r\nContent-Disposition: form-data; name="kind"\r\n\r\njournal\r\n--BoUnDaRy--\r\n',
        "json": json.dumps(body),
    }[data]
    response = _api(accountant_a).post(URL, payload, content_type=content_type)
    assert response.status_code == 415, response.content
    answer = response.json()
    assert answer["code"] == "unsupported_media_type"
    assert content_type.split(";")[0] in answer["message"] and "application/json" in answer["message"]
    assert not Import.objects.exists()


def test_the_json_push_still_imports(accountant_a, account_a):
    response = _api(accountant_a).post(URL, json.dumps(_body(account_a)), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Import.objects.get().status == "done"


def test_a_hostile_content_type_is_quoted_harmlessly(accountant_a):
    response = _api(accountant_a).post(URL, "x", content_type="text/x-\u202e=1+1<script>")
    assert response.status_code == 415 and response["Content-Type"].startswith("application/json")
    message = response.json()["message"]
    assert "\u202e" not in message and "\ufffd" in message


def test_a_user_who_may_not_push_is_refused_as_before(client_a):
    response = _api(client_a).post(URL, "kind=journal", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_the_refusal_is_in_the_readers_language(accountant_a):
    english = _api(accountant_a, "en").post(URL, "kind=journal", content_type="application/x-www-form-urlencoded")
    chinese = _api(accountant_a, "zh-hans").post(URL, "kind=journal", content_type="application/x-www-form-urlencoded")
    assert english.json()["message"].startswith("The request body was sent as")
    # Its Chinese is in locale_todo/leftovers.json until the catalogue takes it; the code and status are the same.
    assert (chinese.status_code, chinese.json()["code"]) == (415, "unsupported_media_type")


def test_bank_staff_push_json_only_too(account_a):
    ops = make_user("ops_push", [Role.BANK_OPS])
    response = _api(ops).post(URL, "kind=bank", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
