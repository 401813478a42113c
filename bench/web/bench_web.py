"""Web load: gunicorn + PostgreSQL on this machine, wrk on loopback, 64 connections.

    .venv/bin/python bench/web/bench_web.py [--duration 20] [--repeat 3] [--connections 64]
                                            [--worker-class sync|gthread] [--workers 5] [--threads 4]
                                            [--confirm 50000] [--port 8765] [--keep-db]

Needs ``wrk`` (``apt-get install -y wrk``) and PostgreSQL on 127.0.0.1:5432 (user postgres). Target (issue
"web load"): the client's statement list and statement page and the confirm POST reach >= 50% of the bare
view's requests/s, with p99 <= 200 ms.

Steps: create database ``bench_web_<pid>`` (dropped at the end unless ``--keep-db``), migrate, ``collectstatic``
into /tmp/bench-web-<pid>, seed it with ``bench/web/seed.py`` (one client with 120 statements and a session cookie; an
API client with ``--confirm`` open statements and a token), start gunicorn (``config.wsgi``,
``DJANGO_SETTINGS_MODULE=bench.web.settings``: production settings over plain HTTP, see that module) on
127.0.0.1:``--port`` with ``--workers`` (default 2 x cores + 1 = 5) workers of ``--worker-class`` (default
sync), then per endpoint a warm-up of 3 s and ``--repeat`` measured wrk runs of ``--duration`` seconds with
``--connections`` connections on 2 wrk threads; the endpoints alternate inside each repeat, so they share
the machine's load. After every wrk run the driver waits until the server answers the bare view within
0.1 s again (requests left in the accept backlog are still served after wrk exits). Endpoints:

* ``bare``     GET /bench/bare/ (a view returning "ok" through the same middleware; the ceiling);
* ``bare_session`` the same view with the client's cookies, so the session, the user and their
               roles are loaded as on every signed-in page (an extra row; ``bare`` stays the ceiling);
* ``list``     GET /statements/ with the client's cookies (the first page: 25 of 120 statements);

  The signed-in endpoints send the session cookie and the ``csrftoken`` cookie a browser keeps from the first page
  it loaded (``seed.cookie_header``), ``bare_session`` and the pages alike;
* ``page``     GET /statements/<id>/, a random one of the client's 120 statements per request;
* ``page_sql`` GET /bench/page-sql/<id>/ (not run unless named in ``--endpoints``): the statement page's own SQL
               replayed on the same connection and its recorded bytes returned, without the page's Python
               (``bench/web/urls.py``): the ceiling of any implementation that issues the page's queries;
* ``confirm``  POST /api/v1/statements/<id>/confirm with ``Authorization: Token ..`` and the company's
               Ed25519 signature of the body (``X-Answer-Signature``, signed ahead by the seed), a fresh open statement
               per request (disjoint id ranges per run and per wrk thread); a refused second confirm is
               a 409 and is counted apart (it only happens if a run exhausts its id range).

Reported per endpoint, best of the repeats by requests/s: requests/s (2xx only), p50, p99, the status
counts, and the ratio to the bare view's requests/s. The load generator runs on the same 2 cores as
gunicorn and PostgreSQL.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.dbsetup import PYTHON, _pg_admin, load_average, pg_url  # noqa: E402
from bench.web.seed import cookie_header  # noqa: E402

HERE = Path(__file__).resolve().parent
WORK = Path(f"/tmp/bench-web-{os.getpid()}")
DB = f"bench_web_{os.getpid()}"


def signing_identity() -> str:
    """Production refuses to start without the bank's PKCS#12 document-signing file: the bench signs with a demo
    identity made once per run (no measured request renders a PDF)."""
    from core.pki import generate_demo_identity

    path = Path(f"/tmp/bench-web-signing-{os.getpid()}") / "demo-bank.p12"  # outside WORK, which is emptied later
    if not path.is_file():
        generate_demo_identity(path.parent, bank_name="Bench Bank", passphrase=b"bench")
    return str(path)


def env_for(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.web.settings",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": url,
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/13",
            "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12"),
            "PORTAL_VAR_DIR": str(WORK / "var"),
            "MEDIA_ROOT": str(WORK / "media"),
            "SECURE_SSL_REDIRECT": "0",
            "PDF_SIGNING_PKCS12": signing_identity(),
            "PDF_SIGNING_PASSPHRASE": "bench",
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        }
    )
    return env


def run(cmd: list[str], env: dict) -> str:
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    return out.stdout


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer in time")


def drain(port: int, limit: float = 90) -> float:
    """Wait until the server is idle again: requests wrk left queued in the accept backlog are still served
    after it exits (sync workers finish every request), and would otherwise eat into the next run."""
    t0 = time.time()
    time.sleep(1)
    while time.time() - t0 < limit:
        s0 = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=5):
                pass
        except OSError:
            pass
        if time.perf_counter() - s0 < 0.1:
            break
        time.sleep(0.5)
    return time.time() - t0


def wrk(port: int, duration: int, connections: int, args: list[str]) -> dict:
    cmd = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "load.lua"),
        f"http://127.0.0.1:{port}",
        "--",
        *args,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{out.stdout}\n{out.stderr}")
    r = json.loads(line[len("WRKJSON ") :])
    secs = r["duration_us"] / 1e6
    ok = sum(v for k, v in r["statuses"].items() if k.startswith("2"))
    r.update(ok=ok, rps=ok / secs, rps_all=r["requests"] / secs, drain_s=drain(port))
    return r


@contextlib.contextmanager
def served(
    *, confirm: int, port: int, workers: int, worker_class: str = "sync", threads: int = 4, keep_db: bool = False
) -> Iterator[dict]:
    """A migrated, seeded database and gunicorn serving it on ``port``; yields the seed (plus ``signed_file``).
    The database is dropped and gunicorn stopped on exit. Shared by this script and ``open_loop.py``."""
    print(f"load average before: {load_average()}; preparing database {DB} ...", flush=True)
    _pg_admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{DB}"')
    env = env_for(pg_url(DB))
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "var").mkdir(parents=True)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    signed_file = WORK / "signed_confirms.tsv"
    seeded = run([PYTHON, str(HERE / "seed.py"), "--confirm", str(confirm), "--signed-out", str(signed_file)], env)
    seed = json.loads(seeded.strip().splitlines()[-1])
    print(
        "queries per request (test client): "
        + "; ".join(
            f"{k}: {v['queries']} queries, HTTP {v['status']}, {v['bytes']:,} bytes" for k, v in seed["queries"].items()
        )
    )
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    cmd = [
        gunicorn,
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--timeout",
        "120",
        "--log-level",
        "warning",
        "--backlog",
        "2048",
    ]
    if worker_class == "gthread":
        cmd += ["--threads", str(threads)]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(WORK / "gunicorn.log", "w"),
    )
    try:
        wait_ready(port, proc)
        yield seed
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        if not keep_db:
            _pg_admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


def check_page_sql(port: int, seed: dict) -> None:
    """The replay must run the page's queries and return the page's bytes, or it is no ceiling."""
    lo, hi = seed["list_lo"], seed["list_hi"]
    cookie = {"Cookie": cookie_header(seed)}
    for path in (f"/statements/{hi}/", f"/bench/page-sql/{hi}/?lo={lo}&hi={hi}"):
        with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=cookie)) as r:
            body, replayed = r.read(), r.headers.get("X-Replayed-Queries")
        if replayed is None:
            page = body
            continue
        if abs(len(body) - len(page)) > 64 or int(replayed) < 1:
            import difflib

            diff = difflib.unified_diff(page.decode().splitlines(), body.decode().splitlines(), lineterm="", n=0)
            raise SystemExit(f"page_sql is not the page: {replayed} queries\n" + "\n".join(diff))
        print(f"page_sql replays {replayed} queries per request and returns the page's {len(body):,} bytes")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2) + 1)
    ap.add_argument("--threads", type=int, default=4, help="threads per worker (gthread only)")
    ap.add_argument("--confirm", type=int, default=50_000, help="open statements prepared for the confirm runs")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--endpoints", nargs="+", default=["bare", "bare_session", "list", "page", "confirm"])
    ap.add_argument("--keep-db", action="store_true")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    if args.duration > 120 or args.repeat > 10:
        raise SystemExit("keep runs bounded: --duration <= 120, --repeat <= 10")

    results: dict[str, list[dict]] = {e: [] for e in args.endpoints}
    with served(
        confirm=args.confirm,
        port=args.port,
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        keep_db=args.keep_db,
    ) as seed:
        cookie = ["Cookie", cookie_header(seed)]
        token = ["Authorization", f"Token {seed['token']}"]
        lo, hi = seed["confirm_lo"], seed["confirm_hi"]
        slice_size = (hi - lo + 1) // (args.repeat + 1)
        slices = [(lo + i * slice_size, lo + (i + 1) * slice_size - 1) for i in range(args.repeat + 1)]

        def endpoint_args(name: str, slot: int) -> list[str]:
            if name == "bare":
                return ["fixed", "-", "-", "/bench/bare/"]
            if name == "bare_session":
                return ["fixed", *cookie, "/bench/bare/"]
            if name == "list":
                return ["fixed", *cookie, "/statements/"]
            if name == "page":
                return ["pick", *cookie, "/statements/%d/", str(seed["list_lo"]), str(seed["list_hi"])]
            if name == "page_sql":
                lo, hi = seed["list_lo"], seed["list_hi"]
                return ["pick", *cookie, f"/bench/page-sql/%d/?lo={lo}&hi={hi}", str(lo), str(hi)]
            a, b = slices[slot]
            return ["confirm", *token, "/api/v1/statements/%d/confirm", str(a), str(b), "2", seed["signed_file"]]

        for name in args.endpoints:  # warm-up, not reported (uses the last confirm id slice)
            wrk(args.port, 3, args.connections, endpoint_args(name, args.repeat))
        if "page_sql" in args.endpoints:
            check_page_sql(args.port, seed)
        print(
            f"warmed up; gunicorn {args.workers} x {args.worker_class}"
            + (f" ({args.threads} threads)" if args.worker_class == "gthread" else "")
            + f"; load {load_average()}",
            flush=True,
        )
        for rep in range(args.repeat):
            for name in args.endpoints:
                r = wrk(args.port, args.duration, args.connections, endpoint_args(name, rep))
                results[name].append(r)
                print(
                    f"  repeat {rep + 1} {name:<12} {r['rps']:8.1f} req/s (2xx)  p50 {r['p50_us'] / 1000:7.1f} ms  "
                    f"p99 {r['p99_us'] / 1000:7.1f} ms  statuses {r['statuses']}  errors "
                    f"{ {k: v for k, v in r['errors'].items() if v} }  load {load_average()}",
                    flush=True,
                )
            if "confirm" in results and results["confirm"][-1]["statuses"].get("409"):
                print("  note: the confirm run exhausted its ids; raise --confirm", flush=True)

    print(
        f"\ngunicorn {args.workers} x {args.worker_class}"
        + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
        + f", wrk -t2 -c{args.connections} -d{args.duration}s, best of {args.repeat} by req/s; "
        f"load average after: {load_average()}"
    )
    bare = max(r["rps"] for r in results["bare"]) if "bare" in results else None
    bare_s = max(r["rps"] for r in results["bare_session"]) if "bare_session" in results else None
    print(
        f"{'endpoint':<13}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs bare':>9}{'vs bare_session':>16}  "
        "statuses (best run); all runs req/s"
    )
    for name, runs in results.items():
        b = max(runs, key=lambda r: r["rps"])
        ratio = f"{b['rps'] / bare:.0%}" if bare else "-"
        ratio_s = f"{b['rps'] / bare_s:.0%}" if bare_s else "-"
        print(
            f"{name:<13}{b['rps']:>9.1f}{b['p50_us'] / 1000:>9.1f}{b['p99_us'] / 1000:>9.1f}{ratio:>9}{ratio_s:>16}  "
            f"{b['statuses']}; " + " ".join(f"{r['rps']:.1f}" for r in runs)
        )


if __name__ == "__main__":
    main()
