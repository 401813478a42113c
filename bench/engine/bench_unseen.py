"""Quality, speed and memory on any of the engine's data sets, previous engine beside the current one.

    .venv/bin/python -m bench.engine.bench_unseen --gen sepa --n 100000 --seeds 101 102 103
    flock /tmp/bench.lock .venv/bin/python -m bench.engine.bench_unseen --gen cn --n 1000000 --seeds 11 --repeat 3

``--gen``: ``own`` (``generator.py``), ``sepa`` (``gen_sepa.py``), ``cn`` (``gen_cn_layouts.py``, optionally one
``--layout``), ``third`` (``gen_third.py``: mainland month ends, a third author), ``fourth`` (``gen_fourth.py``: an English ERP
and Chinese bank lines, a fourth author; seed % 3 picks QuickBooks / Xero / SAP memos), ``fifth`` (``gen_fifth.py``: a
mainland group's 招商银行/工商银行 exports beside a 用友U8/金蝶 journal, a fifth author; seed % 2 picks the bank, seed // 2 % 2
the ERP), ``sixth`` (``gen_sixth.py``: a Hong Kong bank's export, traditional Chinese / romanised names, FPS, cheques
and autopay payroll, beside a simplified-Chinese / English ERP, a sixth author; seed % 3 picks HSBC / BOCHK / Hang Seng
narratives), ``seventh`` (``gen_seventh.py``: a US distributor's bank export, ACH/wire/check/lockbox/processor
payouts and payroll debits, beside QuickBooks / Xero / NetSuite ledger detail, a seventh author who had not read the
engine; seed % 3 picks the ERP, seed // 3 % 3 the bank's narrative), ``eighth`` (``gen_eighth.py``: a mainland
e-commerce company's 建行/交行/招行 exports, platform withdrawals, POS, 代发工资, taxes and 银行承兑汇票, beside a U8 / K3 /
浪潮 / SAP-China journal, an eighth author who had not read the engine; seed * 3 + 1 mod 4 picks the ERP), ``ninth``
(``gen_ninth.py``: a Zhejiang exporter's CNY account, SHA-net foreign receipts, 退汇 and re-sends, acquirer
settlements net of MDR, cash-pool sweeps and month-end batch posting, beside a 金蝶 journal, a ninth author), ``tenth`` (``gen_tenth.py``: a Jiangsu contractor's 基本户,
bank acceptance bills issued and received, loans and quarterly 结息, 定期存款, 投标保证金, 代发退回, 电子缴税 split per
tax, beside a 用友 U8 journal of monthly voucher numbers, a tenth author). For each seed the data is generated once, in memory; then each engine (``--previous REF``, default
``main``, loaded by ``previous.py``; ``--previous ''`` for the current one only) runs ``--repeat`` times,
alternating, with the working-day calendar of the data and window 3. Per run: wall and CPU seconds of ``match``,
the **memory growth during the match** (peak RSS of the run minus RSS before it: the kernel's peak counter is
reset before each run through ``/proc/self/clear_refs``), and the 1-minute load average. Then best of N per engine,
and quality against the data's truth (precision, 1:1 and batch recall).
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from collections.abc import Callable

from reconcile import engine as current

from . import (
    gen_cn_layouts,
    gen_eighth,
    gen_fifth,
    gen_fourth,
    gen_ninth,
    gen_sepa,
    gen_seventh,
    gen_sixth,
    gen_tenth,
    gen_third,
    generator,
)
from .quality import evaluate


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


GENERATORS = ("own", "sepa", "cn", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _generator(name: str, layout: str | None, scattered: bool) -> Callable[[int, int], generator.Case]:
    if name == "own":
        return generator.generate
    if name == "third":
        return gen_third.generate
    if name == "fourth":
        return gen_fourth.generate
    if name == "fifth":
        return gen_fifth.generate
    if name == "sixth":
        return gen_sixth.generate
    if name == "seventh":
        return gen_seventh.generate
    if name == "eighth":
        return gen_eighth.generate
    if name == "ninth":
        return gen_ninth.generate
    if name == "tenth":
        return gen_tenth.generate
    if name == "sepa":
        return lambda n, seed: gen_sepa.generate(n, seed, scattered_runs=scattered)
    return lambda n, seed: gen_cn_layouts.generate(n, seed, layout=layout, scattered_runs=scattered)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gen", choices=GENERATORS, required=True)
    ap.add_argument("--layout", default=None, help="cn only: one bank layout for the whole case")
    ap.add_argument(
        "--scattered-runs",
        action="store_true",
        help="sepa/cn: a payment run's entries each on their own day (the harder variant)",
    )
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[101])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--previous", default="main", help="git revision of the previous engine ('' to skip)")
    args = ap.parse_args()
    engines = [("current", current.match)]
    if args.previous:
        from . import previous

        prev = previous.load(args.previous)
        engines.insert(0, (f"previous ({prev.REVISION})", prev.match))
    make = _generator(args.gen, args.layout, args.scattered_runs)
    peak_ok = _reset_peak()
    for seed in args.seeds:
        t0 = time.perf_counter()
        case = make(args.n, seed)
        print(
            f"[{args.gen}{'/' + args.layout if args.layout else ''}{' scattered runs' if args.scattered_runs else ''} "
            f"seed {seed}] {len(case.bank)} bank x "
            f"{len(case.journal)} journal lines, generated in {time.perf_counter() - t0:.1f} s, "
            f"RSS {_status_kb('VmRSS') / 1024:.0f} MB",
            flush=True,
        )
        best: dict[str, tuple[float, float, float]] = {}
        last = {}
        for _ in range(args.repeat):
            for name, match in engines:
                last.pop(name, None)
                gc.collect()
                base = _status_kb("VmRSS")
                _reset_peak()
                timings: dict[str, float] = {}
                load = os.getloadavg()[0]
                t0, c0 = time.perf_counter(), time.process_time()
                result = match(case.bank, case.journal, window_days=3, calendar=case.calendar, timings=timings)
                secs, cpu = time.perf_counter() - t0, time.process_time() - c0
                growth = (_status_kb("VmHWM") - base) / 1024 if peak_ok else float("nan")
                stages = ", ".join(f"{k} {v:.2f}" for k, v in timings.items())
                print(
                    f"  {name}: {secs:.2f} s wall, {cpu:.2f} s CPU, memory growth {growth:.0f} MB "
                    f"(load {load:.2f}) [{stages}]",
                    flush=True,
                )
                b = best.get(name, (float("inf"), float("inf"), float("inf")))
                best[name] = (min(b[0], secs), min(b[1], cpu), min(b[2], growth))
                last[name] = result
                del result
        for name, _m in engines:
            wall, cpu, growth = best[name]
            q = evaluate(case, last[name])
            print(
                f"  {name}: best of {args.repeat} {wall:.2f} s wall / {cpu:.2f} s CPU, growth {growth:.0f} MB; "
                f"{q.summary()}; suggestions {len(last[name].suggestions)}",
                flush=True,
            )
        last.clear()
        del case


if __name__ == "__main__":
    main()
