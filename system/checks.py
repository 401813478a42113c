"""The readiness checks behind /readyz and ``manage.py doctor``: each says ok or not and why, nothing secret.

Errors are reported by kind (the exception's class and a fixed sentence), never with their message: a database
error can name hosts and users. The full error goes to the log.

/readyz is read by monitors: its sentences stay English. Each is also kept as a message id with its values
(``Check.texts``) for ``manage.py doctor``, which says them in the active language.
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
from django.utils.translation import gettext_noop

log = logging.getLogger(__name__)


@dataclass
class Check:
    name: str
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)
    # The detail's sentences by key (error, warning, mode, note): message ids and values, to be said in a language.
    texts: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, **self.detail}

    def say(self, key: str, message: str, **values: Any) -> Check:
        """Put a sentence (a gettext_noop message id) under ``key``, after those already there ("; "): in English in
        the detail, kept to be translated."""
        said = self.texts.setdefault(key, [])
        said.append((message, values))
        self.detail[key] = "; ".join(m % v for m, v in said)
        return self


def _failed(name: str, message: str, exc: BaseException) -> Check:
    """``message``: a fixed sentence ending with "(%(error)s)", the exception's class."""
    check = Check(name, False).say("error", message, error=type(exc).__name__)
    log.warning("readiness check %s failed: %s: %s", name, check.detail["error"], exc)
    return check


def check_database() -> Check:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is "not ready"
        return _failed("database", gettext_noop("the database does not answer (%(error)s)"), exc)
    return Check("database", True, {"vendor": connection.vendor})


def check_cache() -> Check:
    from django.core.cache import cache

    token = uuid.uuid4().hex
    try:
        cache.set("system:readyz", token, 30)
        if cache.get("system:readyz") != token:
            return Check("cache", False).say("error", gettext_noop("the cache did not return what was written"))
    except Exception as exc:  # noqa: BLE001
        return _failed("cache", gettext_noop("the cache does not answer (%(error)s)"), exc)
    return Check("cache", True, {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]})


def tasks_are_eager() -> bool:
    from config.celery import app

    return bool(app.conf.task_always_eager)


def check_broker() -> Check:
    if tasks_are_eager():
        return Check("broker", True).say("mode", gettext_noop("eager: tasks run inside the web process, no broker"))
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
        return _failed("broker", gettext_noop("the Celery broker does not answer (%(error)s)"), exc)
    return Check("broker", True)


def _age(seen: dt.datetime | None, now: dt.datetime) -> float | None:
    return None if seen is None else round((now - seen).total_seconds(), 1)


def check_heartbeats(now: dt.datetime | None = None) -> list[Check]:
    """Each worker queue's last heartbeat and beat's last tick, against ``HEALTH_HEARTBEAT_MAX_AGE``."""
    from system.models import Heartbeat
    from system.services import BEAT, queue_heartbeat_name

    names = [(f"queue:{queue}", queue_heartbeat_name(queue)) for queue in settings.HEALTH_QUEUES] + [("beat", BEAT)]
    if tasks_are_eager():
        return [Check(label, True).say("mode", gettext_noop("eager: no worker or beat process")) for label, _ in names]
    now = now or timezone.now()
    try:
        seen = dict(Heartbeat.objects.filter(name__in=[name for _, name in names]).values_list("name", "seen_at"))
    except Exception as exc:  # noqa: BLE001
        message = gettext_noop("heartbeats cannot be read from the database (%(error)s)")
        return [_failed(label, message, exc) for label, _ in names]
    limit = settings.HEALTH_HEARTBEAT_MAX_AGE
    checks = []
    for label, name in names:
        at = seen.get(name)
        age = _age(at, now)
        detail = {"last_seen": at.isoformat() if at else None, "age_seconds": age, "max_age_seconds": limit}
        check = Check(label, True, detail)
        if at is None:
            check.say("error", gettext_noop("never seen") if label != "beat" else gettext_noop("beat never ticked"))
        elif age is not None and age > limit:
            check.say(
                "error", gettext_noop("last seen %(age)s s ago, more than %(limit)s s"), age=int(age), limit=limit
            )
        check.ok = "error" not in check.detail
        checks.append(check)
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
        return _failed("calendar", gettext_noop("the working-day calendar cannot be read (%(error)s)"), exc)
    calendar, today = coverage["calendar"], coverage["today"]
    need = settings.HEALTH_CALENDAR_WORKDAYS
    check = Check(
        "calendar",
        True,
        {
            "covered_until": coverage["covered_until"].isoformat() if coverage["covered_until"] else None,
            "days_left": coverage["days_left"],
            "workdays_needed": need,
        },
    )
    try:
        check.detail["last_needed_workday"] = calendar.add_workdays(today, need).isoformat()
    except YearNotLoaded as exc:
        # /readyz is read in browsers and monitors: the page that loads it; doctor adds the command (SHELL_HINTS)
        check.ok = False
        return check.say(
            "error",
            gettext_noop(
                "the official schedule for %(year)s is not loaded, so the next %(need)s working days cannot be "
                "counted: load it on the page /ops/workdays/"
            ),
            year=exc.year,
            need=need,
        )
    if coverage["days_left"] < settings.HEALTH_CALENDAR_WARN_DAYS:
        check.say(
            "warning",
            gettext_noop(
                "the calendar runs out in %(days)s days: load the schedule for %(year)s on the page /ops/workdays/"
            ),
            days=coverage["days_left"],
            year=coverage["covered_until"].year + 1,
        )
    return check


def check_disk() -> Check:
    root = Path(settings.MEDIA_ROOT)
    minimum = settings.HEALTH_DISK_MIN_FREE_MB
    while not root.exists() and root.parent != root:
        root = root.parent  # not created yet (the first upload creates it): the disk it will be on
    try:
        usage = shutil.disk_usage(root)
    except OSError as exc:
        return _failed("disk", gettext_noop("MEDIA_ROOT cannot be read (%(error)s)"), exc)
    free_mb = usage.free // (1024 * 1024)
    check = Check(
        "disk",
        True,
        {
            "free_mb": free_mb,
            "min_free_mb": minimum,
            "used_percent": round(100 * usage.used / usage.total, 1) if usage.total else None,
        },
    )
    if not os.access(root, os.W_OK):
        check.say("error", gettext_noop("MEDIA_ROOT is not writable by the portal"))
    elif free_mb < minimum:
        check.say(
            "error",
            gettext_noop("only %(free)s MB free on MEDIA_ROOT's disk, less than %(minimum)s MB"),
            free=free_mb,
            minimum=minimum,
        )
    check.ok = "error" not in check.detail
    return check


def run_checks() -> list[Check]:
    return [check_database(), check_cache(), check_broker(), *check_heartbeats(), check_calendar(), check_disk()]


def web_checks() -> list[Check]:
    """What serving a page needs: the database, the cache (sessions, throttles) and a writable disk (uploads). A
    broker, worker or beat that is down, or next year's calendar not loaded, leaves every page served (the work waits
    for the job watchdog; a due date in a year not loaded is refused, naming it), so a load balancer that took the web
    servers out for one of those would turn a delay into an outage: it probes these alone (/readyz/web)."""
    return [check_database(), check_cache(), check_disk()]


def readiness(*, web: bool = False) -> tuple[bool, dict[str, Any]]:
    """The checks' verdict and /readyz's body; ``web``: only the checks serving a page needs (/readyz/web)."""
    checks = web_checks() if web else run_checks()
    failing = [check.name for check in checks if not check.ok]
    body = {
        "status": "ok" if not failing else "fail",
        "failing": failing,
        "checks": {check.name: check.as_dict() for check in checks},
    }
    return not failing, body
