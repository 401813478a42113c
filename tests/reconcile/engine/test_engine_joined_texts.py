"""A side's summaries joined once and searched for a word (``joined.py``): hits map back to their summaries."""

from __future__ import annotations

from reconcile.engine.joined import upper_joined, word_codes


class _Side:
    def __init__(self, texts: list[str]) -> None:
        self.texts = texts


def test_a_word_is_found_in_the_summaries_that_hold_it_as_a_word() -> None:
    side = _Side(["Stripe sale ch_1", "Customer Payment", "STRIPE payout", "Stripes Ltd", "sale via stripe"])
    assert word_codes(side, "STRIPE") == [0, 2, 4]


def test_a_summary_that_upper_casing_lengthens_is_read_one_by_one() -> None:
    side = _Side(["Straße 1 Stripe", "Stripe sale"])
    assert upper_joined(side) is None
    assert word_codes(side, "STRIPE") == [0, 1]
