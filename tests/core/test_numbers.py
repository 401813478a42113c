"""Whole numbers from links and form fields: ASCII digits only, never an overflow."""

from __future__ import annotations

import pytest

from core.numbers import LARGEST_ID, plain_int


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
