"""What stages 4e and 4f share: free bank lines that each take the one span of journal entries of their total.

A span is entries the stage found to belong together (a run of consecutive numbers, consecutive days of one
series), indexed by total. A bank line takes the span when it is the only span of its total near it, no other of
the stage's bank lines claims that span, and the span's entries are still free.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable

import numpy as np

from ..score import date_reason
from ..state import State
from ..types import RULE_BATCH

Span = tuple[int, int, tuple[int, ...]]  # first day, last day, journal lines


def take_spans(
    st: State,
    one: np.ndarray,
    spans: dict[int, list[Span]],
    *,
    reach: int,
    fits: Callable[[int, Span], bool],
    evidence: Callable[[Span], str],
    veto: Callable[[Span], bool] | None = None,
) -> None:
    """Each bank line of ``one`` looks at the spans of its total (``cents * 2 + direction``) whose last day lies from
    ``st.window`` days before its own to ``reach`` days after (not at every span of the total all year), of which
    ``fits`` keeps the near ones. ``evidence`` is the reason that names what ties the span together."""
    bank, w = st.bank, st.window
    # Only the totals of ``one`` are looked at: sorting every total's spans cost more than the look-ups at 1M.
    asked = set((bank.cents[one] * 2 + bank.dirn[one]).tolist()) & spans.keys()
    last_days: dict[int, list[int]] = {}
    for key in asked:
        spans[key].sort(key=lambda span: span[1])
        last_days[key] = [span[1] for span in spans[key]]
    hits: dict[int, list[Span]] = {}
    claims: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for o in one.tolist():
        key = int(bank.cents[o]) * 2 + int(bank.dirn[o])
        if key not in spans:
            continue
        day = int(bank.day[o])
        ends = last_days[key]
        candidates = spans[key][bisect_left(ends, day - w) : bisect_right(ends, day + reach)]
        near = [span for span in candidates if fits(day, span)]
        if near:
            hits[o] = near
            for span in near:
                claims[span[2]].append(o)
    for o in sorted(hits, key=lambda i: int(bank.rank[i])):
        if len(hits[o]) != 1:
            continue
        span = hits[o][0]
        first, last, members = span
        if claims[members] != [o] or not all(st.journal_free[m] for m in members) or (veto and veto(span)):
            continue
        dd = max(abs(int(bank.day[o]) - first), abs(int(bank.day[o]) - last))
        why = (
            f"{len(members)} 笔合计等于金额 sum of {len(members)} lines equals the amount",
            evidence(span),
            date_reason(dd, st.working),
        )
        st.take([o], list(members), RULE_BATCH, 0.9, why)
