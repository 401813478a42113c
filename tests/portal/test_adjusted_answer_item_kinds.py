"""The 调节后相符 page names a wrong item by its kind in words, never by the API's code, in the page's language."""

from __future__ import annotations

import html
import re

import pytest
import time_machine
from django.urls import reverse

from statements.models import AnswerChallenge
from tests.statements.test_reconciled_answer import DURING

pytestmark = pytest.mark.django_db
CODES = ("journal_in_not_bank", "journal_out_not_bank", "bank_in_not_journal", "bank_out_not_journal")


def _post(client, statement, **row):
    data = {"book_balance": "1198500.00", "rows": "1"}
    for key in ("kind", "date", "amount", "summary", "reference"):
        data[f"item-0-{key}"] = row.get(key, "")
    with time_machine.travel(DURING, tick=False):
        response = client.post(reverse("portal:statement-adjusted", args=[statement.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    error = re.search(r'<p class="error" role="alert" id="answer-error">(.*?)</p>', body, re.S)
    assert error, body
    return html.unescape(error.group(1))


@pytest.fixture
def page_client(client, client_a, published, customer_a):
    client.force_login(client_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client, published[customer_a.pk]


def test_a_row_without_a_kind_asks_to_choose_one_in_words(page_client):
    client, statement = page_client
    page = _post(client, statement, date="2026-09-30", amount="100.00")
    assert "outstanding item 1 has no kind: choose one of Received by the company, not yet by the bank" in page
    assert not any(code in page for code in CODES)


def test_a_row_without_a_date_says_the_date_is_missing(page_client):
    client, statement = page_client
    page = _post(client, statement, kind="journal_in_not_bank", amount="100.00")
    assert "outstanding item 1 has no date" in page and "(got )" not in page


def test_an_item_named_in_a_refusal_shows_its_kind_in_words(page_client):
    client, statement = page_client
    page = _post(client, statement, kind="journal_in_not_bank", date="2027-10-30", amount="100.00", summary="x")
    assert "item 1 (Received by the company, not yet by the bank, 2027-10-30, 100.00, x)" in page
    assert not any(code in page for code in CODES)


def test_the_page_sent_empty_is_refused_not_taken_for_a_plain_agreement(page_client):
    """Sent without a book balance (and no item), the answer became a plain 相符 waiting for its code: the client
    chose 调节后相符 and agreed to a balance they never gave."""
    client, statement = page_client
    with time_machine.travel(DURING, tick=False):
        response = client.post(reverse("portal:statement-adjusted", args=[statement.pk]), {"book_balance": " "})
    assert response.status_code == 400
    assert "Give your book balance" in response.content.decode()
    assert not AnswerChallenge.objects.filter(statement=statement).exists()
    assert not statement.confirmations.exists()
