"""Shapes where the cost could follow the square of the lines instead of the lines: thousands of lines of one amount.

``one_amount``: every line of both sides 100.00 received on one of 28 days, naming no one (a membership fee or a
subscription paid by every member); ``one_amount_named``: 20,000.00 deposits over 60 days from companies whose names
share their trade word (a two-character brand and 贸易有限公司), each company paying about three times. Each run reports CPU time, the peak
memory growth of the process during ``match`` and what came out, for the current engine and, with ``--previous``, the
engine of another git revision in the same process. A shape that is too slow for the previous engine can be skipped
with a smaller ``--n``.

    .venv/bin/python -m bench.engine.crowded --shape one_amount --n 1000 2000 4000 20000 --previous main
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import time
from collections.abc import Callable
from decimal import Decimal

from reconcile import engine as current
from reconcile.engine import Line

START = dt.date(2025, 3, 3)
_CHARS = "恒瑞宏达中科信通嘉康联华盛天元鑫源泰昌隆兴德润金宝丰利安永新亿佳美嘉诚凯旭晨辉明海峰鼎立博创"


def _peak_kb() -> int:
    with open("/proc/self/status") as f:
        return int(f.read().split("VmHWM:")[1].split()[0])


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def lines(shape: str, n: int) -> tuple[list[Line], list[Line]]:
    rng = random.Random(1)
    # Companies of one trade: a brand of two characters, each company paying about three times.
    names = sorted({rng.choice(_CHARS) + rng.choice(_CHARS) + "贸易有限公司" for _ in range(max(1, n // 3))})

    def one(side: str, k: int) -> Line:
        if shape == "one_amount":
            day, amount, cp, text = rng.randrange(28), "100.00", "", "会费"
        else:
            day, amount, text = rng.randrange(60), "20000.00", "保证金"
            cp = names[rng.randrange(len(names))]
        return Line(f"{side}{k}", START + dt.timedelta(days=day), Decimal(amount), "in", "", cp, text)

    return [one("B", k) for k in range(n)], [one("J", k) for k in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shape", choices=("one_amount", "one_amount_named"), default="one_amount")
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 2000, 4000])
    ap.add_argument("--previous", default="", help="git revision of the previous engine ('' to skip)")
    args = ap.parse_args()
    engines: list[tuple[str, Callable]] = [("current", current.match)]
    if args.previous:
        from . import previous

        prev = previous.load(args.previous)
        engines.insert(0, (f"previous ({prev.REVISION})", prev.match))
    for n in args.n:
        bank, journal = lines(args.shape, n)
        for name, match in engines:
            gc.collect()
            _reset_peak()
            base = _peak_kb()
            c0 = time.process_time()
            result = match(bank, journal, window_days=3)
            cpu = time.process_time() - c0
            print(
                f"{args.shape} n={n} {name}: {cpu:.2f} s CPU, peak growth {(_peak_kb() - base) / 1024:.0f} MB, "
                f"groups {len(result.groups)}, suggestions {len(result.suggestions)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
