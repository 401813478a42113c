"""The audit chain's cost to concurrent writers, in PostgreSQL alone (pgbench), side by side in one run.

    flock /tmp/bench.lock .venv/bin/python -m bench.audit.chain_ceiling [--duration 15] [--repeat 3]
        [--clients 64] [--shards 16]

Question (issue 20.3): with the chain, does a confirm-shaped write reach >= 85% of the same SQL without the chain
work? The database is migrated by the project (the real ``reconcile_auditevent`` with its indexes, unique
constraints and append-only trigger, the real ``reconcile_auditchainhead``); the confirm's own rows are stood in for
by two scratch tables (a statement row read, locked and updated by id, a confirmation row inserted), with the
confirm's statement count (9 without the chain, 11 with it, as ``bench/web/confirm_ceiling.py`` captured them), so
that the three scripts differ only in the chain work:

- ``no chain``: the caller's row and a visibility EXISTS (autocommit), BEGIN, statement ``SELECT ... FOR UPDATE``,
  pending-answer EXISTS, confirmation INSERT, statement UPDATE, INSERT of the two audit events (numbers from the
  client, each client its own chain number so the unique index is hit as in production), COMMIT;
- ``one chain``: the same with the chain work of ``core.services.audit`` on a single chain (AUDIT_CHAIN_SHARDS=1,
  the design before issue 20): head ``SELECT ... FOR UPDATE`` of row 1, the events numbered after it, head UPDATE;
- ``N chains``: the same on the head of the client's own chain (``client_id % N + 1``), as a process and thread
  append to theirs (AUDIT_CHAIN_SHARDS=N, the default 16).

Each transaction touches a statement row no other client touches, so the only contention left is the chain's.
After every run the tables are emptied (TRUNCATE, past the append-only trigger) and the heads reset, then
``VACUUM ANALYZE`` and ``CHECKPOINT``. Reported: transactions/s (pgbench's "without initial connection time"),
the ratio to ``no chain`` of the same repeat, best of ``--repeat`` by throughput, the load average. Needs pgbench.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.dbsetup import PG_HOST, PG_PORT, PG_USER, _pg_admin, load_average, migrate, pg_url

DB = f"bench_chain_{os.getpid()}"
ROWS_PER_CLIENT = 2000  # statement rows per client; a client only ever touches its own

SETUP = """
CREATE TABLE bench_statement (id bigint PRIMARY KEY, status varchar(16) NOT NULL, answered_at timestamptz);
CREATE TABLE bench_confirmation (id bigserial PRIMARY KEY, statement_id bigint NOT NULL, decision varchar(16),
    submitted_at timestamptz NOT NULL);
CREATE INDEX bench_confirmation_statement ON bench_confirmation (statement_id);
"""


def _events(shard: str, seq1: str, prev: str) -> str:
    return (
        "INSERT INTO reconcile_auditevent (shard, seq, created_at, actor_id, actor_label, action, target_type, "
        "target_id, before, after, prev_hash, hash) VALUES "
        f"({shard}, {seq1}, now(), NULL, 'bench', 'confirmation.submitted', 'statements.confirmation', "
        "'1', NULL, '{\"decision\": \"agree\"}', " + prev + ", md5(:client_id || '-' || :n || 'a') || "
        "md5(:client_id || '-' || :n || 'b')), "
        f"({shard}, {seq1} + 1, now(), NULL, 'bench', 'statement.answered', 'statements.balancestatement', "
        '\':id\', \'{"status": "dispatched"}\', \'{"status": "confirmed"}\', '
        "md5(:client_id || '-' || :n || 'a') || md5(:client_id || '-' || :n || 'b'), "
        "md5(:client_id || '-' || :n || 'c') || md5(:client_id || '-' || :n || 'd'));\n"
    )


def script(kind: str, shards: int) -> str:
    head = {"one": "1", "sharded": ":head_id"}.get(kind)
    lines = [
        r"\set n random(1, 1000000000)",
        rf"\set id :client_id * {ROWS_PER_CLIENT} + (:n % {ROWS_PER_CLIENT})",
        rf"\set head_id :client_id % {shards} + 1",
        # The confirm's reads before and inside its transaction (bench/web/confirm_ceiling.py lists the real 11):
        # the caller's row, the visibility EXISTS, BEGIN, the statement row lock, the pending-answer EXISTS.
        "SELECT id, status, answered_at FROM bench_statement WHERE id = :id;",
        "SELECT 1 FROM bench_statement WHERE id = :id AND status IS NOT NULL LIMIT 1;",
        "BEGIN;",
        "SELECT id, status FROM bench_statement WHERE id = :id FOR UPDATE;",
        "SELECT 1 FROM bench_confirmation WHERE statement_id = :id AND decision = 'pending' LIMIT 1;",
        "UPDATE bench_statement SET status = 'confirmed', answered_at = now() WHERE id = :id;",
        "INSERT INTO bench_confirmation (statement_id, decision, submitted_at) VALUES (:id, 'agree', now());",
    ]
    if head is None:
        # Numbers from the client: its own chain number above the real ones, a random sequence (unique enough
        # for a 15 s run; a clash would abort the transaction and show as a failed one).
        lines.append(_events("1000 + :client_id", ":n * 2", "repeat('0', 64)"))
    else:
        lines.append(
            f"SELECT last_seq AS s, last_hash AS h FROM reconcile_auditchainhead WHERE id = {head} "
            r"FOR UPDATE \gset head_"
        )
        lines.append(_events(head, ":head_s + 1", "':head_h'"))
        lines.append(
            "UPDATE reconcile_auditchainhead SET last_seq = :head_s + 2, last_hash = "
            f"md5(:client_id || '-' || :n || 'c') || md5(:client_id || '-' || :n || 'd') WHERE id = {head} "
            "AND last_seq = :head_s;"
        )
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, DB],
        input=sql,
        text=True,
        check=True,
        capture_output=True,
    )


def reset(shards: int, clients: int) -> None:
    heads = ",".join(f"({i}, 0, repeat('0', 64))" for i in range(1, shards + 1))
    _psql(
        "SET session_replication_role = replica;\n"
        "TRUNCATE reconcile_auditevent, reconcile_auditseal, reconcile_auditchainhead, bench_confirmation;\n"
        f"INSERT INTO reconcile_auditchainhead (id, last_seq, last_hash) VALUES {heads};\n"
        "UPDATE bench_statement SET status = 'dispatched', answered_at = NULL;\n"
        "VACUUM ANALYZE bench_statement, bench_confirmation, reconcile_auditevent, reconcile_auditchainhead;\n"
        "CHECKPOINT;\n"
    )


def seed(clients: int) -> None:
    # A row for every id a client can draw, so every UPDATE finds its row.
    _psql(
        SETUP + "INSERT INTO bench_statement (id, status) SELECT c * %d + g, 'dispatched' FROM "
        "generate_series(0, %d) c, generate_series(0, %d) g;" % (ROWS_PER_CLIENT, clients, ROWS_PER_CLIENT - 1)
    )


def pgbench(path: Path, clients: int, duration: int) -> float:
    out = subprocess.run(
        [
            "pgbench",
            "-n",
            "-M",
            "simple",
            "-j",
            "2",
            "-c",
            str(clients),
            "-T",
            str(duration),
            "-h",
            PG_HOST,
            "-p",
            str(PG_PORT),
            "-U",
            PG_USER,
            "-f",
            str(path),
            DB,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    failed = re.search(r"number of failed transactions: (\d+)", out)
    if failed and int(failed.group(1)):
        raise SystemExit(f"pgbench reported failed transactions:\n{out}")
    return float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--shards", type=int, default=16)
    args = parser.parse_args()
    _pg_admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{DB}"')
    try:
        migrate(pg_url(DB))
        seed(args.clients)
        work = Path(tempfile.mkdtemp(prefix="bench-chain-"))
        kinds = {"no chain": "none", "one chain": "one", f"{args.shards} chains": "sharded"}
        paths = {}
        for label, kind in kinds.items():
            paths[label] = work / f"{kind}.sql"
            paths[label].write_text(script(kind, args.shards))
        runs: dict[str, list[float]] = {label: [] for label in kinds}
        ratios: dict[str, list[float]] = {label: [] for label in kinds}
        for repeat in range(args.repeat):
            base = None
            for label in kinds:
                reset(args.shards, args.clients)
                tps = pgbench(paths[label], args.clients, args.duration)
                runs[label].append(tps)
                base = tps if base is None else base
                ratios[label].append(tps / base)
                print(
                    f"repeat {repeat + 1} {label:>10}: {tps:8.0f} tx/s ({tps / base:.0%} of no chain)  "
                    f"load {load_average()}",
                    flush=True,
                )
        print(f"\nbest of {args.repeat}, -c {args.clients}, {args.duration} s each, load {load_average()}:")
        for label in kinds:
            best = max(range(args.repeat), key=lambda i: runs[label][i])
            print(
                f"  {label:>10}: {runs[label][best]:8.0f} tx/s   ratio to no chain in the same repeat: "
                f"{ratios[label][best]:.0%} (all: {', '.join(f'{r:.0%}' for r in ratios[label])})"
            )
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
