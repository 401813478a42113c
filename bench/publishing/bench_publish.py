"""Publishing a cycle: statements, due dates and SMS outbox rows for N accounts, SQLite and PostgreSQL.

    .venv/bin/python bench/publishing/bench_publish.py [--accounts 100000] [--backends sqlite postgres]
                                                       [--repeat 3] [--chunk-size 1000] [--profile DIR]

Target (issue "publishing"): publish a cycle for 100,000 accounts on the embedded default in <= 60 s,
PDFs excluded.

Set-up (not timed), once per backend: a migrated template database is seeded with ``bulk_create``:
N customers (valid 统一社会信用代码 from ``tests/factories.py::credit_code``), N active accounts, N
current agreements (80% monthly / 20% quarterly; 70% online banking, 20% website, 10% paper mail;
every agreement has a mobile number) and N core-feed ``PeriodBalance`` rows as of 2026-09-30.
Every measured run clones that seeded template into a fresh database (SQLite file under /tmp,
PostgreSQL database ``bench_pub_*`` on 127.0.0.1:5432) and runs in a child process:

    with time_machine.travel(2026-10-09 10:00 +08:00, tick=True):   # 2nd working day after National Day
        statement_run_start(actor=None, period="2026-09")

with Celery eager (no broker: the embedded default), so the run's ``on_commit`` enqueues every chunk and
each ``statement_chunk_publish`` runs in-process, one transaction per chunk (``PUBLISH_CHUNK_SIZE``,
default 1000). **PDFs are excluded** by replacing ``statements.tasks.statement_render_pdfs_task.delay``
(scheduled by each chunk's ``on_commit``) with a recorder that only counts the statement ids it would have
rendered; ``sms_send_due_task.delay`` (delivery of the outbox to the SMS provider) is recorded the same way,
so the SMS *outbox rows* are written and timed, sending is not. The recorder checks every statement was
handed to the PDF task exactly once.

Timed: from ``statement_run_start`` to its return (all chunks committed); split into the start (period and
calendar checks, balance check, chunk rows) and the chunks. Reported: total, statements/s, best of
``--repeat`` (runs of the two backends alternate, so they see the same machine load), and the CPU time of
the publishing process over the same span (``time.process_time``; on SQLite that is all the work, on
PostgreSQL the server's CPU is not in it): on a loaded machine it shows what an idle core would take.
``--keep-seed`` keeps the seeded templates for the next invocation (seeding 100k takes about a minute).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PUBLISH_AT = dt.datetime(2026, 10, 9, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
AS_OF = dt.date(2026, 9, 30)


# --------------------------------------------------------------------------- seeding (child)
def seed(n: int) -> None:
    import django

    django.setup()
    from decimal import Decimal

    from django.db import transaction

    from reconcile.models import BankAccount, Customer
    from statements.models import Agreement, BalanceSource, Channel, Cycle, PeriodBalance
    from tests.factories import credit_code

    batch = 5000
    t0 = time.perf_counter()
    with transaction.atomic():
        Customer.objects.bulk_create(
            [Customer(legal_name=f"压测企业{i:06d}有限公司", credit_code=credit_code(i + 10)) for i in range(n)],
            batch_size=batch,
        )
        customers = list(Customer.objects.order_by("pk").values_list("pk", flat=True))
        BankAccount.objects.bulk_create(
            [
                BankAccount(number=f"31050161373{i:09d}", customer_id=c, branch="上海浦东分行营业部", currency="CNY")
                for i, c in enumerate(customers)
            ],
            batch_size=batch,
        )
        accounts = list(BankAccount.objects.order_by("pk").values_list("pk", flat=True))
        channels = [Channel.ONLINE_BANKING] * 7 + [Channel.WEBSITE] * 2 + [Channel.PAPER]
        Agreement.objects.bulk_create(
            [
                Agreement(
                    account_id=a,
                    cycle=Cycle.QUARTERLY if i % 5 == 4 else Cycle.MONTHLY,
                    channel=channels[i % 10],
                    contact_name="王丽",
                    mobile=f"138{i:08d}",
                    address="上海市浦东新区世纪大道100号",
                    valid_from=dt.date(2026, 1, 1),
                )
                for i, a in enumerate(accounts)
            ],
            batch_size=batch,
        )
        PeriodBalance.objects.bulk_create(
            [
                PeriodBalance(
                    account_id=a,
                    as_of=AS_OF,
                    balance=Decimal(1_000_00 + i * 37).scaleb(-2),
                    source=BalanceSource.CORE_FEED,
                    source_ref="core-20260930",
                )
                for i, a in enumerate(accounts)
            ],
            batch_size=batch,
        )
    print(json.dumps({"seeded": n, "seconds": time.perf_counter() - t0}))


# --------------------------------------------------------------------------- one publishing run (child)
def peak_rss_mb() -> float:
    """VmHWM of this process (ru_maxrss would include the parent's memory at fork on Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def publish(n: int, profile_dir: str | None) -> None:
    import django

    django.setup()
    import time_machine
    from django.db import connection

    import statements.tasks as tasks
    from statements.models import BalanceStatement, RunStatus, SmsMessage, StatementStatus
    from statements.services import publishing

    pdf_ids: list[int] = []
    sms_calls = [0]
    tasks.statement_render_pdfs_task.delay = lambda ids: pdf_ids.extend(ids)  # PDFs excluded: count only
    tasks.sms_send_due_task.delay = lambda: sms_calls.__setitem__(0, sms_calls[0] + 1)  # sending excluded

    chunk_time = [0.0]
    real_chunk = publishing.statement_chunk_publish

    def timed_chunk(**kwargs):
        t0 = time.perf_counter()
        try:
            return real_chunk(**kwargs)
        finally:
            chunk_time[0] += time.perf_counter() - t0

    publishing.statement_chunk_publish = timed_chunk  # the task imports it from the module at call time

    profiler = None
    if profile_dir:
        import cProfile

        profiler = cProfile.Profile()
    with time_machine.travel(PUBLISH_AT, tick=True):
        if profiler:
            profiler.enable()
        t0, c0 = time.perf_counter(), time.process_time()
        outcome = publishing.statement_run_start(actor=None, period="2026-09")
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        if profiler:
            profiler.disable()
    if profiler:
        Path(profile_dir).mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(str(Path(profile_dir) / f"publish-{connection.vendor}.prof"))
    run = outcome.run
    run.refresh_from_db()
    made = BalanceStatement.objects.filter(run=run).count()
    dispatched = BalanceStatement.objects.filter(run=run, status=StatementStatus.DISPATCHED).count()
    with_due = BalanceStatement.objects.filter(run=run, due_date__isnull=False).count()
    sms = SmsMessage.objects.count()
    ok = (
        run.status == RunStatus.DONE
        and made == n
        and run.statements_created == n
        and sms == dispatched
        and with_due == dispatched
        and sorted(pdf_ids) == sorted(set(pdf_ids))
        and len(pdf_ids) == n
    )
    if not ok:
        raise SystemExit(
            f"bad run: status={run.status} made={made} created={run.statements_created} sms={sms} "
            f"dispatched={dispatched} due={with_due} pdf_ids={len(pdf_ids)}"
        )
    print(
        json.dumps(
            {
                "total": total,
                "cpu": cpu,
                "chunks": chunk_time[0],
                "start": total - chunk_time[0],
                "statements": made,
                "dispatched": dispatched,
                "sms_rows": sms,
                "chunk_count": run.chunks_total,
                "pdf_ids_recorded": len(pdf_ids),
                "sms_send_calls": sms_calls[0],
                "maxrss_mb": peak_rss_mb(),
            }
        )
    )


def run_child(args: list[str], url: str, chunk_size: int) -> dict:
    from bench.dbsetup import base_env

    env = base_env(url, media=f"/tmp/bench-pub-media-{os.getpid()}")
    env["PUBLISH_CHUNK_SIZE"] = str(chunk_size)
    out = subprocess.run([sys.executable, __file__, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"child {args} failed on {url}:\n{out.stdout}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--chunk-size", type=int, default=1000, help="PUBLISH_CHUNK_SIZE (the project default: 1000)")
    ap.add_argument("--profile", metavar="DIR", help="cProfile the last run of each backend into DIR/*.prof")
    ap.add_argument(
        "--keep-seed",
        action="store_true",
        help="keep the seeded templates at the end and reuse them if a previous run kept them",
    )
    ap.add_argument("--child-seed", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-publish", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-profile", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_seed:
        seed(args.child_seed)
        return
    if args.child_publish:
        publish(args.child_publish, args.child_profile)
        return

    from bench.dbsetup import clone, drop, load_average, migrate, template

    n = args.accounts
    print(f"load average before: {load_average()}; migrating and seeding {n:,} accounts per backend ...", flush=True)
    seeded = {}
    for backend in args.backends:
        marker = Path(f"/tmp/bench-pub-seeded-{backend}-{n}")
        if args.keep_seed and marker.exists():
            seeded[backend] = marker.read_text().strip()
            migrate(seeded[backend])  # the tree may have gained migrations since it was seeded
            print(f"  {backend}: reusing the seeded template {seeded[backend]} (migrated)", flush=True)
            continue
        marker.unlink(missing_ok=True)
        tpl = template(backend, "pub")
        info = run_child(["--child-seed", str(n)], tpl, args.chunk_size)
        print(f"  {backend}: seeded in {info['seconds']:.1f} s", flush=True)
        seeded[backend] = tpl
        if args.keep_seed:
            marker.write_text(tpl)
    results: dict[str, list[dict]] = {b: [] for b in args.backends}
    for rep in range(args.repeat):
        for backend in args.backends:
            url = clone(seeded[backend], f"pub_{backend}")
            extra = ["--child-profile", args.profile] if args.profile and rep == args.repeat - 1 else []
            try:
                r = run_child(["--child-publish", str(n), *extra], url, args.chunk_size)
            finally:
                drop(url)
            results[backend].append(r)
            print(
                f"  repeat {rep + 1} {backend}: {r['total']:.1f} s (start {r['start']:.1f}, chunks "
                f"{r['chunks']:.1f}; CPU of the process {r['cpu']:.1f} s) load {load_average()}",
                flush=True,
            )
    if not args.keep_seed:
        for url in seeded.values():
            drop(url)
    print(
        f"\npython {sys.version.split()[0]}, {n:,} accounts, chunk size {args.chunk_size}, best of {args.repeat}, "
        f"load average after: {load_average()}"
    )
    print(
        f"{'backend':<10}{'best s':>8}{'stmts/s':>10}  {'start':>6}{'chunks':>8}{'CPU s':>7}  "
        "runs; outputs of the best run"
    )
    for backend, runs in results.items():
        b = min(runs, key=lambda r: r["total"])
        totals = " ".join(f"{r['total']:.1f}" for r in runs)
        print(
            f"{backend:<10}{b['total']:>8.1f}{b['statements'] / b['total']:>10,.0f}  {b['start']:>6.1f}"
            f"{b['chunks']:>8.1f}{b['cpu']:>7.1f}  {totals}; {b['statements']:,} statements, "
            f"{b['dispatched']:,} dispatched "
            f"with due dates, {b['sms_rows']:,} SMS rows, {b['chunk_count']} chunks, PDFs recorded (not rendered) "
            f"{b['pdf_ids_recorded']:,}, RSS {b['maxrss_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
