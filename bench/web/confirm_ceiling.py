"""The confirm POST's ceiling set by the database alone: pgbench replays its SQL, beside wrk on the bare view.

    flock /tmp/bench.lock .venv/bin/python bench/web/confirm_ceiling.py [--duration 15] [--repeat 3]
        [--connections 64] [--workers 5] [--confirm 60000] [--port 8766] [--no-fsync-test] [--keep-db]

Question (issue "web load"): the confirm POST should reach >= 50% of the bare view's requests/s under
gunicorn + PostgreSQL with 64 connections. Is that attainable at all on this machine? This script measures
what PostgreSQL alone does with the confirm's SQL, driven by a C client (pgbench, no Python, no HTTP), side by
side with the bare view served exactly as ``bench_web.py`` serves it. If PostgreSQL alone cannot run the
transaction at 50% of the bare view's rate, no application code that issues this SQL can.

Steps:

1. database ``bench_ceiling_<pid>`` (dropped at the end unless ``--keep-db``): migrate, ``collectstatic``,
   ``bench/web/seed.py --confirm N`` (the API client ``bench_api`` with N open statements, consecutive ids,
   and a DRF token), as ``bench_web.py`` does;
2. the confirm's SQL is captured from the application: two signed ``POST /api/v1/statements/<id>/confirm``
   through Django's test client in one process (the first warms its audit chain; the second, captured under
   ``CaptureQueriesContext``, is the steady state), written to ``/tmp/bench-ceiling-<pid>/captured.sql``. The
   pgbench script is *derived* from that capture (``template``): the values that change per confirm (the
   statement id, the confirmation id, the audit chain, its head, the events' sequence numbers and hashes)
   become pgbench variables, everything else is the application's text; the driver then checks that the
   script, given the captured values back, reproduces the captured SQL character for character. So the
   replay follows the application when its SQL changes (API tokens, signed answers, sharded audit chains);
3. gunicorn as in ``bench_web.py`` (``config.wsgi``, ``bench.web.settings``, ``--workers`` sync workers,
   backlog 2048) on 127.0.0.1:``--port``;
4. per repeat, alternating: ``bare`` = ``wrk -t2 -c64 -d<duration>s`` on ``GET /bench/bare/`` (``load.lua``,
   the driver waits until the server is idle after it, as in ``bench_web.py``), ``confirm (app)`` = the same
   wrk on the application's signed confirm (its own range of statements, reset after each run), then pgbench
   (``-M prepared`` or ``--protocol simple``, ``-j 2 -T <duration> -n``, 127.0.0.1:5432) with
   ``confirm+lock`` (the whole confirm as captured: the token and visibility queries and the signing key in
   autocommit, then BEGIN, the statement row lock, the signing key's row lock, INSERT of the confirmation
   RETURNING id, the guarded statement UPDATE, the chain head's SELECT ... FOR UPDATE, INSERT of the two audit
   events, the head UPDATE, COMMIT, and the two reads of the response) at ``-c <connections>`` and at
   ``-c <workers>``; each pgbench client appends to audit chain ``1 + client % 16``, as the application's
   processes spread over ``AUDIT_CHAIN_SHARDS`` chains; and
   ``confirm-lock`` (the same without the two chain-head statements: ``seq`` comes from the client, so the
   INSERT of the events still runs) at the same two client counts. Each pgbench transaction confirms a
   fresh open statement: client k of C takes ids lo+k, lo+k+C, lo+k+2C, ... (a per-client counter in a
   pgbench variable). After every pgbench run the driver checks that exactly as many statements were
   confirmed as pgbench counted transactions, then resets (confirmations deleted, statements back to
   dispatched, the run's audit events deleted, past the table's append-only trigger with
   ``session_replication_role = replica`` in the reset's own session), ``VACUUM ANALYZE`` and ``CHECKPOINT``,
   so every run starts from the same state. A last row, ``SELECT 1 (reference)``, is pgbench with one trivial
   statement per transaction at ``-c <connections>``: one round trip to PostgreSQL and nothing else
   (throughput only: pgbench takes its clock once per poll of its connections, so latencies far below a
   millisecond are logged as 0; the confirm's latencies, 15 round trips each, agreed with Little's law,
   clients / throughput, within 4%).

The INSERT of the audit events needs values that the application computes in Python: the event hashes
(SHA-256 of the record) are replaced by unique strings of at most 64 characters built from the chain and
pgbench's ``hash()`` of the sequence number (random order, like SHA-256, for the unique index), the timestamps, the signature and the signed body stay the captured literals (no
unique index covers them without the statement id). With ``--protocol prepared`` (the default) pgbench prepares each
statement once per connection and binds its variables, as the application does since it prepares on the server
(``DATABASE_PREPARE_THRESHOLD``); ``--protocol simple`` substitutes them into the text, so every statement is sent,
parsed and planned each time, as the application's client-side-bound statements were before.

Reported: requests/s or transactions/s (pgbench's "without initial connection time"), p50 and p99 latency
(pgbench: from its per-transaction log ``-l``; wrk: its own percentiles), the ratio to the bare view's
requests/s, best of ``--repeat`` by throughput, and every run. ``pg_test_fsync`` (``-s 1``, a file under
/tmp on the same disk as PostgreSQL's data directory) gives the disk's fdatasync rate, the bound of a
transaction that holds a lock across its own commit. Needs ``wrk`` and ``pgbench`` (Debian: ``wrk``,
``postgresql-client-15``/``postgresql-15``).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench.dbsetup import PG_HOST, PG_PORT, PG_USER, PYTHON, _pg_admin, load_average, pg_url  # noqa: E402
from bench.web.confirm_replay import (  # noqa: E402
    HEX,
    MARK_CONF,
    MARK_HASH,
    MARK_SEQ,
    SHARDS,
    instantiate,
    render,
    template,
    without_chain,
)

WORK = Path(f"/tmp/bench-ceiling-{os.getpid()}")
DB = f"bench_ceiling_{os.getpid()}"


def _capture_child(seed_file: str, out: str) -> None:
    """Runs under django.setup(): two confirms through the test client (the first warms this process's chain and
    caches), the second's SQL and the values it used to ``out`` (JSON). Before the second, its chain head is moved
    to MARK_SEQ / MARK_HASH and the confirmation ids restart at MARK_CONF, so ``template`` finds them unmistakably."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.web.seed import signed_confirms
    from core.models import AuditChainHead, AuditEvent
    from statements.models import Confirmation

    seed = json.loads(Path(seed_file).read_text())
    signed = signed_confirms(seed["signed_file"])

    def confirm(statement_id: int):  # noqa: ANN202 (a test-client response)
        body, header = signed[statement_id]
        r = Client(HTTP_HOST="127.0.0.1").generic(
            "POST",
            f"/api/v1/statements/{statement_id}/confirm",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {seed['token']}",
            HTTP_X_ANSWER_SIGNATURE=header,
        )
        if r.status_code != 200:
            raise SystemExit(f"capture: confirm answered {r.status_code}: {r.content[:300]!r}")

    first, second = seed["confirm_hi"] - 1, seed["confirm_hi"]
    confirm(first)
    shard = AuditEvent.objects.filter(target_id=str(first)).latest("pk").shard
    AuditChainHead.objects.filter(pk=shard).update(last_seq=MARK_SEQ, last_hash=MARK_HASH)
    for pk in range(1, SHARDS + 1):  # every chain a pgbench client may use has its head, as after warm-up
        AuditChainHead.objects.get_or_create(pk=pk)
    with connection.cursor() as c:
        c.execute(f"ALTER SEQUENCE statements_confirmation_id_seq RESTART WITH {MARK_CONF}")
    with CaptureQueriesContext(connection) as ctx:
        confirm(second)
    events = list(AuditEvent.objects.filter(shard=shard, seq__gt=MARK_SEQ).order_by("seq"))
    context = {
        "statement_id": second,
        "confirmation_id": Confirmation.objects.get(statement_id=second).pk,
        "shard": shard,
        "head_hash": MARK_HASH,
        "hashes": [e.hash for e in events],
    }
    Path(out).write_text(json.dumps({"sql": [q["sql"] for q in ctx.captured_queries], "context": context}))


def psql_conn(db: str):
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=db, autocommit=True)


def reset(db: str, lo: int, hi: int, base_event: int) -> None:
    with psql_conn(db) as c:
        c.execute("DELETE FROM statements_confirmation WHERE statement_id BETWEEN %s AND %s", (lo, hi))
        c.execute(
            "UPDATE statements_balancestatement SET status = 'dispatched', answered_at = NULL "
            "WHERE id BETWEEN %s AND %s AND status <> 'dispatched'",
            (lo, hi),
        )
        # the table is append-only (a trigger refuses DELETE): this bench database's reset session skips it
        c.execute("SET session_replication_role = replica")
        c.execute("DELETE FROM reconcile_auditevent WHERE id > %s", (base_event,))
        c.execute("RESET session_replication_role")
        c.execute(
            "VACUUM ANALYZE statements_balancestatement, statements_confirmation, reconcile_auditevent, "
            "reconcile_auditchainhead"
        )
        c.execute("CHECKPOINT")


def pctl(sorted_vals: list[int], p: float) -> float:
    if not sorted_vals:
        return float("nan")
    k = max(0, min(len(sorted_vals) - 1, int(round(p / 100 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


# pgbench's query protocol (``--protocol``): "prepared" matches the application since it prepares its queries on the
# server (``DATABASE_PREPARE_THRESHOLD``, default 5); "simple" sends every statement's text, planned each time, as
# the application did before.
PROTOCOL = ["prepared"]


def pgbench(db: str, script_file: Path, clients: int, duration: int, dvars: dict, tag: str) -> dict:
    prefix = WORK / f"pgb_{tag}"
    for f in glob.glob(f"{prefix}.*"):
        os.unlink(f)
    cmd = ["pgbench", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, "-n", "-M", PROTOCOL[0], "-j", "2"]
    cmd += ["-c", str(clients), "-T", str(duration), "-f", str(script_file), "-l", f"--log-prefix={prefix}"]
    cmd += ["-D", f"nclients={clients}", "-D", "n=-1", *[x for k, v in dvars.items() for x in ("-D", f"{k}={v}")], db]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 120)
    text = out.stdout + out.stderr
    if out.returncode or "aborted" in text:
        raise SystemExit(f"pgbench failed ({out.returncode}):\n{' '.join(cmd)}\n{text[-4000:]}")
    tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", text).group(1))
    processed = int(re.search(r"number of transactions actually processed: (\d+)", text).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", text)
    lat = []
    for f in glob.glob(f"{prefix}.*"):
        with open(f) as fh:
            lat.extend(int(line.split()[2]) for line in fh if line.strip())
        os.unlink(f)  # a SELECT 1 run logs a million lines
    lat.sort()
    return {
        "rps": tps,
        "processed": processed,
        "failed": int(failed.group(1)) if failed else 0,
        "logged": len(lat),
        "p50_us": pctl(lat, 50),
        "p99_us": pctl(lat, 99),
        "max_us": lat[-1] if lat else 0,
    }


def ms(us: float) -> str:
    return "-" if us != us else f"{us / 1000:.1f}"


def fsync_rate() -> str:
    exe = shutil.which("pg_test_fsync") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_test_fsync"))), None
    )
    if not exe:
        return "pg_test_fsync not found"
    tmp = f"/tmp/bench-ceiling-fsync-{os.getpid()}"
    try:
        out = subprocess.run([exe, "-s", "1", "-f", tmp], capture_output=True, text=True, timeout=120).stdout
    finally:
        Path(tmp).unlink(missing_ok=True)
    m = re.search(r"one 8kB write.*?fdatasync\s+([\d.]+) ops/sec\s+(\d+) usecs/op", out, re.S)
    return f"fdatasync, one 8 kB write: {m.group(1)} ops/s ({m.group(2)} us/op)" if m else out[-500:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2) + 1)
    ap.add_argument(
        "--protocol",
        choices=["prepared", "simple"],
        default="prepared",
        help="pgbench -M (prepared: as the application with DATABASE_PREPARE_THRESHOLD > 0)",
    )
    ap.add_argument("--confirm", type=int, default=60_000, help="open statements seeded for the pgbench runs")
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--no-fsync-test", action="store_true")
    ap.add_argument("--keep-db", action="store_true")
    ap.add_argument("--capture-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    PROTOCOL[0] = args.protocol
    if args.capture_child:
        _capture_child(*args.capture_child)
        return
    for tool in ("wrk", "pgbench"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (apt-get install -y wrk postgresql-client-15)")
    if args.duration > 120 or args.repeat > 10:
        raise SystemExit("keep runs bounded: --duration <= 120, --repeat <= 10")
    import bench_web  # noqa: E402  (bench/web on sys.path)

    t_start = time.time()
    print(f"load average before: {load_average()}; preparing database {DB} ...", flush=True)
    _pg_admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{DB}"')
    env = bench_web.env_for(pg_url(DB))
    env.update(PORTAL_VAR_DIR=str(WORK / "var"), MEDIA_ROOT=str(WORK / "media"))
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "var").mkdir(parents=True)
    proc = None
    results: dict[str, list[dict]] = {}
    try:
        bench_web.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        bench_web.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        t0 = time.time()
        seeded = bench_web.run(
            [PYTHON, str(HERE / "seed.py"), "--confirm", str(args.confirm), "--signed-out", str(WORK / "signed.tsv")],
            env,
        )
        seed = json.loads(seeded.strip().splitlines()[-1])
        (WORK / "seed.json").write_text(json.dumps(seed))
        print(f"seeded {args.confirm:,} open statements in {time.time() - t0:.0f} s", flush=True)

        # 1. the application's SQL, and the replay checked against it
        bench_web.run([PYTHON, __file__, "--capture-child", str(WORK / "seed.json"), str(WORK / "captured.json")], env)
        capture = json.loads((WORK / "captured.json").read_text())
        captured, context = capture["sql"], capture["context"]
        (WORK / "captured.sql").write_text(";\n".join(captured) + ";\n")
        with_chain = template(captured, context)
        check = {
            "id": context["statement_id"],
            "conf_id": context["confirmation_id"],
            "shard": context["shard"],
            "head_last_seq": MARK_SEQ,
            "head_last_hash": MARK_HASH,
            "s1": MARK_SEQ + 1,
            "s2": MARK_SEQ + 2,
        }
        replayed = instantiate(with_chain, check)
        for h, var in zip(context["hashes"], ("h1", "h2"), strict=True):
            replayed = [r.replace(f"{context['shard']}-:{var}-{HEX}", h) for r in replayed]
        if replayed != captured:
            for n, (a, b) in enumerate(zip(captured, replayed, strict=False)):
                if a != b:
                    print(f"statement {n + 1} differs:\n  app:    {a[:600]}\n  replay: {b[:600]}")
            raise SystemExit(
                f"the derived pgbench script does not reproduce the application's {len(captured)} statements"
            )
        n_chain = sum(1 for i in with_chain if i[0] == "sql")
        n_plain = sum(1 for i in without_chain(with_chain) if i[0] == "sql")
        print(
            f"captured the confirm's SQL: {n_chain} statements ({WORK / 'captured.sql'}); the pgbench script is "
            "derived from it and reproduces it exactly with the captured values",
            flush=True,
        )
        scripts = {
            "lock": WORK / "confirm_lock.sql",
            "nolock": WORK / "confirm_nolock.sql",
        }
        scripts["lock"].write_text(render(with_chain, prepared=PROTOCOL[0] == "prepared"))
        scripts["nolock"].write_text(render(without_chain(with_chain), prepared=PROTOCOL[0] == "prepared"))
        scripts["select1"] = WORK / "select1.sql"
        scripts["select1"].write_text("SELECT 1;\n")

        # pgbench confirms ids lo..hi (reset after each run); the application's own confirm (wrk) takes
        # app_lo..app_hi, its last third (also reset after each run); the two captured ones are past both
        first, last = seed["confirm_lo"], seed["confirm_hi"] - 2
        lo, hi = first, first + (last - first) * 2 // 3
        app_lo, app_hi = hi + 1, last
        with psql_conn(DB) as c:
            base_event = c.execute("SELECT coalesce(max(id), 0) FROM reconcile_auditevent").fetchone()[0]
        reset(DB, lo, hi, base_event)
        dvars = {"lo": lo}

        fsync = "not measured" if args.no_fsync_test else fsync_rate()
        print(f"disk: {fsync}", flush=True)

        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        cmd = [
            gunicorn,
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ]
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=open(WORK / "gunicorn.log", "w"),
        )
        bench_web.wait_ready(args.port, proc)

        variants = [
            ("bare", None, args.connections),
            ("confirm (app)", "app", args.connections),
            ("confirm+lock", "lock", args.connections),
            ("confirm+lock", "lock", args.workers),
            ("confirm-lock", "nolock", args.connections),
            ("confirm-lock", "nolock", args.workers),
            ("SELECT 1 (reference)", "select1", args.connections),
        ]
        run_no = 0

        def measure(label: str, kind: str | None, clients: int, duration: int) -> dict:
            nonlocal run_no
            run_no += 1
            if kind is None:
                return bench_web.wrk(args.port, duration, clients, ["fixed", "-", "-", "/bench/bare/"])
            if kind == "app":
                token = ["Authorization", f"Token {seed['token']}"]
                path, ids = "/api/v1/statements/%d/confirm", [str(app_lo), str(app_hi), "2", seed["signed_file"]]
                r = bench_web.wrk(args.port, duration, clients, ["confirm", *token, path, *ids])
                if any(k != "200" for k in r["statuses"]):
                    raise SystemExit(f"the application's confirm answered {r['statuses']} (raise --confirm?)")
                reset(DB, app_lo, app_hi, base_event)
                return r
            r = pgbench(
                DB,
                scripts[kind],
                clients,
                duration,
                {**dvars, "seqbase": 10**12 + run_no * 10**7},
                f"{kind}_c{clients}_{run_no}",
            )
            if kind == "select1":  # pgbench reads its clock once per poll loop: sub-ms latencies read as 0
                r["p50_us"] = r["p99_us"] = float("nan")
                return r
            with psql_conn(DB) as c:
                done = c.execute(
                    "SELECT count(*) FROM statements_confirmation WHERE statement_id BETWEEN %s AND %s", (lo, hi)
                ).fetchone()[0]
                moved = c.execute(
                    "SELECT count(*) FROM statements_balancestatement WHERE id BETWEEN %s AND %s "
                    "AND status = 'confirmed'",
                    (lo, hi),
                ).fetchone()[0]
            if not (done == moved == r["processed"]):
                raise SystemExit(
                    f"{label} -c {clients}: pgbench counted {r['processed']} transactions, but "
                    f"{done} confirmations / {moved} confirmed statements (raise --confirm?)"
                )
            reset(DB, lo, hi, base_event)
            return r

        for label, kind, clients in variants:  # warm-up, not reported
            measure(label, kind, clients, 3)
        print(f"warmed up; gunicorn {args.workers} x sync; load {load_average()}", flush=True)
        for rep in range(args.repeat):
            for label, kind, clients in variants:
                key = f"{label} c{clients}"
                r = measure(label, kind, clients, args.duration)
                results.setdefault(key, []).append(r)
                extra = (
                    f"statuses {r['statuses']}"
                    if kind in (None, "app")
                    else f"{r['processed']:,} tx"
                    if kind == "select1"
                    else f"{r['processed']:,} tx, all confirmed once, failed {r['failed']}"
                )
                print(
                    f"  repeat {rep + 1} {key:<20} {r['rps']:8.1f}/s  p50 {ms(r['p50_us']):>7} ms  "
                    f"p99 {ms(r['p99_us']):>7} ms  {extra}  load {load_average()}",
                    flush=True,
                )
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        if not args.keep_db:
            _pg_admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        else:
            print(f"kept database {DB}")

    bare = max(r["rps"] for r in results[f"bare c{args.connections}"])
    print(
        f"\nbare: gunicorn {args.workers} x sync, wrk -t2 -c{args.connections} -d{args.duration}s; confirm: pgbench "
        f"-M {PROTOCOL[0]} -j 2 -T {args.duration}, {n_chain} statements per transaction ({n_plain} with -lock); "
        f"confirm (app): the same wrk as bare on the signed confirm; best of {args.repeat} "
        f"by throughput; {time.time() - t_start:.0f} s in all; load average after: {load_average()}; disk {fsync}"
    )
    print(f"50% of the bare view = {bare / 2:,.1f}/s")
    print(
        f"| {'what':<22} | {'clients':>7} | {'req or tx/s':>11} | {'p50 ms':>7} | {'p99 ms':>7} | {'vs bare':>7} | all runs /s"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for key, runs in results.items():
        label, clients = key.rsplit(" c", 1)
        b = max(runs, key=lambda r: r["rps"])
        print(
            f"| {label:<22} | {clients:>7} | {b['rps']:>11,.1f} | {ms(b['p50_us']):>7} | {ms(b['p99_us']):>7} "
            f"| {b['rps'] / bare:>7.0%} | " + " ".join(f"{r['rps']:,.1f}" for r in runs)
        )
    app = max(r["rps"] for r in results[f"confirm (app) c{args.connections}"])
    for clients in (args.connections, args.workers):
        replay = max(r["rps"] for r in results[f"confirm+lock c{clients}"])
        print(
            f"confirm (app, wrk c{args.connections}) vs its own SQL replayed by pgbench at c{clients}: {app / replay:.0%}"
        )


if __name__ == "__main__":
    main()
