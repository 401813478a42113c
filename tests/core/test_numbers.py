"""Whole numbers from links and form fields: ASCII digits only, never an overflow."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.numbers import LARGEST_ID, plain_amount, plain_int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", 0),
        ("", None),
        ("²", None),
        ("٣", None),
        ("１２", None),
        ("-1", None),
        ("1e3", None),
        ("12\x00", None),
        ("=1+1", None),
        ("9" * 19, LARGEST_ID),
        ("9" * 10_000, LARGEST_ID),
    ],
)
def test_plain_int(text, value):
    assert plain_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234.50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("  -1,234.5 ", Decimal("-1234.5")),
        ("+12", Decimal("12")),
        # Typed with a Chinese input method's full-width digits and comma: the same amount.
        ("１，２３４.５０", Decimal("1234.50")),
        ("-0", Decimal("0")),  # never a "-0.00" printed on a receipt
        ("-0.00", Decimal("0.00")),
    ],
)
def test_plain_amount_reads_an_amount_as_written(text, value):
    amount = plain_amount(text)
    assert amount == value and str(amount) == str(value)


@pytest.mark.parametrize(
    "text",
    # An exponent (Excel's 1.2E+06 display has lost digits), Python's digit separators, other scripts' digits,
    # hex, currency signs, brackets, spaces inside, nothing.
    ["1e5", "1.2E+06", "1_234.50", "١٢٣٤", "0x10", "¥1234", "(1234.50)", "1 234.50", "", "-", ".5.", "NaN", "Infinity"],
)
def test_plain_amount_refuses_anything_else(text):
    assert plain_amount(text) is None


@pytest.mark.parametrize(
    "text",
    # A decimal comma (a European client's 1234,56 was read as 123456, a hundred times the amount) and commas that
    # group nothing; characters NFKC folds into digits that no input method types for a number (a list's ① before
    # the amount, a footnote's ²).
    ["1234,56", "12,34", "1.2,3", "1,234,5", ",123", "1,23.00", "①1,000.00", "1²", "¹²³"],
)
def test_plain_amount_refuses_a_comma_that_groups_nothing_and_digits_from_other_forms(text):
    assert plain_amount(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234,567.89", Decimal("1234567.89")),
        ("１２，３４５", Decimal("12345")),
        ("－５", Decimal("-5")),
        ("999", Decimal("999")),
    ],
)
def test_plain_amount_still_reads_grouping_and_full_width_forms(text, value):
    assert plain_amount(text) == value
