"""A rule preview whose engine fails (its fault, not the rule's) says so on the page and over the API, in the
reader's language, changes nothing, and is never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reconcile.models import MatchRule
from reconcile.services.rules import match_rule_create
from tests.factories import api_key
from tests.fixtures.rule_books import import_rows

pytestmark = pytest.mark.django_db

BANK = [("2026-10-05", "设备款", "200000.00", "", "", "SN2")]
JOURNAL = [("2026-10-06", "记-2", "设备款", "", "200000.00", "")]


@pytest.fixture
def broken_engine(monkeypatch):
    from reconcile.services import match_engine

    def fail(*args, **kwargs):
        raise AssertionError("journal line in two groups")

    monkeypatch.setattr(match_engine, "match", fail)


@pytest.fixture
def rule(account_a, accountant_a) -> MatchRule:
    import_rows(account_a, accountant_a, BANK, JOURNAL)
    return match_rule_create(
        actor=accountant_a, fields={"kind": "match", "pattern": "设备款", "account_id": account_a.pk, "days": 3}
    )


def test_the_preview_page_says_the_matching_failed(client, accountant_a, rule, broken_engine, caplog):
    client.force_login(accountant_a)
    url = reverse("portal:match-rule-preview", args=[rule.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    assert "The preview stopped on an internal error of the matching and changed nothing." in english.content.decode()
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "预览因勾对内部错误中止" in chinese and "internal error" not in chinese
    assert "请选择要试运行规则的账户" not in chinese  # not "choose an account": one was chosen
    assert "the matching engine failed" in caplog.text
    rule.refresh_from_db()
    assert rule.active


def test_the_api_preview_is_a_503_with_a_message(accountant_a, account_a, rule, broken_engine):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    response = api.get(f"/api/v1/match-rules/{rule.pk}/preview", {"account_id": account_a.pk})
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "engine_error" and body["message"].startswith("The preview stopped on an internal error")


def test_the_chinese_api_message_joins_its_sentences_as_chinese_does(accountant_a, account_a, rule, broken_engine):
    """Two sentences joined with an ASCII space ("…稍后再试。 如果…") in Chinese, as core.text.sentences avoids."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    message = api.get(f"/api/v1/match-rules/{rule.pk}/preview", {"account_id": account_a.pk}).json()["message"]
    assert "预览因勾对内部错误中止" in message and "。 " not in message


def test_the_schema_documents_the_503_engine_error(db):
    """README says the preview answers 503 engine_error; the OpenAPI schema listed no 503."""
    from django.test import Client

    schema = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/schema/", {"format": "json"}).json()
    [operation] = [
        op for path in schema["paths"].values() for op in path.values() if op.get("operationId") == "match_rule_preview"
    ]
    assert "engine_error" in operation["responses"]["503"]["description"]
