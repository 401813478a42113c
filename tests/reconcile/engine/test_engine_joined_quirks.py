"""The joined summaries (``joined.py``) give the answers of reading each summary alone, whatever upper-casing does
to a summary: ß -> SS and ﬁ -> FI lengthen it, the Turkish dotless ı becomes I, full-width letters stay full-width,
a summary may be empty, hold a line feed or the same word twice. Each reader is checked against a plain per-summary
reading of random summaries made of such pieces."""

from __future__ import annotations

import random

import numpy as np

from reconcile.engine.fields import CATEGORY_WORDS, category_of_upper
from reconcile.engine.joined import Joined, raw_joined, upper_joined_texts
from reconcile.engine.stages.cheques import _texts_with_cheques
from reconcile.engine.stages.reversals import marked_texts

PIECES = (
    "",
    " ",
    "\n",
    "ß",
    "ẞ",
    "ﬁ",
    "ı",
    "İ",
    "i",
    "ＦＥＥ",
    "ｆｅｅ",
    "fee",
    "FEE",
    "Fee",
    "COFFEE",
    "手续费",
    "支票",
    "票号",
    "CHQ",
    "Check",
    "cheque",
    "12345678",
    " 998877",
    "INV",
    "inv",
    "Storno",
    "冲销",
    "Reversal of",
    "货款",
    "Straße",
    "Größe",
    "ǅ",
    "ŉ",
    "ΐ",
    "POS",
    "DEPOSIT",
    "工资",
    "Ch",
    "FIX",
    "fıx",
)


class _Side:
    def __init__(self, texts: list[str]) -> None:
        self.texts = texts


def _texts(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 6))) for _ in range(n)]


def test_a_cheque_number_is_read_from_its_own_summary_after_one_that_upper_casing_lengthens() -> None:
    # Twelve ß become 24 letters: the hits of the summaries after were mapped by the written lengths to a later one.
    texts = ["Miete Straße " + "ß" * 12, "支票 12345678", "Zahlung", "支票 99887766", "x"]
    expected = {1: "12345678", 3: "99887766"}
    assert _texts_with_cheques(texts, _Side(texts)) == expected
    assert _texts_with_cheques(texts) == expected


def test_the_joined_readers_answer_as_the_summaries_read_one_by_one() -> None:
    rng = random.Random(19)
    literals = ("FEE", "支票", "CHECK", "INV", "ß", "SS", "FI", "I", "ＦＥＥ", "冲销", "STRASSE")
    for _ in range(300):
        texts = _texts(rng, rng.randrange(0, 12))
        upper = [t.upper() for t in texts]
        side = _Side(texts)
        for lit in literals:
            want = [k for k, t in enumerate(upper) if lit in t]
            assert upper_joined_texts(side).codes((lit,)).tolist() == want, (texts, lit)
            assert raw_joined(side).codes((lit,)).tolist() == [k for k, t in enumerate(texts) if lit in t]
        for prefixes in (("Ch", "CH", "ch"), ("INV",)):
            got = set(raw_joined(side).starting(prefixes).tolist())
            assert {k for k, t in enumerate(texts) if t.startswith(prefixes)} <= got
            assert all(any(line.startswith(prefixes) for line in texts[k].split("\n")) for k in got)
        cat = np.zeros(len(texts), dtype=np.int8)
        some = upper_joined_texts(side).codes(CATEGORY_WORDS).tolist()
        cat[some] = [category_of_upper(upper[k]) for k in some]
        assert cat.tolist() == [category_of_upper(u) for u in upper], texts
        assert marked_texts(texts, _Side(texts)) == marked_texts(texts)
        assert _texts_with_cheques(texts, _Side(texts)) == _texts_with_cheques(texts) == _per_summary_cheques(texts)


def _per_summary_cheques(texts: list[str]) -> dict[int, str]:
    from reconcile.engine.fields import norm_refs, reference_in_text
    from reconcile.engine.stages.cheques import _WORDS

    hits = [k for k, t in enumerate(texts) if any(w in t.upper() for w in _WORDS)]
    numbers = norm_refs([reference_in_text(texts[k]) for k in hits]).tolist() if hits else []
    return {k: number for k, number in zip(hits, numbers) if number}


def test_an_empty_list_and_empty_summaries() -> None:
    assert Joined([]).codes(("FEE",)).tolist() == []
    assert Joined([]).starting(("Ch",)).tolist() == []
    assert Joined(["", "", "FEE", ""]).codes(("FEE",)).tolist() == [2]
    assert Joined(["", "Check 1", ""]).starting(("Check",)).tolist() == [1]
    assert Joined(["FEE FEE", "FEEFEE"]).codes(("FEE",)).tolist() == [0, 1]
