"""CPU per request of the web benchmark's endpoints, in one process (Django test client, no server, no wrk).

    .venv/bin/python bench/web/profile_web.py [--n 300] [--db NAME] [--keep-db] [--profile DIR]

The load benchmark (``bench_web.py``) shares 2 cores between gunicorn, PostgreSQL and wrk, so its figures
move with the machine's load; this script measures what one request costs the Django process instead
(``time.process_time``) and, beside it, the CPU of the PostgreSQL backend serving its connection (from
``/proc/<pid>/stat``: 10 ms ticks, so use ``--n`` of a few hundred), and how many queries it runs, for the same
endpoints on the same seeded data (``seed.py``, ``bench.web.settings`` on PostgreSQL). Per endpoint ``--n``
requests after 20 warm-up ones: ``bare`` (no cookie), ``bare+session`` (the list's session cookie, so the
session and user are loaded as on a real page), ``list``, ``list?page=3``, ``page`` (statements already
viewed, ids cycling), ``confirm`` (a fresh open statement each). ``--profile DIR`` writes a cProfile file per
endpoint (``python -m pstats DIR/list.prof``).

Set-up: database ``bench_webprof_<pid>`` created, migrated and seeded with ``--confirm 3000``, dropped at the
end (``--keep-db`` keeps it and prints its name; ``--db NAME`` reuses such a database and its seed file).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.dbsetup import PYTHON, _pg_admin, load_average, pg_url  # noqa: E402

HERE = Path(__file__).resolve().parent


def _child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    seed = json.loads(Path(args.seed_file).read_text())
    web = Client(HTTP_HOST="127.0.0.1")
    web.cookies["sessionid"] = seed["cookie"]
    if seed.get("csrf_cookie"):  # as a browser keeps it from its first page (the test client keeps it too, later)
        web.cookies["csrftoken"] = seed["csrf_cookie"]
    anon = Client(HTTP_HOST="127.0.0.1")
    api = Client(HTTP_HOST="127.0.0.1")
    lo, hi = seed["list_lo"], seed["list_hi"]
    from statements.models import BalanceStatement, StatementStatus

    confirm_ids = iter(
        BalanceStatement.objects.filter(  # a reused database has some confirmed already
            pk__range=(seed["confirm_lo"], seed["confirm_hi"]), status=StatementStatus.DISPATCHED
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    token = f"Token {seed['token']}"
    from bench.web.seed import signed_confirms

    signed = signed_confirms(seed["signed_file"])

    def confirm():  # noqa: ANN202 (a test-client response)
        pk = next(confirm_ids)
        body, header = signed[pk]
        return api.generic(
            "POST",
            f"/api/v1/statements/{pk}/confirm",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=token,
            HTTP_X_ANSWER_SIGNATURE=header,
        )

    for pk in range(lo, hi + 1):  # every statement of the list already viewed, as in a long load run
        web.get(f"/statements/{pk}/")
    page_ids = iter(range(10**9))

    endpoints = {
        "bare": lambda: anon.get("/bench/bare/"),
        "bare+session": lambda: web.get("/bench/bare/"),
        "list": lambda: web.get("/statements/"),
        "list?page=3": lambda: web.get("/statements/?page=3"),
        "page": lambda: web.get(f"/statements/{lo + next(page_ids) % (hi - lo + 1)}/"),
        "confirm": confirm,
    }
    print(
        f"{'endpoint':<14}{'CPU ms/req':>11}{'PG ms/req':>10}{'sum':>10}{'wall ms/req':>12}{'queries':>9}{'bytes':>8}"
        "  status"
    )
    for name, call in endpoints.items():
        for _ in range(20):
            call()
        with CaptureQueriesContext(connection) as ctx:
            response = call()
        queries = [q["sql"] for q in ctx.captured_queries]  # now: every request resets the query log
        backend, g0 = _backend_cpu(connection)
        c0, w0 = time.process_time(), time.perf_counter()
        for _ in range(args.n):
            call()
        cpu, wall = (time.process_time() - c0) / args.n * 1000, (time.perf_counter() - w0) / args.n * 1000
        same, g1 = _backend_cpu(connection)
        pg = (g1 - g0) / args.n * 1000 if same == backend else float("nan")  # nan: the connection was replaced
        if args.profile:  # a second pass under the profiler (which roughly triples the time), not timed
            prof = cProfile.Profile(time.process_time)  # CPU, not wall: the database's time is not ours
            prof.enable()
            for _ in range(args.n):
                call()
            prof.disable()
            Path(args.profile).mkdir(parents=True, exist_ok=True)
            prof.dump_stats(str(Path(args.profile) / f"{name.replace('?', '_').replace('=', '')}.prof"))
        print(
            f"{name:<14}{cpu:>11.2f}{pg:>10.2f}{cpu + pg:>10.2f}{wall:>12.2f}{len(queries):>9}{len(response.content):>8}"
            f"  {response.status_code}",
            flush=True,
        )
        if args.show_queries:
            for sql in queries:
                print("    ", sql[:240])


def _backend_cpu(connection) -> tuple[int, float]:  # noqa: ANN001 (Django's connection proxy)
    """The PostgreSQL backend process serving this connection and its CPU seconds so far (user + system, from
    /proc: the server runs on this machine), so that a request's cost includes the database's share."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--db", help="reuse a database kept by an earlier --keep-db run")
    ap.add_argument("--keep-db", action="store_true")
    ap.add_argument("--profile", help="directory for one cProfile file per endpoint")
    ap.add_argument("--show-queries", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--seed-file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args)
        return

    sys.path.insert(0, str(HERE))
    from bench_web import env_for, run  # noqa: E402

    db = args.db or f"bench_webprof_{os.getpid()}"
    seed_file = Path(f"/tmp/{db}.seed.json")
    env = env_for(pg_url(db))
    if seed_file.exists() and args.db:  # sessions are signed with the SECRET_KEY of the seeding run
        env["SECRET_KEY"] = json.loads(seed_file.read_text())["secret_key"]
    env["PORTAL_VAR_DIR"] = f"/tmp/{db}/var"
    env["MEDIA_ROOT"] = f"/tmp/{db}/media"
    Path(env["PORTAL_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    print(f"load average before: {load_average()}", flush=True)
    if not args.db:
        _pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{db}"')
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        signed_out = f"/tmp/{db}.signed.tsv"
        seeded = run([PYTHON, str(HERE / "seed.py"), "--confirm", "3000", "--signed-out", signed_out], env)
        seed = json.loads(seeded.strip().splitlines()[-1])
        seed_file.write_text(json.dumps({**seed, "secret_key": env["SECRET_KEY"]}))
    try:
        cmd = [PYTHON, __file__, "--child", "--seed-file", str(seed_file), "--n", str(args.n)]
        if args.profile:
            cmd += ["--profile", args.profile]
        if args.show_queries:
            cmd += ["--show-queries"]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    finally:
        if args.keep_db or args.db:
            print(f"kept database {db} (seed {seed_file}); reuse with --db {db}")
        else:
            _pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
