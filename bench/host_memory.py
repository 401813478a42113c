"""How much this machine charges for memory a process touches for the first time.

    .venv/bin/python bench/host_memory.py [--gib 1] [--idle 5] [--repeat 2]

Allocates and fills ``--gib`` GiB with numpy, frees it, and does it again at once and after ``--idle``
seconds of sleep. On a virtual machine whose host takes freed guest memory back (virtio-balloon free page
reporting), memory that has been free for a few seconds costs a host page fault again on its next first
touch; memory freed a moment ago does not. The difference is what a large run, such as matching 1M lines
(about 1 GB of new memory), pays on top of its CPU time on such a host. No project code is involved.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np


def _touch(gib: float) -> tuple[float, int]:
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    t0 = time.perf_counter()
    block = np.ones(int(gib * (1 << 27)))  # 8-byte floats: 2**27 of them per GiB
    seconds = time.perf_counter() - t0
    del block
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gib", type=float, default=1.0)
    ap.add_argument("--idle", type=float, default=5.0, help="seconds to wait before the 'after idle' touch")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    with open("/proc/loadavg") as f:
        print(f"load average {f.read().split()[:3]}")
    for _ in range(args.repeat):
        time.sleep(args.idle)
        cold, cold_faults = _touch(args.gib)
        warm, warm_faults = _touch(args.gib)
        print(
            f"{args.gib:g} GiB after {args.idle:g} s idle: {cold:.3f} s ({cold_faults} faults); "
            f"again at once: {warm:.3f} s ({warm_faults} faults); ratio {cold / warm:.1f}x"
        )


if __name__ == "__main__":
    main()
