"""End-to-end ``manage.py reconcile_files`` on a bank CSV and a journal CSV of N lines a side.

    .venv/bin/python bench/oneshot/bench_reconcile_files.py [--lines 100000] [--repeat 3] [--seed 7]
                                                            [--dir /tmp/bench_oneshot] [--no-split]
                                                            [--timeout 1200] [--pdf-scaling 500 1000 2000 4000]

Target (issue "reconcile_files"): <= 20 s for 100k lines a side on the embedded default.

Data: ``bench/engine/generator.py`` (seed 7; the matching benchmark's data) for 1.03 N bank lines; its
journal is longer (~1.19x, payroll batches), so whole payroll groups, then whole 1:1 pairs, then one-sided
lines are dropped (seeded) until both files hold exactly N lines and no kept line has lost its partner.
Written as:

* bank CSV (UTF-8) ``交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号``, oldest first, running
  balance on every line;
* journal CSV, Kingdee-style ``日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额``
  with a 期初余额 row first; 借方金额 = money in, running balance with side 借. Generator references that
  look like vouchers (记-0123) go to 凭证字号, the others to 结算号.

Measured, best of ``--repeat``:

* ``CLI wall``: the real command as a user runs it, ``python manage.py reconcile_files --bank .. --journal ..
  --out /tmp/..`` in a fresh process (Python + Django start-up included), embedded settings with
  ``DEBUG=0`` and ``DATABASE_URL`` pointing at a migrated SQLite copy under /tmp (the command reads the
  working-day override table);
* ``split`` (unless ``--no-split``): the same command through ``call_command`` in one process, with timers
  around the stages of ``reconcile.oneshot``: parse (both files), match (engine), table (adjustment table
  build), render (matches.csv, suggestions.csv, adjustment.json / .xlsx / .pdf). Each stage is reported
  as it ends, so a run stopped by ``--timeout`` still shows where the time went;
* ``--pdf-scaling K ...``: ``render_adjustment_pdf`` alone on adjustment tables with K unmatched items
  (generated, one process), to show how the PDF's cost grows with the number of open items.

Every process is bounded by ``--timeout`` seconds (killed past it, reported as "> timeout"); after a
CLI run that timed out the remaining repeats are skipped.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _money(d: Decimal) -> str:
    return f"{d:,.2f}"


def make_files(n: int, seed: int, bank_path: Path, journal_path: Path) -> tuple[int, int]:
    """Exactly n lines a side, every remaining generator group intact (no orphaned partners)."""
    from bench.engine.generator import generate

    case = generate(int(n * 1.03), seed)
    rnd = random.Random(seed + 1)
    nb, nj = len(case.bank), len(case.journal)
    drop_b: set[str] = set()
    drop_j: set[str] = set()
    # The journal's surplus comes from payroll (1 bank : 3-30 journal): drop whole payroll groups until the
    # sides are level, then whole 1:1 pairs, then one-sided lines, until each side holds n.
    payroll = [g for g in case.truth if g[2] == "1:N" and len(g[1]) > 2]
    pairs = [g for g in case.truth if g[2] == "1:1"]
    rnd.shuffle(payroll)
    rnd.shuffle(pairs)
    for b_ids, j_ids, _ in payroll:
        if nj - len(j_ids) < max(n, nb - len(b_ids)):
            break
        drop_b.update(b_ids)
        drop_j.update(j_ids)
        nb -= len(b_ids)
        nj -= len(j_ids)
    for b_ids, j_ids, _ in pairs:
        if nb <= n or nj <= n:
            break
        drop_b.update(b_ids)
        drop_j.update(j_ids)
        nb -= 1
        nj -= 1
    grouped_b = {i for g in case.truth for i in g[0]}
    grouped_j = {i for g in case.truth for i in g[1]}
    for ln in case.bank:
        if nb <= n:
            break
        if ln.id not in grouped_b and ln.id not in drop_b:
            drop_b.add(ln.id)
            nb -= 1
    for ln in case.journal:
        if nj <= n:
            break
        if ln.id not in grouped_j and ln.id not in drop_j:
            drop_j.add(ln.id)
            nj -= 1
    bank = sorted((ln for ln in case.bank if ln.id not in drop_b), key=lambda ln: (ln.date, ln.id))
    journal = sorted((ln for ln in case.journal if ln.id not in drop_j), key=lambda ln: (ln.date, ln.id))

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["交易日期", "摘要", "借方发生额", "贷方发生额", "余额", "对方户名", "交易流水号"])
    balance = Decimal("500000000.00")
    for ln in bank:
        balance += ln.amount if ln.direction == "in" else -ln.amount
        w.writerow(
            [
                ln.date.isoformat(),
                ln.text,
                _money(ln.amount) if ln.direction == "out" else "",
                _money(ln.amount) if ln.direction == "in" else "",
                _money(balance),
                ln.counterparty,
                ln.reference,
            ]
        )
    bank_path.write_text(buf.getvalue(), encoding="utf-8")

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["日期", "凭证字号", "摘要", "对方科目", "结算方式", "结算号", "借方金额", "贷方金额", "方向", "余额"])
    balance = Decimal("500000000.00")
    w.writerow([journal[0].date.replace(day=1).isoformat(), "", "期初余额", "", "", "", "", "", "借", _money(balance)])
    for ln in journal:
        balance += ln.amount if ln.direction == "in" else -ln.amount
        voucher, settle = (ln.reference, "") if ln.reference.startswith("记-") else ("", ln.reference)
        subject = "应收账款" if ln.direction == "in" else ("应付职工薪酬" if "工资" in ln.text else "应付账款")
        method = "转账支票" if "支票" in ln.text else "电汇"
        w.writerow(
            [
                ln.date.isoformat(),
                voucher,
                ln.text,
                subject,
                method,
                settle,
                _money(ln.amount) if ln.direction == "in" else "",
                _money(ln.amount) if ln.direction == "out" else "",
                "借",
                _money(balance),
            ]
        )
    journal_path.write_text(buf.getvalue(), encoding="utf-8")
    return len(bank), len(journal)


# --------------------------------------------------------------------------- split (child)
def split(bank: str, journal: str, out: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from reconcile import oneshot
    from reconcile.management.commands import reconcile_files

    spent: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0
                print(f"STAGE {name} {spent[name]:.3f}", flush=True)

        return wrapper

    oneshot._parse = timed("parse", oneshot._parse)
    oneshot.match = timed("match", oneshot.match)
    oneshot.render_adjustment_xlsx = timed("render xlsx", oneshot.render_adjustment_xlsx)
    oneshot.render_adjustment_pdf = timed("render pdf", oneshot.render_adjustment_pdf)
    oneshot._rows = timed("render csv", oneshot._rows)
    reconcile_files.reconcile_paths = timed("reconcile_paths", reconcile_files.reconcile_paths)
    reconcile_files.write_outputs = timed("write_outputs", reconcile_files.write_outputs)
    real_paths = oneshot.reconcile_paths

    def counting(*args, **kwargs):
        result = real_paths(*args, **kwargs)
        t = result[0].table
        items = sum(
            len(x)
            for x in (t.journal_in_not_bank, t.journal_out_not_bank, t.bank_in_not_journal, t.bank_out_not_journal)
        )
        print(f"STAGE open_items {items}", flush=True)
        return result

    reconcile_files.reconcile_paths = timed("reconcile_paths", counting)
    stdout = io.StringIO()
    t0 = time.perf_counter()
    call_command("reconcile_files", bank=bank, journal=journal, out=out, stdout=stdout)
    print(f"STAGE command {time.perf_counter() - t0:.3f}", flush=True)
    print("MESSAGE " + stdout.getvalue().strip(), flush=True)


def pdf_scaling(sizes: list[int]) -> None:
    import django

    django.setup()
    from reconcile.render.adjustment import AdjustmentItem, AdjustmentTable
    from reconcile.render.adjustment_pdf import render_adjustment_pdf

    rnd = random.Random(3)
    render_adjustment_pdf(
        AdjustmentTable("1002.01", "银行存款", dt.date(2026, 9, 30), Decimal("1.00"), Decimal("1.00"))
    )  # fonts registered outside the timing
    for k in sizes:
        items = [
            AdjustmentItem(
                date=dt.date(2026, 9, 1 + i % 28),
                reference=f"{rnd.randint(10**9, 10**10)}",
                summary=f"上海恒瑞贸易有限公司 货款{i}",
                amount=Decimal(rnd.randint(100, 10**8)).scaleb(-2),
            )
            for i in range(k)
        ]
        q = k // 4
        table = AdjustmentTable(
            "1002.01",
            "银行存款",
            dt.date(2026, 9, 30),
            Decimal("1000000.00"),
            Decimal("1000000.00"),
            journal_in_not_bank=tuple(items[:q]),
            journal_out_not_bank=tuple(items[q : 2 * q]),
            bank_in_not_journal=tuple(items[2 * q : 3 * q]),
            bank_out_not_journal=tuple(items[3 * q :]),
        )
        t0 = time.perf_counter()
        pdf = render_adjustment_pdf(table)
        print(f"PDF {k} {time.perf_counter() - t0:.3f} {len(pdf)}", flush=True)


def stages_of(text: str) -> dict:
    out: dict = {}
    for line in (text or "").splitlines():
        if line.startswith("STAGE "):
            _, name_value = line.split(" ", 1)
            name, value = name_value.rsplit(" ", 1)
            out[name] = float(value)
        elif line.startswith("MESSAGE "):
            out["message"] = line[len("MESSAGE ") :]
    return out


def bounded(cmd: list[str], env: dict, timeout: float) -> tuple[float, str, bool]:
    """(seconds, stdout, finished) of a command killed after ``timeout`` seconds."""
    t0 = time.perf_counter()
    try:
        res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return time.perf_counter() - t0, out, False
    if res.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{res.stdout[-2000:]}\n{res.stderr[-3000:]}")
    return time.perf_counter() - t0, res.stdout, True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dir", default="/tmp/bench_oneshot")
    ap.add_argument("--no-split", action="store_true")
    ap.add_argument("--timeout", type=float, default=1200, help="seconds before a run is killed")
    ap.add_argument("--pdf-scaling", type=int, nargs="*", default=[], metavar="K")
    ap.add_argument("--child-split", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--child-pdf", type=int, nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_split:
        split(*args.child_split)
        return
    if args.child_pdf:
        pdf_scaling(args.child_pdf)
        return

    from bench.dbsetup import PYTHON, base_env, clone, drop, load_average, template

    d = Path(args.dir)
    d.mkdir(parents=True, exist_ok=True)
    bank, journal = d / f"bank_{args.lines}.csv", d / f"journal_{args.lines}.csv"
    if not (bank.exists() and journal.exists()):
        t0 = time.perf_counter()
        nb, nj = make_files(args.lines, args.seed, bank, journal)
        print(f"generated {bank} ({nb:,} lines) and {journal} ({nj:,} lines) in {time.perf_counter() - t0:.1f} s")
    print(f"load average before: {load_average()}", flush=True)
    tpl = template("sqlite", "one")
    url = clone(tpl, "oneshot")
    env = base_env(url, media="/tmp/bench-one-media")
    walls: list[tuple[float, bool]] = []
    splits: list[tuple[dict, bool]] = []
    message = ""
    scaling: list[str] = []
    try:
        if args.pdf_scaling:
            _, out, done = bounded(
                [sys.executable, __file__, "--child-pdf", *map(str, args.pdf_scaling)], env, args.timeout
            )
            scaling = [ln for ln in out.splitlines() if ln.startswith("PDF ")]
            for ln in scaling:
                _, k, secs, size = ln.split()
                print(
                    f"  adjustment PDF with {int(k):,} open items: {float(secs):.1f} s, {int(size) / 1e6:.1f} MB",
                    flush=True,
                )
        for rep in range(args.repeat):
            out_dir = Path(f"/tmp/bench_oneshot_out_{rep}")
            shutil.rmtree(out_dir, ignore_errors=True)
            secs, out, done = bounded(
                [
                    PYTHON,
                    "manage.py",
                    "reconcile_files",
                    "--bank",
                    str(bank),
                    "--journal",
                    str(journal),
                    "--out",
                    str(out_dir),
                ],
                env,
                args.timeout,
            )
            walls.append((secs, done))
            message = out.strip() or message
            line = f"  repeat {rep + 1}: CLI {secs:.1f} s" + ("" if done else " (killed at the timeout)")
            if not args.no_split:
                out2 = Path(f"/tmp/bench_oneshot_split_{rep}")
                shutil.rmtree(out2, ignore_errors=True)
                _, sout, sdone = bounded(
                    [sys.executable, __file__, "--child-split", str(bank), str(journal), str(out2)], env, args.timeout
                )
                splits.append((stages_of(sout), sdone))
                line += f"; in-process stages {splits[-1][0]}" + ("" if sdone else " (killed at the timeout)")
            print(line + f" (load {load_average()})", flush=True)
            if not done:
                print("  the CLI run hit the timeout: remaining repeats skipped", flush=True)
                break
    finally:
        drop(url)
        drop(tpl)
    print(
        f"\npython {sys.version.split()[0]}, {args.lines:,} lines a side, best of {len(walls)}, timeout "
        f"{args.timeout:.0f} s, load average after: {load_average()}"
    )
    print(f"command output: {message}")
    finished = [w for w, ok in walls if ok]
    print(
        "CLI wall (process start to exit): "
        + (f"best {min(finished):.1f} s" if finished else f"> {args.timeout:.0f} s (killed)")
        + "; runs "
        + " ".join(f"{w:.1f}{'' if ok else '(killed)'}" for w, ok in walls)
    )
    if splits:
        complete = [s for s, ok in splits if ok]
        b = min(complete, key=lambda s: s["command"]) if complete else splits[0][0]
        table = b.get("reconcile_paths", 0) - b.get("parse", 0) - b.get("match", 0)
        print(
            f"in-process stages ({'best complete run' if complete else 'killed run, stages that ended'}): "
            f"parse {b.get('parse', float('nan')):.1f}, match {b.get('match', float('nan')):.1f}, table "
            f"{table:.1f} ({int(b.get('open_items', 0)):,} open items), "
            f"csv {b.get('render csv', float('nan')):.1f}, "
            f"xlsx {b.get('render xlsx', float('nan')):.1f}, pdf "
            + (f"{b['render pdf']:.1f}" if "render pdf" in b else "did not finish")
            + (f"; command {b['command']:.1f} s" if "command" in b else "")
        )
    outs = Path("/tmp/bench_oneshot_out_0")
    if outs.exists():
        sizes = {p.name: p.stat().st_size for p in outs.iterdir()}
        print("outputs: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items())))


if __name__ == "__main__":
    main()
