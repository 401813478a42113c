"""Latency under a steady arrival rate (open loop): requests leave on schedule whatever the responses.

    flock /tmp/bench.lock .venv/bin/python bench/web/open_loop.py [--rates 50 100 200 300] [--duration 60]
        [--search 300] [--search-duration 30] [--workers 5] [--worker-class sync] [--confirm 30000] [--port 8767]

Question (issue "performance at bank scale", item 2): with a client mix of 75% statement page, 20% statement
list and 5% signed confirms of distinct statements, is p99 <= 100 ms at 100 requests/s and <= 200 ms at 200
requests/s, and what is the highest rate that keeps p99 <= 300 ms?

Why not wrk: wrk is closed loop (a connection sends its next request only when the previous one has come
back), so when the server slows down the offered load drops with it and the queue a real crowd would build is
never seen ("coordinated omission"). Here request i is due at ``start + i / rate`` and its latency is measured
from that due time to the last byte of the response, so time spent waiting because the server (or this
generator) fell behind counts. Every request opens its own connection (``Connection: close``), as gunicorn's
sync workers serve one request per connection anyway.

Set-up is ``bench_web.served``: database ``bench_web_<pid>`` migrated and seeded (``seed.py``: a client with
120 statements and a session cookie; an API client whose company requires signed answers, with ``--confirm``
open statements and their Ed25519-signed bodies), gunicorn ``config.wsgi`` with ``bench.web.settings``
(production settings over plain HTTP) on 127.0.0.1:``--port``. The mix is drawn with a fixed seed; page ids
are random among the 120, confirm ids are taken in order and never repeat across runs.

Per rate: a 5 s warm-up at that rate (not reported), then ``--duration`` seconds measured, then the driver
waits until the server is idle. Reported per rate: offered and achieved rate (2xx per second), p50/p90/p99/
max latency over all requests and p99 per kind, non-2xx and failed requests (a request unanswered after 30 s
is a failure and counts as 30 s), the generator's own CPU (% of one core; it shares the 2 cores with
gunicorn and PostgreSQL) and its worst lateness in sending (if the generator itself falls behind, that
shows here). With ``--search R`` the driver then looks for the highest rate up to R whose p99 stays <= 300 ms
(bisection over ``--search-duration`` runs, to 10 requests/s) and reports it. Needs PostgreSQL on
127.0.0.1:5432 and Redis on 127.0.0.1:6379, like ``bench_web.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from bench_web import drain, served  # noqa: E402

from bench.dbsetup import load_average  # noqa: E402

MIX = (("page", 0.75), ("list", 0.20), ("confirm", 0.05))
TIMEOUT = 30.0
P99_LIMIT_MS = 300.0


@dataclass
class Run:
    rate: float
    duration: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k, _ in MIX})
    statuses: dict[str, int] = field(default_factory=dict)
    failures: int = 0
    max_late_ms: float = 0.0
    cpu_s: float = 0.0
    wall_s: float = 0.0

    def all(self) -> list[float]:
        return sorted(x for v in self.latencies.values() for x in v)

    def ok(self) -> int:
        return sum(n for s, n in self.statuses.items() if s.startswith("2"))


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


class Requests:
    """The raw requests of the mix; confirm ids are handed out once each, across all runs."""

    def __init__(self, seed: dict, port: int) -> None:
        from seed import cookie_header, signed_confirms

        self.port = port
        self.cookie = cookie_header(seed)
        self.token = seed["token"]
        self.pages = range(seed["list_lo"], seed["list_hi"] + 1)
        self.signed = signed_confirms(seed["signed_file"])
        self.confirm_ids = iter(sorted(i for i in self.signed if i <= seed["confirm_hi"]))
        self.rng = random.Random(20261205)

    def _get(self, path: str) -> bytes:
        return (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {self.cookie}\r\n"
            "Accept-Language: zh-hans\r\nConnection: close\r\n\r\n"
        ).encode()

    def next(self) -> tuple[str, bytes]:
        x, acc = self.rng.random(), 0.0
        kind = MIX[-1][0]
        for name, share in MIX:
            acc += share
            if x < acc:
                kind = name
                break
        if kind == "page":
            return kind, self._get(f"/statements/{self.rng.choice(self.pages)}/")
        if kind == "list":
            return kind, self._get("/statements/")
        statement_id = next(self.confirm_ids)  # StopIteration: seed more with --confirm
        body, signature = self.signed[statement_id]
        head = (
            f"POST /api/v1/statements/{statement_id}/confirm HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Token {self.token}\r\nX-Answer-Signature: {signature}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        return kind, head.encode() + body


async def one(port: int, payload: bytes) -> str:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(payload)
        await writer.drain()
        data = await reader.read()  # Connection: close -> the whole response, to EOF
    finally:
        writer.close()
    return data[9:12].decode("ascii", "replace") if data.startswith(b"HTTP/1.") else "bad"


async def run_at(requests: Requests, rate: float, duration: float) -> Run:
    result = Run(rate=rate, duration=duration)
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task] = set()
    total = int(rate * duration)

    async def fire(kind: str, payload: bytes, due: float) -> None:
        try:
            status = await asyncio.wait_for(one(requests.port, payload), TIMEOUT)
        except (TimeoutError, OSError):
            result.failures += 1
            result.latencies[kind].append(TIMEOUT * 1000)
            return
        result.latencies[kind].append((loop.time() - due) * 1000)
        result.statuses[status] = result.statuses.get(status, 0) + 1

    cpu0, start = time.process_time(), loop.time() + 0.05
    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        result.max_late_ms = max(result.max_late_ms, (loop.time() - due) * 1000)
        kind, payload = requests.next()
        task = asyncio.create_task(fire(kind, payload, due))
        pending.add(task)
        task.add_done_callback(pending.discard)
    if pending:
        await asyncio.gather(*pending)
    result.wall_s = loop.time() - start
    result.cpu_s = time.process_time() - cpu0
    return result


def measure(requests: Requests, rate: float, duration: float, port: int) -> Run:
    asyncio.run(run_at(requests, rate, 5))  # warm-up at the same rate, not reported
    drain(port)
    result = asyncio.run(run_at(requests, rate, duration))
    drain(port)
    return result


def report(r: Run) -> dict:
    everything = r.all()
    row = {
        "offered_rps": r.rate,
        "achieved_2xx_rps": round(r.ok() / r.duration, 1),
        "p50_ms": round(pct(everything, 50), 1),
        "p90_ms": round(pct(everything, 90), 1),
        "p99_ms": round(pct(everything, 99), 1),
        "max_ms": round(max(everything, default=float("nan")), 1),
        "p99_by_kind_ms": {k: round(pct(v, 99), 1) for k, v in r.latencies.items()},
        "statuses": r.statuses,
        "failures": r.failures,
        "generator_cpu_pct": round(100 * r.cpu_s / max(r.wall_s, 1e-9)),
        "generator_max_late_ms": round(r.max_late_ms, 1),
        "load": load_average(),
    }
    print(
        f"  {r.rate:6.0f} req/s offered  {row['achieved_2xx_rps']:6.1f} 2xx/s  p50 {row['p50_ms']:7.1f}  "
        f"p90 {row['p90_ms']:7.1f}  p99 {row['p99_ms']:7.1f}  max {row['max_ms']:7.1f} ms  "
        f"p99 page/list/confirm {'/'.join(str(v) for v in row['p99_by_kind_ms'].values())} ms  "
        f"statuses {r.statuses} failures {r.failures}  generator {row['generator_cpu_pct']}% CPU, "
        f"late <= {row['generator_max_late_ms']} ms  load {row['load']}",
        flush=True,
    )
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rates", type=float, nargs="+", default=[50, 100, 200, 300])
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--search", type=float, default=0, help="find the highest rate <= this with p99 <= 300 ms")
    ap.add_argument("--search-duration", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2) + 1)
    ap.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--confirm", type=int, default=30_000)
    ap.add_argument("--port", type=int, default=8767)
    ap.add_argument("--json", help="also write the rows to this file")
    args = ap.parse_args()
    if args.duration > 300:
        raise SystemExit("keep runs bounded: --duration <= 300")
    planned = sum(r * (args.duration + 5) for r in args.rates) * 0.05
    if args.search:
        planned += 8 * args.search * (args.search_duration + 5) * 0.05
    if planned * 1.2 > args.confirm:
        raise SystemExit(f"--confirm {args.confirm} is too few for the planned confirms (~{planned:.0f}); raise it")

    rows = []
    with served(
        confirm=args.confirm,
        port=args.port,
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
    ) as seed:
        requests = Requests(seed, args.port)
        print(
            f"gunicorn {args.workers} x {args.worker_class}; mix "
            + ", ".join(f"{int(s * 100)}% {k}" for k, s in MIX)
            + f"; {args.duration:.0f} s per rate; load {load_average()}",
            flush=True,
        )
        for rate in args.rates:
            rows.append(report(measure(requests, rate, args.duration, args.port)))
        best = None
        if args.search:
            print(f"search: highest rate <= {args.search:.0f} req/s with p99 <= {P99_LIMIT_MS:.0f} ms", flush=True)
            passing = [r["offered_rps"] for r in rows if r["p99_ms"] <= P99_LIMIT_MS]
            failing = [r["offered_rps"] for r in rows if r["p99_ms"] > P99_LIMIT_MS]
            lo = max(passing, default=10.0)
            hi = min([f for f in failing if f > lo] + [args.search])
            if hi == args.search and hi not in failing:
                probe = report(measure(requests, hi, args.search_duration, args.port))
                rows.append(probe)
                if probe["p99_ms"] <= P99_LIMIT_MS:
                    lo = hi
            while hi - lo > 10:
                mid = round((lo + hi) / 2)
                probe = report(measure(requests, mid, args.search_duration, args.port))
                rows.append(probe)
                lo, hi = (mid, hi) if probe["p99_ms"] <= P99_LIMIT_MS else (lo, mid)
            best = lo
            print(f"highest rate with p99 <= {P99_LIMIT_MS:.0f} ms: {best:.0f} req/s (within 10 req/s)", flush=True)
    print(f"load average after: {load_average()}")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "highest_rate_p99_300ms": best}, indent=1))


if __name__ == "__main__":
    main()
