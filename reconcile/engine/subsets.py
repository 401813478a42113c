"""Bounded exact subset sum (integer cents).

Used for batches: which few lines on one side add up to one line on the
other.  Bounded on purpose: at most ``max_items`` candidates, subsets of at
most ``max_size`` members and ``max_nodes`` search nodes, so a single
target can never take more than a few milliseconds.  We only need to know
whether the solution is *unique*, so the search stops at the second one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

import numpy as np

from .accel import extensions_disabled


def _import_subsets() -> Any:
    if extensions_disabled():  # ENGINE_PURE_PYTHON=1 (accel.py)
        return None
    try:
        from . import _subsets  # type: ignore[attr-defined]
    except Exception:  # not built, or refused at import: the Python search does the work
        return None
    return _subsets


_subsets = _import_subsets()

MAX_NODES = 50_000
_INT64_MAX = (1 << 63) - 1


def subset_sums(
    amounts: Sequence[int],
    target: int,
    *,
    min_size: int = 2,
    max_size: int = 6,
    limit: int = 2,
    max_nodes: int = MAX_NODES,
) -> tuple[list[tuple[int, ...]], bool]:
    """Index tuples of subsets of ``amounts`` summing to ``target``.

    Returns (solutions, complete): at most ``limit`` solutions, each sorted
    ascending; ``complete`` is False when the node budget ran out (then the
    absence of a second solution proves nothing and callers must not treat
    a single solution as unique).  Amounts must be positive.

    The same search runs in C (``_subsets.c``) when the extension is built and the amounts fit in int64; the
    result is identical (``tests/reconcile/engine/test_subsets_c.py``).
    """
    found, complete, _nodes = subset_search(
        amounts, target, min_size=min_size, max_size=max_size, limit=limit, max_nodes=max_nodes
    )
    return found, complete


def subset_search(
    amounts: Sequence[int],
    target: int,
    *,
    min_size: int = 2,
    max_size: int = 6,
    limit: int = 2,
    max_nodes: int = MAX_NODES,
) -> tuple[list[tuple[int, ...]], bool, int]:
    """``subset_sums`` with the number of nodes it visited (at most ``max_nodes``), for callers that spend one
    budget over several searches."""
    if _subsets is not None and amounts and sum(amounts) <= _INT64_MAX and min(amounts) > 0:
        found, complete, nodes = _subsets.subset_sums(
            np.asarray(amounts, dtype=np.int64), target, min_size, max_size, limit, max_nodes
        )
        return found, complete, nodes
    return python_subset_search(amounts, target, min_size=min_size, max_size=max_size, limit=limit, max_nodes=max_nodes)


def python_subset_sums(
    amounts: Sequence[int],
    target: int,
    *,
    min_size: int = 2,
    max_size: int = 6,
    limit: int = 2,
    max_nodes: int = MAX_NODES,
) -> tuple[list[tuple[int, ...]], bool]:
    """``subset_sums`` in Python: the reference the C search must equal."""
    found, complete, _nodes = python_subset_search(
        amounts, target, min_size=min_size, max_size=max_size, limit=limit, max_nodes=max_nodes
    )
    return found, complete


def python_subset_search(
    amounts: Sequence[int],
    target: int,
    *,
    min_size: int = 2,
    max_size: int = 6,
    limit: int = 2,
    max_nodes: int = MAX_NODES,
) -> tuple[list[tuple[int, ...]], bool, int]:
    """``subset_search`` in Python: the reference the C search must equal, node count included."""
    # Largest first with suffix sums: a branch dies as soon as even taking
    # every remaining item cannot reach the target.
    order = sorted(range(len(amounts)), key=lambda i: (-amounts[i], i))
    vals = [amounts[i] for i in order]
    neg = [-v for v in vals]  # ascending, for bisection
    # prefix[i]: sum of the i largest; the most ``slots`` more items from position i can add is
    # prefix[i + slots] - prefix[i] (sorted descending), a tighter bound than everything left when subsets are small.
    prefix = [0] * (len(vals) + 1)
    for i, v in enumerate(vals):
        prefix[i + 1] = prefix[i] + v
    n_vals = len(vals)
    found: list[tuple[int, ...]] = []
    nodes = 0
    complete = True
    chosen: list[int] = []

    def dfs(start: int, remaining: int) -> bool:
        nonlocal nodes, complete
        # Amounts larger than ``remaining`` are a prefix of the rest (sorted descending) and join no subset here: the
        # loop starts past them, found by bisection, still counting one node for each as stepping over it did.
        first = bisect_left(neg, -remaining, start)
        if nodes + first - start > max_nodes:
            nodes = max_nodes + 1
            complete = False
            return True
        nodes += first - start
        start = first
        for i in range(start, len(vals)):
            nodes += 1
            if nodes > max_nodes:
                complete = False
                return True
            v = vals[i]
            if v > remaining:
                continue
            if prefix[min(n_vals, i + max_size - len(chosen))] - prefix[i] < remaining:
                return False  # sorted descending: later starts have even less
            chosen.append(i)
            if v == remaining:
                if len(chosen) >= min_size:
                    found.append(tuple(sorted(order[k] for k in chosen)))
                    if len(found) >= limit:
                        chosen.pop()
                        return True
            elif len(chosen) < max_size:
                if dfs(i + 1, remaining - v):
                    chosen.pop()
                    return True
            chosen.pop()
        return False

    if target > 0 and vals:
        dfs(0, target)
    return found, complete, min(nodes, max_nodes)
