"""A temporary file of the atomic write of the kept import bytes (``.<sha>-*.part``) is left behind when the process
is killed between writing and renaming; the hourly sweep removes such files once they are an hour old, and nothing
else."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time

import pytest

from core.models import AuditEvent
from reconcile.services.imports.receive import keep_bytes, storage_path
from reconcile.tasks import kept_parts_sweep_task

pytestmark = pytest.mark.django_db
DATA = b"2026-10-09,fee,15.00\n"


def _age(path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then), follow_symlinks=False)


def test_a_write_killed_before_its_rename_leaves_a_part_file_the_sweep_removes_an_hour_later(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sha = hashlib.sha256(DATA).hexdigest()
    # A writer killed (SIGKILL: no clean-up runs) after writing, before renaming into place.
    script = (
        "import os, django; django.setup(); "
        "from reconcile.services.imports import receive; "
        "os.replace = lambda *paths: os.kill(os.getpid(), 9); "
        f"receive.keep_bytes(sha256={sha!r}, data={DATA!r})"
    )
    env = {**os.environ, "MEDIA_ROOT": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    killed = subprocess.run([sys.executable, "-c", script], env=env, check=False, capture_output=True)
    assert killed.returncode == -9, killed.stderr
    folder = storage_path(sha).parent
    parts = [p for p in folder.iterdir() if p.name.endswith(".part")]
    assert len(parts) == 1 and parts[0].name.startswith(f".{sha[:12]}-") and parts[0].read_bytes() == DATA
    assert not storage_path(sha).exists()
    assert kept_parts_sweep_task.delay().get() == 0  # a fresh one may be a write still running
    _age(parts[0], 2)
    keep_bytes(sha256=sha, data=DATA)  # the kept file itself, old, and a fresh part of another write
    _age(storage_path(sha), 5)
    fresh = folder / f".{sha[:12]}-fresh.part"
    fresh.write_bytes(DATA)
    _age(fresh, 0.5)
    elsewhere = tmp_path / "imports" / "notes.part"
    elsewhere.write_bytes(b"x")
    _age(elsewhere, 3)
    assert kept_parts_sweep_task.delay().get() == 1
    assert not parts[0].exists() and fresh.exists() and elsewhere.exists()
    assert storage_path(sha).read_bytes() == DATA
    event = AuditEvent.objects.get(action="imports.parts_removed")
    assert event.after["count"] == 1 and parts[0].name in event.after["files"][0]
    assert kept_parts_sweep_task.delay().get() == 0  # idempotent


def test_a_linked_part_file_is_not_followed_nor_removed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "media" / "imports" / "ab"
    folder.mkdir(parents=True)
    target = tmp_path / "outside.txt"
    target.write_bytes(b"keep me")
    link = folder / ".abcdef012345-x.part"
    link.symlink_to(target)
    _age(link, 3)
    assert kept_parts_sweep_task.delay().get() == 0
    assert link.is_symlink() and target.read_bytes() == b"keep me"


def test_the_sweep_runs_every_hour(settings):
    from celery.schedules import crontab

    entry = settings.CELERY_BEAT_SCHEDULE["imports-parts-sweep"]
    assert entry["task"] == "reconcile.kept_parts_sweep" and entry["schedule"] == crontab(minute=20)


def test_no_imports_folder_yet_is_nothing_to_do(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert kept_parts_sweep_task.delay().get() == 0


def test_a_folder_that_cannot_be_read_is_left_for_the_next_run_and_the_others_are_swept(
    settings, tmp_path, monkeypatch
):
    """A folder the worker may not list (its permissions changed by hand) or that vanished since the listing stopped
    the whole sweep with an error, every hour, leaving every other folder's files."""
    from reconcile.services.imports import receive

    settings.MEDIA_ROOT = tmp_path
    parts = []
    for folder in ("aa", "bb", "cc"):
        (tmp_path / "imports" / folder).mkdir(parents=True)
        part = tmp_path / "imports" / folder / f".{folder * 6}-x.part"
        part.write_bytes(DATA)
        _age(part, 2)
        parts.append(part)
    real = os.scandir

    def scandir(path):
        if os.path.basename(path) == "aa":
            raise PermissionError(13, "Permission denied", str(path))
        if os.path.basename(path) == "bb":
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real(path)

    monkeypatch.setattr(receive.os, "scandir", scandir)
    assert kept_parts_sweep_task() == 1
    assert parts[0].exists() and parts[1].exists() and not parts[2].exists()
