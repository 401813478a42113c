"""Shared makings of the payment-run tests: payments on March 2024 dates and amounts no shape of the runs favours."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from reconcile.engine import Line


def L(id: str, day: int, amount: str, text: str = "", cp: str = "") -> Line:
    """A payment on 2024-03-<day> (no calendar: plain days)."""
    return Line(id, dt.date(2024, 3, day), Decimal(amount), "out", "", cp, text)


def amounts(rng: random.Random, k: int) -> list[str]:
    """``k`` amounts of a few hundred to a few hundred thousand, none in whole tens."""
    out = []
    while len(out) < k:
        cents = int(10 ** rng.uniform(4.5, 7.5))
        if cents % 1000:
            out.append(f"{cents // 100}.{cents % 100:02d}")
    return out
