"""The API's reasons in one language: `reasons` stays as the engine stored it (Chinese and English side by side, for
programs), `reasons_text` is what the workbench shows, in the caller's language; the other customer sees neither."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from reconcile.models import BankLine, JournalEntry, Suggestion
from tests.factories import api_key, make_user
from tests.fixtures.books import import_both
from tests.portal.test_api_reconcile import BANK, END, JOURNAL

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def _api(user, language: str | None) -> APIClient:
    api = APIClient()
    headers = {"HTTP_AUTHORIZATION": f"Token {api_key(user)}"}
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    api.credentials(**headers)
    return api


@pytest.fixture
def month(account_a, accountant_a, django_capture_on_commit_callbacks):
    import_both(account_a, accountant_a, BANK, JOURNAL)
    with django_capture_on_commit_callbacks(execute=True):
        started = _api(accountant_a, "en").post(f"/api/v1/accounts/{account_a.pk}/match-runs", {"date": END})
    assert started.status_code == 202, started.content
    return account_a


def _late(api: APIClient, account) -> dict:
    response = api.get(f"/api/v1/accounts/{account.pk}/suggestions", {"date": END})
    assert response.status_code == 200, response.content
    return next(s for s in response.json()["results"] if s["rule"] == "amount_outside_window")


def test_suggestions_read_their_reasons_in_the_callers_language(month, accountant_a):
    english = _late(_api(accountant_a, "en"), month)
    chinese = _late(_api(accountant_a, "zh-hans"), month)
    default = _late(_api(accountant_a, None), month)
    # the stored phrases, whatever the caller's language
    assert english["reasons"] == chinese["reasons"] == default["reasons"]
    assert any(" / " in r or re.search(r"[a-z]", r) and CJK.search(r) for r in english["reasons"])
    assert len(english["reasons_text"]) == len(english["reasons"])
    assert "dates 14 working days apart" in english["reasons_text"]
    assert all(not CJK.search(r) for r in english["reasons_text"] if "counterparty" not in r)
    assert "日期相差 14 个工作日" in chinese["reasons_text"]
    assert all(not re.search(r"\b(date|same amount|window)\b", r) for r in chinese["reasons_text"])
    assert default["reasons_text"] == chinese["reasons_text"]  # Chinese first


def test_an_accepted_suggestions_match_carries_its_reasons_in_the_callers_language(month, accountant_a):
    suggestion = Suggestion.objects.get(account=month, rule="amount_outside_window")
    response = _api(accountant_a, "en").post(f"/api/v1/suggestions/{suggestion.pk}/accept")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reasons"] == list(suggestion.reasons)
    assert "dates 14 working days apart" in body["reasons_text"]


def test_a_manual_notes_reason_reads_as_written(month, accountant_a):
    bank = BankLine.objects.get(account=month, serial="SN2")
    entry = JournalEntry.objects.get(account=month, summary="付上海恒瑞贸易有限公司货款")
    note = '=HYPERLINK("http://x") 7月货款'
    response = _api(accountant_a, "en").post(
        f"/api/v1/accounts/{month.pk}/matches",
        {"bank_line_ids": [bank.pk], "journal_entry_ids": [entry.pk], "note": note},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    # not an engine phrase: shown as stored (the pages and exports neutralise a formula where it could run)
    assert body["reasons_text"] == body["reasons"] and note in body["reasons"][0]


def test_the_other_customer_sees_no_suggestion_nor_its_reasons(month, customer_b):
    other = _api(make_user("accountant_b", ["accountant"], customer_b), "en")
    response = other.get(f"/api/v1/accounts/{month.pk}/suggestions", {"date": END})
    assert response.status_code == 404
    assert "reasons" not in response.content.decode()
    suggestion = Suggestion.objects.filter(account=month).first()
    assert other.post(f"/api/v1/suggestions/{suggestion.pk}/accept").status_code == 404
