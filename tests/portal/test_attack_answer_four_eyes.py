"""Four eyes on a company's answer (a company whose answers need a second confirmer): the confirmer who submitted the
answer cannot approve it, nor reject it, through the statement page; no code is sent, the answer stays waiting."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from statements.models import AnswerChallenge, Confirmation, ConfirmationStatus, Decision, SmsMessage, SmsTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(published, customer_a, client_a):
    client_a.mobile = "13812340000"
    client_a.save(update_fields=["mobile"])
    return Confirmation.objects.create(
        statement=published[customer_a.pk],
        decision=Decision.AGREE,
        submitted_by=client_a,
        status=ConfirmationStatus.AWAITING_APPROVAL,
        submitted_at=timezone.now(),
    )


@pytest.mark.parametrize("approve", ["1", "0"])
def test_the_submitter_cannot_decide_their_own_answer(client, waiting, client_a, approve):
    client.force_login(client_a)
    url = reverse("portal:statement-review", args=[waiting.statement_id])
    response = client.post(url, {"approve": approve}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "another person than the one who submitted" in response.content.decode()
    assert Confirmation.objects.get(pk=waiting.pk).status == ConfirmationStatus.AWAITING_APPROVAL
    assert (
        not AnswerChallenge.objects.exists()
        and not SmsMessage.objects.filter(template=SmsTemplate.ANSWER_CODE).exists()
    )
