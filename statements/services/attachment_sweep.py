"""Removing uploaded files that no record holds (a disagreement's attachment whose answer was never given).

A disagreement's attachment is stored when its answer code is asked for, since the code signs the answer with the
file (``portal.forms.DisputeForm.kept_attachment``). An answer that is refused or whose code locks has its file
removed at once (``answer_codes._attachment_discard``), but a person who asks for the code and walks away leaves a
file that nothing refers to: the code expires after five minutes and nothing happens then. A written request for a
channel change is stored the same way, and a process killed between storing it and recording it leaves one too.

The daily sweep removes such files: under the folders these uploads go to, a file older than ``grace`` that no
confirmation, no change request and no code still open refers to. The grace (a day by default, far longer than a
code's five minutes) keeps it away from an upload whose request is still running. It is idempotent: a second run
finds nothing, and a file already gone is not an error. What it removed is audited (one event per run).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.services.audit import audit_record
from statements.models import AgreementChangeRequest, AnswerChallenge, ChallengeStatus, Confirmation

logger = logging.getLogger(__name__)

# The folders (under MEDIA_ROOT) whose files belong to a record; see ``portal.forms`` (``kept_attachment``,
# ``kept_written_request``). Nothing else under MEDIA_ROOT is touched (statement PDFs, imports, receipts).
SWEPT_FOLDERS = ("attachments", "change-requests")
GRACE = dt.timedelta(days=1)
# One audit event names at most this many files (the count is always complete).
NAMED_MAX = 200


def _candidates(root: Path, cutoff: float) -> list[str]:
    found: list[str] = []
    for folder in SWEPT_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            # Symbolic links are never followed nor removed: only files the portal wrote.
            if path.is_symlink() or not path.is_file():
                continue
            if path.stat().st_mtime < cutoff:
                found.append(path.relative_to(root).as_posix())
    return found


def _held(relatives: list[str], now: dt.datetime) -> set[str]:
    held: set[str] = set()
    for start in range(0, len(relatives), 500):
        chunk = relatives[start : start + 500]
        held.update(Confirmation.objects.filter(attachment__in=chunk).values_list("attachment", flat=True))
        held.update(
            AgreementChangeRequest.objects.filter(written_request__in=chunk).values_list("written_request", flat=True)
        )
    # A code still open signs its answer with the file: kept until it expires (then the next run removes it).
    for answer in AnswerChallenge.objects.filter(status=ChallengeStatus.OPEN, expires_at__gt=now).values_list(
        "answer", flat=True
    ):
        if isinstance(answer, dict) and answer.get("attachment"):
            held.add(str(answer["attachment"]))
    return held


def attachments_sweep(*, now: dt.datetime | None = None, grace: dt.timedelta = GRACE) -> int:
    """Remove the uploaded files older than ``grace`` that no record holds; returns how many were removed."""
    now = now or timezone.now()
    root = Path(settings.MEDIA_ROOT)
    candidates = _candidates(root, (now - grace).timestamp())
    if not candidates:
        return 0
    orphans = sorted(set(candidates) - _held(candidates, now))
    removed: list[str] = []
    for relative in orphans:
        try:
            (root / relative).unlink(missing_ok=True)
        except OSError as exc:  # a file that cannot be removed now is tried again by the next run
            logger.warning("orphan upload %s not removed: %s", relative, exc)
            continue
        removed.append(relative)
    if removed:
        with transaction.atomic():
            audit_record(
                actor=None,
                action="uploads.orphans_removed",
                target_type="media",
                target_id="attachments",
                after={"count": len(removed), "files": removed[:NAMED_MAX]},
            )
    return len(removed)
