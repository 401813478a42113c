"""A client signs an answer in a real browser with the one-time code sent by SMS (read from the outbox, as the phone
would show it): a wrong code and an expired code are refused, a new code signs, the receipt carries the signature."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.utils import timezone
from pypdf import PdfReader

from statements.models import AnswerChallenge, BalanceStatement, Confirmation, SmsMessage, SmsTemplate, StatementStatus
from tests.browser.support import download, expect, log_in, publish_last_month, sign_answer, submit, tr
from tests.fixtures.signing import code_sent


def _challenge(page) -> AnswerChallenge:
    return AnswerChallenge.objects.get(pk=int(re.search(r"/answers/sign/(\d+)/", page.url).group(1)))


def _enter(page, code: str) -> None:
    page.get_by_label(tr("Code"), exact=True).fill(code)
    submit(page, page.get_by_role("button", name=tr("Sign and send the answer")))


def test_a_client_signs_with_the_sms_code_after_a_wrong_and_an_expired_one(page, shot, client_a, account_a):
    statement = publish_last_month({account_a: "1250000.00"})[account_a.pk]
    masked = f"{client_a.mobile[:3]}****{client_a.mobile[-4:]}"
    log_in(page, "client_a")
    page.get_by_role("link", name=statement.number, exact=True).click()
    page.get_by_role("link", name="相符：余额一致").click()
    submit(page, page.get_by_role("button", name="是，余额相符"))

    # The code page: what is being signed, where the code went; nothing counts yet.
    page.wait_for_url(re.compile(r"/answers/sign/\d+/$"))
    card = page.locator("section.card")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("Sign your answer"))
    expect(card).to_contain_text(masked)
    expect(card).to_contain_text("1,250,000.00")
    expect(card).to_contain_text(statement.number)
    shot(page, "code-step")
    challenge = _challenge(page)
    first = code_sent(challenge)
    assert SmsMessage.objects.get(template=SmsTemplate.ANSWER_CODE).phone == client_a.mobile

    # A wrong code: refused, four tries left, the statement still open.
    _enter(page, f"{(int(first) + 1) % 1_000_000:06d}")
    expect(page.get_by_role("alert")).to_have_text(tr("The code is not right: %(n)d tries left.") % {"n": 4})
    shot(page, "wrong-code")
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.VIEWED

    # Five minutes pass (the code's clock is moved back; the live server runs on the real clock): the right code has
    # expired and is refused.
    back = dt.timedelta(minutes=5, seconds=1)
    AnswerChallenge.objects.filter(pk=challenge.pk).update(
        created_at=challenge.created_at - back,
        last_sent_at=challenge.last_sent_at - back,
        expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    _enter(page, first)
    expect(page.get_by_role("alert")).to_have_text(
        tr("The code has expired (codes are valid for 5 minutes). Send a new code.")
    )
    shot(page, "expired-code")
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.VIEWED

    # A new code (more than 60 seconds after the first) signs the answer.
    submit(page, page.get_by_role("button", name=tr("Send a new code")))
    expect(page.locator(".messages")).to_contain_text(tr("A new code was sent to %(p)s.") % {"p": masked})
    assert SmsMessage.objects.filter(template=SmsTemplate.ANSWER_CODE).count() == 2
    sign_answer(page)
    page.wait_for_url(re.compile(rf"/statements/{statement.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("感谢您的确认：余额相符。")
    expect(page.locator(".status")).to_have_text("已确认（相符）")
    expect(page.locator(".signature")).to_contain_text(masked)
    shot(page, "signed")
    answer = Confirmation.objects.get(statement=statement)
    assert (answer.signed_with, answer.signed_phone, answer.challenge_id) == ("sms", masked, challenge.pk)

    data, _name = download(page, lambda: page.get_by_role("link", name="下载回复回执").click())
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "短信验证码" in text and masked in text
