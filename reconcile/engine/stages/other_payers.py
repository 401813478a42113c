"""Books entries booked nearer a named bank line that are another payer's (stage 4b, ``ambiguous._take_only_named``).

A named pair of a same-amount cluster is decided only when no entry of the amount booked nearer the bank line could be
the same payer's: an entry that names no one the engine could read may be that payer's second payment, written
without a name ("付款 INV-0332201"). Busy clusters (dozens of 20,000.00 deposits a day) always have such an entry
nearer, so none of their named pairs would ever be decided. Most of those entries do name someone, only not a
company the run knows by that form: "收投标保证金-绍兴康联" is the deposit of 绍兴康联铸造, written as its city and
its first two characters. Such an entry is another payer's when its summary holds the *head* of the name of another
free bank line's payer of the amount in its window (the first two characters of its core once a line-of-business
word at the end is dropped: 康联 of 康联铸造; Chinese characters only, and not a region, a line of business or a
generic word), and no two consecutive characters of the named bank line's payer: then it is not in the way of the
named pair. Two characters anywhere in another name would not do: "收投标保证金" shares 证金 with 中证金融服务, "收工程款"
工程 with any 建设工程 company. An entry that names no one, or shares characters with the bank line's payer
("收嘉兴精旋嘉保证金" beside 精旋嘉纸业), still stands in the way.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import numpy as np

from ..distinct import distinct
from ..name_words import GENERIC_NAMES, INDUSTRY_END, INDUSTRY_WORDS, REGIONS
from ..names import core_bigrams
from ..state import State


def nearest_distance(n_bank: int, b_line: np.ndarray, dd: np.ndarray) -> np.ndarray:
    """Per bank line (of ``n_bank``): the date distance of its nearest candidate among the pairs given."""
    nearest = np.full(n_bank, np.iinfo(np.int64).max)
    np.minimum.at(nearest, b_line, dd)
    return nearest


def others_entries(st: State, b_line: np.ndarray, j_line: np.ndarray, dd: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """Per candidate pair (bank line ``b_line``, books entry ``j_line``, date distance ``dd``): whether the entry is
    another payer's as the module docstring says. Only pairs whose entry names no one, whose bank line names a payer
    in Chinese and whose distance is under ``limit`` (per pair: the distance of the named pair it might be in the
    way of) are looked at; the others are False."""
    out = np.zeros(b_line.size, dtype=bool)
    bank, journal = st.bank, st.journal
    look = np.flatnonzero((dd < limit) & (journal.cp_code[j_line] == 0) & (bank.cp_code[b_line] > 0))
    if look.size == 0:
        return out
    cores = bank.cores
    own = [cores[c] for c in bank.cp_code[b_line[look]].tolist()]
    chinese = np.fromiter((bool(c) and not c.isascii() for c in own), dtype=bool, count=look.size)
    look = look[chinese]
    if look.size == 0:
        return out
    payers = _Payers(st, distinct(journal.key[j_line[look]]))
    texts = journal.texts
    seen: dict[tuple[int, int, int], bool] = {}
    for k, b, j in zip(look.tolist(), b_line[look].tolist(), j_line[look].tolist()):
        t = int(journal.text_code[j])
        key = (b, t, int(journal.day[j]))
        got = seen.get(key)
        if got is None:
            got = seen[key] = payers.another(texts[t], b, int(journal.key[j]), int(journal.day[j]), st.window)
        out[k] = got
    return out


class _Payers:
    """The free named bank lines of the amounts asked for, by (amount key, head of the payer's name, ``name_head``):
    their days (sorted) and lines."""

    def __init__(self, st: State, keys: np.ndarray) -> None:
        bank = st.bank
        self.bank = bank
        lines = np.flatnonzero(st.bank_free & (bank.cp_code > 0) & np.isin(bank.key, keys))
        lines = lines[np.lexsort((lines, bank.day[lines]))]
        cores = bank.cores
        self.by_gram: dict[tuple[int, str], tuple[list[int], list[int]]] = {}
        for b, key, day, code in zip(
            lines.tolist(), bank.key[lines].tolist(), bank.day[lines].tolist(), bank.cp_code[lines].tolist()
        ):
            head = name_head(cores[code])
            if head:
                days, owners = self.by_gram.setdefault((key, head), ([], []))
                days.append(day)
                owners.append(b)

    def another(self, text: str, b: int, key: int, day: int, window: int) -> bool:
        """Whether ``text`` holds the name head of the payer of a free bank line of amount ``key`` within ``window``
        of ``day`` other than ``b``, and no bigram of ``b``'s payer."""
        upper = text.upper()
        if any(g in upper for g in core_bigrams(self.bank.cores[int(self.bank.cp_code[b])])):
            return False
        grams = {upper[i : i + 2] for i in range(len(upper) - 1)}
        for gram in grams:
            found = self.by_gram.get((key, gram))
            if found is None:
                continue
            days, owners = found
            a, z = bisect_left(days, day - window), bisect_right(days, day + window)
            if z - a > 1 or (z > a and owners[a] != b):
                return True
        return False


@lru_cache(maxsize=100_000)
def name_head(core: str) -> str:
    """The first two characters of a Chinese core once a line-of-business word at its end is dropped (康联 of
    康联铸造), when both are CJK ideographs and the two are no region, line of business or generic word; else ""."""
    if not core or core.isascii():
        return ""
    short = INDUSTRY_END.sub("", core) or core
    head = short[:2]
    if len(head) < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in head):
        return ""
    if head in REGIONS or head in INDUSTRY_WORDS or head in GENERIC_NAMES:
        return ""
    return head
