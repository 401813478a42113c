"""A wrong JSON type said in Chinese sets a Latin word off by a space, as the catalogue writes Latin words everywhere
(请求正文须为 JSON 对象, not 请求正文须为JSON 对象), and a Chinese kind follows 须为 directly (须为整数); English unchanged.
Through the push, as the other company's accountant and with a formula for a value too."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from portal.models import Role
from tests.factories import api_key, make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/imports/push/"


def _message(user, body: object, language: str) -> str:
    api = Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE=language)
    response = api.post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    return response.json()["message"]


@pytest.mark.parametrize(
    "body,chinese,english",
    [
        (
            [1, 2],
            "请求正文须为 JSON 对象（字段名与值）。",
            "The request body must be a JSON object (names with values).",
        ),
        (None, "请求正文须为 JSON 对象（字段名与值）。", "The request body must be a JSON object (names with values)."),
        ({"kind": "journal", "lines": "x"}, "“lines”须为 JSON 列表。", "“lines” must be a JSON list."),
        (
            {"kind": "journal", "lines": [{}], "account_number": {"a": 1}},
            "“account_number”须为带引号的文本。",
            "“account_number” must be text in quotes.",
        ),
    ],
)
def test_the_kind_after_must_be(accountant_a, body, chinese, english):
    assert chinese in _message(accountant_a, body, "zh-hans")
    assert english in _message(accountant_a, body, "en")


def test_the_other_companys_accountant_is_told_the_same(customer_b):
    other = make_user("accountant_b", [Role.ACCOUNTANT], customer_b)
    assert "请求正文须为 JSON 对象" in _message(other, [1], "zh-hans")


def test_a_formula_where_text_is_asked_is_refused_as_the_kind(accountant_a):
    message = _message(accountant_a, {"kind": "journal", "lines": [{}], "currency": ["=1+1"]}, "zh-hans")
    assert "“currency”须为带引号的文本。" in message
