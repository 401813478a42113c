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

from .latin import is_latin, latin_core, latin_similarity
from .normalize import Side
from .score import STRONG_NAME

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
    def __init__(self, cores: list[str]) -> None:
        self.by_head: dict[str, list[str]] = {}
        for core in set(cores):
            if not core or not core.isascii():
                continue
            words = core.split()
            if not words or words[0] in _NOT_A_HEAD or len(core) < 4 or _DIGIT.search(words[0]):
                continue
            self.by_head.setdefault(words[0], []).append(core)
        self.heads = frozenset(self.by_head)


def mentioned_latin(text: str, dictionary: LatinDictionary) -> str:
    """The name (as a Latin core) of the one company ``text`` names, or "" (none, or several different ones)."""
    if not text or not is_latin(text):
        return ""
    words = latin_core(text[:MAX_TEXT]).split()
    if dictionary.heads.isdisjoint(words):
        return ""
    found: list[str] = []
    for i, word in enumerate(words):
        cores = dictionary.by_head.get(word)
        if cores is None:
            continue
        phrase_words: list[str] = []
        for w in words[i:]:
            if _DIGIT.search(w):
                break
            phrase_words.append(w)
        while len(phrase_words) > 1 and phrase_words[-1] in _TRAILING:
            phrase_words.pop()
        phrase = " ".join(phrase_words)
        fits = [
            core
            for core in cores
            if max(latin_similarity(phrase, core), latin_similarity(" ".join(phrase_words[: len(core.split())]), core))
            >= STRONG_NAME
        ]
        # A phrase that fits two companies (SUMMIT, cut short, of SUMMIT FOODS and SUMMIT FREIGHT) names neither.
        if any(latin_similarity(fits[0], other) < STRONG_NAME for other in fits[1:]):
            return ""
        if fits:
            found.append(phrase)
    if not found:
        return ""
    first = max(found, key=len)
    return first if all(latin_similarity(first, other) >= STRONG_NAME for other in found) else ""


def read_latin_names(journal: Side, bank: Side, need: np.ndarray) -> int:
    """Give the journal lines ``need`` (without a counterparty) the Latin company their memo names; returns how many
    got one. The caller resets the cached cores afterwards."""
    if need.size == 0:
        return 0
    dictionary = LatinDictionary([*bank.cores, *journal.cores])
    if not dictionary.heads:
        return 0
    text_codes = journal.text_code[need]
    codes = np.unique(text_codes)
    per_text = np.zeros(len(journal.texts), dtype=np.int64)
    new_codes: dict[str, int] = {}
    for code in codes.tolist():
        name = mentioned_latin(journal.texts[code], dictionary)
        if name:
            if name not in new_codes:
                new_codes[name] = len(journal.cp_names)
                journal.cp_names.append(name)
            per_text[code] = new_codes[name]
    assigned = per_text[text_codes]
    hit = assigned > 0
    lines = need[hit]
    if lines.size == 0:
        return 0
    journal.cp_code[lines] = assigned[hit].astype(journal.cp_code.dtype)
    for line, code in zip(lines.tolist(), assigned[hit].tolist()):
        journal.cps[line] = journal.cp_names[code]
    return int(lines.size)
