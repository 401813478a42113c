"""A real Celery worker process against the test PostgreSQL database and Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _database_url(db_settings: dict) -> str:
    user = quote(db_settings.get("USER") or "")
    password = db_settings.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = db_settings.get("HOST") or "127.0.0.1"
    port = db_settings.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db_settings['NAME']}"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """Start `celery worker` as a separate process on a queue of its own; stop it at the end."""
    from django.db import connection

    from config.celery import app

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not settings.CELERY_BROKER_URL:
        pytest.fail("integration tests need DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis); "
                    "they are set by .ci/run")
    queue = f"ci-{os.getpid()}"
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    env["DATABASE_URL"] = _database_url(connection.settings_dict)  # the test database pytest created
    log_path = ROOT / "var" / f"celery-worker-{queue}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
         "-Q", queue, "-n", f"{queue}@%h", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the Celery worker exited with {proc.returncode}; see {log_path}:\n"
                            + log_path.read_text()[-3000:])
            replies = app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1.0)
            if replies:
                break
            if time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not answer a ping within 60 s; see {log_path}")
        yield {"queue": queue, "pid": proc.pid, "log": log_path}
    finally:
        app.conf.task_default_queue = previous_queue
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
