"""A side's summaries joined into one text, for the readers that search all of them for a word.

One regex pass over the joined text (C) finds a word in a hundred thousand summaries in milliseconds, where a search
per summary costs a Python step each; the start offset of every summary maps a hit back to its summary code. Built
once per side and shared by its readers (summary categories, cited invoices, cheque words, entry kinds, reversal
words, memos naming a payment platform): at a million SEPA lines each reader joining and upper-casing the summaries
again cost 0.2-0.5 s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Protocol

import numpy as np

from .accel import _columns
from .distinct import distinct


class Side(Protocol):
    texts: list[str]


def upper_texts(side: Side) -> list[str]:
    """The side's summaries upper-cased, by summary code (once per side)."""
    cached: list[str] | None = side.__dict__.get("_upper_texts")
    if cached is None:
        cached = side.__dict__["_upper_texts"] = list(map(str.upper, side.texts))
    return cached


def _starts(lengths: np.ndarray) -> np.ndarray:
    starts = np.zeros(lengths.size, dtype=np.int64)
    if lengths.size > 1:
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
    return starts


def _lengths(texts: list[str]) -> np.ndarray:
    return np.fromiter(map(len, texts), np.int64, len(texts))


class Joined:
    """Strings joined by newlines in two texts: the ASCII strings (one byte a character: a substring test runs at
    memory speed) and the others (where a CJK word can be; a CJK word looked for in a million SEPA summaries joined
    as two-byte text cost ~30 ms). ``codes`` finds the strings holding a literal by one split of a text per literal
    present, C-level however many strings hold it."""

    __slots__ = ("ascii_mask", "parts")

    def __init__(self, strings: list[str]) -> None:
        self.ascii_mask = np.fromiter(map(str.isascii, strings), bool, len(strings))
        wide = ~self.ascii_mask
        self.parts: list[tuple[bool, np.ndarray, str, np.ndarray]] = []
        for is_wide, mask in ((False, ~wide), (True, wide)):
            codes = np.flatnonzero(mask)
            part = strings if codes.size == len(strings) else list(map(strings.__getitem__, codes.tolist()))
            self.parts.append((is_wide, codes, "\n".join(part), _starts(_lengths(part))))

    def holds(self, literal: str) -> bool:
        """Some string holds ``literal``."""
        narrow = literal.isascii()
        return any(literal in text for is_wide, _c, text, _s in self.parts if is_wide or narrow)

    def starting(self, prefixes: Iterable[str]) -> np.ndarray:
        """The indexes (ascending, each once) of the strings that begin with one of the ASCII ``prefixes``, or hold a
        line that does (a string with a newline: callers test the string itself after)."""
        found: list[np.ndarray] = []
        for _is_wide, codes, text, starts in self.parts:
            if codes.size == 0:
                continue
            for prefix in prefixes:
                at = [0] if text.startswith(prefix) else []
                pieces = text.split("\n" + prefix)
                step = len(prefix) + 1
                if len(pieces) > 1:
                    ends = np.cumsum(np.fromiter(map(len, pieces), np.int64, len(pieces))[:-1] + step) - step + 1
                    at += ends.tolist()
                if at:
                    found.append(codes[np.searchsorted(starts, np.array(at, dtype=np.int64), "right") - 1])
        return distinct(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)

    def codes(self, literals: Iterable[str]) -> np.ndarray:
        """The indexes (ascending, each once) of the strings holding one of ``literals`` (no newline in them)."""
        found: list[np.ndarray] = []
        find_all = _find_all()
        for lit in literals:
            narrow = lit.isascii()
            for is_wide, codes, text, starts in self.parts:
                if (is_wide or narrow) and lit in text:
                    if find_all is not None:  # the same offsets, without a string per piece (``_columns_find.c``)
                        at = np.frombuffer(find_all(text, lit), dtype=np.int64)
                    else:
                        pieces = text.split(lit)
                        step = len(lit)
                        at = np.cumsum(np.fromiter(map(len, pieces), np.int64, len(pieces))[:-1] + step) - step
                    found.append(codes[np.searchsorted(starts, at, "right") - 1])
        return distinct(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _find_all() -> Callable[[str, str], bytes] | None:
    """The compiled ``find_all`` (None: not built, an older build without it, or the extensions turned off)."""
    return getattr(_columns, "find_all", None)


def raw_joined(side: Side) -> Joined:
    """The side's summaries as written, joined (once per side)."""
    cached: Joined | None = side.__dict__.get("_raw_joined")
    if cached is None:
        cached = side.__dict__["_raw_joined"] = Joined(side.texts)
    return cached


def upper_joined_texts(side: Side) -> Joined:
    """The side's summaries upper-cased, joined (once per side)."""
    cached: Joined | None = side.__dict__.get("_upper_joined_texts")
    if cached is None:
        cached = side.__dict__["_upper_joined_texts"] = Joined(upper_texts(side))
    return cached


def upper_keeps_lengths(side: Side) -> bool:
    """Every summary is as long upper-cased as written (no ß -> SS)."""
    cached: bool | None = side.__dict__.get("_upper_keeps_lengths")
    if cached is None:
        # Upper-casing never shortens a character, so equal totals mean every summary kept its length.
        cached = sum(map(len, upper_texts(side))) == sum(map(len, side.texts))
        side.__dict__["_upper_keeps_lengths"] = cached
    return cached


def upper_joined(side: Side) -> tuple[str, np.ndarray] | None:
    """(the summaries upper-cased and joined by newlines, each one's start offset), or None when upper-casing changed a
    summary's length (ß -> SS: offsets would not map back; callers then read the summaries one by one)."""
    cached = side.__dict__.get("_upper_joined", False)
    if cached is False:
        cached = None
        if upper_keeps_lengths(side):
            upper = upper_texts(side)
            cached = ("\n".join(upper), _starts(_lengths(upper)))
        side.__dict__["_upper_joined"] = cached
    return cached  # type: ignore[no-any-return]


def codes_of(starts: np.ndarray, offsets: list[int]) -> np.ndarray:
    """The summary codes of hits at ``offsets`` in the joined text."""
    return np.searchsorted(starts, np.array(offsets, dtype=np.int64), "right") - 1


def literal_mask(side: Side, memo: str, literals: tuple[str, ...]) -> np.ndarray:
    """Per summary code: whether its upper-cased text holds one of ``literals`` (once per side, kept as ``memo``)."""
    cached: np.ndarray | None = side.__dict__.get(memo)
    if cached is None:
        cached = np.zeros(len(side.texts), dtype=bool)
        cached[upper_joined_texts(side).codes(literals)] = True
        side.__dict__[memo] = cached
    return cached


def word_codes(side: Side, word: str) -> list[int]:
    """The summary codes (ascending, each once) whose text holds ``word`` (upper case) as a word of its own."""
    pattern = re.compile(rf"{re.escape(word)}(?<![A-Z0-9]{re.escape(word)})(?![A-Z0-9])")
    joined = upper_joined(side)
    if joined is None:
        return [c for c, t in enumerate(side.texts) if pattern.search(t.upper())]
    upper, starts = joined
    return distinct(codes_of(starts, [m.start() for m in pattern.finditer(upper)])).tolist()  # type: ignore[no-any-return]
