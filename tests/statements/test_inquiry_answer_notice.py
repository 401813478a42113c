"""Ops answering a "statement not received" inquiry: the contact of the account is told once, on its notice channel,
after the answer commits, that the bank answered and where to read it (never the answer's text); only bank
operations (with the second factor where it is required) answer; unreadable or overlong answers are refused."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from core.errors import ConflictError, ServiceError
from core.models import AuditEvent
from statements.models import InquiryStatus, NonReceiptInquiry, SmsMessage, SmsStatus, SmsTemplate
from statements.notify import wechat
from statements.services.reminders import inquiry_answer, inquiry_raise
from statements.sms.backends import set_backend_for_tests
from statements.sms.base import render_text
from tests.fixtures.gateways import FakeGateway
from tests.fixtures.tenancy import every_role_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))
RAISED_AT = dt.datetime(2026, 10, 20, 10, tzinfo=CST)
ANSWERED_AT = dt.datetime(2026, 10, 21, 10, tzinfo=CST)
ANSWER = "对账单已于10月9日通过网银发出，请在“余额对账单”中查看。"


@pytest.fixture
def gateways(settings):
    sms, chat = FakeGateway("fake-sms"), FakeGateway("fake-wechat")
    settings.SMS_BACKEND, settings.WECHAT_BACKEND = "fake", "fake"
    set_backend_for_tests("fake", sms)
    wechat.set_backend_for_tests("fake", chat)
    yield sms, chat
    set_backend_for_tests("fake", None)
    wechat.set_backend_for_tests("fake", None)


@pytest.fixture
def inquiry(published, client_a, account_a):
    with time_machine.travel(RAISED_AT, tick=False):
        return inquiry_raise(actor=client_a, account_id=account_a.pk, period="2026-09")


def _notices():
    return SmsMessage.objects.filter(template=SmsTemplate.INQUIRY_ANSWERED)


def test_answering_tells_the_contact_once_after_commit_without_the_answer(
    inquiry, ops, gateways, django_capture_on_commit_callbacks
):
    sms, _chat = gateways
    with time_machine.travel(ANSWERED_AT, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as pending:
            inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer=ANSWER)
        assert pending, "the send is left to after the commit"
        assert sms.sent == []  # nothing goes out inside the transaction
        for callback in pending:
            callback()
        with pytest.raises(ConflictError), django_capture_on_commit_callbacks(execute=True):
            inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer="second answer")
    row = _notices().get()
    assert (row.key, row.channel, row.phone, row.statement_id) == (
        f"inquiry_answered:{inquiry.pk}",
        "sms",
        "+8613812345678",
        None,
    )
    assert row.params == {"period": "2026年9月"}
    assert row.status == SmsStatus.SENT and len(sms.sent) == 1
    text = render_text("inquiry_answered", row.params)
    assert "2026年9月" in text and "银行已答复" in text and ANSWER not in text and len(text) <= 70
    stored = NonReceiptInquiry.objects.get(pk=inquiry.pk)
    assert (stored.status, stored.answer) == (InquiryStatus.ANSWERED, ANSWER)
    event = AuditEvent.objects.get(action="inquiry.answered")
    assert event.after["notice_queued"] is True


def test_an_answer_rolled_back_tells_nobody(inquiry, ops, gateways):
    with time_machine.travel(ANSWERED_AT, tick=False):
        with pytest.raises(RuntimeError), transaction.atomic():
            inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer=ANSWER)
            raise RuntimeError("the request failed after the answer")
    assert not _notices().exists()
    assert NonReceiptInquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.OPEN
    assert gateways[0].sent == []


def test_the_same_event_enqueued_again_is_one_row(inquiry, ops, gateways):
    from statements.services.reminders import _answer_notify

    with time_machine.travel(ANSWERED_AT, tick=False):
        inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer=ANSWER)
        with transaction.atomic():
            assert _answer_notify(NonReceiptInquiry.objects.get(pk=inquiry.pk)) == 0  # the unique key holds
    assert _notices().count() == 1


def test_a_contact_on_wechat_gets_the_link_to_the_inquiry_page(inquiry, ops, gateways, agreement_a, settings):
    settings.PORTAL_BASE_URL = "https://duizhang.example.cn/"
    type(agreement_a).objects.filter(pk=agreement_a.pk).update(
        notify_channel="wechat", wechat_openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
    )
    with time_machine.travel(ANSWERED_AT, tick=False):
        inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer=ANSWER)
    row = _notices().get()
    assert row.channel == "wechat"
    assert row.params == {"period": "2026年9月", "url": "https://duizhang.example.cn/statements/inquiry/"}
    data = wechat.message_data(row.template, row.params)
    assert ANSWER not in str(data) and data["keyword2"]["value"] == "2026年9月" and data["keyword1"]["value"] == "-"


@pytest.mark.parametrize(
    ("text", "code"),
    [("答复\x00内容", "invalid"), ("x" * 10_000, "too_long"), ("   ", "empty")],
    ids=["nul", "10k", "blank"],
)
def test_unreadable_or_overlong_answers_are_refused(inquiry, ops, gateways, text, code):
    with time_machine.travel(ANSWERED_AT, tick=False), pytest.raises(ServiceError) as refused:
        inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer=text)
    assert refused.value.code == code
    if code == "too_long":
        assert refused.value.message == "The answer is 10000 characters long; write at most 2000."
    assert NonReceiptInquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.OPEN
    assert not _notices().exists()


def test_a_formula_is_kept_as_the_text_it_is(inquiry, ops, gateways):
    formula = '=HYPERLINK("http://evil.example/","点此查看")'
    with time_machine.travel(ANSWERED_AT, tick=False):
        inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer=formula)
    assert NonReceiptInquiry.objects.get(pk=inquiry.pk).answer == formula
    assert _notices().get().params == {"period": "2026年9月"}


def _password_only(user):
    from django_otp.middleware import OTPMiddleware

    OTPMiddleware._init_user_fields(user)  # what a request's user is before the authenticator code
    return user


def test_a_company_user_and_a_password_only_bank_user_cannot_answer(inquiry, customer_a, ops, settings, gateways):
    refused = [
        (every_role_of(customer_a, "every_role_a"), "Only bank operations may do this."),
    ]
    settings.BANK_STAFF_REQUIRE_2FA = True
    refused.append((_password_only(ops), "Confirm the login with your authenticator app in the browser first."))
    for actor, message in refused:
        with time_machine.travel(ANSWERED_AT, tick=False), pytest.raises(ServiceError) as caught:
            inquiry_answer(actor=actor, inquiry_id=inquiry.pk, answer=ANSWER)
        assert (caught.value.code, caught.value.message) == ("forbidden", message)
    assert NonReceiptInquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.OPEN
    assert not _notices().exists()


def test_bank_operations_with_the_second_factor_answer(inquiry, ops, settings, gateways):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.BANK_STAFF_REQUIRE_2FA = True
    ops = _password_only(ops)
    ops.otp_device = TOTPDevice.objects.create(user=ops, name="phone", confirmed=True)
    with time_machine.travel(ANSWERED_AT, tick=False):
        inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer=ANSWER)
    assert NonReceiptInquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.ANSWERED
    assert _notices().count() == 1


@pytest.mark.parametrize("hidden", ["\u202e", "\x7f", "\x85"], ids=["rlo", "del", "c1"])
def test_hidden_characters_in_an_answer_are_refused(inquiry, ops, gateways, hidden):
    """The answer is shown to the client: it refuses the hidden characters every other free text refuses (a
    right-to-left override reverses what the client reads, DEL and C1 controls), not only C0 controls."""
    with time_machine.travel(ANSWERED_AT, tick=False), pytest.raises(ServiceError) as refused:
        inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer=f"已于10月9日发出{hidden}90.001")
    assert refused.value.code == "invalid"
    assert refused.value.message.startswith("The answer contains a hidden control character")
    assert NonReceiptInquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.OPEN
    assert not _notices().exists()


def test_a_months_inquiry_is_told_as_that_month_after_the_account_turned_quarterly(inquiry, ops, gateways, agreement_a):
    """An inquiry about August, answered after the agreement became quarterly: the notice said "2026年第2季度" (8 // 3),
    a quarter that ended in June. A month that ends no quarter is told as the month."""
    from statements.models import Agreement

    NonReceiptInquiry.objects.filter(pk=inquiry.pk).update(period="2026-08")
    Agreement.objects.filter(pk=agreement_a.pk).update(cycle="quarterly")
    with time_machine.travel(ANSWERED_AT, tick=False):
        inquiry_answer(actor=ops, inquiry_id=inquiry.pk, answer=ANSWER)
    assert _notices().get().params["period"] == "2026年8月"
