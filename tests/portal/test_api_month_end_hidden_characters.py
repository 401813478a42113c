"""Free text a person writes in the month end over the API (a match's note, an undo's or a rejection's reason, a
reviewer's return note, a rule's texts) is refused naming the field and the hidden character, and nothing changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import AuditEvent
from reconcile.models import BankLine, CloseReview, JournalEntry, Match, MatchRule, Suggestion
from reconcile.services.matching import match_manual
from reconcile.services.review import close_review_submit
from tests.factories import api_key, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "付款 0021" reads "付款 1200"


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


def _refused(answer, field: str) -> None:
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in body["message"]


def _pair(books) -> tuple[BankLine, JournalEntry]:
    return BankLine.objects.get(amount=Decimal("200000.00")), JournalEntry.objects.get(amount=Decimal("200000.00"))


def test_a_match_note_with_a_bidi_override_is_refused(books, accountant_a):
    line, entry = _pair(books)
    answer = _api(accountant_a).post(
        reverse("api:account-matches", kwargs={"pk": books.pk}),
        {"bank_line_ids": [line.pk], "journal_entry_ids": [entry.pk], "note": f"付款 {RLO}0021"},
        format="json",
    )
    _refused(answer, "note")
    assert not Match.objects.exists()


def test_an_undo_reason_with_a_bidi_override_is_refused(books, accountant_a):
    line, entry = _pair(books)
    group = match_manual(actor=accountant_a, account_id=books.pk, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk])
    answer = _api(accountant_a).post(
        reverse("api:match-undo", kwargs={"pk": group.pk}), {"reason": f"wrong {RLO}pair"}, format="json"
    )
    _refused(answer, "reason")
    assert Match.objects.get(pk=group.pk).undone_at is None


def test_a_rejection_reason_with_a_bidi_override_is_refused(books, accountant_a):
    line, entry = _pair(books)
    suggestion = Suggestion.objects.create(
        account=books, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk], rule="amount_date", score=0.5
    )
    answer = _api(accountant_a).post(
        reverse("api:suggestion-reject", kwargs={"pk": suggestion.pk}), {"reason": f"not {RLO}ours"}, format="json"
    )
    _refused(answer, "reason")
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()
    assert not AuditEvent.objects.filter(action="suggestion.rejected").exists()


def test_a_return_note_with_a_bidi_override_is_refused(books, accountant_a, customer_a):
    reviewer = make_user("reviewer_a", ["reviewer"], customer_a)
    line, entry = _pair(books)
    match_manual(actor=accountant_a, account_id=books.pk, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk])
    review = close_review_submit(actor=accountant_a, account_id=books.pk, period_end=END)
    answer = _api(reviewer).post(
        reverse("api:close-review-return", kwargs={"pk": review.pk}), {"note": f"fix {RLO}1200"}, format="json"
    )
    _refused(answer, "note")
    assert CloseReview.objects.get(pk=review.pk).state == "submitted"


@pytest.mark.parametrize("field", ["name", "pattern", "journal_pattern", "target"])
def test_a_rule_text_with_a_bidi_override_is_refused(accountant_a, field):
    fields = {"kind": "alias", "pattern": "ACME GMBH", "target": "Acme Trading GmbH", field: f"ACME{RLO} GMBH"}
    _refused(_api(accountant_a).post(reverse("api:match-rule-list"), fields, format="json"), field)
    assert not MatchRule.objects.exists()
