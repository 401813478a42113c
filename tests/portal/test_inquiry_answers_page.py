"""The client reads its "statement not received" inquiries and the bank's answers where it raises them
(/statements/inquiry/): its own company's only (a group user also the subsidiaries it is granted), each with its
period, account, time raised, status, the bank's due date and the answer once given, escaped as text."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from core.roles import Role
from reconcile.services.groups import group_grant_withdraw
from statements.models import InquiryStatus, NonReceiptInquiry, SmsMessage, SmsTemplate
from statements.services.reminders import inquiry_answer, inquiry_raise
from tests.factories import make_user
from tests.fixtures.groups import DURING

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
RAISED_AT = dt.datetime(2026, 10, 20, 10, tzinfo=CST)
ANSWERED_AT = dt.datetime(2026, 10, 21, 10, tzinfo=CST)
ANSWER = "The statement went out on 2026-10-09 through online banking; see Balance statements."
PAGE = reverse("portal:inquiry-new")


def _page(client, user) -> str:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def raised(published, client, client_a, account_a):
    client.force_login(client_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(RAISED_AT, tick=False):
        response = client.post(PAGE, {"account": account_a.pk, "period": "2026-09"})
    assert response.status_code == 302 and response["Location"] == PAGE  # back to the page that lists it
    return NonReceiptInquiry.objects.get()


def _answer_by_ops_page(client, ops, inquiry, text: str):
    client.force_login(ops)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(ANSWERED_AT, tick=False):
        return client.post(reverse("portal:ops-inquiries"), {"inquiry": inquiry.pk, "answer": text}, follow=True)


def test_the_client_sees_its_inquiry_then_the_banks_answer(raised, client, client_a, ops, account_a):
    with time_machine.travel(RAISED_AT, tick=False):
        before = _page(client, client_a)
    assert "Your inquiries and the bank's answers" in before
    assert account_a.number in before and "2026-09" in before and "2026-10-20 10:00" in before
    assert ">Open</td>" in before and "2026-10-22" in before and "Not answered yet" in before

    _answer_by_ops_page(client, ops, raised, ANSWER)
    with time_machine.travel(ANSWERED_AT, tick=False):
        after = _page(client, client_a)
    assert ">Answered</td>" in after and "Not answered yet" not in after
    assert "The statement went out on 2026-10-09 through online banking; see Balance statements." in after
    assert SmsMessage.objects.filter(template=SmsTemplate.INQUIRY_ANSWERED).count() == 1
    with time_machine.travel(ANSWERED_AT, tick=False):
        listing = client.get(reverse("portal:statements")).content.decode()
    assert f'<a href="{PAGE}#inquiries">My inquiries and the bank\'s answers</a>' in listing


def test_the_page_is_chinese_by_default(client, client_b):
    client.force_login(client_b)
    body = client.get(PAGE).content.decode()
    assert "我未收到对账单" in body and "暂无查询。" in body


def test_another_customer_sees_nothing_of_it(raised, client, client_b, ops, account_a):
    _answer_by_ops_page(client, ops, raised, ANSWER)
    body = _page(client, client_b)
    assert account_a.number not in body and "online banking; see" not in body
    assert "No inquiry." in body


def test_a_group_user_sees_the_granted_subsidiaries_inquiries(client, group, group_user, customer_a, ops):
    subs = group["subs"]
    asked = []
    with time_machine.travel(DURING, tick=False):
        for n, statement in enumerate(subs):  # granted: the first two; not granted: the third
            user = make_user(f"sub_client_{n}", [Role.CLIENT_VIEWER], statement.account.customer)
            asked.append(inquiry_raise(actor=user, account_id=statement.account_id, period="2026-09"))
            inquiry_answer(actor=ops, inquiry_id=asked[-1].pk, answer=f"answer for subsidiary {n}")
        body = _page(client, group_user)
    assert "answer for subsidiary 0" in body and "answer for subsidiary 1" in body
    assert "answer for subsidiary 2" not in body
    assert subs[0].account.customer.legal_name in body  # several companies: the company column
    group_grant_withdraw(actor=None, user=group_user, subsidiary_credit_code=subs[0].account.customer.credit_code)
    with time_machine.travel(DURING, tick=False):
        body = _page(client, group_user)
    assert "answer for subsidiary 0" not in body and "answer for subsidiary 1" in body


def test_a_hostile_answer_is_shown_as_text(raised, client, client_a, ops):
    hostile = '=HYPERLINK("http://evil.example/","open")<script>alert(1)</script>'
    _answer_by_ops_page(client, ops, raised, hostile)
    assert NonReceiptInquiry.objects.get().answer == hostile
    body = _page(client, client_a)
    assert "<script>alert(1)</script>" not in body
    assert "=HYPERLINK(&quot;http://evil.example/&quot;,&quot;open&quot;)&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_nul_byte_or_10k_characters_are_refused_on_the_ops_page(raised, client, ops):
    nul = _answer_by_ops_page(client, ops, raised, "answer\x00")
    assert nul.status_code == 400  # the input guard, before any view
    long = _answer_by_ops_page(client, ops, raised, "x" * 10_000)
    assert "The answer is 10000 characters long; write at most 2000." in long.content.decode()
    assert NonReceiptInquiry.objects.get().status == InquiryStatus.OPEN
    assert not SmsMessage.objects.filter(template=SmsTemplate.INQUIRY_ANSWERED).exists()


def test_ops_answer_twice_and_the_client_is_told_once(raised, client, ops):
    _answer_by_ops_page(client, ops, raised, ANSWER)
    again = _answer_by_ops_page(client, ops, raised, "another answer")
    assert "This inquiry was already answered." in again.content.decode()
    assert NonReceiptInquiry.objects.get().answer == ANSWER
    assert SmsMessage.objects.filter(template=SmsTemplate.INQUIRY_ANSWERED).count() == 1


def test_the_ops_page_asks_a_password_only_bank_user_for_the_second_factor(raised, client, ops, settings):
    settings.BANK_STAFF_REQUIRE_2FA = True
    response = _answer_by_ops_page(client, ops, raised, ANSWER)
    assert response.redirect_chain and reverse("portal:second-factor") in response.redirect_chain[0][0]
    assert NonReceiptInquiry.objects.get().status == InquiryStatus.OPEN


def test_a_client_cannot_answer_on_the_ops_page(raised, client, client_a):
    response = _answer_by_ops_page(client, client_a, raised, ANSWER)
    assert response.status_code == 403
    assert NonReceiptInquiry.objects.get().status == InquiryStatus.OPEN
