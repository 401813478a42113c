"""The SMS carrying a group user's code for several statements named only the first of them ("您正在签署余额对账单
（编号202611-00000001）的回复"), so the phone said one statement where the code signs them all."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from statements.models import AnswerChallenge
from statements.sms.backends import get_backend
from tests.fixtures.groups import DURING
from tests.fixtures.signing import code_sent


def _text_sent(challenge) -> str:
    from statements.models import SmsMessage, SmsTemplate

    message = SmsMessage.objects.get(template=SmsTemplate.ANSWER_CODE, key__startswith=f"answer_code:{challenge.pk}:")
    return get_backend().sent[message.key][1]


def test_the_code_sms_of_a_batch_says_how_many_statements_it_signs(client, group, group_user):
    parent, (one, two, _three) = group["parent"], group["subs"]
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        asked = client.post(reverse("portal:statements-batch"), {"statement": [parent.pk, one.pk, two.pk]})
    assert asked.status_code == 302
    challenge = AnswerChallenge.objects.get()
    text = _text_sent(challenge)
    assert f"编号{challenge.statement.number}等3份" in text, text
    assert code_sent(challenge) in text


def test_the_code_sms_of_one_statement_names_just_that_statement(client, group, group_user):
    parent = group["parent"]
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("portal:statements-batch"), {"statement": [parent.pk]})
    text = _text_sent(AnswerChallenge.objects.get())
    assert f"（编号{parent.number}）" in text, text


def test_the_code_page_of_a_batch_of_one_speaks_of_one_answer(client, group, group_user):
    """ "Sign your answers" and "Sign and send the answers" above "You agree with 1 statement"."""
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        asked = client.post(reverse("portal:statements-batch"), {"statement": [group["parent"].pk]})
        page = client.get(asked["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You agree with 1 statement:" in page
    assert "<h1>Sign your answer</h1>" in page and "Sign and send the answer</button>" in page
