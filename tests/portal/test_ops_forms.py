"""Ops forms that post back an id: a missing, mangled or stale one gets a message, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from statements.models import Dispute, DisputeNote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EN = {"accept-language": "en"}
STALE = ["", "abc", "999999", "-1", "1e3", "١٢", "9" * 40]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("value", STALE)
def test_paper_posting_with_a_stale_batch(client, ops, value):
    client.force_login(ops)
    response = client.post(
        reverse("portal:ops-paper"), {"action": "posted", "batch": value, "posted_on": "2026-10-20"}, headers=EN
    )
    assert response.status_code == 302
    assert any("reload the page" in m for m in _messages(response)), _messages(response)


@pytest.mark.parametrize("value", STALE)
def test_inquiry_answer_with_a_stale_id(client, ops, value):
    client.force_login(ops)
    response = client.post(reverse("portal:ops-inquiries"), {"inquiry": value, "answer": "已补发"}, headers=EN)
    assert response.status_code == 302
    [message] = _messages(response)
    assert "reload the page" in message and "already answered" not in message


@pytest.mark.parametrize("value", STALE)
def test_change_request_decision_with_a_stale_id(client, ops, value):
    client.force_login(ops)
    response = client.post(reverse("portal:ops-change-requests"), {"request": value, "approve": "1"}, headers=EN)
    assert response.status_code == 302
    [message] = _messages(response)
    assert "reload the page" in message and "invalid literal" not in message and "matching query" not in message


def test_an_empty_dispute_note_is_refused_with_a_message(client, ops, published, customer_a, client_a):
    from statements.services.confirmations import confirmation_submit

    statement = published[customer_a.pk]
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance="1,200,000.00",
            reason="少记一笔",
        )
    dispute = Dispute.objects.get(statement=statement)
    client.force_login(ops)
    response = client.post(
        reverse("portal:ops-dispute", args=[dispute.pk]), {"action": "note", "body": "  "}, headers=EN
    )
    assert response.status_code == 302
    assert any("Write the note" in m for m in _messages(response))
    assert not DisputeNote.objects.filter(dispute=dispute).exists()


def test_posting_one_paper_statement_is_said_in_the_singular(client, ops, paper_published):
    """ "1 statements recorded as posted." read wrong: the count chooses the word."""
    from statements.services.paper import paper_batch_create
    from tests.fixtures.statements import PUBLISH_AT

    with time_machine.travel(PUBLISH_AT, tick=False):
        batch = paper_batch_create(actor=ops)
    client.force_login(ops)
    response = client.post(
        reverse("portal:ops-paper"),
        {"action": "posted", "batch": str(batch.pk), "posted_on": "2026-10-20"},
        headers=EN,
    )
    assert response.status_code == 302
    assert _messages(response) == ["1 statement recorded as posted."]


def test_answering_an_inquiry_says_the_answer_was_recorded(client, ops, client_a, account_a):
    """The page came back the same but for one cell: a success with no visible confirmation."""
    from django.utils import timezone

    from statements.models import NonReceiptInquiry

    inquiry = NonReceiptInquiry.objects.create(
        account=account_a,
        period="2026-09",
        raised_by=client_a,
        raised_at=timezone.now(),
        in_time=True,
        answer_due=dt.date(2026, 10, 20),
    )
    client.force_login(ops)
    response = client.post(
        reverse("portal:ops-inquiries"), {"inquiry": str(inquiry.pk), "answer": "已补发纸质对账单"}, headers=EN
    )
    assert response.status_code == 302
    assert _messages(response) == ["Answer recorded."]
    inquiry.refresh_from_db()
    assert inquiry.answer == "已补发纸质对账单"
