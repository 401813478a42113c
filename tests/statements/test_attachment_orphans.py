"""A dispute attachment is stored when the code that signs the answer is asked for (the code signs the answer with
it). An answer that is then never given (refused at the last step, its code locked) or asked for again with another
file left the stored file behind for good, held by no answer: it is removed; a given answer keeps its file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from statements.models import AnswerChallenge, ChallengeStatus, Confirmation
from tests.fixtures.signing import code_sent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=CST)
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and "attachments" in p.parts)


def _disagree(client, statement, name: str = "evidence.png"):
    return client.post(
        reverse("portal:statement-disagree", args=[statement.pk]),
        {"book_balance": "1,200,000.00", "reason": "少记一笔", "attachment": SimpleUploadedFile(name, PNG)},
    )


@pytest.fixture
def statement_a(published, customer_a):
    return published[customer_a.pk]


def test_an_answer_refused_at_the_last_step_leaves_no_attachment(
    client, client_a, statement_a, settings, django_capture_on_commit_callbacks
):
    root = Path(settings.MEDIA_ROOT)
    due = dt.datetime.combine(statement_a.due_date, dt.time(23, 58), tzinfo=CST)
    client.force_login(client_a)
    with time_machine.travel(due, tick=False):
        asked = _disagree(client, statement_a)
        assert asked.status_code == 302
    challenge = AnswerChallenge.objects.get()
    assert _files(root) == [challenge.answer["attachment"]]
    with (
        time_machine.travel(due + dt.timedelta(minutes=3), tick=False),  # the code is valid, the answer late
        django_capture_on_commit_callbacks(execute=True),
    ):
        page = client.post(asked["Location"], {"code": code_sent(challenge)}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and not Confirmation.objects.exists()
    assert _files(root) == []


def test_a_locked_code_leaves_no_attachment(
    client, client_a, statement_a, settings, django_capture_on_commit_callbacks
):
    root = Path(settings.MEDIA_ROOT)
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        asked = _disagree(client, statement_a)
        right = code_sent(AnswerChallenge.objects.get())
        wrong = "000000" if right != "000000" else "111111"
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(5):
                client.post(asked["Location"], {"code": wrong})
    assert AnswerChallenge.objects.get().status == ChallengeStatus.LOCKED
    assert _files(root) == []


def test_the_same_answer_asked_for_again_keeps_the_file_attached_last(
    client, client_a, statement_a, settings, django_capture_on_commit_callbacks
):
    root = Path(settings.MEDIA_ROOT)
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        first = _disagree(client, statement_a, "first.png")
        with django_capture_on_commit_callbacks(execute=True):
            again = _disagree(client, statement_a, "second.png")
        assert first["Location"] == again["Location"]  # the open code is reused, no second SMS
        challenge = AnswerChallenge.objects.get()
        assert _files(root) == [challenge.answer["attachment"]]
        client.post(again["Location"], {"code": code_sent(challenge)})
    answer = Confirmation.objects.get(statement=statement_a)
    assert answer.attachment == challenge.answer["attachment"] and _files(root) == [answer.attachment]
