"""Stage 4b: same-amount lines of one party told apart by the project or contract both summaries name.

Bid bonds (投标保证金) of one round sum paid to one tender centre on nearby days, and their returns weeks later, leave
clusters that amount, date and name cannot decide (every pair names the centre); the project in the bank's 摘要 and
in the voucher's summary can (``project_words``). A pair is taken when its two summaries share a word
(``project_words.shared_word``) that no other candidate pair of either line shares, and the other candidates of at
least one of the two lines name something else (a candidate whose summary names nothing, 付款, could be the line's own
entry written without the project, so it blocks its side only; the other side may still decide, as for purposes).
Before the names and the date order of stage 4b (``ambiguous.named_stage``): a project named on both sides outweighs
the order of the dates.
"""

from __future__ import annotations

import numpy as np

from ..normalize import Side
from ..project_words import has_own_words, shared_word, words
from ..score import bulk_reasons
from ..state import State
from ..types import RULE_AMBIGUOUS
from .ambiguous import _edges

ONLY_PROJECT = (
    "同额候选中唯一同写项目或合同 “{word}” the only candidate of this amount in the window whose summary names the "
    "same project or contract “{word}”, on both sides"
)


def project_stage(st: State, amb_b: np.ndarray, amb_j: np.ndarray) -> None:
    if amb_b.size == 0 or amb_j.size == 0:
        return
    e, _n = _edges(st, amb_b, amb_j)
    if e is None:
        return
    bank, journal = st.bank, st.journal
    b_of, j_of = e.b_line.tolist(), e.j_line.tolist()
    b_words, j_words = _words(bank, set(b_of)), _words(journal, set(j_of))
    # Candidates naming something: per line, how many of its edges' other ends do (only those can share a word).
    own_b_line = {b: has_own_words(w) for b, w in b_words.items()}
    own_j_line = {j: has_own_words(w) for j, w in j_words.items()}
    own_b = np.fromiter((own_b_line[b] for b in b_of), bool, len(b_of))
    own_j = np.fromiter((own_j_line[j] for j in j_of), bool, len(j_of))
    cps_b, cps_j = bank.cps, journal.cps
    look = np.flatnonzero(own_b & own_j).tolist()
    shared = dict.fromkeys(look, "")
    # The word, and the word with the same counterparty written on both sides (one project tendered at two centres).
    level = np.zeros(len(b_of), np.int8)
    for k in look:
        b, j = b_of[k], j_of[k]
        word = shared[k] = shared_word(b_words[b], j_words[j], (cps_b[b], cps_j[j]))
        if word:
            level[k] = 1 + (cps_b[b] == cps_j[j])
    if not level.any():
        return
    nb, nj = len(bank), len(journal)
    edges_b, edges_j = np.bincount(e.b_line, minlength=nb), np.bincount(e.j_line, minlength=nj)
    top_b, top_j = np.zeros(nb, np.int8), np.zeros(nj, np.int8)
    np.maximum.at(top_b, e.b_line, level)
    np.maximum.at(top_j, e.j_line, level)
    has = (level > 0) & (level == top_b[e.b_line]) & (level == top_j[e.j_line])
    has_b, has_j = np.bincount(e.b_line[has], minlength=nb), np.bincount(e.j_line[has], minlength=nj)
    named_b = np.bincount(e.b_line[own_j], minlength=nb)  # a bank line's candidate entries that name something
    named_j = np.bincount(e.j_line[own_b], minlength=nj)
    at = np.flatnonzero(has)
    b, j = e.b_line[at], e.j_line[at]
    decided = (named_b[b] == edges_b[b]) | (named_j[j] == edges_j[j])
    only = at[(has_b[b] == 1) & (has_j[j] == 1) & decided & (edges_b[b] + edges_j[j] > 2)]
    if only.size == 0:
        return
    tb, tj = e.b_line[only], e.j_line[only]
    why = [ONLY_PROJECT.format(word=shared[k]) for k in only.tolist()]
    reasons = [r + (w,) for r, w in zip(bulk_reasons(bank, journal, tb, tj, e.dd[only], st.working), why)]
    st.take_pairs(tb, tj, RULE_AMBIGUOUS, e.score[only].tolist(), reasons)


def _words(side: Side, lines: set[int]) -> dict[int, tuple[str, ...]]:
    """Each line's words, read once per summary and counterparty and kept on the side for the stage's next calls."""
    seen: dict[tuple[int, str], tuple[str, ...]] = side.__dict__.setdefault("_project_words", {})
    out: dict[int, tuple[str, ...]] = {}
    texts, cps, codes = side.texts, side.cps, side.text_code
    for line in lines:
        key = (int(codes[line]), cps[line])
        got = seen.get(key)
        if got is None:
            got = seen[key] = words(texts[key[0]], (key[1],) if key[1] else ())
        out[line] = got
    return out
