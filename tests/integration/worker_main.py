"""Entry point of the Celery workers the integration tests start (run as a script by conftest.py).

The same as `celery -A config worker`, plus what a test session needs:

* tasks the worker itself enqueues (a published chunk enqueues PDF rendering and the SMS outbox) go to
  the worker's own queue instead of the shared default `celery` queue, where nobody would consume them;
* PORTAL_TEST_WORKER_BEAT=1 runs Celery beat inside the worker (the job watchdogs, on the worker's own queue);
* PORTAL_TEST_APP_CLOCK_OFFSET (seconds) moves the application's clock (django.utils.timezone.now)
  only, e.g. out of the SMS quiet hours; Celery and the Redis transport keep the real clock, so message
  visibility timeouts and control pings are unaffected.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    queue = os.environ["PORTAL_TEST_WORKER_QUEUE"]
    node = os.environ["PORTAL_TEST_WORKER_NODE"]
    offset = float(os.environ.get("PORTAL_TEST_APP_CLOCK_OFFSET") or 0)
    if offset:
        from django.utils import timezone

        real_now = timezone.now
        timezone.now = lambda: real_now() + dt.timedelta(seconds=offset)

    from config.celery import app

    app.conf.task_default_queue = queue
    argv = [
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        node,
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
    ]
    if os.environ.get("PORTAL_TEST_WORKER_BEAT"):
        # Celery beat in this process (the job watchdogs), its schedule file beside the worker's log.
        argv += ["--beat", f"--schedule={ROOT / 'var' / ('celerybeat-' + node.split('@')[0])}"]
    app.worker_main(argv)


if __name__ == "__main__":
    main()
