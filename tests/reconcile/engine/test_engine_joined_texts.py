"""A side's summaries joined once and searched for a word (``joined.py``): hits map back to their summaries."""

from __future__ import annotations

from reconcile.engine.joined import raw_joined, upper_joined, upper_joined_texts, word_codes


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


def test_the_summaries_holding_a_word_are_found_in_either_script_and_case() -> None:
    # ASCII and other summaries are joined apart; a CJK word is looked for only in the others, a Latin one in both.
    texts = ["Receipt INV1008", "付货款 发票号29274557", "Straße INV 12", "open item", "手续费 FEE", "inv 7 收款"]
    side = _Side(texts)
    upper = upper_joined_texts(side)
    assert upper.codes(("INV",)).tolist() == [0, 2, 5]
    assert upper.codes(("手续费", "FEE")).tolist() == [4]
    assert upper.codes(("发票", "OPEN")).tolist() == [1, 3]
    assert upper.codes(("NONE",)).tolist() == []
    assert upper.holds("收款") and not upper.holds("工资")
    # Each summary once, however often it holds the word; the summary's own offset, after a lengthened one (ß -> SS).
    twice = _Side(["Straße", "FEE FEE", "no", "fee"])
    assert upper_joined_texts(twice).codes(("FEE",)).tolist() == [1, 3]
    assert raw_joined(twice).codes(("FEE",)).tolist() == [1]


def test_the_summaries_beginning_with_a_word_are_found() -> None:
    side = _Side(["Check 12883", "Paid: Check 1", "CHQ 001771", "付款 Check 9", "Check", "Chaser\nCheck 5"])
    # A summary of several lines counts when one of its lines begins so (callers read the summary itself after).
    assert raw_joined(side).starting(("Check", "CHQ")).tolist() == [0, 2, 4, 5]
    assert raw_joined(side).starting(("Zelle",)).tolist() == []
