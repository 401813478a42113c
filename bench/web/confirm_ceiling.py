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
2. the confirm's SQL is captured from the application: one ``POST /api/v1/statements/<id>/confirm`` through
   Django's test client under ``CaptureQueriesContext`` (``bench.web.settings``, this database); the 11
   statements are written to ``/tmp/bench-ceiling-<pid>/captured.sql`` and the pgbench script below is
   checked against them statement by statement (literals and pgbench variables masked), so the replay is
   the application's SQL text, not a paraphrase;
3. gunicorn as in ``bench_web.py`` (``config.wsgi``, ``bench.web.settings``, ``--workers`` sync workers,
   backlog 2048) on 127.0.0.1:``--port``;
4. per repeat, alternating: ``bare`` = ``wrk -t2 -c64 -d<duration>s`` on ``GET /bench/bare/`` (``load.lua``,
   the driver waits until the server is idle after it, as in ``bench_web.py``), then pgbench
   (``-M simple -j 2 -T <duration> -n``, 127.0.0.1:5432) with
   ``confirm+lock`` (the whole confirm, 11 statements: the token/user query and the visibility EXISTS in
   autocommit, then BEGIN, statement row lock, pending-answer EXISTS, INSERT confirmation RETURNING id,
   guarded statement UPDATE, chain-head SELECT ... FOR UPDATE, INSERT of the two audit events, head UPDATE,
   COMMIT) at ``-c <connections>`` and at ``-c <workers>`` (what 5 gunicorn workers can have in flight), and
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
   millisecond are logged as 0; the confirm's latencies, 11 round trips each, agree with Little's law,
   clients / throughput, within 4%).

The INSERT of the audit events needs values that the application computes in Python: the event hashes
(SHA-256 of the record) are replaced by unique strings of at most 64 characters built from pgbench's
``hash()`` of the sequence number (random order, like SHA-256, for the unique index), the timestamps by fixed
literals. pgbench substitutes its variables into the text (``-M simple``), so every statement is sent,
parsed and planned as the application's client-side-bound statements are.

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

WORK = Path(f"/tmp/bench-ceiling-{os.getpid()}")
DB = f"bench_ceiling_{os.getpid()}"

# The confirm's SQL as the application sends it (see the module docstring), with pgbench variables:
# :token, :cust, :user (the API client), :id (this transaction's statement), :conf_id (RETURNING of the
# confirmation INSERT), :head_last_seq / :head_last_hash (the chain head), :s1 / :s2 and :h1 / :h2 (the two
# events' sequence numbers and hashes). ("sql", text, gset prefix or None) or ("meta", pgbench command).
HEX = "9d320da7c822a411082c237aa0bed7bb8b18b80379e"  # 43 characters: "<int64>-" + this is at most 64
TS1, TS2, TS3 = (
    "2026-12-05 06:35:09.143656+00:00",
    "2026-12-05 06:35:09.149751+00:00",
    "2026-12-05 06:35:09.149922+00:00",
)
ROLES = " ".join(
    f'EXISTS(SELECT 1 AS "a" FROM "portal_rolegrant" U0 WHERE (U0."role" = \'{r}\' AND U0."user_id" = '
    f'("authtoken_token"."user_id")) LIMIT 1) AS "has_role_{r}",'
    for r in ("client_viewer", "client_confirmer", "accountant", "bank_ops")
)
STMT_COLS = ", ".join(
    f'"statements_balancestatement"."{c}"'
    for c in (
        "id",
        "account_id",
        "agreement_id",
        "run_id",
        "period",
        "period_end",
        "number",
        "version",
        "previous_id",
        "currency",
        "balance",
        "balance_source",
        "channel",
        "status",
        "verification_code",
        "content_hash",
        "pdf_path",
        "paper_batch_id",
        "published_at",
        "dispatched_at",
        "due_date",
        "viewed_at",
        "answered_at",
    )
)
ACC_COLS = ", ".join(
    f'"reconcile_bankaccount"."{c}"'
    for c in ("id", "number", "currency", "customer_id", "branch", "status", "opened_on", "created_at")
)
CUST_COLS = ", ".join(
    f'"reconcile_customer"."{c}"' for c in ("id", "legal_name", "credit_code", "requires_approval", "created_at")
)
USER_COLS = ", ".join(
    f'"portal_user"."{c}"'
    for c in (
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "customer_id",
    )
)


def script(lock: bool) -> list[tuple]:
    seq = (
        [("meta", r"\set s1 :head_last_seq + 1")]
        if lock
        else [("meta", r"\set s1 :seqbase + 2 * (:n * :nclients + :client_id) + 1")]
    )
    prev = ":head_last_hash" if lock else "0" * 64
    items: list[tuple] = [
        ("meta", r"\set n :n + 1"),
        ("meta", r"\set id :lo + :client_id + :n * :nclients"),
        (
            "sql",
            'SELECT "authtoken_token"."key", "authtoken_token"."user_id", "authtoken_token"."created", '
            f'{ROLES} {USER_COLS}, {CUST_COLS} FROM "authtoken_token" INNER JOIN "portal_user" ON '
            '("authtoken_token"."user_id" = "portal_user"."id") LEFT OUTER JOIN "reconcile_customer" ON '
            '("portal_user"."customer_id" = "reconcile_customer"."id") WHERE "authtoken_token"."key" = \':token\'',
            None,
        ),
        (
            "sql",
            'SELECT 1 AS "a" FROM "statements_balancestatement" INNER JOIN "reconcile_bankaccount" ON '
            '("statements_balancestatement"."account_id" = "reconcile_bankaccount"."id") WHERE '
            '("reconcile_bankaccount"."customer_id" = :cust AND NOT ("statements_balancestatement"."dispatched_at" '
            'IS NULL) AND "statements_balancestatement"."id" = :id) LIMIT 1',
            None,
        ),
        ("sql", "BEGIN", None),
        (
            "sql",
            f'SELECT {STMT_COLS}, {ACC_COLS}, {CUST_COLS} FROM "statements_balancestatement" INNER JOIN '
            '"reconcile_bankaccount" ON ("statements_balancestatement"."account_id" = "reconcile_bankaccount"."id") '
            'LEFT OUTER JOIN "reconcile_customer" ON ("reconcile_bankaccount"."customer_id" = "reconcile_customer"."id") '
            'WHERE "statements_balancestatement"."id" = :id LIMIT 21 FOR UPDATE OF "statements_balancestatement"',
            None,
        ),
        (
            "sql",
            'SELECT 1 AS "a" FROM "statements_confirmation" WHERE ("statements_confirmation"."statement_id" = :id '
            'AND "statements_confirmation"."status" = \'awaiting_approval\') LIMIT 1',
            None,
        ),
        (
            "sql",
            'INSERT INTO "statements_confirmation" ("statement_id", "decision", "book_balance", "reason", "attachment", '
            '"status", "submitted_by_id", "submitted_at", "approved_by_id", "approved_at", "channel", "remote_addr") '
            f"VALUES (:id, 'agree', NULL, '', '', 'final', :user, '{TS1}'::timestamptz, NULL, NULL, 'api', "
            '\'127.0.0.1\'::inet) RETURNING "statements_confirmation"."id"',
            "conf_",
        ),
        (
            "sql",
            'UPDATE "statements_balancestatement" SET "status" = \'confirmed\', "answered_at" = '
            f'\'{TS1}\'::timestamptz WHERE ("statements_balancestatement"."id" = :id AND '
            "\"statements_balancestatement\".\"status\" IN ('dispatched', 'viewed', 'resolved'))",
            None,
        ),
    ]
    if lock:
        items.append(
            (
                "sql",
                'SELECT "reconcile_auditchainhead"."id", "reconcile_auditchainhead"."last_seq", '
                '"reconcile_auditchainhead"."last_hash" FROM "reconcile_auditchainhead" WHERE '
                '"reconcile_auditchainhead"."id" = 1 ORDER BY "reconcile_auditchainhead"."id" ASC LIMIT 1 '
                "FOR UPDATE",
                "head_",
            )
        )
    items += [
        *seq,
        ("meta", r"\set s2 :s1 + 1"),
        ("meta", r"\set h1 hash(:s1)"),
        ("meta", r"\set h2 hash(:s2)"),
        (
            "sql",
            'INSERT INTO "reconcile_auditevent" ("seq", "created_at", "actor_id", "actor_label", "action", '
            '"target_type", "target_id", "before", "after", "prev_hash", "hash") SELECT * FROM UNNEST('
            "('{:s1,:s2}'::int8[])::bigint[], "
            f'(\'{{"{TS2}","{TS3}"}}\'::timestamptz[])::timestamp with time zone[], '
            "('{:user,:user}'::int2[])::bigint[], ('{bench_api,bench_api}')::varchar[], "
            "('{confirmation.submitted,statement.answered}')::varchar[], "
            "('{statements.confirmation,statements.balancestatement}')::varchar[], ('{:conf_id,:id}')::varchar[], "
            r"""( E'{NULL,"{\\"status\\": \\"dispatched\\"}"}'::jsonb[])::jsonb[], """
            r"""( E'{"{\\"statement_id\\": :id, \\"decision\\": \\"agree\\", \\"book_balance\\": null, """
            r"""\\"status\\": \\"final\\"}","{\\"status\\": \\"confirmed\\", \\"confirmation_id\\": :conf_id, """
            r"""\\"book_balance\\": null}"}'::jsonb[])::jsonb[], """
            f"('{{{prev},:h1-{HEX}}}')::varchar[], ('{{:h1-{HEX},:h2-{HEX}}}')::varchar[]) "
            'RETURNING "reconcile_auditevent"."id"',
            None,
        ),
    ]
    if lock:
        items.append(
            (
                "sql",
                f'UPDATE "reconcile_auditchainhead" SET "last_seq" = :s2, "last_hash" = \':h2-{HEX}\' '
                'WHERE ("reconcile_auditchainhead"."last_seq" = :head_last_seq AND '
                '"reconcile_auditchainhead"."id" = 1)',
                None,
            )
        )
    items.append(("sql", "COMMIT", None))
    return items


def render(items: list[tuple]) -> str:
    out = []
    for item in items:
        if item[0] == "meta":
            out.append(item[1])
        else:
            out.append(item[1] + (f" \\gset {item[2]}" if item[2] else ";"))
    return "\n".join(out) + "\n"


_LITERAL = re.compile(r"E?'(?:[^'\\]|\\.|'')*'")
_VAR = re.compile(r"(?<!:):(?!:)[A-Za-z_]\w*")
_NUM = re.compile(r"\b\d+\b")


def shape(sql: str) -> str:
    """A statement with its literals, pgbench variables and numbers masked."""
    return " ".join(_NUM.sub("#", _VAR.sub("#", _LITERAL.sub("'?'", sql))).split())


def _capture_child(seed_file: str, out: str) -> None:
    """Runs under django.setup(): one confirm through the test client, its SQL to ``out`` (JSON)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.web.seed import signed_confirms

    seed = json.loads(Path(seed_file).read_text())
    body, header = signed_confirms(seed["signed_file"])[seed["confirm_hi"]]
    with CaptureQueriesContext(connection) as ctx:
        r = Client(HTTP_HOST="127.0.0.1").generic(
            "POST",
            f"/api/v1/statements/{seed['confirm_hi']}/confirm",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {seed['token']}",
            HTTP_X_ANSWER_SIGNATURE=header,
        )
    if r.status_code != 200:
        raise SystemExit(f"capture: confirm answered {r.status_code}: {r.content[:300]!r}")
    Path(out).write_text(json.dumps([q["sql"] for q in ctx.captured_queries]))


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


def pgbench(db: str, script_file: Path, clients: int, duration: int, dvars: dict, tag: str) -> dict:
    prefix = WORK / f"pgb_{tag}"
    for f in glob.glob(f"{prefix}.*"):
        os.unlink(f)
    cmd = [
        "pgbench",
        "-h",
        PG_HOST,
        "-p",
        str(PG_PORT),
        "-U",
        PG_USER,
        "-n",
        "-M",
        "simple",
        "-c",
        str(clients),
        "-j",
        "2",
        "-T",
        str(duration),
        "-f",
        str(script_file),
        "-l",
        f"--log-prefix={prefix}",
        "-D",
        f"nclients={clients}",
        "-D",
        "n=-1",
        *[x for k, v in dvars.items() for x in ("-D", f"{k}={v}")],
        db,
    ]
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
    ap.add_argument("--confirm", type=int, default=60_000, help="open statements seeded for the pgbench runs")
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--no-fsync-test", action="store_true")
    ap.add_argument("--keep-db", action="store_true")
    ap.add_argument("--capture-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
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
        captured = json.loads((WORK / "captured.json").read_text())
        (WORK / "captured.sql").write_text(";\n".join(captured) + ";\n")
        replay = [i[1] for i in script(True) if i[0] == "sql"]
        if [shape(s) for s in captured] != [shape(s) for s in replay]:
            for n, (a, b) in enumerate(zip(captured, replay, strict=False)):
                if shape(a) != shape(b):
                    print(f"statement {n + 1} differs:\n  app:    {shape(a)[:600]}\n  replay: {shape(b)[:600]}")
            raise SystemExit(f"the pgbench script does not match the application's {len(captured)} statements")
        print(
            f"captured the confirm's SQL: {len(captured)} statements ({WORK / 'captured.sql'}); the pgbench "
            "script matches it statement by statement",
            flush=True,
        )
        scripts = {}
        for name, lock in (("lock", True), ("nolock", False)):
            scripts[name] = WORK / f"confirm_{name}.sql"
            scripts[name].write_text(render(script(lock)))
        scripts["select1"] = WORK / "select1.sql"
        scripts["select1"].write_text("SELECT 1;\n")

        lo, hi = seed["confirm_lo"], seed["confirm_hi"]
        with psql_conn(DB) as c:
            user, cust = c.execute("SELECT id, customer_id FROM portal_user WHERE username = 'bench_api'").fetchone()
            base_event = c.execute("SELECT coalesce(max(id), 0) FROM reconcile_auditevent").fetchone()[0]
        reset(DB, lo, hi, base_event)
        dvars = {"lo": lo, "token": seed["token"], "user": user, "cust": cust}

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
                    if kind is None
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
        f"-M simple -j 2 -T {args.duration}, 11 statements per transaction (9 with -lock); best of {args.repeat} "
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


if __name__ == "__main__":
    main()
