"""Operations against the real services: /readyz with a real worker's heartbeat and a broker that goes away, and a
PostgreSQL backup restored into a second database (pg_dump/pg_restore) compared with the original."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from statements.services.publishing import statement_run_start
from system.models import Heartbeat
from system.services import BEAT, heartbeat_record
from system.tasks import heartbeat_task
from tests.integration.conftest import _database_url
from tests.integration.support import ensure_calendar, last_finished_month, make_due_accounts, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own (the shared one is never stopped), killed by the test."""
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    wait_until(lambda: _pings(redis, url), timeout=20, what="the test's redis-server to start")
    yield proc, url
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def _pings(redis_module, url: str) -> bool:
    try:
        return bool(redis_module.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:  # noqa: BLE001 - not up yet
        return False


def test_readyz_sees_the_workers_heartbeat_and_names_the_broker_when_it_goes_away(
    celery_workers, own_redis, settings, tmp_path
):
    ensure_calendar()
    proc, url = own_redis
    queue = celery_workers.queue()
    celery_workers.start(queue)
    settings.HEALTH_QUEUES = [queue]
    settings.MEDIA_ROOT = tmp_path
    heartbeat_task.apply_async(args=[queue], queue=queue)
    wait_until(
        lambda: Heartbeat.objects.filter(name=f"queue:{queue}").exists(),
        timeout=60,
        what="the worker to record the heartbeat",
    )
    heartbeat_record(name=BEAT)  # beat itself is not running in this test
    # The broker /readyz checks is this test's own Redis (only around the requests: the workers' clean-up at the
    # end uses the shared broker).
    with override_settings(CELERY_BROKER_URL=url):
        response = Client().get("/readyz")
        assert response.status_code == 200, response.content
        assert response.json()["checks"][f"queue:{queue}"]["ok"] is True
        proc.kill()
        proc.wait(timeout=10)
        response = Client().get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"]["error"].startswith("the Celery broker does not answer")
    assert str(proc.args[2]) not in response.content.decode()  # the port, like any address, is not shown


def _table_counts(dbname: str) -> dict[str, int]:
    s = connection.settings_dict
    with psycopg.connect(
        host=s.get("HOST") or "127.0.0.1",
        port=s.get("PORT") or 5432,
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        dbname=dbname,
    ) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        out = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        out["audit chain"] = conn.execute(
            "SELECT md5(string_agg(hash, ',' ORDER BY seq)) FROM reconcile_auditevent"
        ).fetchone()[0]
        return out


@pytest.fixture
def second_database():
    s = connection.settings_dict
    name = f"{s['NAME']}_restore"
    admin = dict(
        host=s.get("HOST") or "127.0.0.1",
        port=s.get("PORT") or 5432,
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restored_into_a_second_database_is_the_same(second_database, settings, tmp_path):
    from tests.integration.support import eager_tasks

    ensure_calendar()
    period, end = last_finished_month()
    make_due_accounts(6, period_end=end, prefix=71)
    settings.MEDIA_ROOT = tmp_path / "media"
    with eager_tasks():
        statement_run_start(actor=None, period=period)
    pdfs = sorted(p for p in (tmp_path / "media").rglob("*.pdf"))
    assert pdfs, "publishing rendered no PDF"

    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    assert (backup / "database.dump").is_file()

    restored_media = tmp_path / "restored-media"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "MEDIA_ROOT": str(restored_media),
            "DATABASE_URL": _database_url({**connection.settings_dict, "NAME": second_database}),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "审计链完整" in result.stdout  # the commands speak Chinese by default

    assert _table_counts(second_database) == _table_counts(connection.settings_dict["NAME"])
    verify = subprocess.run(
        [sys.executable, "manage.py", "audit_verify"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    # the command speaks the product's language (Chinese by default); exit 0 is the verdict
    assert verify.returncode == 0 and "审计链完整" in verify.stdout, verify.stderr
    for pdf in pdfs:
        copy = restored_media / pdf.relative_to(tmp_path / "media")
        assert copy.read_bytes() == pdf.read_bytes()
    # A second restore into the now filled database is refused.
    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=ROOT,
        env=env | {"MEDIA_ROOT": str(tmp_path / "other")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode != 0 and "不是空库" in again.stderr


def test_a_tasks_log_lines_in_the_worker_carry_the_id_of_the_request_that_started_it(
    celery_workers, account_a, accountant_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    from reconcile.models import Import

    worker = celery_workers.start()
    api = APIClient()
    api.force_authenticate(accountant_a)
    csv = "交易日期,摘要,借方发生额,贷方发生额\n2026-10-09,手续费,15.00,\n".encode()
    upload = SimpleUploadedFile("fees.csv", csv, content_type="text/csv")
    response = api.post(
        "/api/v1/imports/upload/",
        {"kind": "bank", "file": upload, "account": account_a.number},
        format="multipart",
        HTTP_X_REQUEST_ID="erp-upload-20261009-0001",
    )
    assert response.status_code == 202, response.content
    assert response["X-Request-ID"] == "erp-upload-20261009-0001"
    pk = response.json()["id"]
    wait_until(lambda: Import.objects.get(pk=pk).status != "pending", timeout=60, what="the worker to import")
    wait_until(lambda: "succeeded" in worker.log_text(), timeout=30, what="the worker to log the task's end")
    # The lines written while the task ran (the worker's "received" line comes before, from its own loop).
    lines = [
        line
        for line in worker.log_text().splitlines()
        if "reconcile.import_process[" in line and "received" not in line
    ]
    assert lines and any("succeeded" in line for line in lines), worker.log_text()[-2000:]
    assert all(f"[erp-upload-20261009-0001 u={accountant_a.pk} c={account_a.customer_id}]" in line for line in lines)
