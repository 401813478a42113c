"""Processes a fault test starts, kills and starts again: redis-servers of its own and gunicorn serving the portal.

Nothing here touches the machine's PostgreSQL or Redis: a test that needs a broker or a cache to go down gets a
redis-server of its own on a free port; the web server talks to the test database under an application_name of its
own, so a test can terminate exactly that server's database sessions.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / "var"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


# ---------------------------------------------------------------------------------------------------- redis


@dataclass
class RedisServer:
    """One redis-server without persistence: killed, it loses everything, like a broker restarted from scratch."""

    port: int
    proc: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self._answers, timeout=20, what=f"redis-server on port {self.port}")
        return self

    def _answers(self) -> bool:
        import redis

        if self.proc is not None and self.proc.poll() is not None:
            raise AssertionError(f"redis-server on port {self.port} exited with {self.proc.returncode}")
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL: gone at once, connections refused from now on."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)


class RedisServers:
    def __init__(self) -> None:
        self.started: list[RedisServer] = []

    def start(self) -> RedisServer:
        server = RedisServer(port=free_port()).start()
        self.started.append(server)
        return server

    def close(self) -> None:
        for server in self.started:
            server.kill()


# ---------------------------------------------------------------------------------------------------- web


@dataclass
class WebServer:
    """gunicorn with one sync worker serving `tests.integration.web_app` (the portal, test settings)."""

    port: int
    application_name: str
    proc: subprocess.Popen
    log: Path
    _log_file: object = field(repr=False, default=None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_ready(self, timeout: float = 60) -> None:
        def up() -> bool:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.proc.returncode}:\n{self.log_text()[-3000:]}")
            try:
                return requests.get(f"{self.url}/login/", timeout=5).status_code == 200
            except requests.RequestException:
                return False

        _wait(up, timeout=timeout, what=f"the web server on port {self.port}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


class WebServers:
    def __init__(self, *, database_url: str, media_root: Path) -> None:
        self.database_url = database_url
        self.media_root = media_root
        self.started: list[WebServer] = []

    def start(self, env: dict[str, str] | None = None) -> WebServer:
        port = free_port()
        name = f"portal-test-web-{os.getpid()}-{port}"
        separator = "&" if "?" in self.database_url else "?"
        environment = dict(os.environ)
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": f"{self.database_url}{separator}application_name={name}",
                "MEDIA_ROOT": str(self.media_root),
            }
        )
        environment.update(env or {})
        LOGS.mkdir(parents=True, exist_ok=True)
        log_path = LOGS / f"web-{port}.log"
        log = open(log_path, "w")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tests.integration.web_app:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "120",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = WebServer(port=port, application_name=name, proc=proc, log=log_path, _log_file=log)
        self.started.append(server)
        server.wait_ready()
        return server

    def close(self) -> None:
        for server in self.started:
            server.stop()


# ------------------------------------------------------------------------------------------------- browsing


_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def browser(*, language: str = "en") -> requests.Session:
    session = requests.Session()
    session.headers["Accept-Language"] = language
    return session


def form_token(session: requests.Session, url: str) -> str:
    """GET a page with a form; the CSRF token of its form (the cookie is kept by the session)."""
    page = session.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    found = _CSRF_FIELD.search(page.text)
    assert found, f"no CSRF token on {url}"
    return found.group(1)


def post_form(
    session: requests.Session, url: str, data: dict[str, str], *, form_url: str | None = None, **kwargs
) -> requests.Response:
    token = form_token(session, form_url or url)
    return session.post(url, data={**data, "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=60, **kwargs)


_CODE_SENT = re.compile(r"(?:验证码|\\u9a8c\\u8bc1\\u7801)(\d{6})")


def code_url(server: WebServer, asked: requests.Response) -> str:
    """The code page an answer page sent the person to (the answer waits for its one-time code there)."""
    location = asked.headers.get("Location", "")
    assert asked.status_code == 302 and "/answers/sign/" in location, (asked.status_code, asked.text[:500])
    return location if location.startswith("http") else f"{server.url}{location}"


def code_from_log(server: WebServer) -> str:
    """The last answer code the server's console SMS gateway sent (it logs each message it sends)."""
    codes = _CODE_SENT.findall(server.log_text())
    assert codes, "no answer code in the web server's log"
    return codes[-1]


def sign_answer(session: requests.Session, server: WebServer, asked: requests.Response) -> requests.Response:
    """Sign the answer ``asked`` (an answer page's redirect) with the code from the server's SMS log."""
    url = code_url(server, asked)
    return post_form(session, url, {"action": "sign", "code": code_from_log(server)})


def log_in(session: requests.Session, server: WebServer, username: str, password: str = "Test@2026!") -> None:
    answer = post_form(session, f"{server.url}/login/", {"username": username, "password": password})
    assert answer.status_code == 302, f"login of {username} answered {answer.status_code}:\n{answer.text[:2000]}"


def terminate_backends(application_name: str) -> int:
    """End the test web server's own PostgreSQL sessions (pg_terminate_backend), as a database restart would."""
    from tests.integration.support import raw_connection

    with raw_connection(autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s "
            "AND datname = current_database()",
            (application_name,),
        ).fetchall()
    return len(rows)


def backends_of(application_name: str) -> list[int]:
    from tests.integration.support import raw_connection

    with raw_connection(autocommit=True) as conn:
        return [
            pid
            for (pid,) in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND datname = current_database()",
                (application_name,),
            ).fetchall()
        ]
