"""``_columns.find_all`` (``reconcile/engine/_columns_find.c``) against the ``str.split`` offsets it replaces in
``joined.Joined.codes``: texts of one-, two- and four-byte characters, literals that recur, overlap or straddle."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.engine import accel, joined

ALPHABET = "ab\n货款费\u0100\u0101\u00ff\u0001\U0001f600\U00010000"


def _split_offsets(text: str, literal: str) -> list[int]:
    pieces = text.split(literal)
    step = len(literal)
    return (np.cumsum(np.fromiter(map(len, pieces), np.int64, len(pieces))[:-1] + step) - step).tolist()


def _find_all(text: str, literal: str) -> list[int]:
    find_all = joined._find_all()
    assert find_all is not None, "reconcile/engine/_columns_find.c was not built: run `make install`"
    return np.frombuffer(find_all(text, literal), dtype=np.int64).tolist()


@given(st.text(alphabet=ALPHABET, max_size=60), st.text(alphabet=ALPHABET, min_size=1, max_size=3))
def test_offsets_are_those_of_split(text: str, literal: str) -> None:
    assert _find_all(text, literal) == _split_offsets(text, literal)


def test_hits_across_two_characters_are_not_hits() -> None:
    # U+0100 U+0001 is, in two-byte units, 00 01 01 00: the bytes of U+0101 straddle the two characters.
    assert _find_all("\u0100\u0001", "\u0101") == []
    assert _find_all("aaaa", "aa") == [0, 2]  # not overlapping, as split cuts
    assert _find_all("abc", "\U0001f600") == []  # a character wider than the text's
    with pytest.raises(ValueError):
        _find_all("abc", "")


def test_codes_are_the_same_without_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    strings = ["".join(rng.choice(ALPHABET.replace("\n", "")) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    literals = ["a", "货款", "b\u0100", "\U0001f600", "费a", "zz"]
    together = joined.Joined(strings)
    with_c = together.codes(literals)
    monkeypatch.setattr(joined, "_columns", None)
    assert joined._find_all() is None
    without = together.codes(literals)
    assert with_c.tolist() == without.tolist()
    assert with_c.tolist() == [k for k, s in enumerate(strings) if any(lit in s for lit in literals)]


def test_the_extension_has_it() -> None:
    assert accel._columns is not None and hasattr(accel._columns, "find_all")
