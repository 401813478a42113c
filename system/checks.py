"""The readiness checks behind /readyz and ``manage.py doctor``: each says ok or not and why, nothing secret.

Errors are reported by kind (the exception's class and a fixed sentence), never with their message: a database
error can name hosts and users. The full error goes to the log.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass
class Check:
    name: str
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, **self.detail}


def _failed(name: str, what: str, exc: BaseException) -> Check:
    log.warning("readiness check %s failed: %s: %s: %s", name, what, type(exc).__name__, exc)
    return Check(name, False, {"error": f"{what} ({type(exc).__name__})"})


def check_database() -> Check:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is "not ready"
        return _failed("database", "the database does not answer", exc)
    return Check("database", True, {"vendor": connection.vendor})


def check_cache() -> Check:
    from django.core.cache import cache

    token = uuid.uuid4().hex
    try:
        cache.set("system:readyz", token, 30)
        if cache.get("system:readyz") != token:
            return Check("cache", False, {"error": "the cache did not return what was written"})
    except Exception as exc:  # noqa: BLE001
        return _failed("cache", "the cache does not answer", exc)
    return Check("cache", True, {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]})


def tasks_are_eager() -> bool:
    from config.celery import app

    return bool(app.conf.task_always_eager)


def check_broker() -> Check:
    if tasks_are_eager():
        return Check("broker", True, {"mode": "eager: tasks run inside the web process, no broker"})
    url = settings.CELERY_BROKER_URL
    timeout = settings.HEALTH_BROKER_TIMEOUT
    try:
        if url.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
            try:
                client.ping()
            finally:
                client.close()
        else:
            from kombu import Connection

            with Connection(url, connect_timeout=timeout) as conn:
                conn.ensure_connection(max_retries=1)
    except Exception as exc:  # noqa: BLE001
        return _failed("broker", "the Celery broker does not answer", exc)
    return Check("broker", True)


def _age(seen: dt.datetime | None, now: dt.datetime) -> float | None:
    return None if seen is None else round((now - seen).total_seconds(), 1)


def check_heartbeats(now: dt.datetime | None = None) -> list[Check]:
    """Each worker queue's last heartbeat and beat's last tick, against ``HEALTH_HEARTBEAT_MAX_AGE``."""
    from system.models import Heartbeat
    from system.services import BEAT, queue_heartbeat_name

    names = [(f"queue:{queue}", queue_heartbeat_name(queue)) for queue in settings.HEALTH_QUEUES] + [("beat", BEAT)]
    if tasks_are_eager():
        return [Check(label, True, {"mode": "eager: no worker or beat process"}) for label, _ in names]
    now = now or timezone.now()
    try:
        seen = dict(Heartbeat.objects.filter(name__in=[name for _, name in names]).values_list("name", "seen_at"))
    except Exception as exc:  # noqa: BLE001
        return [_failed(label, "heartbeats cannot be read from the database", exc) for label, _ in names]
    limit = settings.HEALTH_HEARTBEAT_MAX_AGE
    checks = []
    for label, name in names:
        at = seen.get(name)
        age = _age(at, now)
        detail: dict[str, Any] = {
            "last_seen": at.isoformat() if at else None,
            "age_seconds": age,
            "max_age_seconds": limit,
        }
        if at is None:
            detail["error"] = "never seen" if label != "beat" else "beat never ticked"
        elif age is not None and age > limit:
            detail["error"] = f"last seen {int(age)} s ago, more than {limit} s"
        checks.append(Check(label, "error" not in detail, detail))
    return checks


def calendar_coverage(today: dt.date | None = None) -> dict[str, Any]:
    """How far the working-day calendar reaches from today: the last covered day and the days left until then."""
    from statements.selectors import workday_calendar

    today = today or timezone.localdate()
    calendar = workday_calendar()
    year = today.year
    while calendar.is_loaded(year):
        year += 1
    covered_until = dt.date(year - 1, 12, 31) if year > today.year else None
    return {
        "calendar": calendar,
        "today": today,
        "covered_until": covered_until,
        "days_left": (covered_until - today).days if covered_until else 0,
    }


def check_calendar(today: dt.date | None = None) -> Check:
    from statements.calendar import YearNotLoaded

    try:
        coverage = calendar_coverage(today)
    except Exception as exc:  # noqa: BLE001
        return _failed("calendar", "the working-day calendar cannot be read", exc)
    calendar, today = coverage["calendar"], coverage["today"]
    need = settings.HEALTH_CALENDAR_WORKDAYS
    detail: dict[str, Any] = {
        "covered_until": coverage["covered_until"].isoformat() if coverage["covered_until"] else None,
        "days_left": coverage["days_left"],
        "workdays_needed": need,
    }
    try:
        detail["last_needed_workday"] = calendar.add_workdays(today, need).isoformat()
    except YearNotLoaded as exc:
        # /readyz is read in browsers and monitors: the page that loads it; doctor adds the command (SHELL_HINTS)
        detail["error"] = (
            f"the official schedule for {exc.year} is not loaded, so the next {need} working days "
            "cannot be counted: load it on the page /ops/workdays/"
        )
        return Check("calendar", False, detail)
    if coverage["days_left"] < settings.HEALTH_CALENDAR_WARN_DAYS:
        detail["warning"] = (
            f"the calendar runs out in {coverage['days_left']} days: load the schedule for "
            f"{coverage['covered_until'].year + 1} on the page /ops/workdays/"
        )
    return Check("calendar", True, detail)


def check_disk() -> Check:
    root = Path(settings.MEDIA_ROOT)
    minimum = settings.HEALTH_DISK_MIN_FREE_MB
    while not root.exists() and root.parent != root:
        root = root.parent  # not created yet (the first upload creates it): the disk it will be on
    try:
        usage = shutil.disk_usage(root)
    except OSError as exc:
        return _failed("disk", "MEDIA_ROOT cannot be read", exc)
    free_mb = usage.free // (1024 * 1024)
    detail: dict[str, Any] = {
        "free_mb": free_mb,
        "min_free_mb": minimum,
        "used_percent": round(100 * usage.used / usage.total, 1) if usage.total else None,
    }
    if not os.access(root, os.W_OK):
        detail["error"] = "MEDIA_ROOT is not writable by the portal"
    elif free_mb < minimum:
        detail["error"] = f"only {free_mb} MB free on MEDIA_ROOT's disk, less than {minimum} MB"
    return Check("disk", "error" not in detail, detail)


def run_checks() -> list[Check]:
    return [check_database(), check_cache(), check_broker(), *check_heartbeats(), check_calendar(), check_disk()]


def readiness() -> tuple[bool, dict[str, Any]]:
    checks = run_checks()
    failing = [check.name for check in checks if not check.ok]
    body = {
        "status": "ok" if not failing else "fail",
        "failing": failing,
        "checks": {check.name: check.as_dict() for check in checks},
    }
    return not failing, body
