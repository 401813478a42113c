"""When a payment run's subset counts as evidence (stage 4C, ``payment_runs.py``).

A unique subset that adds up to a marked bank line is evidence only among few enough subsets: when the run's own
entries are not among the candidates (booked on other dates, taken or held back), a chance subset takes their
place as soon as there are many subsets to choose from. Real ERPs post a dozen runs a day on busy days, so one
posting date can hold 50-80 entries of other runs; a run of four to six of them is searched there too, but decided
only once taking other runs has left few enough entries on that date (``MAX_SUBSETS``). On such a crowded window:

* a smaller subset is preferred to a larger one only among subsets that count (a unique four beside a six among too
  many subsets is not decided, nor one beside a subset with a held-back entry or a larger unique one);
* two entries of round amounts (whole tens) make a subset no evidence: list prices and whole thousands add up to
  the same total in many ways; nor does a pair or triple beside a second one;
* subsets over several dates decide nothing (their own pairs and triples over other dates were never all
  searched).

The bank's own count (网银批量转账 共5笔, BULK TRF 4 ITEMS, MULTIPLE PAYEES (6)) keeps only subsets of that size.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from math import comb

MAX_WIDE = 60  # pairs and triples: searched among this many candidates (the whole window, nearest first)
# Subsets of four or more parts a search may try for a unique one to count as evidence (``searched``): five of 30
# lines, the bound the day pools had before; four of 45, six of 24.
MAX_SUBSETS = comb(30, 5)
ROUND = 10_00  # cents: amounts in whole tens (450.00, 1,200.00) recur across payees, the stuff of chance subsets

# How many payments the bank says the run holds: 网银批量转账 共5笔, 批量代发 3笔, BULK TRF 4 ITEMS, MULTIPLE PAYEES (6),
# 6 TXNS. Only these explicit forms: a bare number in a bank text is a batch number, a date or an amount.
_COUNT = re.compile(
    r"共\s*(\d{1,2})\s*笔|(?<![\d.#/-])(\d{1,2})\s*笔|(?<![\w.#/-])(\d{1,2})\s*(?:ITEMS?|TXNS?|TRANSACTIONS|PAYMENTS)\b|"
    r"PAYEES\s*\(\s*(\d{1,2})\s*\)",
    re.IGNORECASE,
)

Sol = tuple[int, ...]


def stated_count(text: str) -> int:
    """The number of payments a batch line's text states (2 or more), or 0."""
    m = _COUNT.search(text) if text else None
    if m is None:
        return 0
    k = int(next(g for g in m.groups() if g))
    return k if k >= 2 else 0


def crowded(largest: int, size: int) -> bool:
    """A window with a date of more candidates than half the wide pool (the nearest ``MAX_WIDE`` cut it or leave
    it out, and its subsets of four or more are many), or more than twice the wide pool in all (most of its pairs
    and triples over several dates are never searched)."""
    return 2 * largest > MAX_WIDE or size > 2 * MAX_WIDE


def searched(sol: Sol, day: dict[int, int], per_day: dict[int, int], busy: bool) -> int:
    """How many subsets of ``sol``'s shape the search tried, in the measure of one date's subsets of its size: the
    more there are, the likelier one adds up by chance when the run's own entries are not among them. Pairs and
    triples are bounded by ``MAX_WIDE``; the shapes over two dates by the pools they were always searched in (four
    of 60, four of 30 and one of 30). On a crowded window only subsets of one date count."""
    k = len(sol)
    dates = sorted({day[j] for j in sol})
    if busy and len(dates) > 1:
        return MAX_SUBSETS + 1  # a date of the window too full for them: the shapes over two dates decide nothing
    if k <= 3:
        return 0
    if len(dates) == 1:
        return comb(per_day.get(dates[0], 0), k)
    if k == 4:
        return comb(sum(per_day.get(d, 0) for d in dates), 4) * MAX_SUBSETS // comb(60, 4)
    four = max(dates, key=lambda d: sum(day[j] == d for j in sol))
    n_four = comb(per_day.get(four, 0), 4) * sum(per_day.get(d, 0) for d in dates if d != four)
    return n_four * MAX_SUBSETS // (comb(30, 4) * 30)


def weigh(
    found: list[Sol],
    fewest_of: Callable[[list[Sol], dict[int, int]], list[Sol]],
    in_pool: set[int],
    day: dict[int, int],
    cents: dict[int, int],
    per_day: dict[int, int],
    busy: bool,
    unsearched: bool = False,
) -> tuple[list[Sol], bool]:
    """(the solutions that count as evidence, whether the fewest of them may decide the run).

    ``fewest_of`` is ``payment_runs._fewest`` (passed in to keep one definition). A solution with a held-back entry
    never counts (a person decides that pair first) but still competes: one of as few lines blocks the decision."""
    many = {sol: searched(sol, day, per_day, busy) > MAX_SUBSETS for sol in found}
    held = {sol: not all(j in in_pool for j in sol) for sol in found}
    strong = [sol for sol in found if not many[sol] and not held[sol]]
    fewest = fewest_of(strong, day)
    if not fewest:
        return strong, False
    size = len(fewest[0])
    if any(held[sol] and len(sol) <= size for sol in found):
        return strong, False
    if size > 3:
        if any(many.values()) or unsearched or (busy and any(held.values())):
            return strong, False  # a larger subset among too many, or a held-back one, may be the run
        if busy and any(len(sol) > size for sol in strong):
            return strong, False
    elif busy and any(len(sol) <= 3 for sol in strong if sol not in fewest):
        return strong, False  # a pair of one round amount and a member of a true triple: a person decides
    # Round amounts recur across payees: any two round entries of the same total swap in for two of them.
    if busy and sum(cents[j] % ROUND == 0 for j in fewest[0]) >= 2:
        return strong, False
    return strong, True
