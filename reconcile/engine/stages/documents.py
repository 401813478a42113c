"""Stage 2b: the same document number written in the texts (invoice, order, end-to-end id).

SEPA remittance information ("SVWZ+RE 2024-00123", "INV-1160", "EREF+E2E0012345678") and ERP summaries ("Receipt
INV-1160") often carry the same invoice or payment number while the reference columns do not; a bank line whose
payer name is missing (a fifth of SEPA lines) is then still identified. A *document number* is a run of at least
``MIN_DIGITS`` digits in a line's text or reference, leading zeros dropped (banks pad, ERPs do not). One that more
than ``MAX_LINES_PER_SIDE`` lines of a side carry (a year, a contract number every instalment repeats) identifies
nothing and is ignored.

A free bank line and a free journal line with the same amount and direction that share a document number, no
more than ``reference_days`` apart, are matched when each is the other's only such line and their names do not
contradict (as in stage 1). Runs after the unique-amount stage, so only the lines that stage left are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import chain, repeat
from operator import attrgetter

import numpy as np

from ..accel import doc_numbers
from ..distinct import distinct
from ..invoice_aliases import adopt_aliases, proven_aliases
from ..name_words import WIDE_FIRST, WIDE_TO_ASCII
from ..normalize import Side
from ..score import date_reason
from ..state import State
from ..types import RULE_BATCH, RULE_REFERENCE
from .exact import names_contradict

MIN_DIGITS = 4
MAX_LINES_PER_SIDE = 2
MIN_PADDED = 3  # digits left of a number written with leading zeros, or after an invoice word
_DIGITS = re.compile(r"\d{%d,}" % MIN_PADDED, re.ASCII)
# Digits on both sides of separators that normalising a reference deletes (2025-346408, 2025 346408): only such a
# reference has numbers its normalised form runs together.
_SPLIT_DIGITS = re.compile(r"\d[\s\-_/\\.:：#,，－／．＿＃]+\d")
# A short number right after its invoice word ("INV 430", "Invoice 937"): the bank's form of the ERP's INV-00430.
_INVOICE_SHORT = re.compile(r"(?<![A-Za-z])INV(?:OICE)?[\s#:./-]*([1-9]\d\d)(?!\d)", re.IGNORECASE | re.ASCII)


def document_numbers(text: str) -> list[str]:
    """The document numbers of one text or reference (digit runs, leading zeros dropped, still long enough)."""
    out = []
    if (
        text and not text.isascii() and max(text) >= WIDE_FIRST
    ):  # full-width digits (ＩＮＶ２４５４９) are the same number
        text = text.translate(WIDE_TO_ASCII)
    bare_short = False
    for run in _DIGITS.findall(text):
        number = run.lstrip("0")
        # A number written padded (INV-00937, 00937) is a document's number of a fixed width even when short once
        # its zeros are dropped: the bank's "00937" and the ERP's "INV-00937" (or "INV 937") are one invoice.
        if len(number) >= MIN_DIGITS or (len(number) >= MIN_PADDED and len(run) > len(number)):
            out.append(number)
        elif len(run) == MIN_PADDED:
            bare_short = True
    if bare_short:  # a short one counts right after its invoice word ("INV 430", "Invoice 937")
        out.extend(_INVOICE_SHORT.findall(text))
    return out


def _reference_numbers(raw: str, normed: str) -> list[str]:
    """The document numbers of a reference, as written and normalised (``_entries`` reads both)."""
    return [*document_numbers(raw or ""), *document_numbers(normed)]


def _entries(side: Side, lines: np.ndarray, table: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(line, number id) for every document number of ``lines``, each pair once, sorted by line: texts and
    references are read once per distinct string, the rest is numpy."""
    parts_l: list[np.ndarray] = []
    parts_n: list[np.ndarray] = []
    codes, inverse = np.unique(side.text_code[lines], return_inverse=True)
    code_list = codes.tolist()
    _read_texts(side, code_list)
    numbers_of = _numbers_of_text(side)
    _flatten(lines, inverse.reshape(-1), _interned(list(map(numbers_of, code_list)), table), parts_l, parts_n)
    has_ref = lines[side.nref[lines] != ""]
    if has_ref.size:
        refs, ref_inverse = np.unique(side.nref[has_ref].astype(str), return_inverse=True)
        per_ref = _interned(_numbers_many(refs.tolist()), table)
        _flatten(has_ref, ref_inverse.reshape(-1), per_ref, parts_l, parts_n)
        # The numbers of a reference as written too, where separators part its digits (2025-346408 holds 346408,
        # which the normalised 2025346408 hides); any other says what its normalised form says.
        raw = list(map(attrgetter("reference"), map(side.lines.__getitem__, has_ref.tolist())))
        parted = np.flatnonzero(~np.fromiter(map(str.isalnum, raw), dtype=bool, count=len(raw)))
        if parted.size:
            split = map(_SPLIT_DIGITS.search, map(raw.__getitem__, parted.tolist()))
            parted = parted[np.fromiter(map(bool, split), dtype=bool, count=parted.size)]
        if parted.size:
            codes_of: dict[str, int] = {}
            which = [codes_of.setdefault(raw[k], len(codes_of)) for k in parted.tolist()]
            per_raw = _interned(_numbers_many(list(codes_of)), table)
            _flatten(has_ref[parted], np.array(which, dtype=np.int64), per_raw, parts_l, parts_n)
    if not parts_l:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    pairs = distinct(np.concatenate(parts_l) * np.int64(len(table) + 1) + np.concatenate(parts_n))
    return pairs // (len(table) + 1), pairs % (len(table) + 1)


def _read_texts(side: Side, codes: list[int]) -> None:
    """Read the summaries ``codes`` not read yet into ``_numbers_of_text``'s cache, in one call to C
    (``accel.doc_numbers``: a million SEPA texts, nearly all distinct, are most of this stage's work); the texts it
    leaves (a run of three digits) are read by ``document_numbers``."""
    cache: dict[int, list[str]] = side.__dict__.setdefault("_document_numbers", {})
    todo = [c for c in codes if c not in cache]
    cache.update(zip(todo, _numbers_many(list(map(side.texts.__getitem__, todo)))))


def _numbers_many(strings: list[str]) -> list[list[str]]:
    """``document_numbers`` of each string, in C where it reads them (``accel.doc_numbers``)."""
    found = doc_numbers(strings)
    if found is None:
        return list(map(document_numbers, strings))
    return [document_numbers(text) if numbers is None else numbers for text, numbers in zip(strings, found)]


def _numbers_of_text(side: Side) -> Callable[[int], list[str]]:
    """Document numbers per summary code, read once per run and side (the 1:1 and the batch pass share them)."""
    cache: dict[int, list[str]] = side.__dict__.setdefault("_document_numbers", {})
    texts = side.texts

    def numbers(code: int) -> list[str]:
        found = cache.get(code)
        if found is None:
            found = cache[code] = document_numbers(texts[code])
        return found

    return numbers


def _interned(per_value: list[list[str]], table: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(count per value, the numbers' ids in value order) with ``table`` interning each new number to the next id in
    the order the numbers come, as ``table.setdefault(n, len(table))`` number by number would: C-level passes
    instead of a Python comprehension per value (a million distinct texts at a million lines of the fourth data)."""
    counts = np.fromiter(map(len, per_value), dtype=np.int64, count=len(per_value))
    flat = list(chain.from_iterable(per_value))
    fresh = [n for n in dict.fromkeys(flat) if n not in table]
    table.update(zip(fresh, range(len(table), len(table) + len(fresh))))
    return counts, np.fromiter(map(table.__getitem__, flat), dtype=np.int64, count=len(flat))


def _flatten(
    lines: np.ndarray,
    which: np.ndarray,
    interned: tuple[np.ndarray, np.ndarray],
    out_lines: list[np.ndarray],
    out_ids: list[np.ndarray],
) -> None:
    """Append (line, id) for every id of the value each line has (``which``: index into the values ``interned``
    holds, as counts per value and their ids in value order)."""
    counts, flat = interned
    if not counts.any():
        return
    offsets = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    n_per_line = counts[which]
    line_rep = np.repeat(lines, n_per_line)
    starts = np.repeat(offsets[which], n_per_line)
    within = np.arange(line_rep.size, dtype=np.int64) - np.repeat(np.cumsum(n_per_line) - n_per_line, n_per_line)
    out_lines.append(line_rep)
    out_ids.append(flat[starts + within])


def _rare(ids: np.ndarray, size: int) -> np.ndarray:
    """Mask of entries whose number at most ``MAX_LINES_PER_SIDE`` lines of this side carry."""
    return np.bincount(ids, minlength=size)[ids] <= MAX_LINES_PER_SIDE  # type: ignore[no-any-return]  # numpy: Any


def _number_pairs(st: State) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(bank line, entry, date distance, each the other's only such line) for the free pairs of one amount and
    direction sharing a rare document number within ``reference_days``."""
    bank, journal = st.bank, st.journal
    b_free, j_free = np.flatnonzero(st.bank_free), np.flatnonzero(st.journal_free)
    if b_free.size == 0 or j_free.size == 0:
        return _NONE
    # Only lines whose amount and direction the other side's free lines have can pair.
    b_free = b_free[np.isin(bank.key[b_free], journal.key[j_free])]
    j_free = j_free[np.isin(journal.key[j_free], bank.key[b_free])]
    if b_free.size == 0 or j_free.size == 0:
        return _NONE
    table: dict[str, int] = {}
    bl, bn = _entries(bank, b_free, table)
    jl, jn = _entries(journal, j_free, table)
    if bl.size == 0 or jl.size == 0:
        return _NONE
    keep_b, keep_j = _rare(bn, len(table)), _rare(jn, len(table))
    bl, bn, jl, jn = bl[keep_b], bn[keep_b], jl[keep_j], jn[keep_j]
    # Join on (amount key, number): sort both sides' entries together, pair bank x journal inside each run.
    key = np.concatenate((bank.key[bl], journal.key[jl]))
    num = np.concatenate((bn, jn))
    side = np.concatenate((np.zeros(bl.size, np.int8), np.ones(jl.size, np.int8)))
    line = np.concatenate((bl, jl))
    order = np.lexsort((side, num, key))
    key, num, side, line = key[order], num[order], side[order], line[order]
    new = np.ones(order.size, dtype=bool)
    new[1:] = (key[1:] != key[:-1]) | (num[1:] != num[:-1])
    run = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    pb: list[int] = []
    pj: list[int] = []
    n_b = np.bincount(run, weights=side == 0).astype(np.int64)
    n_j = np.bincount(run).astype(np.int64) - n_b
    for r in np.flatnonzero((n_b > 0) & (n_j > 0)).tolist():  # runs are tiny: numbers are rare per side
        a = int(starts[r])
        bs = line[a : a + n_b[r]].tolist()
        js = line[a + n_b[r] : a + n_b[r] + n_j[r]].tolist()
        for b in bs:
            pb += repeat(b, len(js))
            pj += js
    if not pb:
        return _NONE
    pairs = distinct(np.array(pb, dtype=np.int64) * np.int64(len(journal)) + np.array(pj, dtype=np.int64))
    b_lines, j_lines = pairs // len(journal), pairs % len(journal)
    dd = np.abs(bank.day[b_lines] - journal.day[j_lines])
    near = dd <= st.reference_days
    b_lines, j_lines, dd = b_lines[near], j_lines[near], dd[near]
    # Each line's only such partner.
    only = (np.bincount(b_lines, minlength=len(bank))[b_lines] == 1) & (
        np.bincount(j_lines, minlength=len(journal))[j_lines] == 1
    )
    return b_lines, j_lines, dd, only


_NONE = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, dtype=bool))


def document_stage(st: State) -> None:
    bank, journal = st.bank, st.journal
    b_lines, j_lines, dd, only = _number_pairs(st)
    contra = names_contradict(st, b_lines, j_lines)
    held = np.flatnonzero(only & contra)
    if held.size or st.held_for_names:
        # Held back for their names: a payer settling two of one customer's invoices this way, or paying only its
        # entries' amounts, is its other name (``invoice_aliases``).
        hb, hj = b_lines[held], j_lines[held]
        alone = _concatenated(st.held_for_names)
        proven = proven_aliases(bank, journal, hb, hj, _shared_number(bank, journal, hb, hj), alone)
        if proven:
            adopt_aliases(bank, journal, proven)
            contra[held] = names_contradict(st, hb, hj)
    ok = only & ~contra
    b_lines, j_lines, dd = b_lines[ok], j_lines[ok], dd[ok]
    if b_lines.size == 0:
        return
    shared = _shared_number(bank, journal, b_lines, j_lines)
    date_why = [date_reason(d, st.working) for d in range(int(dd.max()) + 1)]
    reasons = zip(map(_WHY.__add__, shared), map(date_why.__getitem__, dd.tolist()))
    st.take_pairs(b_lines, j_lines, RULE_REFERENCE, repeat(SCORE), reasons)


def _concatenated(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray] | None:
    if not parts:
        return None
    return np.concatenate([b for b, _j in parts]), np.concatenate([j for _b, j in parts])


SCORE = 0.98  # a shared number written in free text: as strong as a reference, a hair below a reference column
_WHY = "相同单据号 same document number in the texts "


def _shared_number(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> list[str]:
    """The number each pair shares (for its reason)."""
    out = []
    b_numbers, j_numbers = _numbers_of_text(bank), _numbers_of_text(journal)
    for bi, ji, bc, jc, br, jr in zip(
        b.tolist(),
        j.tolist(),
        bank.text_code[b].tolist(),
        journal.text_code[j].tolist(),
        bank.nref[b].tolist(),
        journal.nref[j].tolist(),
    ):
        b_text, j_text = b_numbers(bc), j_numbers(jc)
        if b_text and b_text[0] in j_text:  # the answer below, without reading the references (most pairs)
            out.append(b_text[0])
            continue
        bnums = b_text + _reference_numbers(bank.lines[bi].reference, br or "")
        jnums = set(j_numbers(jc) + _reference_numbers(journal.lines[ji].reference, jr or ""))
        out.append(next((n for n in bnums if n in jnums), ""))
    return out


MAX_PARTS = 6


def document_batch_stage(st: State) -> None:
    """Several lines of one side carrying the same document number whose total is the one free line of the other
    side with that number (an invoice paid in instalments, a payment split in the journal): a batch.

    Each group is one (side, number, direction); it is taken when it has 2..``MAX_PARTS`` lines, the other side
    has exactly one free line with the number, direction and total, all within ``reference_days`` of it, and no
    named party on the single line contradicts a member's.
    """
    bank, journal = st.bank, st.journal
    b_free, j_free = np.flatnonzero(st.bank_free), np.flatnonzero(st.journal_free)
    if b_free.size == 0 or j_free.size == 0:
        return
    table: dict[str, int] = {}
    bl, bn = _entries(bank, b_free, table)
    jl, jn = _entries(journal, j_free, table)
    if bl.size == 0 or jl.size == 0:
        return
    by_b = _groups(bank, bl, bn)
    by_j = _groups(journal, jl, jn)
    proposals: list[tuple[list[int], list[int], str]] = []
    numbers = list(table)
    for (num, d), b_lines in by_b.items():
        j_lines = by_j.get((num, d), [])
        if len(b_lines) >= 2 and len(j_lines) == 1 and len(b_lines) <= MAX_PARTS:
            proposals.append((b_lines, j_lines, numbers[num]))
        elif len(j_lines) >= 2 and len(b_lines) == 1 and len(j_lines) <= MAX_PARTS:
            proposals.append((b_lines, j_lines, numbers[num]))
    proposals.extend(_listed(bank, bl, bn, by_b, by_j, numbers, one_is_bank=True))
    proposals.extend(_listed(journal, jl, jn, by_j, by_b, numbers, one_is_bank=False))
    used_b: set[int] = set()
    used_j: set[int] = set()
    unit = "working days" if st.working else "days"
    for b_lines, j_lines, number in sorted(proposals, key=lambda p: int(min(bank.rank[p[0]]))):
        if int(bank.cents[b_lines].sum()) != int(journal.cents[j_lines].sum()):
            continue
        days = np.concatenate((bank.day[b_lines], journal.day[j_lines]))
        if (
            int(days.max() - days.min()) > st.reference_days
            or used_b.intersection(b_lines)
            or used_j.intersection(j_lines)
        ):
            continue
        bb, jj = np.repeat(np.array(b_lines), len(j_lines)), np.tile(np.array(j_lines), len(b_lines))
        if names_contradict(st, bb, jj).any():
            continue
        n = max(len(b_lines), len(j_lines))
        st.take(
            b_lines,
            j_lines,
            RULE_BATCH,
            0.95,
            (
                f"{n} 笔合计等于金额 sum of {n} lines equals the amount",
                _WHY + number,
                f"最大日期差 max date distance {int(days.max() - days.min())} {unit}",
            ),
        )
        used_b.update(b_lines)
        used_j.update(j_lines)


def _groups(side: Side, lines: np.ndarray, numbers: np.ndarray) -> dict[tuple[int, int], list[int]]:
    """(number, direction) -> the side's free lines carrying it (numbers on more than ``MAX_PARTS`` lines skipped)."""
    out: dict[tuple[int, int], list[int]] = {}
    for i, num, d in zip(lines.tolist(), numbers.tolist(), side.dirn[lines].tolist()):
        out.setdefault((num, d), []).append(i)
    return {k: v for k, v in out.items() if len(v) <= MAX_PARTS}


def _listed(
    side: Side,
    lines: np.ndarray,
    nums: np.ndarray,
    own: dict[tuple[int, int], list[int]],
    other: dict[tuple[int, int], list[int]],
    numbers: list[str],
    *,
    one_is_bank: bool,
) -> list[tuple[list[int], list[int], str]]:
    """One line that lists several document numbers (跨行转账 发票号17883954/40218901, "INV 1043, 1044"), each the
    number of exactly one free line of the other side and of no other line of its own: those lines, with it."""
    per_line: dict[int, set[int]] = {}
    for i, n in zip(lines.tolist(), nums.tolist()):
        per_line.setdefault(i, set()).add(n)
    out: list[tuple[list[int], list[int], str]] = []
    for i, listed in per_line.items():
        if not 2 <= len(listed) <= MAX_PARTS:
            continue
        d = int(side.dirn[i])
        parts = [other.get((n, d), []) for n in listed]
        if any(own.get((n, d)) != [i] or len(p) != 1 for n, p in zip(listed, parts)):
            continue
        many = sorted({p[0] for p in parts})
        if len(many) == len(listed):
            # In numeric order, not in the order the numbers were first read (that follows the input's order).
            label = "/".join(sorted((numbers[n] for n in listed), key=lambda x: (len(x), x)))
            out.append(([i], many, label) if one_is_bank else (many, [i], label))
    return out
