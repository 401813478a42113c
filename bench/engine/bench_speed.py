"""Speed benchmark, with the peer ``bankstatementparser`` on the same data.

    .venv/bin/python -m bench.engine.bench_speed 100000 --peer
    .venv/bin/python -m bench.engine.bench_speed 1000000

One size per process so that peak RSS (``ru_maxrss``) belongs to that size.
Timed: ``match`` only (input ``Line`` objects are built beforehand, as a
caller would already have them).  Data is generated in memory, never saved.
Each run prints wall time, process CPU time and the 1-minute load average:
on a shared machine wall time mostly measures the other processes, CPU time
(which still suffers from their cache pressure) is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from decimal import Decimal

from reconcile.engine import match

from .generator import Case, generate
from .quality import evaluate


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peer_records(case: Case) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Journal lines as the peer's "payments", bank lines as its "statements"."""

    def rec(line) -> dict[str, object]:  # type: ignore[no-untyped-def]
        return {
            "id": line.id,
            "amount": str(line.amount),
            "DrCr": "CRDT" if line.direction == "in" else "DBIT",
            "currency": "CNY",
            "reference": line.reference,
            "counterparty": line.counterparty,
            "date": line.date.isoformat(),
        }

    return [rec(j) for j in case.journal], [rec(b) for b in case.bank]


def run_peer(case: Case) -> None:
    from bankstatementparser.reconciliation import reconcile_payments_and_statements

    payments, statements = _peer_records(case)
    t0 = time.perf_counter()
    report = reconcile_payments_and_statements(payments, statements, fee_tolerance=Decimal("0"), max_date_gap_days=5)
    secs = time.perf_counter() - t0
    truth_b = {b: k for k, (bs, _js, _kind) in enumerate(case.truth) for b in bs}
    truth_j = {j: k for k, (_bs, js, _kind) in enumerate(case.truth) for j in js}
    pairs = sum(kind == "1:1" for *_x, kind in case.truth)
    correct = found_pairs = 0
    for m in report.matches:
        b, j = m.statement_record["id"], m.payment_record["id"]
        ok = truth_b.get(b) is not None and truth_b.get(b) == truth_j.get(j)
        correct += ok
        found_pairs += ok and case.truth[truth_b[b]][2] == "1:1"
    n = len(report.matches)
    print(
        f"peer bankstatementparser 0.0.29: {secs:.2f}s, {n} matches, precision "
        f"{correct / max(1, n):.4%}, 1:1 recall {found_pairs / max(1, pairs):.2%}, batch matches 0 (1:1 only)"
    )
    return secs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n_bank", type=int)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--peer", action="store_true", help="also run bankstatementparser on the same data")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    case = generate(args.n_bank, args.seed)
    print(
        f"generated {len(case.bank)} bank x {len(case.journal)} journal lines in "
        f"{time.perf_counter() - t0:.1f}s (RSS {_rss_mb():.0f} MB)"
    )
    best = best_cpu = float("inf")
    for _ in range(args.repeat):
        timings: dict[str, float] = {}
        t0, c0 = time.perf_counter(), time.process_time()
        result = match(case.bank, case.journal, window_days=3, calendar=case.calendar, timings=timings)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        best, best_cpu = min(best, secs), min(best_cpu, cpu)
        stages = ", ".join(f"{k} {v:.2f}" for k, v in timings.items())
        print(
            f"engine match: {secs:.2f}s wall, {cpu:.2f}s CPU  [{stages}]  peak RSS {_rss_mb():.0f} MB"
            f"  (load avg {os.getloadavg()[0]:.1f})"
        )
    if args.repeat > 1:
        print(f"best of {args.repeat}: {best:.2f}s wall, {best_cpu:.2f}s CPU")
    print("  " + evaluate(case, result).summary())
    if args.peer:
        peer_secs = run_peer(case)
        print(f"speed ratio peer/engine: {peer_secs / best:.1f}x")


if __name__ == "__main__":
    main()
