"""Signing a browser answer with a one-time code: bound to the exact answer, 6 digits, 5 minutes, 5 tries, a new code
no sooner than 60 s, audited; stored with the answer, printed on the receipt and checked again by audit_verify."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from core.errors import ServiceError
from core.models import AuditEvent
from portal.models import Role
from statements.models import (
    AnswerChallenge,
    BalanceStatement,
    ChallengeStatus,
    Confirmation,
    SmsMessage,
    SmsStatus,
    SmsTemplate,
    StatementStatus,
)
from statements.services.answer_codes import answer_challenge_start, answer_challenge_verify
from statements.services.answer_signing import BadSignature, CodeProof
from statements.services.confirmations import confirmation_submit
from statements.sms.backends import SmsGatewayError, set_backend_for_tests
from tests.factories import make_user
from tests.fixtures.hostile import FORMULA_TEXTS
from tests.fixtures.signing import code_sent, sign_redirect

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=CST)
EN = {"headers": {"accept-language": "en"}}


@pytest.fixture
def statement_a(published, customer_a):
    return published[customer_a.pk]


def _ask(client, statement, **extra):
    """POST the agreement: the answer waits for its code; returns the code page's URL."""
    response = client.post(reverse("portal:statement-agree", args=[statement.pk]), **extra)
    assert response.status_code == 302 and "/answers/sign/" in response["Location"], response
    return response["Location"]


def _challenge(url: str) -> AnswerChallenge:
    return AnswerChallenge.objects.get(pk=int(re.search(r"/answers/sign/(\d+)/", url).group(1)))


def _status(statement) -> str:
    return BalanceStatement.objects.get(pk=statement.pk).status


def test_an_agreement_is_signed_with_the_sms_code_and_the_signature_is_kept(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _ask(client, statement_a)
        page = client.get(url, **EN).content.decode()
        challenge = _challenge(url)
        masked = f"{client_a.mobile[:3]}****{client_a.mobile[-4:]}"
        assert masked in page and "1,250,000.00" in page and client_a.mobile not in page
        assert _status(statement_a) == StatementStatus.DISPATCHED  # nothing counts before the code
        message = SmsMessage.objects.get(template=SmsTemplate.ANSWER_CODE)
        assert message.phone == client_a.mobile and message.status == SmsStatus.SENT
        code = code_sent(challenge)
        assert code not in str(message.params) and code not in challenge.code_hash  # the code is not kept
        wrong = client.post(url, {"code": "000000" if code != "000000" else "111111"}, **EN)
        assert wrong.status_code == 200 and "4 tries left" in wrong.content.decode()
        assert _status(statement_a) == StatementStatus.DISPATCHED
        done = client.post(url, {"code": code}, **EN)
    assert done.status_code == 302 and done["Location"] == reverse("portal:statement-detail", args=[statement_a.pk])
    assert _status(statement_a) == StatementStatus.CONFIRMED
    answer = Confirmation.objects.get(statement=statement_a)
    assert (answer.signed_with, answer.signed_phone, answer.challenge_id) == ("sms", masked, challenge.pk)
    assert answer.answer_digest == challenge.digest and len(answer.answer_digest) == 64
    actions = list(AuditEvent.objects.filter(action__startswith="answer_code").values_list("action", flat=True))
    assert actions == ["answer_code.requested", "answer_code.failed", "answer_code.verified"]
    submitted = AuditEvent.objects.get(action="confirmation.submitted")
    assert submitted.after["signature"]["method"] == "sms" and submitted.after["signature"]["phone"] == masked
    assert submitted.after["signature"]["answer_digest"] == answer.answer_digest
    receipt = client.get(reverse("portal:statement-receipt", args=[statement_a.pk])).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt)).pages)
    assert "短信验证码" in text and masked in text and answer.answer_digest[:16] in text.replace("\n", "")
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("portal:statement-detail", args=[statement_a.pk]), **EN).content.decode()
    assert f"Signed with an SMS code sent to {masked}" in page
    out = io.StringIO()
    with translation.override("en"):  # the report speaks the active language
        call_command("audit_verify", stdout=out)
    assert "signed answers: intact" in out.getvalue()


def test_an_expired_code_is_refused_and_a_new_one_signs(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _ask(client, statement_a)
        old = code_sent(_challenge(url))
    with time_machine.travel(DURING + dt.timedelta(minutes=5, seconds=1), tick=False):
        late = client.post(url, {"code": old}, **EN)
        assert late.status_code == 200 and "expired" in late.content.decode()
        assert _status(statement_a) == StatementStatus.DISPATCHED
        assert client.post(url, {"action": "resend"}).status_code == 302
        new = code_sent(_challenge(url))
        if new != old:
            assert client.post(url, {"code": old}).status_code == 200  # the first code is gone
        assert client.post(url, {"code": new}).status_code == 302
    assert _status(statement_a) == StatementStatus.CONFIRMED
    assert AuditEvent.objects.filter(action="answer_code.expired").count() == 1
    assert AuditEvent.objects.filter(action="answer_code.resent").count() == 1


def test_a_new_code_is_not_sent_within_60_seconds(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _ask(client, statement_a)
        too_soon = client.post(url, {"action": "resend"}, **EN)
        assert "can be sent in 60 seconds" in too_soon.content.decode()
    with time_machine.travel(DURING + dt.timedelta(seconds=60), tick=False):
        client.post(url, {"action": "resend"})
    assert SmsMessage.objects.filter(template=SmsTemplate.ANSWER_CODE).count() == 2


def test_five_wrong_codes_lock_the_answer_even_for_the_right_code(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _ask(client, statement_a)
        code = code_sent(_challenge(url))
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        for _n in range(5):
            assert client.post(url, {"code": wrong}).status_code == 200
        locked = client.post(url, {"code": code}, **EN)
        assert locked.status_code == 200 and "Too many wrong codes" in locked.content.decode()
    assert _challenge(url).status == ChallengeStatus.LOCKED and _challenge(url).attempts == 5
    assert _status(statement_a) == StatementStatus.DISPATCHED and not Confirmation.objects.exists()


def test_a_code_signs_only_the_answer_it_was_sent_for(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        agree_url = _ask(client, statement_a)
        disagree = client.post(
            reverse("portal:statement-disagree", args=[statement_a.pk]),
            {"book_balance": "1,200,000.00", "reason": "少记一笔"},
        )
        disagree_url = disagree["Location"]
        assert disagree_url != agree_url
        # The agreement's code does not sign the disagreement (unless both codes happen to be equal).
        agree_code, disagree_code = code_sent(_challenge(agree_url)), code_sent(_challenge(disagree_url))
        if agree_code != disagree_code:
            assert client.post(disagree_url, {"code": agree_code}).status_code == 200
        # A verified code offered to the service with another answer is refused, bound by the answer's digest.
        challenge = answer_challenge_verify(actor=client_a, challenge_id=_challenge(agree_url).pk, code=agree_code)
        with pytest.raises(BadSignature):
            confirmation_submit(
                actor=client_a,
                statement_id=statement_a.pk,
                decision="disagree",
                book_balance="1200000.00",
                reason="少记一笔",
                proof=CodeProof(challenge.pk),
            )
    assert _status(statement_a) == StatementStatus.DISPATCHED and not Confirmation.objects.exists()


def test_the_same_answer_asked_twice_sends_one_code(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        assert _ask(client, statement_a) == _ask(client, statement_a)
    assert SmsMessage.objects.filter(template=SmsTemplate.ANSWER_CODE).count() == 1


def test_codes_are_sent_in_quiet_hours(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(dt.datetime(2026, 10, 12, 23, 30, tzinfo=CST), tick=False):
        sign_redirect(client, client.post(reverse("portal:statement-agree", args=[statement_a.pk])))
    assert SmsMessage.objects.get(template=SmsTemplate.ANSWER_CODE).status == SmsStatus.SENT
    assert _status(statement_a) == StatementStatus.CONFIRMED


def test_without_a_mobile_the_page_says_what_to_do(client, client_a, statement_a):
    client_a.mobile = ""
    client_a.save()
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        page = client.post(reverse("portal:statement-agree", args=[statement_a.pk]), follow=True, **EN)
    assert "no mobile number is registered" in page.content.decode()
    assert not AnswerChallenge.objects.exists() and _status(statement_a) != StatementStatus.CONFIRMED


class _Down:
    name = "console"

    def send(self, **kwargs):
        raise SmsGatewayError("gateway down", code="unavailable", retryable=True)

    def lookup(self, out_id):
        return None


def test_when_the_gateway_fails_the_page_says_what_to_do(client, client_a, statement_a):
    client.force_login(client_a)
    set_backend_for_tests("console", _Down())
    try:
        with time_machine.travel(DURING, tick=False):
            url = _ask(client, statement_a, **EN)  # the refusal is flashed in the language of this request
            page = client.get(url, **EN).content.decode()
    finally:
        set_backend_for_tests("console", None)
    assert "could not be sent" in page and "call your branch" in page
    message = SmsMessage.objects.get(template=SmsTemplate.ANSWER_CODE)
    assert message.status == SmsStatus.FAILED and message.params == {"code": "******"}  # not retried, no code kept


def test_an_enrolled_authenticator_signs_without_an_sms(client, client_a, statement_a):
    device = TOTPDevice.objects.create(user=client_a, name="app", confirmed=True)
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _ask(client, statement_a)
        assert "authenticator" in client.get(url, **EN).content.decode()
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        assert client.post(url, {"code": code}).status_code == 302
    assert not SmsMessage.objects.filter(template=SmsTemplate.ANSWER_CODE).exists()
    assert Confirmation.objects.get(statement=statement_a).signed_with == "totp"


def test_the_code_page_is_its_signers_alone(client, client_a, client_b, ops, customer_a, statement_a):
    colleague = make_user("colleague_a", [Role.CLIENT_CONFIRMER], customer_a)
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _ask(client, statement_a)
        code = code_sent(_challenge(url))
        for other in (client_b, ops, colleague):
            client.force_login(other)
            assert client.get(url).status_code == 404
            assert client.post(url, {"code": code}).status_code == 404
            assert client.post(url, {"action": "resend"}).status_code == 404
    assert _status(statement_a) == StatementStatus.DISPATCHED and _challenge(url).attempts == 0


def test_a_password_only_bank_user_cannot_ask_for_a_code(client, ops, statement_a):
    client.force_login(ops)
    with time_machine.travel(DURING, tick=False):
        page = client.post(reverse("portal:statement-agree", args=[statement_a.pk]), follow=True, **EN)
        with pytest.raises(ServiceError):
            answer_challenge_start(actor=ops, statement_id=statement_a.pk, decision="agree")
    assert "Only a confirmer" in page.content.decode() and not AnswerChallenge.objects.exists()


@pytest.mark.parametrize("reason", [*FORMULA_TEXTS[:3], "<script>alert(1)</script>"])
def test_hostile_text_in_the_answer_is_shown_as_text_and_signed_as_given(client, client_a, statement_a, reason):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        asked = client.post(
            reverse("portal:statement-disagree", args=[statement_a.pk]),
            {"book_balance": "1,200,000.00", "reason": reason},
        )
        page = client.get(asked["Location"]).content.decode()
        assert "<script>alert(1)</script>" not in page
        for junk in ("1" * 5000, "12345\x00", "١٢٣٤٥٦", ""):
            assert client.post(asked["Location"], {"code": junk}).status_code in (
                200,
                400,
            )  # 400: a NUL is refused before the view
        sign_redirect(client, asked)
    assert Confirmation.objects.get(statement=statement_a).reason == reason


def test_a_nul_in_the_reason_is_refused_before_a_code_is_sent(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        page = client.post(
            reverse("portal:statement-disagree", args=[statement_a.pk]),
            {"book_balance": "1,200,000.00", "reason": "a\x00b"},
        )
    assert page.status_code in (200, 400) and not AnswerChallenge.objects.exists()


def test_audit_verify_finds_a_signed_answer_changed_afterwards(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        sign_redirect(
            client,
            client.post(
                reverse("portal:statement-disagree", args=[statement_a.pk]),
                {"book_balance": "1,200,000.00", "reason": "少记一笔"},
            ),
        )
    call_command("audit_verify", stdout=io.StringIO())
    Confirmation.objects.filter(statement=statement_a).update(book_balance="1250001.00")
    with pytest.raises(CommandError, match="no longer has the digest"):
        call_command("audit_verify", stdout=io.StringIO())


def test_codes_asked_for_too_often_are_refused(client_a, statement_a):
    from statements.services.answer_codes import MAX_CHALLENGES

    with time_machine.travel(DURING, tick=False):
        for n in range(MAX_CHALLENGES):  # ten different answers (another book balance each)
            answer_challenge_start(
                actor=client_a,
                statement_id=statement_a.pk,
                decision="disagree",
                book_balance=f"{1000 + n}.00",
                reason="x",
            )
        with pytest.raises(ServiceError, match="wait a few minutes"):
            answer_challenge_start(actor=client_a, statement_id=statement_a.pk, decision="agree")
    with time_machine.travel(DURING + dt.timedelta(minutes=11), tick=False):
        answer_challenge_start(actor=client_a, statement_id=statement_a.pk, decision="agree")
    assert SmsMessage.objects.filter(template=SmsTemplate.ANSWER_CODE).count() == MAX_CHALLENGES + 1


def test_the_approval_of_a_pending_answer_is_signed_with_the_approvers_code(client, client_a, customer_a, statement_a):
    customer_a.requires_approval = True
    customer_a.save()
    approver = make_user("approver_a", [Role.CLIENT_CONFIRMER], customer_a)
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        sign_redirect(client, client.post(reverse("portal:statement-agree", args=[statement_a.pk])))
        assert _status(statement_a) == StatementStatus.DISPATCHED  # waits for the second confirmer
        client.force_login(approver)
        asked = client.post(reverse("portal:statement-review", args=[statement_a.pk]), {"approve": "1"})
        assert "/answers/sign/" in asked["Location"] and _status(statement_a) == StatementStatus.DISPATCHED
        page = client.get(asked["Location"], **EN).content.decode()
        assert "You approve this answer" in page
        assert sign_redirect(client, asked).status_code == 302
    assert _status(statement_a) == StatementStatus.CONFIRMED
    answer = Confirmation.objects.get(statement=statement_a)
    masked = f"{approver.mobile[:3]}****{approver.mobile[-4:]}"
    assert (answer.approved_by, answer.approval_signed_with, answer.approval_signed_phone) == (approver, "sms", masked)
    assert answer.approval_challenge.user == approver and answer.challenge.user == client_a
    event = AuditEvent.objects.get(action="confirmation.approved")
    assert event.after["signature"]["phone"] == masked
    client.force_login(approver)  # the session began on the travelled clock
    response = client.get(reverse("portal:statement-receipt", args=[statement_a.pk]))
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "复核签署方式" in text and masked in text
    out = io.StringIO()
    with translation.override("en"):  # the report speaks the active language
        call_command("audit_verify", stdout=out)
    assert "signed answers: intact" in out.getvalue()


def test_the_submitter_cannot_approve_and_a_rejection_needs_no_code(client, client_a, customer_a, statement_a):
    customer_a.requires_approval = True
    customer_a.save()
    approver = make_user("approver_a", [Role.CLIENT_CONFIRMER], customer_a)
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        sign_redirect(client, client.post(reverse("portal:statement-agree", args=[statement_a.pk])))
        own = client.post(reverse("portal:statement-review", args=[statement_a.pk]), {"approve": "1"}, **EN)
        assert own["Location"] == reverse("portal:statement-detail", args=[statement_a.pk])
        client.force_login(approver)
        client.post(reverse("portal:statement-review", args=[statement_a.pk]), {"approve": "0"})
    assert Confirmation.objects.get(statement=statement_a).status == "rejected"
    assert AnswerChallenge.objects.filter(user=approver).count() == 0
