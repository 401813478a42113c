"""Determinism at size: the groups and suggestions of a 20,000-line case do not depend on the order the lines come
in. Two independent generators (the eighth's Chinese e-commerce books with bills, payer aliases and batches; the SEPA
set's German narratives), where the day's many same-amount lines make the elimination stages (nearest dates, the
only pairing, the party's line open elsewhere) and the learned aliases decide by something other than line order."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from bench.engine import gen_eighth, gen_sepa  # noqa: E402
from reconcile.engine import match  # noqa: E402


@pytest.mark.parametrize(
    "generate",
    [lambda: gen_eighth.generate(20_000, 802), lambda: gen_sepa.generate(20_000, 102)],
    ids=["eighth", "sepa"],
)
def test_shuffled_input_gives_the_same_groups_and_suggestions(generate: Callable[[], object]) -> None:
    case = generate()
    first = match(case.bank, case.journal, window_days=3, calendar=case.calendar)  # type: ignore[attr-defined]
    bank, journal = case.bank[:], case.journal[:]  # type: ignore[attr-defined]
    rng = random.Random(20261207)
    rng.shuffle(bank)
    rng.shuffle(journal)
    again = match(bank, journal, window_days=3, calendar=case.calendar)  # type: ignore[attr-defined]
    assert len(first.groups) > 1000
    assert again.groups == first.groups
    assert again.suggestions == first.suggestions
