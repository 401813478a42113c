"""The code form against what people (and attackers) type: a code that is not 6 digits at all (letters, too short or
too long, empty, a NUL byte, other scripts' digits) is refused with a message in the page's language and is not
counted as a wrong code, so a typo of the form never locks the answer; full-width digits (a Chinese input method's
０-９) and spaces are read as the code they are. Every 6-digit guess is still counted: 5 wrong ones lock the answer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from core.models import AuditEvent
from statements.models import AnswerChallenge, BalanceStatement, ChallengeStatus, StatementStatus
from tests.fixtures.signing import code_sent

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=CST)
EN = {"headers": {"accept-language": "en"}}
ZH = {"headers": {"accept-language": "zh-hans"}}
TYPOS = [
    "12a456",
    "abcdef",
    "12 34 5",  # five digits once the spaces are gone
    "1234567",
    "",
    "１２３４５",  # five full-width digits
    "123-456",
    "<script>alert(1)</script>",
    "١٢٣٤٥٦",  # Arabic-Indic digits: not what the SMS shows
    "1" * 5000,  # the view reads 20 characters at most
    "' OR 1=1 --",
]


@pytest.fixture
def statement_a(published, customer_a):
    return published[customer_a.pk]


def _code_page(client, statement) -> str:
    response = client.post(reverse("portal:statement-agree", args=[statement.pk]))
    assert response.status_code == 302 and "/answers/sign/" in response["Location"], response
    return response["Location"]


def _challenge(url: str) -> AnswerChallenge:
    return AnswerChallenge.objects.get(pk=int(re.search(r"/answers/sign/(\d+)/", url).group(1)))


def test_typos_of_the_form_are_named_and_never_lock_the_answer(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _code_page(client, statement_a)
        for typo in TYPOS:
            page = client.post(url, {"code": typo}, **EN)
            assert page.status_code == 200, typo
            assert "A code is 6 digits (0-9); what was typed is not." in page.content.decode(), typo
        challenge = _challenge(url)
        assert (challenge.status, challenge.attempts) == (ChallengeStatus.OPEN, 0)
        assert not AuditEvent.objects.filter(action="answer_code.failed").exists()
        signed = client.post(url, {"code": code_sent(challenge)})
    assert signed.status_code == 302
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.CONFIRMED


def test_the_chinese_page_says_it_in_chinese(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _code_page(client, statement_a)
        body = client.post(url, {"code": "12a456"}, **ZH).content.decode()
    assert "验证码为 6 位数字（0-9）" in body and "A code is" not in body


def test_full_width_digits_and_spaces_are_the_code(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _code_page(client, statement_a)
        code = code_sent(_challenge(url))
        full_width = " ".join(chr(ord(digit) - ord("0") + ord("０")) for digit in code)  # "１ ２ ３ ..."
        signed = client.post(url, {"code": f"\u3000{full_width}\t"})
    assert signed.status_code == 302
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.CONFIRMED


def test_a_nul_byte_is_refused_without_a_500_and_without_counting(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _code_page(client, statement_a)
        page = client.post(url, {"code": "123\x00456"}, **EN)
    assert page.status_code in (200, 400)
    assert _challenge(url).attempts == 0 and _challenge(url).status == ChallengeStatus.OPEN


def test_a_wrong_six_digit_code_is_still_counted(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _code_page(client, statement_a)
        code = code_sent(_challenge(url))
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        page = client.post(url, {"code": wrong}, **EN)
    assert "The code is not right: 4 tries left." in page.content.decode()
    assert _challenge(url).attempts == 1


def test_the_browser_leaves_the_judgement_to_the_page(client, client_a, statement_a):
    """No pattern on the field: a browser's own refusal is in the browser's language, says only "match the requested
    format", and would stop the full-width digits the server reads as the code."""
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _code_page(client, statement_a)
        body = client.get(url).content.decode()
    field = re.search(r'<input id="id_code"[^>]*>', body)
    assert field is not None and "pattern=" not in field.group(0) and 'inputmode="numeric"' in field.group(0)


def test_every_form_a_six_digit_guess_can_take_is_counted_and_five_lock(client, client_a, statement_a):
    """Malformed codes are free, so a guess must not be one: full-width, spaced, superscript (NFKC makes them ASCII)
    or ideographic-space padded wrong codes each count, and the fifth locks the answer even for the right code."""
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        url = _code_page(client, statement_a)
        code = code_sent(_challenge(url))
        wrongs = [f"{(int(code) + k) % 1_000_000:06d}" for k in range(1, 6)]
        forms = [
            "".join(chr(ord(d) - ord("0") + ord("０")) for d in wrongs[0]),
            " ".join(wrongs[1]),
            wrongs[2].translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")),
            f"\u3000{wrongs[3]}\u3000",
            f"{wrongs[4][:3]}\t{wrongs[4][3:]}",
        ]
        for tries, guess in enumerate(forms, start=1):
            client.post(url, {"code": guess}, **EN)
            assert _challenge(url).attempts == tries, guess
        assert _challenge(url).status == ChallengeStatus.LOCKED
        client.post(url, {"code": code}, **EN)
    assert BalanceStatement.objects.get(pk=statement_a.pk).status != StatementStatus.CONFIRMED
