"""Latin-script company names written inside a journal line's memo, read as its counterparty when it names none.

English-language ERPs export the payee inside the memo and often in no column of its own: SAP's line item text
("KZ NORTHGATE SERVICES", "INV-00292 ZENITH SOFTWARE LTD"), QuickBooks' and Xero's memo ("Bill Payment (Check)
Harbour Intl Logistics INV-00123", "Payment: Summit Foods Ltd - INV-0042") when the name column is left out of the
export. Without reading it, a unique amount would be auto-matched against a bank line that names another company,
and a cluster of one amount (rents, salaries, fixed fees) could only be paired by dates.

As for Chinese summaries (``mentions.py``), the dictionary is the run's own names: the Latin cores of every
counterparty on both sides, indexed by their first word. A memo names a company when, from a word that starts some
core, its following words (up to the first one with a digit: an invoice or document number) are the same name on
the scale of ``latin.latin_similarity`` (>= ``STRONG_NAME``: equal, cut short, one letter apart, or abbreviated
the same way) of one company only, and every such name found in it is one company. The line's counterparty becomes the name as the memo
writes it (its Latin core), so each later comparison states "counterparty X ~ Y".
"""

from __future__ import annotations

import re

import numpy as np

from .distinct import distinct
from .latin import ABBREVIATIONS, is_latin, latin_core, latin_similarity
from .normalize import Side
from .score import STRONG_NAME
from .side_names import give_read_names

MAX_TEXT = 120
# Words that begin memos rather than names (document types, payment words): never the first word of a name read
# from a memo, even when some counterparty of the run happens to begin with one.
_NOT_A_HEAD = frozenset(
    "PAYMENT PAYMENTS BILL INVOICE INV RECEIVE RECEIPT DEPOSIT TRANSFER TRF BANK CHARGES CHARGE FEE FEES SALARY "
    "WAGES REFUND CHECK CHEQUE CHQ CASH THE FOR TO FROM OF PAID PAY NO REF".split()
)
# Words after a name that start a reference rather than continue the name ("... LOGISTICS INV-00123").
_TRAILING = frozenset("INV INVOICE REF NO NR PO DOC BILL".split())
_DIGIT = re.compile(r"\d")


class LatinDictionary:
    """The run's Latin cores by their first word, and by their first word with the first three letters of the
    second: one look-up finds the few cores a phrase of two or more words can be (comparing a phrase with every core
    of a common first word cost over a minute at 100k lines)."""

    def __init__(self, cores: list[str]) -> None:
        by_head: dict[str, list[str]] = {}
        self.by_two: dict[tuple[str, str], list[str]] = {}
        for core in sorted(set(cores)):
            if not core or not core.isascii():
                continue
            words = core.split()
            if not words or words[0] in _NOT_A_HEAD or len(core) < 4 or _DIGIT.search(words[0]):
                continue
            by_head.setdefault(words[0], []).append(core)
            self.by_two.setdefault((words[0], words[1][:3] if len(words) > 1 else ""), []).append(core)
        self.by_head = by_head
        self.heads = frozenset(by_head)
        # Phrase -> the cores it fits: one vendor's name recurs in many memos (each with its own invoice number).
        self.fits: dict[str, list[str] | None] = {}

    def candidates(self, phrase_words: list[str]) -> list[str] | None:
        """The cores a phrase (its words) may name; None when its one word begins several cores (a name cut to its
        first word fits each of them, so it names none)."""
        head = phrase_words[0]
        if len(phrase_words) == 1:
            cores = self.by_head.get(head, [])
            return cores if len(cores) <= 1 else None
        # Two words or more: the cores that begin with the same two, and a one-word core (a bank's name cut short).
        return self.by_two.get((head, phrase_words[1][:3]), []) + self.by_two.get((head, ""), [])


def mentioned_latin(text: str, dictionary: LatinDictionary, words: list[str] | None = None) -> str:
    """The name (as a Latin core) of the one company ``text`` names, or "" (none, or several different ones);
    ``words``: the text's core words when the caller has them."""
    if words is None:
        if not text or not is_latin(text):
            return ""
        words = latin_core(text[:MAX_TEXT]).split()
    if dictionary.heads.isdisjoint(words):
        return ""
    found: list[str] = []
    inside = 0  # words before this index belong to a name already found (RIVERBEND FAIRVIEW: FAIRVIEW is no new name)
    for i, word in enumerate(words):
        if i < inside or word not in dictionary.heads:
            continue
        phrase_words: list[str] = []
        for w in words[i:]:
            if _DIGIT.search(w):
                break
            phrase_words.append(w)
        while len(phrase_words) > 1 and phrase_words[-1] in _TRAILING:
            phrase_words.pop()
        if not phrase_words:
            continue
        phrase = " ".join(phrase_words)
        if phrase in dictionary.fits:
            fits = dictionary.fits[phrase]
        else:
            cores = dictionary.candidates(phrase_words)
            fits = dictionary.fits[phrase] = (
                None if cores is None else [core for core in cores if _fits(phrase, phrase_words, core)]
            )
        if fits is None:
            return ""
        # A phrase that fits two companies (SUMMIT, cut short, of SUMMIT FOODS and SUMMIT FREIGHT) names neither.
        if any(latin_similarity(fits[0], other) < STRONG_NAME for other in fits[1:]):
            return ""
        if fits:
            found.append(phrase)
            inside = i + min(len(phrase_words), min(core.count(" ") + 1 for core in fits))
    if not found:
        return ""
    first = max(found, key=len)
    return first if all(latin_similarity(first, other) >= STRONG_NAME for other in found) else ""


def _fits(phrase: str, phrase_words: list[str], core: str) -> bool:
    """Whether the phrase, or its first words as many as the core has, is the core's name."""
    if latin_similarity(phrase, core) >= STRONG_NAME:
        return True
    n = core.count(" ") + 1
    return n < len(phrase_words) and latin_similarity(" ".join(phrase_words[:n]), core) >= STRONG_NAME


_TO_SPACE = {c: " " for c in range(128) if not chr(c).isalnum()}
_SPELLED = re.compile(r"[A-Z](?:AE|OE|UE)")  # spellings latin_core folds (MUELLER -> MULLER)
_WRITTEN_OUT = frozenset(k for k in ABBREVIATIONS if ABBREVIATIONS[k])


def _may_name(upper: str, heads: set[str]) -> bool:
    """A cheap test that passes every text whose core words hold a core's first word (and some others): an ASCII
    text whose words (split at what is not a letter or digit) include none, none that ``latin_core`` writes out
    (INTL) and no folded spelling, cannot. Saves reading each memo's words where few name anybody (SEPA)."""
    if not upper.isascii() or _SPELLED.search(upper):
        return True
    words = upper.translate(_TO_SPACE).split()
    return not heads.isdisjoint(words) or not _WRITTEN_OUT.isdisjoint(words)


def read_latin_names(journal: Side, bank: Side, need: np.ndarray) -> int:
    """Give the journal lines ``need`` (without a counterparty) the Latin company their memo names; returns how many
    got one. The caller resets the cached cores afterwards.

    Only the cores whose first word some memo contains are indexed (a European journal's memos name few of the
    run's tens of thousands of payers)."""
    if need.size == 0:
        return 0
    text_codes = journal.text_code[need]
    all_cores = set(bank.cores).union(journal.cores)
    heads = {core.partition(" ")[0] for core in all_cores}
    texts = journal.texts
    # Memos differ mostly in their numbers (INV-00292 ACME LTD, INV-00293 ACME LTD): each distinct shape is read once.
    shape_of = {c: memo_shape(latin_part(texts[c][: 2 * MAX_TEXT])) for c in distinct(text_codes).tolist()}
    may = {shape: _may_name(shape.upper(), heads) for shape in set(shape_of.values())}
    codes = [c for c, shape in shape_of.items() if may[shape] and is_latin(shape)]
    words_of = {shape: latin_core(shape).split() for shape in {shape_of[c] for c in codes}}
    present = set().union(*words_of.values()) if words_of else set()
    cores = {core for core in all_cores if core.partition(" ")[0] in present}
    dictionary = LatinDictionary(list(cores))
    if not dictionary.heads:
        return 0
    names = {shape: mentioned_latin(shape, dictionary, words) for shape, words in words_of.items()}
    return give_read_names(journal, need, ((code, names[shape_of[code]]) for code in codes))


_CJK_RUN = re.compile(r"[^\x00-\x7f]*[\u3400-\u9fff\uf900-\ufaff][^\x00-\x7f]*")
_LATIN_WORD = re.compile(r"[A-Za-z]{2}")


def latin_part(text: str) -> str:
    """A memo's Latin-script part: a Chinese summary with the payee in English (付货款 INV-0137 Hung Yun Construction
    Co., Ltd., as Hong Kong and foreign-trade ERPs write it) is read as its English words; each run of Chinese
    characters becomes "0", a word with a digit, which ends a name (付 ACME 货款 LTD is not ACME LTD)."""
    if text.isascii() or not _LATIN_WORD.search(text):
        return text
    return _CJK_RUN.sub(" 0 ", text)


_NONZERO_DIGIT = re.compile("[1-9]")  # ASCII 1-9 only: a regex is cheaper than a translate table on wide text


def memo_shape(text: str) -> str:
    """The part of a memo that is read (``MAX_TEXT`` characters) with every ASCII digit written 0: what
    ``mentioned_latin`` reads of it is the same (a word with a digit ends a name, whatever the digit; lengths stay as
    they were), and memos that differ only in their invoice or document numbers share one shape."""
    return _NONZERO_DIGIT.sub("0", text[:MAX_TEXT])
