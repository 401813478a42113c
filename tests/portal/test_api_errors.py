"""API error bodies: a readable "message" for nested errors (no Python reprs), the structure in "errors"."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from portal.api.errors import _flatten

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "errors,lines",
    [
        ({"book_balance": ["必填"]}, ["book_balance: 必填"]),
        ({"lines": {0: ["期望是字典"], 3: ["期望是字典"]}}, ["lines[0]: 期望是字典", "lines[3]: 期望是字典"]),
        (
            {"lines": [{}, {"amount": ["必填"], "date": ["格式错误", "太早"]}]},
            ["lines[1].amount: 必填", "lines[1].date: 格式错误 太早"],
        ),
        ({"flag_values": {"借": ["不是 in 或 out"]}}, ["flag_values.借: 不是 in 或 out"]),
        ({"non_field_errors": ["两者不可同时为空"]}, ["non_field_errors: 两者不可同时为空"]),
        # a nested list's or object's own refusal (at most 1,000 items) is named by its path, not DRF's key
        ({"outstanding": {"non_field_errors": ["最多 1000 项"]}}, ["outstanding: 最多 1000 项"]),
        ({"lines": [{"non_field_errors": ["金额缺失"]}]}, ["lines[0]: 金额缺失"]),
        (["整体错误"], ["整体错误"]),
    ],
)
def test_flatten_names_the_path_of_each_error(errors, lines):
    assert _flatten(errors) == lines


def test_push_with_lines_that_are_not_objects_says_so_readably(accountant_a, account_a):
    api = APIClient()
    api.force_authenticate(accountant_a)
    response = api.post(
        "/api/v1/imports/push/",
        {"kind": "bank", "account_number": account_a.number, "lines": ["a", "b"]},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "ErrorDetail" not in body["message"] and "{" not in body["message"]
    # Each item named in quotes, as the page's language writes it (a space follows it in English, none in Chinese).
    assert body["message"].startswith("“lines[0]”") and "“lines[1]”" in body["message"]
    assert body["errors"]["lines"]


@pytest.mark.parametrize(
    ("user", "path", "field"),
    [
        ("client_a", "/api/v1/statements/?status=foo", "status"),
        ("client_a", "/api/v1/statements/?period=2026-13", "period"),
        ("ops", "/api/v1/sms/?statement=abc", "statement"),
        ("accountant_a", "/api/v1/match-rules/?proposed=yes", "proposed"),
    ],
)
def test_an_invalid_filter_value_is_a_sentence_ending_in_a_full_stop(request, user, path, field):
    from django.utils import translation

    api = APIClient()
    api.force_authenticate(request.getfixturevalue(user))
    with translation.override("en"):
        response = api.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["message"].endswith(".") and body["errors"][field][0].endswith(".")
    assert body["errors"][field][0][0].isupper() or body["errors"][field][0][0] == "'"


_PYTHON_WORDS = ("dict", 'list"', "str", "type", "Not a valid", "Expected a")


@pytest.mark.parametrize(
    ("body", "field", "kind"),
    [
        ({"kind": "bank", "account_number": ["1"], "lines": []}, "account_number", "text in quotes"),
        ({"kind": ["bank"], "account_number": "NUMBER", "lines": []}, "kind", "text in quotes"),
        ({"kind": True, "account_number": "NUMBER", "lines": []}, "kind", "text in quotes"),
        ({"kind": "bank", "account_number": "NUMBER", "lines": "abc"}, "lines", "a JSON list"),
        (
            {"kind": "bank", "account_number": "NUMBER", "lines": [["x"]]},
            "lines[0]",
            "a JSON object (names with values)",
        ),
    ],
)
def test_a_value_of_the_wrong_json_type_is_named_in_plain_words(accountant_a, account_a, body, field, kind):
    from django.utils import translation

    api = APIClient()
    api.force_authenticate(accountant_a)
    body = {k: (account_a.number if v == "NUMBER" else v) for k, v in body.items()}
    with translation.override("en"):
        response = api.post("/api/v1/imports/push/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.json()
    message = response.json()["message"]
    assert f"“{field}” must be {kind}." in message, message
    assert not any(word in message for word in _PYTHON_WORDS), message


def test_a_body_that_is_not_an_object_is_named_as_the_request_body(accountant_a, account_a):
    api = APIClient()
    api.force_authenticate(accountant_a)
    response = api.post("/api/v1/imports/push/", [1, 2], format="json")  # Chinese by default
    assert response.status_code == 400, response.json()
    assert "type" not in response.json()["message"] and "list" not in response.json()["message"]


@pytest.mark.parametrize("path", ["/api/v1/imports/push/", "/api/v1/token/"])
def test_a_json_null_body_is_refused_in_the_request_language_as_not_an_object(accountant_a, path):
    """DRF refuses a ``null`` body with its own untranslated "No data provided": an English sentence in a Chinese
    answer. It is the same mistake as a list or a string body and is said the same way."""
    api = APIClient()
    api.force_authenticate(accountant_a)
    response = api.post(path, b"null", content_type="application/json")  # Chinese by default
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert "No data provided" not in body["message"], body
    assert "JSON 对象" in body["message"], body
    assert "No data provided" not in str(body["errors"]), body
