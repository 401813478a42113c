"""Evidence for one candidate bank/journal pair that already agree on amount
and direction: date distance, counterparty names, summaries, references.

Scores are floats in [0, 1] (they are confidences, never money).  Reasons
are short bilingual phrases shown to the accountant next to the score.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .names import core_name, name_similarity
from .normalize import norm_ref, text_category
from .types import Line

# Weights: the counterparty is the strongest evidence journals carry; the
# date is weak inside a same-amount cluster (lags of 0-3 days are normal).
W_DATE = 0.25
W_NAME = 0.55
W_TEXT = 0.20
UNKNOWN = 0.4  # neutral value for a missing name/summary on either side
REF_BONUS = 0.3

STRONG_NAME = 0.8  # a name similarity an accountant reads as "same company"
WEAK_NAME = 0.5  # below this, two present names contradict each other


class Evidence(NamedTuple):
    score: float
    name_sim: float | None  # None when either side has no counterparty
    same_ref: bool
    text_conflict: bool
    reasons: tuple[str, ...]


@lru_cache(maxsize=16)
def date_reason(dd: int, working: bool) -> str:
    unit = "working day" if working else "day"
    plural = "" if dd == 1 else "s"
    return f"日期相差 {dd} 天 / date distance {dd} {unit}{plural}"


@lru_cache(maxsize=300_000)
def name_reason(a: str, b: str) -> tuple[float, str]:
    sim = name_similarity(a, b)
    return sim, f"对方户名 counterparty {a} ~ {b} {sim:.2f}"


def _text_part(bt: str, jt: str) -> tuple[float, bool, str | None]:
    if not bt or not jt:
        return UNKNOWN, False, None
    cb, cj = text_category(bt), text_category(jt)
    if cb and cj:
        if cb == cj:
            return 1.0, False, f"摘要同类 summary both {cb}"
        return 0.0, True, f"摘要不同类 summary {cb} vs {cj}"
    return UNKNOWN, False, None


def evidence(b: Line, j: Line, dd: int, window: int, working: bool) -> Evidence:
    """Score a same-amount, same-direction pair ``dd`` working days apart."""
    reasons: list[str] = [date_reason(dd, working)]
    date_part = max(0.0, 1.0 - dd / (window + 1))
    name_sim: float | None = None
    if b.counterparty and j.counterparty:
        name_sim, why = name_reason(b.counterparty, j.counterparty)
        reasons.append(why)
        name_part = name_sim
    else:
        name_part = UNKNOWN
    text_part, conflict, why_text = _text_part(b.text, j.text)
    if why_text:
        reasons.append(why_text)
    score = W_DATE * date_part + W_NAME * name_part + W_TEXT * text_part
    same_ref = False
    if b.reference and j.reference:
        rb, rj = norm_ref(b.reference), norm_ref(j.reference)
        if rb and rb == rj:
            same_ref = True
            score += REF_BONUS
            reasons.append(f"相同参考号 same reference {rb}")
    return Evidence(min(1.0, round(score, 4)), name_sim, same_ref, conflict, tuple(reasons))


def contradicts(ev: Evidence) -> bool:
    """Present evidence that says "different transaction" (names or summary)."""
    return (ev.name_sim is not None and ev.name_sim < WEAK_NAME) or ev.text_conflict


def same_party(a: str, b: str) -> bool:
    return bool(a and b) and name_similarity(a, b) >= STRONG_NAME


def core(name: str) -> str:
    return core_name(name) if name else ""
