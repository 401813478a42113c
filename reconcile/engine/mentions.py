"""Company names written inside a journal line's summary (摘要), read as its counterparty when it names none.

Many ERP exports have no 对方单位 column (Kingdee's standard 银行存款日记账 among them); the accountant writes the
company into the 摘要 instead: "收恒瑞贸易货款", "支付中科信达预付款". Without reading it, a unique amount in the
window would be auto-matched even when the 摘要 names another company than the bank line's payer, which is exactly
the pair a careful accountant would doubt.

The dictionary is the run's own names: the cores (``names.core_name``) of every counterparty on both sides, so a
mention is only recognised when some line of the run names that company. A summary is read as naming a company when
the names it contains (longest first, overlapping shorter ones dropped) are all one company; a summary naming two
companies ("代恒瑞贸易付中科信达款") stays without a name, since it could stand for either.
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import itemgetter

import ahocorasick
import numpy as np

from .hanzi import simplified, simplified_texts
from .latin_mentions import read_latin_names
from .name_words import GENERIC_NAMES, INDUSTRY_END, INDUSTRY_WORDS, PLATFORM, REGIONS
from .names import core_name, core_similarity
from .normalize import Side
from .score import STRONG_NAME, WEAK_NAME
from .side_names import give_read_names

MAX_TEXT = 80  # summaries are short; a pasted paragraph is not worth scanning whole
# A company written out in full: CJK text ending in a legal form, after the verb that usually precedes it.
_LEGAL_NAME = re.compile(
    r"(?:支付|收到|付给|预付|代付|代收|归还|退还|退回|收|付|还|退)?"
    r"([\u4e00-\u9fff（）()]{2,40}?(?:股份有限公司|有限责任公司|有限公司|集团有限公司|股份公司))"
)


class Dictionary:
    """Upper-cased text -> company core, for the run's cores distinctive enough to be recognised inside a text, and
    each core without its line-of-business word, as accountants shorten names (中科信达科技 -> 中科信达).

    A shortened form that several companies share (创胜 of 创胜包装 and 创胜餐饮管理) stands for itself: it is
    consistent with each of them and evidence for none in particular. ``automaton`` finds all entries in a text in
    one pass; ``starts`` (entries by their first two characters) serves the per-position reference scan.
    """

    def __init__(self, cores: list[str]) -> None:
        names: dict[str, str] = {}
        shortened: dict[str, set[str]] = {}
        distinct = set(cores)
        for core in distinct:
            # Latin-script cores are whole words ("ACME TRADING"): scanning texts character by character for them
            # finds "ACME" inside "ACMETAL" and costs a look-up per letter; they are not read from summaries.
            if core.isascii() or not _distinctive(core):
                continue
            names[core.upper()] = core
            short = INDUSTRY_END.sub("", core)
            # 上海 of 上海银行 is a city, 交通 of 交通银行 a word: a bank's short form is never read.
            if 2 <= len(short) < len(core) and _distinctive(short) and not core.endswith("银行"):
                shortened.setdefault(short, set()).add(core)
        shared = _shorts_inside_other_names(shortened, [core for core in distinct if core and not core.isascii()])
        for short, owners in shortened.items():
            alone = len(owners) == 1 and short not in shared
            names.setdefault(short.upper(), next(iter(owners)) if alone else short)
        starts: dict[str, set[int]] = {}
        automaton = ahocorasick.Automaton()
        for k, key in enumerate(names):
            starts.setdefault(key[:2], set()).add(len(key))
            automaton.add_word(key, k)  # an index into key_size / key_core
        if names:
            automaton.make_automaton()
        self.key_size = np.fromiter(map(len, names), np.int64, len(names))
        self.key_core = np.empty(len(names), dtype=object)
        self.key_core[:] = list(names.values())
        self.names = names
        self.starts = {head: sorted(sizes, reverse=True) for head, sizes in starts.items()}
        self.automaton = automaton

    def __bool__(self) -> bool:
        return bool(self.names)


def _shorts_inside_other_names(shortened: dict[str, set[str]], cores: list[str]) -> set[str]:
    """The shortened forms written inside another company's name of the run (晶朋 of 晶朋投资 inside
    晶朋华电子, 尚康 of 尚康光电 inside 尚康机电设备有限): such a form, found in a summary, may be the start of that
    other name ("无锡晶朋华回款"), so it stands for itself rather than for its owner. Read as its owner it would
    contradict the other company's bank line; read as itself it agrees with both and decides nothing. One pass of
    an Aho-Corasick automaton over all names joined."""
    keys = [short.upper() for short in shortened]
    if not keys or not cores:
        return set()
    automaton = ahocorasick.Automaton()
    for k, key in enumerate(keys):
        automaton.add_word(key, k)
    automaton.make_automaton()
    shorts = list(shortened)
    joined = "\0".join(core.upper() for core in cores)
    starts = np.cumsum(np.fromiter((len(core) + 1 for core in cores), np.int64, len(cores))) - 1
    hits = list(automaton.iter(joined))
    if not hits:
        return set()
    ends = np.fromiter(map(itemgetter(0), hits), np.int64, len(hits))
    at = np.searchsorted(starts, ends).tolist()
    found: set[str] = set()
    for k, c in zip(map(itemgetter(1), hits), at):
        short, core = shorts[k], cores[c]
        if short in found or core == short or core in shortened[short]:
            continue
        # Another spelling of the owner (EVERBRIGHT宝星(中国, its bank name cut at the field width) is no other name.
        if all(core_similarity(core, owner) < STRONG_NAME for owner in shortened[short]):
            found.add(short)
    return found


def _distinctive(name: str) -> bool:
    """Whether a name, found inside a summary, can be taken for one company: not a line of business, a region, a
    sector word or a payment platform."""
    return (
        len(name) >= 2
        and name not in INDUSTRY_WORDS
        and name not in GENERIC_NAMES
        and name not in REGIONS
        and not PLATFORM.search(name)
    )


def mentioned_company(text: str, dictionary: Dictionary) -> str:
    """The one company ``text`` names, or "" (none, or several different ones).

    Names the run knows are found anywhere in the text; a name the run does not know is still read when it is
    written out with its legal form (…有限公司), which only a company name has. A mention inside a longer one
    (恒瑞 inside 恒瑞贸易) is not a second name.
    """
    upper = simplified(text).upper()[:MAX_TEXT]  # 萬通印刷 names 万通印刷 (hanzi.py)
    names = dictionary.names
    found: list[tuple[int, int, str]] = []  # (start, end, core)
    if "公司" in upper:
        for legal in _LEGAL_NAME.finditer(upper):
            core = core_name(legal.group(1))
            if len(core) >= 2 and core not in INDUSTRY_WORDS:
                found.append((legal.start(1), legal.end(1), names.get(core, core)))
    if names:
        found += scan(upper, dictionary)
    if len(found) < 2:
        return found[0][2] if found else ""
    kept: list[tuple[int, int, str]] = []
    for start, end, core in sorted(found, key=lambda hit: hit[0] - hit[1]):  # longest first
        if not any(s <= start and end <= e for s, e, _ in kept):
            kept.append((start, end, core))
    distinct = sorted({core for _, _, core in kept}, key=len, reverse=True)
    first = distinct[0]
    if all(core_similarity(first, other) >= STRONG_NAME for other in distinct[1:]):
        return first
    return ""


def scan(upper: str, dictionary: Dictionary) -> list[tuple[int, int, str]]:
    """Every occurrence of every dictionary name in ``upper`` as (start, end, core), by start and then longest
    first: one pass of the Aho-Corasick automaton in C (``pyahocorasick``) instead of a look-up per position and
    name length (``scan_by_position``, the reference)."""
    size, core = dictionary.key_size, dictionary.key_core
    hits = [(end + 1 - int(size[k]), end + 1, core[k]) for end, k in dictionary.automaton.iter(upper)]
    hits.sort(key=lambda hit: (hit[0], -hit[1]))
    return hits


def scan_by_position(upper: str, dictionary: Dictionary) -> list[tuple[int, int, str]]:
    """``scan`` with one look-up per position and name length (kept as the reference the tests compare with)."""
    found = []
    get_sizes, get_name = dictionary.starts.get, dictionary.names.get
    for start in range(len(upper) - 1):
        for size in get_sizes(upper[start : start + 2]) or ():
            # A slice past the end is shorter than ``size``: no occurrence (the first version counted "恒瑞" at the
            # end of a text as the four characters of 恒瑞贸易).
            core = get_name(upper[start : start + size]) if start + size <= len(upper) else None
            if core is not None:
                found.append((start, start + size, core))
    return found


def _names_of(texts: list[str], dictionary: Dictionary) -> list[str]:
    """``mentioned_company`` of each text. The automaton runs once over all of them joined (a NUL between two
    texts, which no name contains); a text with no legal form (公司) whose names all lie inside the longest one is
    decided from that, and only the others go through ``mentioned_company`` one by one."""
    if not dictionary.names or any("\0" in key for key in dictionary.names):
        return [mentioned_company(t, dictionary) if t else "" for t in texts]
    uppers = simplified_texts([t.upper()[:MAX_TEXT] for t in texts])
    ends = np.cumsum(np.fromiter(map(len, uppers), np.int64, len(uppers)) + 1)  # one past each text's NUL
    hits = list(dictionary.automaton.iter("\0".join(uppers)))
    names = np.full(len(texts), "", dtype=object)
    if hits:
        key = np.fromiter(map(itemgetter(1), hits), np.int64, len(hits))
        end = np.fromiter(map(itemgetter(0), hits), np.int64, len(hits)) + 1
        size = dictionary.key_size[key]
        at = np.searchsorted(ends, end - 1, "right")
        start = end - size
        # Per text, its longest hit (first of the longest by position) and whether every hit lies inside it: then
        # that name is the only one the text gives (恒瑞 inside 恒瑞贸易), as ``mentioned_company`` would decide.
        order = np.lexsort((start, -size, at))
        first = np.flatnonzero(np.r_[True, at[order][1:] != at[order][:-1]])
        best = np.full(len(texts), -1, dtype=np.int64)
        best[at[order[first]]] = order[first]
        inside = (start >= start[best[at]]) & (end <= end[best[at]])
        clear = np.bincount(at, weights=~inside, minlength=len(texts)) == 0
        found = best >= 0
        names[found & clear] = dictionary.key_core[key[best[found & clear]]]
        slow = found & ~clear
    else:
        slow = np.zeros(len(texts), dtype=bool)
    slow |= np.fromiter(map(str.__contains__, uppers, repeat("公司")), bool, len(uppers))
    for k in np.flatnonzero(slow).tolist():
        names[k] = mentioned_company(texts[k], dictionary)
    return names.tolist()


def read_names_in_text(journal: Side, bank: Side) -> int:
    """Give journal lines without a counterparty the company their summary names (Chinese here, then Latin-script
    names in English memos: ``latin_mentions.py``); returns how many got one.

    Runs before any stage reads names (it extends the cached cores with the names it reads).
    """
    named = _read_cjk_names(journal, bank)
    return named + read_latin_names(journal, bank, np.flatnonzero(journal.cp_code == 0))


def _read_cjk_names(journal: Side, bank: Side) -> int:
    need = np.flatnonzero(journal.cp_code == 0)
    if need.size == 0:
        return 0
    dictionary = Dictionary([*bank.cores, *journal.cores])
    journal.mention_dictionary = dictionary
    # The distinct summary codes, ascending, by marking them: linear, where np.unique sorts half a million codes.
    seen = np.zeros(len(journal.texts), dtype=bool)
    seen[journal.text_code[need]] = True
    codes = np.flatnonzero(seen).tolist()
    texts = list(map(journal.texts.__getitem__, codes))
    if any(_ASCII_DIGIT.search(key) for key in dictionary.names):
        return give_read_names(journal, need, zip(codes, _names_of(texts, dictionary)))
    # No name the run knows has a digit, so a digit is never inside a name found: summaries that differ only in their
    # numbers (收恒瑞贸易货款 INV-00292 / INV-00293) name the same company and are read once.
    shapes = _digit_shapes(texts)
    distinct = list(dict.fromkeys(shapes))
    names = dict(zip(distinct, _names_of(distinct, dictionary)))
    return give_read_names(journal, need, zip(codes, map(names.__getitem__, shapes)))


_ASCII_DIGIT = re.compile(r"[0-9]")
_NONZERO_DIGIT = re.compile("[1-9]")  # ASCII 1-9 only, each written 0


def _digit_shapes(texts: list[str]) -> list[str]:
    """Each text with its ASCII digits 1-9 written 0: one regex pass over all of them joined by NULs (which the regex
    leaves alone) instead of a call per text (a quarter of a million at a million CN lines); a text holding a NUL
    itself would split wrongly, so then one call per text. A regex: translate walks CJK text char by char."""
    if not texts:
        return []
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:
        return [_NONZERO_DIGIT.sub("0", text) for text in texts]
    return _NONZERO_DIGIT.sub("0", joined).split("\0")


def names_only_others(text: str, core: str, dictionary: Dictionary | None) -> bool:
    """Whether a summary read as naming no one (``mentioned_company`` found no single company) still names someone,
    and only parties other than ``core``'s: it contains names of the run ("嘉兴旋源投标保证金": 旋源 and 兴旋, two
    companies, so read as neither), none of them like ``core`` and none sharing a character with it. A summary
    with no name of the run in it ("收投标保证金", "其他应收款收回") may be anyone's and is not such a summary."""
    if dictionary is None or not dictionary.names or not core:
        return False
    upper = simplified(text).upper()[:MAX_TEXT]
    hits = scan(upper, dictionary)
    if not hits:
        return False
    chars = set(core.upper())
    for start, end, name in hits:
        if chars & set(upper[start:end]) or core_similarity(core, name) >= WEAK_NAME:
            return False
    return True
