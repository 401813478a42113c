"""/healthz, /readyz and `manage.py doctor`: no login, nothing secret, 503 naming what is not fine."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from config.celery import app
from statements.models import WorkdayOverride
from system.models import Heartbeat
from system.services import BEAT, heartbeat_record, queue_heartbeat_name

pytestmark = pytest.mark.django_db

JUNE = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # 2026 and its next 30 days loaded
DECEMBER = dt.datetime(2026, 12, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # 2027 not in the library


def readyz(client: Client | None = None, path: str = "/readyz", **headers: str) -> tuple[int, dict]:
    response = (client or Client()).get(path, **headers)
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


@pytest.fixture
def with_workers(settings):
    """As in production: tasks go to a broker, workers and beat send heartbeats."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    settings.HEALTH_QUEUES = ["celery", "pdf"]
    settings.HEALTH_HEARTBEAT_MAX_AGE = 180
    settings.HEALTH_BROKER_TIMEOUT = 0.5
    yield settings
    app.conf.task_always_eager = previous


def test_healthz_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_ready_in_the_embedded_default(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(JUNE, tick=False):
        status, body = readyz()
    assert status == 200, body
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "broker", "queue:celery", "beat", "calendar", "disk"}
    assert body["checks"]["broker"]["mode"].startswith("eager")
    assert body["checks"]["calendar"]["covered_until"] == "2026-12-31"


def test_readyz_fails_naming_the_calendar_when_next_year_is_missing_and_recovers_once_loaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(DECEMBER, tick=False):
        status, body = readyz()
        assert status == 503 and body["failing"] == ["calendar"]
        calendar = body["checks"]["calendar"]
        # read in browsers and monitors: the page that loads it, not a shell command (doctor names that)
        assert "2027" in calendar["error"] and "/ops/workdays/" in calendar["error"]
        assert "manage.py" not in calendar["error"]
        assert calendar["days_left"] == 21 and calendar["covered_until"] == "2026-12-31"
        WorkdayOverride.objects.bulk_create(
            [
                WorkdayOverride(date=dt.date(2027, 1, 1), kind="holiday"),
                WorkdayOverride(date=dt.date(2027, 2, 17), kind="holiday"),
            ]
        )
        status, body = readyz()
    assert status == 200, body
    assert body["checks"]["calendar"]["covered_until"] == "2027-12-31"


def test_readyz_warns_weeks_ahead_without_failing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        status, body = readyz()
    assert status == 200
    assert "runs out in 59 days" in body["checks"]["calendar"]["warning"]


def test_readyz_names_the_broker_and_the_missing_heartbeats(with_workers, tmp_path):
    with_workers.MEDIA_ROOT = tmp_path
    with_workers.CELERY_BROKER_URL = "redis://:hunter2-secret@127.0.0.1:1/0"  # nothing listens on port 1
    with time_machine.travel(JUNE, tick=False):
        status, body = readyz()
    assert status == 503
    assert body["failing"] == ["broker", "queue:celery", "queue:pdf", "beat"]
    assert body["checks"]["broker"]["error"].startswith("the Celery broker does not answer")
    assert body["checks"]["queue:pdf"]["error"] == "never seen"
    text = json.dumps(body)
    for secret in ("hunter2", with_workers.SECRET_KEY, "127.0.0.1:1", str(with_workers.DATABASES["default"]["NAME"])):
        assert secret not in text


def test_readyz_reads_heartbeats_and_fails_a_stale_one(with_workers, tmp_path, monkeypatch):
    with_workers.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("system.checks.check_broker", lambda: __import__("system.checks").checks.Check("broker", True))
    with time_machine.travel(JUNE, tick=False):
        now = timezone.now()
        heartbeat_record(name=queue_heartbeat_name("celery"), at=now - dt.timedelta(seconds=30))
        heartbeat_record(name=queue_heartbeat_name("pdf"), at=now - dt.timedelta(seconds=600))
        heartbeat_record(name=BEAT, at=now - dt.timedelta(seconds=5))
        status, body = readyz()
    assert status == 503 and body["failing"] == ["queue:pdf"]
    assert body["checks"]["queue:celery"]["age_seconds"] == 30.0
    assert "600 s ago" in body["checks"]["queue:pdf"]["error"]


def test_readyz_names_a_full_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-yet-created"
    settings.HEALTH_DISK_MIN_FREE_MB = 10**12
    with time_machine.travel(JUNE, tick=False):
        status, body = readyz()
    assert status == 503 and body["failing"] == ["disk"]
    assert "MB free" in body["checks"]["disk"]["error"]


def test_readyz_needs_no_login_and_shows_the_same_to_everyone(settings, tmp_path, client_a, ops):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(JUNE, tick=False):
        anonymous = readyz()
        signed_in = Client()
        signed_in.force_login(client_a)
        as_client = readyz(signed_in)
    assert anonymous[0] == as_client[0] == 200
    assert set(anonymous[1]["checks"]) == set(as_client[1]["checks"])


def test_readyz_web_keeps_pages_served_through_what_only_delays_work(with_workers, tmp_path):
    """The load balancer's probe: a broker and workers gone and next year's calendar missing fail /readyz (for the
    monitors and ops), never /readyz/web, which would take every web server out and make a delay an outage."""
    with_workers.MEDIA_ROOT = tmp_path
    with_workers.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with time_machine.travel(DECEMBER, tick=False):
        full = readyz()
        web = readyz(path="/readyz/web")
    assert full[0] == 503 and full[1]["failing"] == ["broker", "queue:celery", "queue:pdf", "beat", "calendar"]
    assert web[0] == 200, web[1]
    assert web[1]["status"] == "ok" and set(web[1]["checks"]) == {"database", "cache", "disk"}


def test_readyz_web_fails_without_what_a_page_needs(settings, tmp_path, monkeypatch):
    from system.checks import Check

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("system.checks.check_database", lambda: Check("database", False, {"error": "OperationalError"}))
    with time_machine.travel(JUNE, tick=False):
        status, body = readyz(path="/readyz/web")
    assert status == 503 and body["status"] == "fail" and body["failing"] == ["database"]
    settings.MEDIA_ROOT = tmp_path / "not-yet-created"
    settings.HEALTH_DISK_MIN_FREE_MB = 10**12
    monkeypatch.undo()
    with time_machine.travel(JUNE, tick=False):
        status, body = readyz(path="/readyz/web")
    assert status == 503 and body["failing"] == ["disk"]


def test_readyz_web_is_the_same_to_everyone_and_reads_nothing_it_is_sent(settings, tmp_path, client_b, ops):
    """No login, so nothing of anyone's: anonymous, another customer's user and a bank user signed in with a password
    alone get the same checks; a formula in the query is not read, a NUL byte is refused (400, never a 500), a write with a huge body is
    refused (GET only) and nothing of the body comes back."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(JUNE, tick=False):
        answers = []
        for user in (None, client_b, ops):
            browser = Client()
            if user is not None:
                browser.force_login(user)
            answers.append(readyz(browser, path="/readyz/web?y==HYPERLINK(%22http://x%22)"))
        nul = Client().get("/readyz/web?x=%00")  # refused as unreadable input, as on every address
        posted = Client().post("/readyz/web", data="x" * 1_000_000, content_type="text/plain")
    assert {status for status, _ in answers} == {200}
    assert len({json.dumps(sorted(body["checks"])) for _, body in answers}) == 1
    assert all("HYPERLINK" not in json.dumps(body) for _, body in answers)
    assert nul.status_code == 400
    assert posted.status_code == 405 and b"xxxx" not in posted.content


def test_heartbeat_task_and_beat_scheduler_record_their_time(tmp_path):
    from system.beat import HeartbeatScheduler
    from system.tasks import heartbeat_task

    heartbeat_task.delay("celery")
    assert Heartbeat.objects.filter(name="queue:celery").exists()
    scheduler = HeartbeatScheduler(app=app, schedule_filename=str(tmp_path / "beat-schedule"), lazy=True)
    scheduler.setup_schedule()
    scheduler.tick()
    assert Heartbeat.objects.get(name=BEAT).seen_at <= timezone.now()
    scheduler.close()


def test_beat_sends_a_heartbeat_to_every_queue(settings):
    from django.conf import settings as live

    entries = {name: entry for name, entry in live.CELERY_BEAT_SCHEDULE.items() if name.startswith("heartbeat-")}
    assert {entry["options"]["queue"] for entry in entries.values()} == set(live.HEALTH_QUEUES)
    assert all(entry["task"] == "system.heartbeat" for entry in entries.values())
    assert live.CELERY_BEAT_SCHEDULER == "system.beat:HeartbeatScheduler"


def test_doctor_prints_every_check_and_exits_non_zero_naming_what_fails(settings, tmp_path, capsys, english):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(JUNE, tick=False):
        call_command("doctor")
    out = capsys.readouterr().out
    for name in ("database", "cache", "broker", "queue:celery", "beat", "calendar", "disk", "migrations"):
        assert name in out
    assert "All checks passed." in out
    with time_machine.travel(DECEMBER, tick=False), pytest.raises(CommandError, match="not fine: calendar"):
        call_command("doctor")
    out = capsys.readouterr().out
    assert "FAIL calendar" in out and "/ops/workdays/, or here: python manage.py workdays load FILE" in out


def test_the_readme_says_when_a_fresh_demo_fails_readyz_for_next_years_calendar(settings):
    """README (the demo, /readyz): with only the calendar the portal ships, /readyz fails on the calendar from
    2026-11-20 (30 working days ahead reach 2027) until next year's schedule is loaded."""
    from pathlib import Path

    from system.checks import check_calendar

    settings.HEALTH_CALENDAR_WORKDAYS = 30
    assert check_calendar(dt.date(2026, 11, 19)).ok
    failing = check_calendar(dt.date(2026, 11, 20))
    assert not failing.ok and "/ops/workdays/" in str(failing.detail)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "from 2026-11-20 on" in readme and "python manage.py workdays load FILE" in readme
