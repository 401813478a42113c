"""Stage 2c: the bank's charges of one amount on one day against the books' fee entries of that amount that day.

A remittance charge (匯款手續費 210.00, TT CHARGES) names no party and no reference, and a busy payments desk pays
several a week of the same few tariff amounts, so within the matching window a charge has many look-alikes and the
amount-and-date stages leave it as a suggestion. The day decides it: when the bank lists k charges of an amount on a
day and the books have exactly k fee entries of that amount that day, neither side with a party, the k entries book
those k charges. For k = 1 the pair is the only one; for k > 1 the charges are interchangeable (the same tariff on
the same account the same day: any pairing leaves every balance and every open item the same), and each side's
order within the day, the order both export in, pairs them. When the counts differ (one charge not yet booked) the
day says nothing about which, and the lines are left to the later stages; so too when the books quote serial
numbers (流水号) and the bank's charges carry references: each entry then names its own charge.

The day is evidence only in books that enter charges on the bank's day (``_books_on_the_day``, read from all their
fee entries): where charges are entered days late or in a monthly sum, a same-day charge of the amount is chance.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from ..distinct import distinct
from ..fields import CATEGORY_CODES
from ..joined import raw_joined, upper_joined_texts
from ..normalize import Side
from ..state import State
from ..types import RULE_AMOUNT_DATE

_FEE = CATEGORY_CODES["fee"]
MIN_ENTRIES = 20  # fee entries needed to judge how the books date them
SAME_DAY = 0.9
LIFT = 0.3
# A serial number (流水号202501029299628605): an entry that quotes one books one particular charge, not any of the day's.
_SERIAL = re.compile(r"\d{8,}")
# A bank's own charge, in the words banks print (traditional characters and English included).
_CHARGE = re.compile(
    r"手续费|手續費|服务费|服務費|汇费|匯費|工本费|工本費|\bCHARGES?\b|\bFEES?\b|\bCOMMISSION\b", re.IGNORECASE
)
_CHARGE_WORDS = (
    "手续费",
    "手續費",
    "服务费",
    "服務費",
    "汇费",
    "匯費",
    "工本费",
    "工本費",
    "CHARGE",
    "FEE",
    "COMMISSION",
)


def fee_day_stage(st: State) -> None:
    bank, journal = st.bank, st.journal
    b_all = _charges(bank, np.flatnonzero(bank.cp_code == 0))
    j_all = np.flatnonzero((journal.cp_code == 0) & (journal.cat == _FEE))
    if b_all.size == 0 or j_all.size < MIN_ENTRIES or not _books_on_the_day(st, b_all, j_all):
        return
    b_idx, j_idx = b_all[st.bank_free[b_all]], j_all[st.journal_free[j_all]]
    sides: dict[tuple[int, int, int], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, idx, k in ((bank, b_idx, 0), (journal, j_idx, 1)):
        for i, cents, dirn, day in zip(
            idx.tolist(), side.cents[idx].tolist(), side.dirn[idx].tolist(), side.day[idx].tolist()
        ):
            sides[(cents, dirn, day)][k].append(i)
    for banks, entries in sides.values():
        if not banks or len(banks) != len(entries) or _serials(st, banks, entries):
            continue
        banks.sort(key=lambda i: (_file_order(bank.ids[i]), int(bank.rank[i])))
        entries.sort(key=lambda i: (_file_order(journal.ids[i]), int(journal.rank[i])))
        for b, j in zip(banks, entries, strict=True):
            why = (
                "同额同日银行费用 the bank's charge and a fee entry of the same amount on the same day",
                f"当日该金额银行费用与费用分录各 {len(banks)} 笔 {len(banks)} of each that day, interchangeable",
            )
            st.take([b], [j], RULE_AMOUNT_DATE, 0.9, why)


def _file_order(line_id: str) -> tuple[tuple[int, int | str], ...]:
    """An id in the order its numbers count (b9 before b10: the ids a caller numbers by row or key, as the portal's
    b<pk> and reconcile_files' b<row> are), not in the code-point order of the engine's ranks (b10 before b9)."""
    # isdecimal, not isdigit: what \d split off is decimal; a superscript ² is a "digit" int() cannot read.
    return tuple((0, int(part)) if part.isdecimal() else (1, part) for part in _DIGITS.split(str(line_id)) if part)


_DIGITS = re.compile(r"(\d+)")


def _charges(bank: Side, idx: np.ndarray) -> np.ndarray:
    """The lines of ``idx`` whose text is a bank's charge."""
    codes = bank.text_code[idx]
    # Only a summary holding one of the words upper-cased can match, if ASCII (a non-ASCII one may match by
    # case-folding alone, "ſ" for S: read whatever it holds).
    maybe = np.flatnonzero(~raw_joined(bank).ascii_mask)
    maybe = np.union1d(maybe, upper_joined_texts(bank).codes(_CHARGE_WORDS))
    asked = distinct(codes)
    asked = asked[np.isin(asked, maybe)]
    texts = bank.texts
    charge = np.zeros(len(texts), dtype=bool)
    charge[asked] = np.fromiter((_CHARGE.search(texts[c]) is not None for c in asked.tolist()), bool, asked.size)
    return idx[charge[codes]]  # type: ignore[no-any-return]


def _books_on_the_day(st: State, b_all: np.ndarray, j_all: np.ndarray) -> bool:
    """Whether these books enter the bank's charges on the day the bank takes them, and the day tells: nearly every
    fee entry has a charge of its amount at the bank that day (``SAME_DAY``), clearly more often than on the day
    before or after (``LIFT``). Books that enter charges a few days late, or a month's at once, fail the first;
    charges of one tariff so dense that any day has one fail the second (there the day is a coincidence)."""
    bank, journal = st.bank, st.journal
    charged = set(zip((bank.cents[b_all] * 2 + bank.dirn[b_all]).tolist(), bank.day[b_all].tolist()))
    keys = (journal.cents[j_all] * 2 + journal.dirn[j_all]).tolist()
    days = journal.day[j_all].tolist()

    def rate(shift: int) -> float:
        return sum((k, d + shift) in charged for k, d in zip(keys, days)) / len(keys)

    same = rate(0)
    return same >= SAME_DAY and same - max(rate(-1), rate(1)) >= LIFT


def _serials(st: State, banks: list[int], entries: list[int]) -> bool:
    """Whether the books quote serial numbers and the bank's charges carry references: then the entries say which
    charge each is (the reference stage reads them), and charges that differ by their serials are no longer
    interchangeable."""
    journal = st.journal
    quoted = any(_SERIAL.search(journal.texts[int(journal.text_code[j])] + " " + journal.nref[j]) for j in entries)
    return quoted and any(st.bank.nref[b] for b in banks)
