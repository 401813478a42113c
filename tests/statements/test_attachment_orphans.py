"""A dispute attachment is stored when the code that signs the answer is asked for (the code signs the answer with
it). An answer that is then never given (refused at the last step, its code locked) or asked for again with another
file left the stored file behind for good, held by no answer: it is removed; a given answer keeps its file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from statements.models import AgreementChangeRequest, AnswerChallenge, ChallengeStatus, Confirmation
from statements.services.attachment_sweep import attachments_sweep
from statements.tasks import attachments_sweep_task
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


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of the test's own: the sweep looks at every file of its folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def _age(root: Path, relative: str, days: float) -> None:
    """Set the file's time back, as a file stored ``days`` ago would be."""
    path = root / relative
    then = path.stat().st_mtime - days * 86400
    os.utime(path, (then, then))


def test_an_answer_whose_code_is_never_entered_has_its_file_removed_by_the_nightly_sweep(
    client, client_a, statement_a, media
):
    root = media
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        _disagree(client, statement_a)  # the code is sent; the person never enters it
    kept = AnswerChallenge.objects.get().answer["attachment"]
    # The same day the upload is left alone: its request may still be running (the grace is a day).
    assert attachments_sweep(now=timezone.now()) == 0 and _files(root) == [kept]
    _age(root, kept, 2)
    assert attachments_sweep(now=timezone.now()) == 1
    assert _files(root) == []
    event = AuditEvent.objects.get(action="uploads.orphans_removed")
    assert event.actor_id is None and event.after == {"count": 1, "files": [kept]}
    assert attachments_sweep(now=timezone.now()) == 0  # nothing left: a second run removes and records nothing
    assert AuditEvent.objects.filter(action="uploads.orphans_removed").count() == 1


def test_the_sweep_keeps_files_an_answer_a_change_request_or_an_open_code_holds(client, client_a, statement_a, media):
    root = media
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        asked = _disagree(client, statement_a)
        challenge = AnswerChallenge.objects.get()
        client.post(asked["Location"], {"code": code_sent(challenge)})
    given = Confirmation.objects.get(statement=statement_a).attachment
    request_file = "change-requests/7/request.pdf"
    (root / "change-requests/7").mkdir(parents=True)
    (root / request_file).write_bytes(b"%PDF-1.4 signed request")
    AgreementChangeRequest.objects.create(
        account=statement_a.account,
        contact_name="李强",
        mobile="+8613901234567",
        channel="paper",
        address="北京",
        written_request=request_file,
        requested_by=client_a,
    )
    waiting = "attachments/999/waiting.png"
    (root / "attachments/999").mkdir(parents=True)
    (root / waiting).write_bytes(PNG)
    AnswerChallenge.objects.filter(pk=challenge.pk).update(
        status=ChallengeStatus.OPEN, expires_at=timezone.now() + dt.timedelta(minutes=4), answer={"attachment": waiting}
    )
    elsewhere = "statements/2026/keep.pdf"  # not a folder of uploads: never touched
    (root / "statements/2026").mkdir(parents=True)
    (root / elsewhere).write_bytes(b"%PDF-1.4")
    for relative in (given, request_file, waiting, elsewhere):
        _age(root, relative, 30)
    assert attachments_sweep(now=timezone.now()) == 0
    assert all((root / r).exists() for r in (given, request_file, waiting, elsewhere))
    # Once the code has expired, its file is held by nothing.
    AnswerChallenge.objects.filter(pk=challenge.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert attachments_sweep(now=timezone.now()) == 1
    assert not (root / waiting).exists() and (root / given).exists() and (root / request_file).exists()


def test_the_sweep_never_follows_or_removes_a_symbolic_link(media, tmp_path):
    root = media
    target = tmp_path / "outside.txt"
    target.write_text("not the portal's")
    (root / "attachments/5").mkdir(parents=True)
    link = root / "attachments/5/link.png"
    link.symlink_to(target)
    os.utime(target, (0, 0))
    assert attachments_sweep(now=timezone.now(), grace=dt.timedelta(0)) == 0
    assert link.is_symlink() and target.exists()


def test_the_nightly_job_runs_the_sweep(settings, media):
    assert settings.CELERY_BEAT_SCHEDULE["attachments-sweep"]["task"] == "statements.attachments_sweep"
    root = media
    (root / "attachments/3").mkdir(parents=True)
    (root / "attachments/3/left.png").write_bytes(PNG)
    _age(root, "attachments/3/left.png", 3)
    assert attachments_sweep_task.delay().get() == 1
    assert not (root / "attachments/3/left.png").exists()
