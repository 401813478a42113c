"""Publishing a quarter end across real Celery worker processes on PostgreSQL: 1 worker, then 2.

    .venv/bin/python bench/publishing/bench_workers.py [--accounts 100000] [--workers 1 2] [--repeat 1]
                                                       [--chunk-size 1000] [--redis-db 11] [--keep-db]

Question (issue 20 item 4): a bank with 10 million accounts publishes a quarter end in one night. How many statements
per second does one worker publish, and do 2 workers publish >= 1.7x one where the database is not the limit?

Set-up, not timed: database ``bench_pubw_<pid>_tpl`` on 127.0.0.1:5432 (user postgres) is migrated and seeded with
``bench_publish.seed`` (N customers, active accounts, current agreements, 80% monthly / 20% quarterly, 70% online
banking, 20% website, 10% paper, all with a mobile number, and core-feed balances as of 2026-09-30, all with
``bulk_create``); the working-day calendar gets a synthetic schedule for any year of last/this/next year the library
lacks (as the integration tests do); then ``ANALYZE`` (a production database has statistics). ``--keep-db`` keeps
that seeded template for the next invocation (and reuses one a previous ``--keep-db`` left).

Measured, for each worker count W of ``--workers`` (alternating inside each of ``--repeat`` rounds):

1. a fresh database is cloned from the seeded template (``CREATE DATABASE ... TEMPLATE``), so every run does the
   same work from the same state; Redis database ``--redis-db`` (the bench's own: it is flushed) is emptied;
2. W real ``celery -A config worker --pool solo --concurrency 1`` processes start with the production settings
   (``bench/publishing/worker_settings.py``: production, plus the PDF and SMS-sending tasks routed to a queue nobody
   consumes, so PDFs are excluded as in ``bench_publish.py``), and the driver waits until each answers a ping;
3. a child process (same settings) calls ``statements.services.publishing.statement_run_start(actor=None,
   period="2026-09")`` on the real clock, which checks and splits the 100k due accounts into chunks of
   ``PUBLISH_CHUNK_SIZE`` and enqueues them on commit; the workers publish the chunks;
4. the driver polls the run's row (``statements_statementrun``) every 0.1 s until it is ``done``.

Timed: from just before ``statement_run_start`` to the run's ``finished_at`` (set by the last chunk's transaction),
split into the start (one process: the period, calendar, balance and detail checks over all due accounts, the chunk
rows, the enqueueing; the workers idle meanwhile) and the chunks (from the start's return to ``finished_at``).
Reported per run: wall seconds, statements/s overall and in the chunks, per worker, the start's CPU seconds, the
chunks each worker published (from its log),
the CPU seconds of each worker process, of the PostgreSQL server (every ``postgres`` process on the machine: other
users of the server are in it too) and of the whole machine over the run, and the load average before and after.
The CPU split tells what limits the speed-up: on 2 cores, 2 workers and PostgreSQL share the same 2 cores.

Checked after each run (it fails otherwise): run done, N statements, one per account, every online statement
dispatched with a due date and one SMS outbox row each, and every statement id handed to the (parked) PDF task
exactly once.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PERIOD = "2026-09"  # a quarter end: monthly and quarterly agreements are due
PARKED_QUEUE = "bench-parked"
WORK = Path(f"/tmp/bench-pubw-{os.getpid()}")


# --------------------------------------------------------------------------- children (run with the bench env)
def child_seed(n: int) -> None:
    from bench.publishing.bench_publish import seed

    seed(n)  # calls django.setup()
    from statements.selectors import workday_calendar
    from statements.services.calendar import workdays_load

    # The run publishes on the real clock: due dates may run into next year, which must be loaded. A year the
    # library lacks gets a synthetic schedule (New Year's Day off, otherwise Monday to Friday), as in the integration
    # tests.
    year = time.localtime().tm_year
    calendar = workday_calendar()
    missing = [y for y in (year - 1, year, year + 1) if not calendar.is_loaded(y)]
    if missing:
        rows = "".join(f"{y}-01-01,holiday\n" for y in missing)
        workdays_load(actor=None, data=f"date,kind\n{rows}".encode(), source="bench: synthetic", force=True)


def child_start() -> None:
    import django

    django.setup()
    from statements.services.publishing import statement_run_start

    t0, c0 = time.time(), time.process_time()
    outcome = statement_run_start(actor=None, period=PERIOD)
    t1, cpu = time.time(), time.process_time() - c0
    if not outcome.created:
        raise SystemExit(f"the run was not created: {outcome.message}")
    print(
        json.dumps(
            {"t0": t0, "start_s": t1 - t0, "start_cpu": cpu, "run": outcome.run.pk, "chunks": outcome.run.chunks_total}
        )
    )


# --------------------------------------------------------------------------- the driver
def signing_identity() -> str:
    """Production refuses to start without a PKCS#12 document-signing file: a demo one (no PDF is rendered)."""
    from core.pki import generate_demo_identity

    path = WORK / "signing" / "demo-bank.p12"
    if not path.is_file():
        generate_demo_identity(path.parent, bank_name="Bench Bank", passphrase=b"bench")
    return str(path)


def bench_env(url: str, broker: str, chunk_size: int) -> dict:
    env = dict(os.environ)
    env.pop("CACHE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.publishing.worker_settings",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": url,
            "CELERY_BROKER_URL": broker,
            "CELERY_RESULT_BACKEND": broker,
            "BENCH_PARKED_QUEUE": PARKED_QUEUE,
            "PUBLISH_CHUNK_SIZE": str(chunk_size),
            "PORTAL_VAR_DIR": str(WORK / "var"),
            "MEDIA_ROOT": str(WORK / "media"),
            "PDF_SIGNING_PKCS12": signing_identity(),
            "PDF_SIGNING_PASSPHRASE": "bench",
            "LOG_LEVEL": "INFO",  # one line per task: how many chunks each worker published
            "LOG_FORMAT": "plain",
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        }
    )
    return env


def run_child(args: list[str], env: dict) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"child {args} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    lines = out.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> dict[int, float]:
    """CPU seconds of every process named postgres on this machine (the server and its backends)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    found[int(entry.name)] = cpu_seconds(int(entry.name))
            except OSError:
                continue
    return found


def machine_busy() -> float:
    """Busy CPU seconds of the whole machine since boot (/proc/stat), all cores (guest time is already in user)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class PostgresCpu:
    """CPU seconds PostgreSQL spent between ``start`` and the last ``sample``.

    Sampled every poll, because a backend may exit during the run (its CPU is then counted up to its last sample);
    one that starts after ``start`` counts in full."""

    def __init__(self) -> None:
        self.first = postgres_cpu()
        self.last = dict(self.first)

    def sample(self) -> None:
        self.last.update(postgres_cpu())

    def total(self) -> float:
        return sum(cpu - self.first.get(pid, 0.0) for pid, cpu in self.last.items())


@dataclass
class Worker:
    node: str
    proc: subprocess.Popen
    log: Path
    cpu: float = 0.0
    _file: object = field(default=None, repr=False)

    def chunks_done(self) -> int:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return sum(1 for line in text.splitlines() if "statements.chunk_publish" in line and "succeeded" in line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        if self._file is not None:
            self._file.close()  # type: ignore[attr-defined]


def start_workers(count: int, env: dict, tag: str) -> list[Worker]:
    workers = []
    for i in range(count):
        node = f"bench-pubw-{os.getpid()}-{tag}-{i + 1}@{socket.gethostname()}"
        log = WORK / f"worker-{tag}-{i + 1}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        out = open(log, "w")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                "celery",
                "-n",
                node,
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops nothing else
        )
        workers.append(Worker(node=node, proc=proc, log=log, _file=out))
    return workers


def wait_ready(workers: list[Worker], broker: str, timeout: float = 120) -> None:
    from celery import Celery

    app = Celery("bench-ping", broker=broker)
    deadline = time.monotonic() + timeout
    waiting = {w.node for w in workers}
    while waiting:
        for w in workers:
            if w.proc.poll() is not None:
                raise SystemExit(f"worker {w.node} exited; see {w.log}:\n{w.log.read_text()[-3000:]}")
        for reply in app.control.ping(destination=sorted(waiting), timeout=1.0) or []:
            waiting -= set(reply)
        if waiting and time.monotonic() > deadline:
            raise SystemExit(f"workers {sorted(waiting)} did not answer a ping in {timeout} s")


def parked_statement_ids(redis_client) -> list[int]:
    """The statement ids of every statements.render_pdfs message left in the parked queue."""
    ids: list[int] = []
    for raw in redis_client.lrange(PARKED_QUEUE, 0, -1):
        message = json.loads(raw)
        if message["headers"].get("task") != "statements.render_pdfs":
            continue
        body = message["body"]
        if message["properties"].get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args, _kwargs, _embed = json.loads(body)
        ids.extend(args[0])
    return ids


def check_run(url: str, n: int, parked: list[int]) -> dict:
    import psycopg

    with psycopg.connect(url) as conn:
        status, created = conn.execute(
            "SELECT status, statements_created FROM statements_statementrun WHERE period = %s", [PERIOD]
        ).fetchone()
        made, accounts, dispatched, with_due = conn.execute(
            "SELECT count(*), count(DISTINCT account_id), count(*) FILTER (WHERE status = 'dispatched'), "
            "count(*) FILTER (WHERE status = 'dispatched' AND due_date IS NOT NULL) FROM statements_balancestatement"
        ).fetchone()
        sms = conn.execute("SELECT count(*) FROM statements_smsmessage").fetchone()[0]
    ok = (
        status == "done"
        and made == accounts == created == n
        and dispatched == with_due == sms
        and len(parked) == len(set(parked)) == n
    )
    if not ok:
        raise SystemExit(
            f"bad run: status={status} made={made} accounts={accounts} created={created} dispatched={dispatched} "
            f"due={with_due} sms={sms} pdf_ids={len(parked)} distinct={len(set(parked))}"
        )
    return {"statements": made, "dispatched": dispatched, "sms_rows": sms}


def poll_done(url: str, timeout: float, pg: PostgresCpu) -> float:
    """Epoch seconds of the run's finished_at, once it is done."""
    import psycopg

    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT status, extract(epoch FROM finished_at) FROM statements_statementrun WHERE period = %s",
                [PERIOD],
            ).fetchone()
            if row and row[0] == "done":
                return float(row[1])
            if time.monotonic() > deadline:
                raise SystemExit(f"the run did not finish within {timeout} s: {row}")
            pg.sample()
            time.sleep(0.1)


def one_run(template_url: str, count: int, args, tag: str) -> dict:
    import redis

    from bench.dbsetup import clone, drop, load_average

    broker = f"redis://127.0.0.1:6379/{args.redis_db}"
    client = redis.Redis.from_url(broker)
    client.flushdb()  # the bench's own database number: last run's parked messages and bindings
    url = clone(template_url, f"pubw_{tag}")
    env = bench_env(url, broker, args.chunk_size)
    workers = start_workers(count, env, tag)
    try:
        wait_ready(workers, broker)
        time.sleep(2)  # let the workers' start-up CPU settle before the clocks start
        load_before = load_average()
        pg = PostgresCpu()
        busy0, window0 = machine_busy(), time.monotonic()
        cpu0 = {w.node: cpu_seconds(w.proc.pid) for w in workers}
        started = run_child(["--child-start"], env)
        finished = poll_done(url, args.timeout, pg)
        pg.sample()
        busy1, window = machine_busy(), time.monotonic() - window0
        for w in workers:
            w.cpu = cpu_seconds(w.proc.pid) - cpu0[w.node]
        load_after = load_average()
        time.sleep(1)  # the last chunk's log line
        chunks = [w.chunks_done() for w in workers]
        parked = parked_statement_ids(client)
        checked = check_run(url, args.accounts, parked)
    finally:
        for w in workers:
            w.stop()
        client.flushdb()
        client.close()
        drop(url)
    wall = finished - started["t0"]
    return {
        "workers": count,
        "wall": wall,
        "start_s": started["start_s"],
        "start_cpu": started["start_cpu"],
        "chunks_s": wall - started["start_s"],
        "chunk_rate": checked["statements"] / (wall - started["start_s"]),
        "chunks_total": started["chunks"],
        "rate": checked["statements"] / wall,
        "worker_cpu": [w.cpu for w in workers],
        "worker_chunks": chunks,
        "pg_cpu": pg.total(),
        "machine_busy": busy1 - busy0,
        "window": window,  # the CPU figures' span: the start child's boot (~1-2 s) to the poll that saw "done"
        "load_before": load_before,
        "load_after": load_after,
        **checked,
    }


def report(run: dict) -> str:
    w = run["workers"]
    cpus = "/".join(f"{c:.1f}" for c in run["worker_cpu"])
    chunks = "/".join(str(c) for c in run["worker_chunks"])
    return (
        f"  {w} worker(s): {run['wall']:.1f} s, {run['rate']:,.0f} statements/s = start {run['start_s']:.1f} s "
        f"(CPU {run['start_cpu']:.1f} s) + chunks {run['chunks_s']:.1f} s at {run['chunk_rate']:,.0f} statements/s, "
        f"{run['chunk_rate'] / w:,.0f} per worker; chunks per worker {chunks}; CPU s: workers {cpus}, PostgreSQL "
        f"{run['pg_cpu']:.1f}, machine {run['machine_busy']:.1f} in {run['window']:.1f} s "
        f"({run['machine_busy'] / run['window']:.2f} of {os.cpu_count()} cores busy); "
        f"load {run['load_before']} -> {run['load_after']}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--chunk-size", type=int, default=1000, help="PUBLISH_CHUNK_SIZE (the project default: 1000)")
    ap.add_argument("--redis-db", type=int, default=11, help="a Redis database number of the bench's own (flushed)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds a run may take")
    ap.add_argument("--keep-db", action="store_true", help="keep the seeded template (and reuse a kept one)")
    ap.add_argument("--child-seed", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-start", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_seed:
        child_seed(args.child_seed)
        return
    if args.child_start:
        child_start()
        return

    from bench.dbsetup import base_env, drop, load_average, migrate, template

    n = args.accounts
    print(f"load average before: {load_average()}; {os.cpu_count()} cores; {n:,} accounts", flush=True)
    marker = Path(f"/tmp/bench-pubw-seeded-{n}")
    if args.keep_db and marker.exists():
        tpl = marker.read_text().strip()
        migrate(tpl)  # the tree may have gained migrations since it was seeded
        print(f"  reusing the seeded template {tpl} (migrated)", flush=True)
    else:
        marker.unlink(missing_ok=True)
        t0 = time.perf_counter()
        tpl = template("postgres", "pubw")
        subprocess.run(
            [sys.executable, __file__, "--child-seed", str(n)],
            check=True,
            cwd=ROOT,
            env=base_env(tpl, media=str(WORK / "seed-media")),
        )
        print(f"  migrated and seeded {tpl} in {time.perf_counter() - t0:.1f} s", flush=True)
        if args.keep_db:
            marker.write_text(tpl)
    import psycopg

    # Statistics, as autovacuum keeps them on a production database long before a quarter end (a freshly seeded one
    # has none, and the planner would take every table for a few rows); the clones copy them.
    with psycopg.connect(tpl, autocommit=True) as conn:
        conn.execute("ANALYZE")
    runs: dict[int, list[dict]] = {w: [] for w in args.workers}
    try:
        for rep in range(args.repeat):
            for count in args.workers:
                run = one_run(tpl, count, args, f"r{rep + 1}w{count}")
                runs[count].append(run)
                print(f"repeat {rep + 1}:" + report(run)[1:], flush=True)
    finally:
        if not args.keep_db:
            drop(tpl)
    print(
        f"\n{n:,} accounts, period {PERIOD}, chunk size {args.chunk_size}, best of {args.repeat}; "
        f"load average after: {load_average()}"
    )
    best = {w: min(rs, key=lambda r: r["wall"]) for w, rs in runs.items()}
    for count in args.workers:
        b = best[count]
        print(
            report(b) + f"; {b['statements']:,} statements, {b['dispatched']:,} dispatched, {b['sms_rows']:,} SMS rows"
        )
    shutil.rmtree(WORK, ignore_errors=True)  # worker logs, signing identity (kept when a run fails, to read them)
    if 1 in best:
        for count in args.workers:
            if count != 1:
                print(
                    f"  {count} workers / 1 worker: {best[count]['rate'] / best[1]['rate']:.2f}x overall, "
                    f"{best[count]['chunk_rate'] / best[1]['chunk_rate']:.2f}x in the chunks (after the start)"
                )


if __name__ == "__main__":
    main()
