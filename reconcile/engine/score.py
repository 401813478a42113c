"""Evidence for candidate bank/journal pairs that already agree on amount
and direction: date distance, counterparty names, summaries, references.

Scores are floats in [0, 1] (they are confidences, never money).  Reasons
are short bilingual phrases shown to the accountant next to the score.

Two forms of the same formula: ``score_pairs`` scores many pairs at once
from the columnar sides (numpy, name similarity once per distinct name
pair), ``evidence`` scores one pair.  Both do the same float operations in
the same order and round like Python's ``round`` (``round_places`` is its
bit-exact vectorised form), so a pair gets identical scores either way.
Reasons are built only for pairs that are accepted or suggested
(``pair_reasons``, or ``bulk_reasons`` for many).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from itertools import repeat
from typing import Any, NamedTuple

import numpy as np

from .channels import channel_conflict
from .cheque_dates import cheque_before_issue
from .entry_kinds import entry_rules_out
from .fields import CATEGORY_CODES, CATEGORY_NAMES
from .invoice_owners import invoice_paid_elsewhere
from .invoices import invoices_contradict
from .names import NEUTRAL, core_similarity, name_similarity
from .normalize import Side
from .side_names import (
    deposit_entry_texts,
    government_codes,
    instalment_against_other,
    is_a_deposit,
    is_a_withdrawal,
    other_scripts_contradict,
    several_against_one_invoice,
    shows_a_tax,
    withdrawal_entry_texts,
)
from .voucher_claims import voucher_paid_elsewhere

# Weights: the counterparty is the strongest evidence journals carry; the
# date is weak inside a same-amount cluster (lags of 0-3 days are normal).
W_DATE = 0.25
W_NAME = 0.55
W_TEXT = 0.20
UNKNOWN = 0.4  # neutral value for a missing name/summary on either side
REF_BONUS = 0.3

STRONG_NAME = 0.8  # a name similarity an accountant reads as "same company"
WEAK_NAME = 0.5  # below this, two present names contradict each other


class Evidence(NamedTuple):
    score: float
    name_sim: float | None  # None when either side has no counterparty
    same_ref: bool
    text_conflict: bool
    reasons: tuple[str, ...]


@lru_cache(maxsize=16)
def date_reason(dd: int, working: bool) -> str:
    """Both halves state one unit: working days when the run was given a calendar, calendar days otherwise."""
    plural = "" if dd == 1 else "s"
    if working:
        return f"日期相差 {dd} 个工作日 / date distance {dd} working day{plural}"
    return f"日期相差 {dd} 天 / date distance {dd} day{plural}"


_NAMES_REASON = "对方户名 counterparty {} ~ {} {:.2f}"


def names_reason(a: str, b: str, sim: float) -> str:
    return _NAMES_REASON.format(a, b, sim)


def side_name_reason(bank: Side, journal: Side, cb: int, cj: int) -> tuple[float, str]:
    """Similarity and reason of bank counterparty code ``cb`` and journal code ``cj``, from the cores each side
    derived once per name: an alias (``aliases``) counts, and no name's core is derived again (at a million SEPA
    lines the per-name cache would not hold them all)."""
    sim = core_similarity(bank.cores[cb], journal.cores[cj])
    return sim, names_reason(bank.cp_names[cb], journal.cp_names[cj], sim)


def pair_codes(codes: np.ndarray, nj: int) -> tuple[list[int], list[int]]:
    """Bank and journal counterparty codes of pair codes ``cb * nj + cj`` (all >= 0), as lists."""
    cb, cj = np.divmod(codes, nj)
    return cb.tolist(), cj.tolist()


def side_name_sims(bank: Side, journal: Side, cb: list[int], cj: list[int]) -> list[float]:
    """``side_name_reason``'s similarity for each pair of codes: C-level ``map``s into the C ``lru_cache`` of
    ``core_similarity``, without a Python frame per pair (a few hundred thousand distinct pairs at a million lines)."""
    return list(map(core_similarity, map(bank.cores.__getitem__, cb), map(journal.cores.__getitem__, cj)))


def side_name_reasons(bank: Side, journal: Side, cb: list[int], cj: list[int], sims: list[float]) -> list[str]:
    """``side_name_reason``'s reason for each pair of codes, given their ``side_name_sims`` (``str.format`` is
    ``names_reason`` without its frame)."""
    return list(
        map(_NAMES_REASON.format, map(bank.cp_names.__getitem__, cb), map(journal.cp_names.__getitem__, cj), sims)
    )


@lru_cache(maxsize=128)
def _text_reason(cb: int, cj: int) -> str:
    if cb == cj:
        return f"摘要同类 summary both {CATEGORY_NAMES[cb]}"
    return f"摘要不同类 summary {CATEGORY_NAMES[cb]} vs {CATEGORY_NAMES[cj]}"


def evidence(bank: Side, journal: Side, b: int, j: int, dd: int, window: int, working: bool) -> Evidence:
    """Score bank line ``b`` against journal line ``j`` (same amount and direction), ``dd`` days apart."""
    date_part = max(0.0, 1.0 - dd / (window + 1))
    name_sim: float | None = None
    bcp, jcp = int(bank.cp_code[b]), int(journal.cp_code[j])
    if bcp and jcp:
        name_sim = core_similarity(bank.cores[bcp], journal.cores[jcp])
        name_part = name_sim
    else:
        name_part = UNKNOWN
    # Category code 0 = empty or uncategorised summary: neutral either way.
    cb, cj = int(bank.cat[b]), int(journal.cat[j])
    if cb and cj:
        text_part = 1.0 if cb == cj else 0.0
    else:
        text_part = UNKNOWN
    score = W_DATE * date_part + W_NAME * name_part + W_TEXT * text_part
    rb = int(bank.ref_id[b])
    same_ref = bool(rb) and rb == int(journal.ref_id[j])
    if same_ref:
        score += REF_BONUS
    strong = name_sim is not None and name_sim >= STRONG_NAME
    return Evidence(
        min(1.0, round(score, 4)),
        name_sim,
        same_ref,
        bool(
            summary_conflict(
                bank, journal, np.array([b]), np.array([j]), np.array([cb]), np.array([cj]), np.array([strong]), None
            )[0]
        ),
        pair_reasons(bank, journal, b, j, dd, working),
    )


def pair_reasons(bank: Side, journal: Side, b: int, j: int, dd: int, working: bool) -> tuple[str, ...]:
    """The reasons ``evidence`` gives for a pair (date, names, summaries, reference)."""
    reasons = [date_reason(dd, working)]
    bcp, jcp = int(bank.cp_code[b]), int(journal.cp_code[j])
    if bcp and jcp:
        reasons.append(side_name_reason(bank, journal, bcp, jcp)[1])
    cb, cj = int(bank.cat[b]), int(journal.cat[j])
    if cb and cj:
        reasons.append(_text_reason(cb, cj))
    rb = int(bank.ref_id[b])
    if rb and rb == int(journal.ref_id[j]):
        reasons.append(f"相同参考号 same reference {bank.nref[b]}")
    return tuple(reasons)


def bulk_reasons(
    bank: Side, journal: Side, b: np.ndarray, j: np.ndarray, dd: np.ndarray, working: bool
) -> list[tuple[str, ...]]:
    """``pair_reasons`` for many pairs: each phrase is built once per distinct
    (name pair / summary pair / distance), then tuples are assembled in C."""
    if b.size == 0:
        return []
    dates = [date_reason(d, working) for d in range(int(dd.max()) + 1)]
    nj = len(journal.cp_names)
    cpb, cpj = bank.cp_code[b].astype(np.int64), journal.cp_code[j].astype(np.int64)
    names, which = np.unique(np.where((cpb > 0) & (cpj > 0), cpb * nj + cpj, -1), return_inverse=True)
    named = names >= 0  # ``names`` is sorted: the -1 of pairs without two names, if any, comes first
    ncb, ncj = pair_codes(names[named], nj)
    name_why = [""] * int(names.size - len(ncb)) + side_name_reasons(
        bank, journal, ncb, ncj, side_name_sims(bank, journal, ncb, ncj)
    )
    cb, cj = bank.cat[b].astype(np.int64), journal.cat[j].astype(np.int64)
    cats, cat_which = np.unique(np.where((cb > 0) & (cj > 0), cb * 64 + cj, -1), return_inverse=True)
    text_why = [_text_reason(c // 64, c % 64) if c >= 0 else "" for c in cats.tolist()]
    rb = bank.ref_id[b]
    same = ((rb > 0) & (rb == journal.ref_id[j])).tolist()
    ref_why = ["相同参考号 same reference " + r if s else "" for r, s in zip(bank.nref[b].tolist(), same)]
    parts = zip(
        map(dates.__getitem__, dd.tolist()),
        map(name_why.__getitem__, which.reshape(-1).tolist()),
        map(text_why.__getitem__, cat_which.reshape(-1).tolist()),
        ref_why,
    )
    return list(map(tuple, map(filter, repeat(None), parts)))  # every phrase is non-empty


class PairScores(NamedTuple):
    """Column form of ``Evidence`` (without reasons) for arrays of pairs."""

    score: np.ndarray  # float64, rounded exactly like ``evidence``
    name_sim: np.ndarray  # float64, meaningful where ``named``
    named: np.ndarray  # bool: both sides have a counterparty
    same_ref: np.ndarray  # bool
    conflict: np.ndarray  # bool: contradicting names or summaries (``contradicts``)


def score_pairs(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray, dd: np.ndarray, window: int) -> PairScores:
    """``evidence`` for many pairs; name similarity once per distinct name pair."""
    cpb, cpj = bank.cp_code[b].astype(np.int64), journal.cp_code[j].astype(np.int64)
    named = (cpb > 0) & (cpj > 0)
    nj = len(journal.cp_names)
    codes = np.where(named, cpb * nj + cpj, -1)
    uniq, inverse = np.unique(codes, return_inverse=True)
    # Per distinct name pair, from the cores each side computed once per name.
    b_cores, j_cores = bank.cores, journal.cores
    sims = np.zeros(uniq.size, dtype=np.float64)
    both = uniq >= 0
    sims[both] = side_name_sims(bank, journal, *pair_codes(uniq[both], nj))
    for k in np.flatnonzero(sims == NEUTRAL).tolist():
        c = int(uniq[k])
        if c >= 0 and other_scripts_contradict(bank, journal, b_cores[c // nj], j_cores[c % nj], NEUTRAL):
            sims[k] = 0.0
    sim = sims[inverse.reshape(-1)] if b.size else np.zeros(0)
    cb, cj = bank.cat[b], journal.cat[j]
    both = (cb > 0) & (cj > 0)
    text_part = np.where(both, np.where(cb == cj, 1.0, 0.0), UNKNOWN)
    date_part = np.maximum(0.0, 1.0 - dd / (window + 1))
    name_part = np.where(named, sim, UNKNOWN)
    raw = W_DATE * date_part + W_NAME * name_part + W_TEXT * text_part
    rb = bank.ref_id[b]
    same_ref = (rb > 0) & (rb == journal.ref_id[j])
    raw = np.where(same_ref, raw + REF_BONUS, raw)
    score = np.minimum(1.0, round4(raw))
    conflict = (named & (sim < WEAK_NAME)) | summary_conflict(bank, journal, b, j, cb, cj, named, sim)
    return PairScores(score, sim, named, same_ref, conflict)


def summary_conflict(
    bank: Side,
    journal: Side,
    b: np.ndarray,
    j: np.ndarray,
    cb: np.ndarray,
    cj: np.ndarray,
    named: np.ndarray,
    sim: np.ndarray | None,
) -> np.ndarray:
    """Pairs whose summaries fall in different categories and contradict them: unless both lines name the same party
    (the payer's 用途 is often another word for the same payment: 货款 at the bank, 服务费 in the journal), or the
    bank's payer is a payment platform (支付宝, 财付通, 银联商务: the summary is its settlement wording, 商户结算 or
    POS清算, not the customer's purpose), or one line is a fee paid to (or by) a company and the other a trade payment
    (a vendor's 服务费 against 货款: both are what one trade partner pays another; a bank's own charges name the bank
    or no one). ``sim`` is None when ``named`` already says "the same party strongly"."""
    strong = named if sim is None else named & (sim >= STRONG_NAME)
    conflict = (cb > 0) & (cj > 0) & (cb != cj) & ~strong
    if conflict.any():
        at = np.flatnonzero(conflict)
        conflict[at[bank.platform_of(bank.cp_code[b[at]])]] = False
    if conflict.any():
        at = np.flatnonzero(conflict & (((cb == FEE) & (cj == GOODS)) | ((cb == GOODS) & (cj == FEE))))
        if at.size:
            fee_bank = cb[at] == FEE
            trade = np.where(
                fee_bank,
                bank.trade_party_of(bank.cp_code[b[at]]),
                journal.trade_party_of(journal.cp_code[j[at]]),
            )
            conflict[at[trade]] = False
    # A cheque against FPS or a wire, or a day's takings total against a receipt credited after that day, unless
    # both lines name the same party (the books' 支票 may be how the customer said it would pay).
    at = np.flatnonzero(~conflict & ~strong)
    if at.size:
        conflict[at[channel_conflict(bank, journal, b[at], j[at])]] = True
    government = government_codes(bank)
    if government.size:
        # The treasury, a tax office or a social-insurance fund collects taxes and contributions: its debit pairs
        # with an entry booked as one (a tax word, a government name), never by its amount alone with a trade
        # payment whose memo names no one the engine could read (SAP's "KZ ATLAS VANTAGE CONSULTING").
        at = np.flatnonzero(np.isin(bank.cp_code[b], government) & ~conflict)
        if at.size:
            conflict[at[~shows_a_tax(journal, j[at])]] = True
    for check in PAIR_CHECKS:  # each asked only of the pairs the checks before it let through
        at = np.flatnonzero(~conflict)
        if at.size:
            conflict[at[check(bank, journal, b[at], j[at])]] = True
    deposits = deposit_entry_texts(journal)
    if deposits.size:
        # Money collected in hand and paid in at the counter: its bank line is a deposit, not a customer's transfer
        # of the same amount (a part payment, 首付款) that has its own entry elsewhere.
        at = np.flatnonzero(np.isin(journal.text_code[j], deposits) & ~conflict)
        if at.size:
            conflict[at[~is_a_deposit(bank, b[at])]] = True
    # A transfer for several invoices is not one invoice's entry, whoever paid it.
    conflict |= several_against_one_invoice(bank, journal, b, j)
    # One instalment of a contract is not an invoice's or a plain payment's entry: its entry is the contract's.
    conflict |= instalment_against_other(bank, journal, b, j)
    withdrawals = withdrawal_entry_texts(journal)
    if withdrawals.size:
        # Cash drawn at the counter (提取备用金): its bank line is a cash withdrawal, not a transfer of the amount.
        at = np.flatnonzero(np.isin(journal.text_code[j], withdrawals) & ~conflict)
        if at.size:
            conflict[at[~is_a_withdrawal(bank, b[at])]] = True
    return conflict  # type: ignore[no-any-return]


FEE, GOODS = CATEGORY_CODES["fee"], CATEGORY_CODES["goods"]

# What makes two lines two payments whatever their names say, asked in this order (each of the pairs left); a
# new one is a module with one function (bank, journal, b, j) -> bool per pair, and a row here.
PAIR_CHECKS: tuple[Callable[[Any, Any, np.ndarray, np.ndarray], np.ndarray], ...] = (
    invoices_contradict,  # both lines cite invoices and none is common (``invoices.py``)
    invoice_paid_elsewhere,  # another bank line cites the entry's invoice, this one none of its (``invoice_owners.py``)
    voucher_paid_elsewhere,  # the entry's voucher adds up to a bank line naming its party (``voucher_claims.py``)
    entry_rules_out,  # a reversal of a booking error, a person's wages against a company (``entry_kinds.py``)
    cheque_before_issue,  # a cheque the bank paid before the books wrote it (``cheque_dates.py``)
)


def round_places(x: np.ndarray, places: int) -> np.ndarray:
    """``round(v, places)`` for every element, bit-identical to Python's.

    ``rint(v * 10**p) / 10**p`` is the correctly rounded result except when
    ``v * 10**p`` lies within float noise of a half (where the multiplication
    may round across it, and Python rounds the exact binary value); those
    few elements use Python's ``round``.
    """
    factor = float(10**places)
    scaled = x * factor
    out = np.rint(scaled) / factor
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    for k in np.flatnonzero(near_half | ~np.isfinite(scaled)).tolist():
        out[k] = round(float(x[k]), places)
    return out


def round4(x: np.ndarray) -> np.ndarray:
    return round_places(x, 4)


def contradicts(ev: Evidence) -> bool:
    """Present evidence that says "different transaction" (names or summary)."""
    return (ev.name_sim is not None and ev.name_sim < WEAK_NAME) or ev.text_conflict


def same_party(a: str, b: str) -> bool:
    return bool(a and b) and name_similarity(a, b) >= STRONG_NAME
