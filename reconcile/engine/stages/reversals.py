"""Stage 0: journal entries cancelled by a red-ink reversal (冲销 / 红字) leave the pool before matching.

An accountant who posts an entry twice, with a wrong amount or to the wrong bank account does not delete it: a
reversing entry (红字冲销, written as the same amount the other way) cancels it, usually naming the cancelled
voucher ("红字冲销记-0205"). Neither line moved money, so neither may claim a bank line: left in, the cancelled
copy of a duplicated payment ties with the real one and the pair only becomes a suggestion, or a reversal of a
payment is taken for a receipt of the same amount.

A journal line whose summary carries a reversal word is paired with the entry it cancels: the same amount in the
other direction within ``reference_days``, whose reference (voucher number) the reversal's summary names; failing
that, the only such entry of the same party (the same counterparty, or none on either) whose summary is written
inside the reversal's ("冲销 付恒瑞贸易运费"). Only when the bank has no line of the reversal's own amount and direction within the
window (a bank return, 退汇, booked as a reversal is a real receipt). Both lines then stay unmatched (no group, no
suggestion): what a person sees is what the ledger says, an entry and its cancellation.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..fields import REF_DELETE
from ..joined import raw_joined
from ..state import State

# Searched once over all summaries joined, not per summary: a search per summary cost ~8% of a 100k SEPA run, whose
# summaries are all distinct; this costs ~2-3% there (0.01 s on Chinese sets, whose summaries repeat). The Latin
# words in the cases ERPs write them (no case folding of the joined text).
_WORDS = ("冲销", "红字", "冲红", "红冲", "冲回", "REVERSAL OF", "Reversal of", "reversal of", "STORNO", "Storno")
_REVERSAL = re.compile("|".join(_WORDS))


def marked_texts(texts: list[str], side: Any = None) -> list[int]:
    """Indices of the texts that contain a reversal word, in order. ``side``: the side whose summaries ``texts`` are,
    to search the joined summaries it keeps (``joined.py``), one split per word present (an alternation of words is
    searched character by character: 0.4 s over a million SEPA summaries)."""
    if side is not None:
        return raw_joined(side).codes(_WORDS).tolist()  # type: ignore[no-any-return]
    joined = "\n".join(texts)
    hits = [m.start() for m in _REVERSAL.finditer(joined)]
    if not hits:
        return []
    ends = np.cumsum(np.fromiter(map(len, texts), np.int64, len(texts)) + 1) - 1  # where each text's "\n" is
    return sorted(set(np.searchsorted(ends, hits).tolist()))


def reversal_stage(st: State) -> int:
    """Take reversal pairs out of the journal pool; the number of pairs."""
    journal, bank = st.journal, st.bank
    marked = marked_texts(journal.texts, journal)
    if not marked:
        return 0
    reversals = np.flatnonzero(np.isin(journal.text_code, marked) & st.journal_free)
    if reversals.size == 0:
        return 0
    # Candidates: journal lines of the reversals' amounts in the other direction; bank lines of their own.
    opposite = journal.key[reversals] ^ 1
    cand = np.flatnonzero(np.isin(journal.key, opposite) & st.journal_free)
    by_key: dict[int, list[int]] = {}
    for i, key in zip(cand.tolist(), journal.key[cand].tolist()):
        by_key.setdefault(key, []).append(i)
    bank_hits = np.flatnonzero(np.isin(bank.key, journal.key[reversals]))
    bank_days: dict[int, list[int]] = {}
    for key, day in zip(bank.key[bank_hits].tolist(), bank.day[bank_hits].tolist()):
        bank_days.setdefault(key, []).append(day)
    claimed: dict[int, list[int]] = {}
    days, refs, cps, texts, codes = journal.day, journal.nref, journal.cps, journal.texts, journal.text_code
    for r, key in zip(reversals.tolist(), journal.key[reversals].tolist()):
        rday = int(days[r])
        if any(abs(d - rday) <= st.window for d in bank_days.get(key, ())):
            continue
        near = [i for i in by_key.get(key ^ 1, ()) if abs(int(days[i]) - rday) <= st.reference_days and i != r]
        text = texts[codes[r]]
        folded = text.translate(REF_DELETE).upper()
        named = [i for i in near if refs[i] and refs[i] in folded]
        if len(named) == 1 and _written_in_another(named[0], near, refs, texts, codes):
            named = []  # the number is the invoice both entries cite (付货款 INV-2026-17009), not one voucher's
        if not named:  # the same party, and the entry's summary written inside the reversal's
            named = [i for i in near if cps[i] == cps[r] and texts[codes[i]] and texts[codes[i]] in text]
        if len(named) == 1:
            claimed.setdefault(named[0], []).append(r)
    pairs = [(o, rs[0]) for o, rs in claimed.items() if len(rs) == 1]
    for o, r in pairs:
        st.journal_free[o] = False
        st.journal_free[r] = False
    return len(pairs)


def _written_in_another(one: int, near: list[int], refs: np.ndarray, texts: list[str], codes: np.ndarray) -> bool:
    """Whether the reference of entry ``one`` is also written in the summary of another candidate entry: an invoice
    number two entries of one invoice both cite (the books posted it twice) names neither as the one cancelled."""
    ref = refs[one]
    return any(i != one and ref in texts[codes[i]].translate(REF_DELETE).upper() for i in near)
