"""A client's book balance is shown with the statement's currency wherever it stands beside the bank's balance (the
code page, the statement's answers, the ops dispute page): "USD 246,462.95" next to a bare "1,234,567.80" left the
reader to guess the currency of the second."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from statements.models import Dispute
from tests.fixtures.signing import sign_redirect

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=CST)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def disagreed(client, client_a, published, customer_a):
    statement = published[customer_a.pk]
    client.force_login(client_a)
    url = reverse("portal:statement-disagree", args=[statement.pk])
    with time_machine.travel(DURING, tick=False):
        to_sign = client.post(url, {"book_balance": "1,234,567.80", "reason": "在途款项"}, **EN)
        code_page = _text(client.get(to_sign["Location"], **EN).content.decode())
        sign_redirect(client, to_sign)
    return statement, code_page


def test_the_code_page_shows_the_book_balance_with_its_currency(disagreed):
    statement, code_page = disagreed
    assert f"Your book balance {statement.currency} 1,234,567.80" in code_page


def test_the_statement_answers_show_the_book_balance_with_its_currency(client, disagreed):
    statement, _ = disagreed
    with time_machine.travel(DURING, tick=False):
        page = _text(client.get(reverse("portal:statement-detail", args=[statement.pk]), **EN).content.decode())
    assert f"book balance {statement.currency} 1,234,567.80" in page


def test_the_ops_dispute_page_shows_the_book_balance_with_its_currency(client, ops, disagreed):
    statement, _ = disagreed
    dispute = Dispute.objects.get(statement=statement)
    client.force_login(ops)
    with time_machine.travel(DURING, tick=False):
        page = _text(client.get(reverse("portal:ops-dispute", args=[dispute.pk]), **EN).content.decode())
    assert f"Bank balance {statement.currency} " in page
    assert f"Client book balance {statement.currency} 1,234,567.80" in page
