"""CPU per request of the signed-in pages, split by stage, through the WSGI handler gunicorn calls.

    .venv/bin/python bench/web/cpu_split.py [--n 50] [--rounds 20] [--db NAME] [--keep-db] [--code DIR]

Where ``profile_web.py`` goes through Django's test client (which builds and parses every request and response
itself), this script calls ``config.wsgi``'s handler with WSGI environs as gunicorn hands them over (the production
middleware stack of ``bench.web.settings``, the session cookie of the seeded client, ``request_started`` /
``request_finished`` as in production), so nothing but the project runs in the measured process. Endpoints:
``bare+session`` (``/bench/bare/`` with the cookie: the ceiling of the 70% target), ``list`` (``/statements/``) and
``page`` (``/statements/<id>/``, the seeded client's statements, already viewed, ids cycling).

The endpoints alternate in ``--rounds`` rounds of ``--n`` requests each (so a shared machine's load falls on all of
them alike) and the median round of each is reported: ``time.process_time`` per request of this process, split into

* ``render``: the template engine (``django.template.backends.django.Template.render``, context processors included);
* ``view``: the view function without its render (its reads, ORM rows, formatting);
* ``stack``: the rest (WSGI handler, every middleware, the session, the user, response headers);

beside ``PG``, the CPU of the PostgreSQL backend serving the connection (``/proc``, 10 ms ticks: summed over all
rounds), and ``ratio``: bare+session's Django + PostgreSQL CPU over the endpoint's, what its requests/s would be
against bare+session on cores busy only with these processes (gunicorn's accept loop and the load generator's share,
about 0.5 ms a request here, are not in it, and would bring every ratio closer to 100%).

Set-up as in ``profile_web.py``: database ``bench_cpusplit_<pid>`` created, migrated and seeded, dropped at the end
(``--keep-db`` keeps it; ``--db NAME`` reuses a database kept by this script or by ``profile_web.py``, or creates,
seeds and keeps it under that name where it has no seed file yet). ``--code DIR`` measures the project in another
checkout (its views, templates and settings) with this script's method and database, so that two versions of the
code are compared under the same client: run it alternately with and without ``--code``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.dbsetup import PYTHON, _pg_admin, load_average, pg_url  # noqa: E402

HERE = Path(__file__).resolve().parent


class _Clock:
    """process_time spent inside wrapped calls, the outermost call counted once."""

    def __init__(self) -> None:
        self.total = 0.0
        self.depth = 0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.depth += 1
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.depth -= 1
                if not self.depth:
                    self.total += time.process_time() - start

        return timed


def _child(args: argparse.Namespace) -> None:
    if args.code:  # the other checkout's project first; this directory only for its bench helpers
        sys.path[:] = [args.code, str(HERE)] + [p for p in sys.path if p not in (str(ROOT), args.code, str(HERE))]
    import django

    django.setup()
    import django.template.backends.django as django_backend
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from profile_web import _backend_cpu  # type: ignore[import-not-found]

    import portal.views.statements as views

    if args.code and not views.__file__.startswith(str(Path(args.code).resolve())):
        raise SystemExit(f"--code {args.code}: the views came from {views.__file__}")
    print(f"code: {Path(views.__file__).parents[2]}")
    seed = json.loads(Path(args.seed_file).read_text())
    render, view = _Clock(), _Clock()
    django_backend.Template.render = render.wrap(django_backend.Template.render)
    # The URL patterns hold the views inside login_required's wrapper: the function it calls is swapped in its
    # closure for the same function timed.
    from django.urls import resolve

    for path in ("/statements/", f"/statements/{seed['list_lo']}/"):
        cells = [
            c
            for c in resolve(path).func.__closure__ or ()
            if getattr(c.cell_contents, "__module__", "") == views.__name__
        ]
        if len(cells) != 1:
            raise SystemExit(f"cannot find the view of {path} inside its decorator")
        cells[0].cell_contents = view.wrap(cells[0].cell_contents)

    app = WSGIHandler()
    from seed import cookie_header  # type: ignore[import-not-found]

    cookie = cookie_header(seed)
    lo, hi = seed["list_lo"], seed["list_hi"]

    def environ(path: str) -> dict[str, Any]:
        return {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "HTTP_ACCEPT_LANGUAGE": "zh-hans",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }

    set_cookies: set[str] = set()  # the cookies the responses set

    def started(status: list[str], s: str, headers: list[tuple[str, str]]) -> None:
        status.append(s)
        # Django re-sends a CSRF cookie it was sent whenever a page uses the token (its expiry renewed): "renewed"
        # is the cookie the client sent, "new" a secret made for this request
        for k, v in headers:
            if k.lower() == "set-cookie":
                pair = v.split(";", 1)[0].strip()
                set_cookies.add(f"{pair.split('=', 1)[0]} ({'renewed' if pair in cookie else 'new'})")

    def call(path: str) -> tuple[str, int]:
        status: list[str] = []
        body = b"".join(app(environ(path), lambda s, h, e=None: started(status, s, h)))
        return status[0], len(body)

    ids = iter(range(10**9))
    endpoints: dict[str, Callable[[], tuple[str, int]]] = {
        "bare+session": lambda: call("/bench/bare/"),
        "list": lambda: call("/statements/"),
        "page": lambda: call(f"/statements/{lo + next(ids) % (hi - lo + 1)}/"),
    }
    for pk in range(lo, hi + 1):  # every statement viewed once already, as in a long load run
        call(f"/statements/{pk}/")
    set_cookies.clear()
    for name, fn in endpoints.items():
        for _ in range(30):
            status, size = fn()
        print(f"{name}: {status}, {size} bytes, cookies set: {', '.join(sorted(set_cookies)) or 'none'}")
        set_cookies.clear()
        if not status.startswith("200"):
            raise SystemExit(f"{name} answered {status}")
    rounds: dict[str, list[tuple[float, float, float]]] = {name: [] for name in endpoints}
    pg_total, pg_requests = dict.fromkeys(endpoints, 0.0), dict.fromkeys(endpoints, 0)
    for _ in range(args.rounds):
        for name, fn in endpoints.items():
            render.total = view.total = 0.0
            pid, pg0 = _backend_cpu(connection)
            start = time.process_time()
            for _ in range(args.n):
                fn()
            cpu = time.process_time() - start
            same, pg1 = _backend_cpu(connection)
            if same == pid:  # else the connection was replaced (CONN_MAX_AGE) during the round: not counted
                pg_total[name] += pg1 - pg0
                pg_requests[name] += args.n
            rounds[name].append((cpu, render.total, view.total))
    split = {}
    for name, runs in rounds.items():
        # the median round: a shared machine's bursts fall on some rounds of every endpoint, not on the median
        cpu, r, v = (statistics.median(run[i] for run in runs) / args.n * 1000 for i in range(3))
        split[name] = (cpu, r, v - r, cpu - v, pg_total[name] / max(pg_requests[name], 1) * 1000)
    base = split["bare+session"][0] + split["bare+session"][4]
    print(f"{'endpoint':<14}{'CPU ms':>8}{'render':>8}{'view':>8}{'stack':>8}{'PG ms':>8}{'CPU+PG':>8}{'ratio':>8}")
    for name, (cpu, r, v, s, pg) in split.items():
        print(f"{name:<14}{cpu:>8.3f}{r:>8.3f}{v:>8.3f}{s:>8.3f}{pg:>8.2f}{cpu + pg:>8.3f}{base / (cpu + pg):>8.0%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument(
        "--db", help="reuse a database kept by an earlier run (this script or profile_web.py), else make it"
    )
    ap.add_argument("--keep-db", action="store_true")
    ap.add_argument("--code", help="measure the project in this other checkout (same client, same database)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--seed-file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    if args.child:
        _child(args)
        return

    from bench_web import env_for, run  # type: ignore[import-not-found]

    db = args.db or f"bench_cpusplit_{os.getpid()}"
    seed_file = Path(f"/tmp/{db}.seed.json")
    env = env_for(pg_url(db))
    if seed_file.exists() and args.db:  # sessions are signed with the SECRET_KEY of the seeding run
        env["SECRET_KEY"] = json.loads(seed_file.read_text())["secret_key"]
    env["PORTAL_VAR_DIR"] = f"/tmp/{db}/var"
    env["MEDIA_ROOT"] = f"/tmp/{db}/media"
    Path(env["PORTAL_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    print(f"load average before: {load_average()}", flush=True)
    create = not (args.db and seed_file.exists())
    if create:
        _pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{db}"')
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        signed_out = f"/tmp/{db}.signed.tsv"
        seeded = run([PYTHON, str(HERE / "seed.py"), "--confirm", "100", "--signed-out", signed_out], env)
        seed = json.loads(seeded.strip().splitlines()[-1])
        seed_file.write_text(json.dumps({**seed, "secret_key": env["SECRET_KEY"]}))
    code = str(Path(args.code).resolve()) if args.code else None
    env["PYTHONPATH"] = os.pathsep.join([*([code] if code else []), str(HERE), env["PYTHONPATH"]])
    try:
        cmd = [PYTHON, __file__, "--child", "--seed-file", str(seed_file), "--n", str(args.n)]
        cmd += ["--code", code] if code else []
        subprocess.run([*cmd, "--rounds", str(args.rounds)], cwd=code or ROOT, env=env, check=True)
    finally:
        if args.keep_db or args.db:
            print(f"kept database {db} (seed {seed_file}); reuse with --db {db}")
        else:
            _pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
