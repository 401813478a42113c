"""Real Celery worker processes against the test PostgreSQL database and Redis.

`celery_worker_process` (session) is one worker on a queue of its own for light tasks. `celery_workers`
(per test) starts, kills (SIGKILL, like a crashed host) and restarts workers on dedicated queues; what
it started is stopped and its queues (and their unacknowledged messages) removed at the end of the test.
Every worker runs `worker_main.py`: PostgreSQL test database, this session's MEDIA_ROOT, and tasks it
enqueues itself stay on its own queue.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = Path(__file__).resolve().parent / "worker_main.py"
HOST = os.uname().nodename
_names = itertools.count(1)


def _database_url(db_settings: dict) -> str:
    user = quote(db_settings.get("USER") or "")
    password = db_settings.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = db_settings.get("HOST") or "127.0.0.1"
    port = db_settings.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db_settings['NAME']}"


def _require_services() -> None:
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not settings.CELERY_BROKER_URL:
        pytest.fail(
            "integration tests need DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis); they are set by .ci/run"
        )


@dataclass
class Worker:
    """One `celery worker` process (solo pool: the task runs in this very process)."""

    queue: str
    node: str
    proc: subprocess.Popen
    log: Path
    _log_file: object = field(repr=False, default=None)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_ready(self, timeout: float = 60) -> None:
        from config.celery import app

        deadline = time.monotonic() + timeout
        while True:
            if not self.alive():
                pytest.fail(
                    f"the Celery worker exited with {self.proc.returncode}; see {self.log}:\n" + self.log_text()[-3000:]
                )
            if app.control.ping(destination=[self.node], timeout=0.5):
                return
            if time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not answer a ping within {timeout} s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no ack, an open transaction is never committed.

        The whole process group: a worker started with beat runs it in a child process, which must die with it.
        """
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._kill_leftovers()
        self._close_log()

    def _kill_leftovers(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # a beat child the worker left behind
        except ProcessLookupError:
            pass

    def stop(self, timeout: float = 10) -> None:
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._kill_leftovers()
        self._close_log()

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


def _start_worker(
    queue: str, media_root: Path, *, clock_offset: float = 0.0, env: dict[str, str] | None = None, beat: bool = False
) -> Worker:
    """`env` overrides the environment (e.g. a broker of the test's own); `beat` runs Celery beat inside the worker."""
    from django.db import connection

    node = f"{queue}-w{next(_names)}@{HOST}"
    extra = env or {}
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(connection.settings_dict),  # the test database pytest created
            "MEDIA_ROOT": str(media_root),
            "PORTAL_TEST_WORKER_QUEUE": queue,
            "PORTAL_TEST_WORKER_NODE": node,
            "PORTAL_TEST_APP_CLOCK_OFFSET": str(clock_offset or ""),
            "PORTAL_TEST_WORKER_BEAT": "1" if beat else "",
        }
    )
    env.update(extra)
    log_path = ROOT / "var" / f"celery-worker-{node.split('@')[0]}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w")
    # A session (process group) of its own, so killing the worker kills what it started (beat) and nothing else.
    proc = subprocess.Popen(
        [sys.executable, str(LAUNCHER)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    return Worker(queue=queue, node=node, proc=proc, log=log_path, _log_file=log)


def purge_queue(queue: str) -> None:
    """Drop a test queue's messages and its unacknowledged (in-flight when a worker was killed) ones.

    Otherwise kombu would restore them into the dead queue an hour later, in whatever run is going on.
    """
    import redis
    from kombu.transport.redis import PRIORITY_STEPS, Channel

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        client.delete(
            queue,
            *(f"{queue}{Channel.sep}{p}" for p in PRIORITY_STEPS if p),
            # the bindings of the queue's own exchange
            Channel.keyprefix_queue % (queue,),
            Channel.keyprefix_binding_permanent % (queue,),
        )
        for tag, raw in client.hscan_iter(Channel.unacked_key):
            try:
                _message, exchange, routing_key = json.loads(raw)
            except (ValueError, TypeError):
                continue
            if queue in (routing_key, exchange):
                client.pipeline().zrem(Channel.unacked_index_key, tag).hdel(Channel.unacked_key, tag).execute()
    finally:
        client.close()


@pytest.fixture(scope="session")
def integration_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("integration-media")


@pytest.fixture(autouse=True)
def _shared_media_root(settings, integration_media_root):
    """The test process and every worker read and write the same MEDIA_ROOT (uploads, PDFs)."""
    settings.MEDIA_ROOT = integration_media_root


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, integration_media_root):
    """Start `celery worker` as a separate process on a queue of its own; stop it at the end."""
    from config.celery import app

    _require_services()
    queue = f"ci-{os.getpid()}"
    worker = _start_worker(queue, integration_media_root)
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        worker.wait_ready()
        yield {"queue": queue, "pid": worker.pid, "log": worker.log}
    finally:
        app.conf.task_default_queue = previous_queue
        worker.stop(timeout=20)
        purge_queue(queue)


class WorkerFactory:
    """Workers for one test. `queue()` names a fresh queue and sends this process's tasks there."""

    def __init__(self) -> None:
        from config.celery import app

        self._app = app
        self._previous_queue = app.conf.task_default_queue
        self.started: list[Worker] = []
        self.queues: set[str] = set()

    def queue(self) -> str:
        name = f"ci-{os.getpid()}-t{next(_names)}"
        self.queues.add(name)
        self._app.conf.task_default_queue = name
        return name

    def start(
        self,
        queue: str | None = None,
        *,
        clock_offset: float = 0.0,
        wait: bool = True,
        env: dict[str, str] | None = None,
        beat: bool = False,
    ) -> Worker:
        """A worker on `queue`. With `env` naming another broker (a Redis of the test's own), `wait` must be False:
        the ping goes through this process's broker."""
        queue = queue or self.queue()
        self.queues.add(queue)
        worker = _start_worker(queue, Path(settings.MEDIA_ROOT), clock_offset=clock_offset, env=env, beat=beat)
        self.started.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    def close(self) -> None:
        # The test is over: a warm shutdown (seconds, or a whole PDF batch) would only slow the suite down.
        for worker in self.started:
            worker.kill()
        for queue in self.queues:
            purge_queue(queue)
        self._app.conf.task_default_queue = self._previous_queue


@pytest.fixture
def celery_workers(django_db_setup, _shared_media_root):
    _require_services()
    factory = WorkerFactory()
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture
def redis_servers():
    """`redis_servers.start()`: a redis-server of the test's own on a free port, which the test may kill and start
    again (the same port); every one is killed at the end."""
    from tests.integration.servers import RedisServers

    servers = RedisServers()
    try:
        yield servers
    finally:
        servers.close()


@pytest.fixture
def web_servers(django_db_setup, _shared_media_root):
    """`web_servers.start(env=...)`: gunicorn serving the portal on the test database (one sync worker, so "the next
    request" is one process's); every one is stopped at the end."""
    from django.db import connection

    from tests.integration.servers import WebServers

    _require_services()
    servers = WebServers(database_url=_database_url(connection.settings_dict), media_root=Path(settings.MEDIA_ROOT))
    try:
        yield servers
    finally:
        servers.close()
