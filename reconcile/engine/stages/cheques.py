"""Stage 1b: a cheque number the books write only in the summary, against the bank line that carries it.

Chinese and Hong Kong ERPs book a cheque as "付货款 支票001771" with the voucher number (记-12, JV2601-00848) as the
entry's reference; the bank clears it days later as reference 001771. Stage 1 cannot see the pair (the references
differ) and stage 2 would give the bank line to any entry of the same amount inside the window. So, right after stage
1: a free entry whose summary names a cheque number (``fields.reference_in_text``) and the one free bank line of the
same amount and direction whose reference is that number, both alone with that (amount, number), within
``reference_days`` and not naming different companies, are one cheque.

Cost follows the cheques, not the lines: the summaries are searched for the cheque words in one pass over their
joined text (``str.find``, C), and only the summaries holding one are read further.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

import numpy as np

from ..fields import norm_refs, reference_in_text
from ..joined import Joined, upper_joined_texts
from ..score import date_reason
from ..state import State
from ..types import RULE_REFERENCE
from .exact import names_contradict

# The words before a cheque number in a summary (``fields._REF_IN_TEXT``), upper-cased: a summary without one of these
# names no cheque.
_WORDS = ("支票", "票号", "票據", "票据", "汇票", "本票", "CHQ", "CHEQUE", "CHECK")


def _texts_with_cheques(texts: list[str], side: Any = None) -> dict[int, str]:
    """Distinct summary code -> the normalised cheque number it names, for the summaries naming one. ``side``: the
    side whose summaries ``texts`` are, to search the upper-cased summaries it keeps (``joined.py``)."""
    if not texts:
        return {}
    # Each summary upper-cased on its own and its offset counted in the upper-cased text: where upper-casing lengthens
    # one (ß -> SS) the hits after it were mapped by the written lengths to a later summary, and their numbers lost.
    joined = upper_joined_texts(side) if side is not None else Joined(list(map(str.upper, texts)))
    # The summaries of all the hits in one search (QuickBooks writes "Bill Payment (Check)" on most of its entries).
    hits = joined.codes(_WORDS).tolist()
    # The numbers normalised together (``norm_refs`` is ``norm_ref`` of each, without its per-call arrays).
    numbers = norm_refs(list(map(reference_in_text, map(texts.__getitem__, hits)))).tolist() if hits else []
    return {code: number for code, number in zip(hits, numbers) if number}


def cheque_text_stage(st: State) -> None:
    bank, journal = st.bank, st.journal
    numbers = _texts_with_cheques(journal.texts, journal)
    if not numbers:
        return
    j_free = np.flatnonzero(st.journal_free)
    codes = journal.text_code[j_free]
    named = np.fromiter((c in numbers for c in codes.tolist()), bool, j_free.size)
    j_lines = j_free[named]
    if j_lines.size == 0:
        return
    b_lines = np.flatnonzero(st.bank_free & (bank.ref_id > 0))
    by_key: dict[tuple[int, str], list[int]] = {}
    for b, key, nref in zip(b_lines.tolist(), bank.key[b_lines].tolist(), bank.nref[b_lines].tolist()):
        by_key.setdefault((int(key), nref), []).append(b)
    wanted: dict[tuple[int, str], list[int]] = {}
    for j, key, code in zip(j_lines.tolist(), journal.key[j_lines].tolist(), journal.text_code[j_lines].tolist()):
        wanted.setdefault((int(key), numbers[code]), []).append(j)
    none: list[int] = []
    pairs = [(found[0], js[0]) for k, js in wanted.items() if len(js) == 1 and len(found := by_key.get(k, none)) == 1]
    if not pairs:
        return
    b_arr = np.array([b for b, _ in pairs], dtype=np.int64)
    j_arr = np.array([j for _, j in pairs], dtype=np.int64)
    dd = np.abs(bank.day[b_arr] - journal.day[j_arr])
    ok = (dd <= st.reference_days) & ~names_contradict(st, b_arr, j_arr)
    b_arr, j_arr, dd = b_arr[ok], j_arr[ok], dd[ok]
    if b_arr.size == 0:
        return
    date_why = [date_reason(d, st.working) for d in range(int(dd.max(initial=0)) + 1)]
    why = map("摘要中的支票号 cheque number in the summary ".__add__, bank.nref[b_arr].tolist())
    st.take_pairs(b_arr, j_arr, RULE_REFERENCE, repeat(1.0), zip(why, map(date_why.__getitem__, dd.tolist())))
