"""Import throughput: parse-only vs parse + store of a Chinese-bank-style .xlsx, SQLite and PostgreSQL.

    .venv/bin/python bench/imports/bench_import.py [--rows 10000 100000] [--backends sqlite postgres]
                                                   [--repeat 3] [--peer-repeat 1] [--dir /tmp/bench_imports]
                                                   [--django-debug] [--profile DIR]

Target (issue "imports"): a 100k-row Excel statement parsed and stored in <= 10 s on the embedded default
(SQLite). Per size and repeat, side by side in one run:

* ``parse only``   ``reconcile.parsers.api.parse_file`` in this process (calamine read + header detection +
                   conversion + running-balance check);
* ``parse+store``  the real service ``reconcile.services.imports.import_file(actor=None, kind="bank", ...)``
                   in a child process on a fresh, migrated database cloned from a template (SQLite file under
                   /tmp, or database ``bench_imp_*`` on 127.0.0.1:5432). Timed from the call to its return:
                   sha256 + keeping the file + pending row + audit, parse, fingerprints, duplicate lookup,
                   the INSERTs (executemany) and the final audit, all committed. Django start-up is not timed;
* ``openpyxl ro``  the named peer reader: ``openpyxl.load_workbook(read_only=True)`` iterating every row
                   (reading only, no conversion), ``--peer-repeat`` runs.

Children run the embedded settings (``config.settings.embedded``) with ``DEBUG=0``; ``--django-debug`` runs
them with DEBUG on, as ``manage.py`` does with ``DEBUG=1`` (Django then logs every query).
Generated workbooks go to ``--dir`` (never committed); databases are dropped at the end.
Best of ``--repeat`` is reported; the machine is shared, so every figure is taken in the same run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HEADER = ["交易日期", "摘要", "借方发生额", "贷方发生额", "余额", "对方户名", "交易流水号"]
ACCOUNT = "31050161373600001234"
SUMMARIES = ["货款", "转账", "往来款", "工资", "手续费", "报销", "税款", "服务费", "结息", "POS结算"]
FIRMS = [
    "上海恒瑞贸易有限公司",
    "北京中科信达科技有限公司",
    "深圳华南精密制造有限公司",
    "杭州西溪网络科技有限公司",
    "南京金鼎建设工程有限公司",
    "成都天成物流有限公司",
    "武汉宏达医药股份有限公司",
    "苏州嘉禾电子有限公司",
]


def make_xlsx(path: Path, n: int, seed: int = 7) -> None:
    """n rows, oldest first, 300 per calendar day, amounts as numbers, running balance consistent."""
    import openpyxl

    rnd = random.Random(seed)
    balance = 8_000_000_00  # cents
    day = date(2026, 1, 1)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("交易明细")
    ws.append(["账号", ACCOUNT])
    ws.append(["账户名称", "杭州示例科技有限公司"])
    ws.append([])
    ws.append(HEADER)
    for i in range(n):
        if i and i % 300 == 0:
            day += timedelta(days=1)
        cents = rnd.randint(100, 30_000_000)
        firm = rnd.choice(FIRMS) if rnd.random() < 0.9 else f"客户{rnd.randint(1, 5000)}有限公司"
        if rnd.random() < 0.5 and balance > cents:
            balance -= cents
            debit, credit = cents / 100, None
        else:
            balance += cents
            debit, credit = None, cents / 100
        ws.append(
            [day.isoformat(), rnd.choice(SUMMARIES), debit, credit, balance / 100, firm, f"SN{day:%Y%m%d}{i:08d}"]
        )
    wb.save(path)


def best(fn, repeat: int) -> float:
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


# --------------------------------------------------------------------------- child: one import, timed
def peak_rss_mb() -> float:
    """VmHWM of this process (ru_maxrss would include the parent's memory at fork on Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(path: str, n: int, profile: str | None) -> None:
    import django

    django.setup()
    from reconcile.services import imports
    from reconcile.services.imports import dedupe, parse, pipeline, store

    spent: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    parse.parse_file = timed("parse", parse.parse_file)
    pipeline.store_statements = timed("store", pipeline.store_statements)  # steps 3-7 of the pipeline
    dedupe.bank_fingerprints = timed("fingerprints", dedupe.bank_fingerprints)
    dedupe._existing = timed("lookup", dedupe._existing)
    store._bulk_insert = timed("insert", store._bulk_insert)  # executemany of the new lines

    data = Path(path).read_bytes()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    record = imports.import_file(actor=None, kind="bank", data=data, filename=Path(path).name, account_number=ACCOUNT)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    if profiler:
        from django.db import connection

        profiler.disable()
        Path(profile).mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(str(Path(profile) / f"import-{n}-{connection.vendor}.prof"))
    if record.status != "done" or record.lines_stored != n:
        raise SystemExit(f"import not done: {record.status} {record.message} {record.errors[:3]}")
    print(json.dumps({"total": total, "cpu": cpu, **spent, "stored": record.lines_stored, "maxrss_mb": peak_rss_mb()}))


def run_child(url: str, path: Path, n: int, debug: bool, profile: str | None = None) -> dict:
    from bench.dbsetup import base_env

    env = base_env(url, media=f"/tmp/bench-imp-media-{os.getpid()}", debug=debug)
    extra = ["--child-profile", profile] if profile else []
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(n), *extra],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"child failed on {url}:\n{out.stdout}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- driver
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--peer-repeat", type=int, default=1, help="openpyxl read-only runs per repeat (slow)")
    ap.add_argument("--dir", default="/tmp/bench_imports")
    ap.add_argument("--django-debug", action="store_true", help="children run with DEBUG=1 (query logging)")
    ap.add_argument("--profile", metavar="DIR", help="cProfile the last repeat's imports into DIR/*.prof")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--child-profile", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child_profile)
        return

    import openpyxl

    from bench.dbsetup import clone, drop, load_average, template
    from reconcile.parsers.api import parse_file

    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for n in args.rows:
        path = out / f"bank_{n}.xlsx"
        if not path.exists():
            t0 = time.perf_counter()
            make_xlsx(path, n)
            print(f"generated {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
        files[n] = path
    print(f"load average before: {load_average()}; migrating templates ...", flush=True)
    templates = {b: template(b, "imp") for b in args.backends}

    results: dict[tuple, list] = {}
    for rep in range(args.repeat):
        for n, path in files.items():
            data = path.read_bytes()
            parsed = parse_file(data, path.name, "bank")
            assert len(parsed) == 1 and parsed[0].ok and len(parsed[0].lines) == n, parsed[0].errors[:3]
            results.setdefault(("parse", n), []).append(best(lambda: parse_file(data, path.name, "bank"), 1))
            for backend in args.backends:
                url = clone(templates[backend], f"imp_{backend}_{n}")
                try:
                    prof = args.profile if args.profile and rep == args.repeat - 1 else None
                    results.setdefault((backend, n), []).append(run_child(url, path, n, args.django_debug, prof))
                finally:
                    drop(url)

            def peer() -> None:
                wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
                for _ in wb.worksheets[0].iter_rows(values_only=True):
                    pass
                wb.close()

            if args.peer_repeat:
                results.setdefault(("openpyxl", n), []).append(best(peer, args.peer_repeat))
            print(f"repeat {rep + 1}/{args.repeat} {n:,} rows done (load {load_average()})", flush=True)
    for url in templates.values():
        drop(url)

    print(
        f"\npython {sys.version.split()[0]}, best of {args.repeat}, DEBUG={'1' if args.django_debug else '0'}, "
        f"load average after: {load_average()}"
    )
    print(f"{'rows':>8} {'step':<24}{'best s':>8}{'rows/s':>10}   all runs / split of the best run (s)")
    for n in files:
        p = results[("parse", n)]
        print(f"{n:>8} {'parse only':<24}{min(p):>8.2f}{n / min(p):>10,.0f}   {' '.join(f'{x:.2f}' for x in p)}")
        for backend in args.backends:
            runs = results[(backend, n)]
            b = min(runs, key=lambda r: r["total"])
            split = (
                f"parse {b['parse']:.2f}, store {b['store']:.2f} (fingerprints {b['fingerprints']:.2f}, "
                f"lookup {b['lookup']:.2f}, insert {b['insert']:.2f}), other "
                f"{b['total'] - b['parse'] - b['store']:.2f}; process CPU {b['cpu']:.2f}; "
                f"RSS {b['maxrss_mb']:.0f} MB"
            )
            totals = " ".join(f"{r['total']:.2f}" for r in runs)
            print(
                f"{n:>8} {'parse+store ' + backend:<24}{b['total']:>8.2f}{n / b['total']:>10,.0f}   {totals} | {split}"
            )
        if ("openpyxl", n) in results:
            o = results[("openpyxl", n)]
            print(
                f"{n:>8} {'openpyxl ro read (peer)':<24}{min(o):>8.2f}{n / min(o):>10,.0f}   "
                f"{' '.join(f'{x:.2f}' for x in o)}"
            )


if __name__ == "__main__":
    main()
