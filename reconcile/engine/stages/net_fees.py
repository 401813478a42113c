"""Stage 3c: a bank line credited or debited net of a charge, booked gross with the charge as its own entry.

A foreign buyer's wire arrives less the intermediary banks' charges (SHA), a discounted bill (贴现) less the discount
interest, an acquirer's settlement (银联商务, 拉卡拉) less the merchant discount; the books enter the gross receipt
and, apart, the charge going out (境外银行扣费, 贴现利息, 刷卡手续费). The bank's one line is then the gross entry less
the fee entries: a group whose entries run in both directions, balanced by the signed sum (as a match is stored).
The mirror, a payment debited with its remittance charge in one line, is the gross plus the fee in one direction.

Many entries of a day could pair with many fees, so the stage takes a group only when the lines say it:
- each fee entry's summary names a charge, fee or interest (``_FEE_WORDS``), the gross entry's does not;
- the fee entries are dated the gross entry's day, or share its voucher;
- the fee is small beside the gross (``MAX_FEE_SHARE``), and the sum is the bank line's to the cent;
- the combination is the only one: one bank line of the net amount within the window of the gross entry, no other
  gross-and-fee combination of the bank line's window with its sum, no entry of that amount alone in its window,
  no bank line of the gross amount (the gross paid in full) nor of a fee amount (a charge taken on its own) within
  the window, matched or not, and neither the gross entry nor a fee entry in a second combination.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from ..joined import literal_mask
from ..normalize import Side
from ..score import STRONG_NAME, WEAK_NAME, date_reason, side_name_reason
from ..state import State
from ..types import RULE_SUBSET

MAX_FEE_SHARE = 0.05  # discount interest and MDR stay under 1% of the gross, SHA charges mostly under 5%
# A fixed charge on a small receipt (USD 10-50 of SHA charges on a few thousand yuan) is a larger share: allowed when
# the bank line itself states the charge (扣费216.30).
STATED_FEE_SHARE = 0.20
_IN, _OUT = 1, 0  # ``Side.dirn``
MAX_VOUCHER_LINES = 6  # a voucher of more entries is a batch, not one receipt and its charges
# Words of a charge, a fee or interest in books' summaries (upper-cased literals first, then the exact pattern).
_FEE_LITERALS = (
    "手续费",
    "手續費",
    "银行费用",
    "财务费用",
    "扣费",
    "利息",
    "电报费",
    "邮电费",
    "汇费",
    "MDR",
    "CHARGE",
    "COMMISSION",
    "FEE",
)
_FEE_WORDS = re.compile(
    r"手续费|手續費|银行费用|财务费用|扣费|利息|电报费|邮电费|汇费|\bMDR\b|\bCHARGES?\b|\bCOMMISSIONS?\b|\bFEES?\b",
    re.IGNORECASE,
)


def net_fee_stage(st: State, *, mirror: bool = False) -> None:
    """Groups of both directions (``mirror`` False: before the batch stages, which cannot form them), or the mirror,
    a payment and its charge in one direction (after the batch stages: those that the subset searches leave)."""
    journal = st.journal
    for late in (False, True):
        free_j = np.flatnonzero(st.journal_free)
        if free_j.size < 2 or not st.bank_free.any():
            return
        is_fee = _fee_texts(journal)[journal.text_code[free_j]]
        fees, gross = free_j[is_fee], free_j[~is_fee]
        combos: list[Combo] = []
        # Both directions: a receipt in less charges paid out. The mirror: one direction, each on its own.
        for g_dirn, f_dirn in ((_IN, _IN), (_OUT, _OUT)) if mirror else ((_IN, _OUT),):
            f_side, g_side = fees[journal.dirn[fees] == f_dirn], gross[journal.dirn[gross] == g_dirn]
            if f_side.size and g_side.size:
                combos += _same_day_combos(st, f_side, g_side) + _voucher_combos(st, f_side, g_side)
        if combos:
            _take_unique(st, combos, late)


def _fee_texts(journal: Side) -> np.ndarray:
    """Per summary code: whether the summary names a charge, a fee or interest."""
    maybe = literal_mask(journal, "_net_fee_literals", _FEE_LITERALS)
    texts = journal.texts
    found = np.zeros(len(texts), dtype=bool)
    for c in np.flatnonzero(maybe).tolist():
        found[c] = _FEE_WORDS.search(texts[c]) is not None
    return found


Combo = tuple[int, tuple[int, ...], int, str]  # gross entry, fee entries, net cents (signed by bank dirn), evidence


def _same_day_combos(st: State, fees: np.ndarray, gross: np.ndarray) -> list[Combo]:
    """Gross entry and one fee entry of its day, the fee small beside it, whose net is a free bank line's amount."""
    journal = st.journal
    order = np.lexsort((journal.cents[gross], journal.day[gross]))
    g_sorted = gross[order]
    g_day, g_cents = journal.day[g_sorted], journal.cents[g_sorted]
    f_day, f_cents = journal.day[fees], journal.cents[fees]
    # Gross entries of the fee's day at least fee / MAX_FEE_SHARE: the range [lo, hi) of the sorted gross.
    lo = _searchsorted_pairs(g_day, g_cents, f_day, np.ceil(f_cents / STATED_FEE_SHARE).astype(np.int64))
    hi = np.searchsorted(g_day, f_day, "right")
    counts = np.maximum(hi - lo, 0)
    if counts.sum() == 0:
        return []
    f_rep = np.repeat(np.arange(fees.size), counts)
    starts = np.repeat(lo, counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    g_pos = starts + offsets
    gi, fi = g_sorted[g_pos], fees[f_rep]
    same = journal.dirn[gi] == journal.dirn[fi]
    net = journal.cents[gi] + np.where(same, 1, -1) * journal.cents[fi]
    keys = net * 2 + journal.dirn[gi]
    hit = np.isin(keys, _free_bank_keys(st))
    return [(g, (f,), int(n), "day") for g, f, n in zip(gi[hit].tolist(), fi[hit].tolist(), net[hit].tolist())]


def _searchsorted_pairs(day: np.ndarray, cents: np.ndarray, q_day: np.ndarray, q_cents: np.ndarray) -> np.ndarray:
    """Left insertion points of (q_day, q_cents) in the (day, cents)-sorted columns (one int64 key: day, then cents
    below 2**40, ten billion yuan)."""
    cap = (1 << 40) - 1
    keys = (day.astype(np.int64) << 40) | np.minimum(cents, cap).astype(np.int64)
    q = (q_day.astype(np.int64) << 40) | np.minimum(q_cents, cap).astype(np.int64)
    return np.searchsorted(keys, q, "left")  # type: ignore[no-any-return]


def _voucher_combos(st: State, fees: np.ndarray, gross: np.ndarray) -> list[Combo]:
    """Gross entry and one or two fee entries of one small voucher, within the window of each other."""
    journal = st.journal
    ref_id = journal.ref_id
    fee_refs = ref_id[fees]
    fees = fees[fee_refs > 0]
    fee_refs = fee_refs[fee_refs > 0]
    if fees.size == 0:
        return []
    gross = gross[np.isin(ref_id[gross], fee_refs)]  # only vouchers that hold a fee entry
    by_ref: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for k, idx in ((0, gross), (1, fees)):
        for i, ref in zip(idx.tolist(), ref_id[idx].tolist()):
            by_ref[ref][k].append(i)
    keys = set(_free_bank_keys(st).tolist())
    out: list[Combo] = []
    for gs, fs in by_ref.values():
        if not gs or not fs or len(gs) + len(fs) > MAX_VOUCHER_LINES:
            continue
        for g in gs:
            sets = [(f,) for f in fs] + [(a, b) for n, a in enumerate(fs) for b in fs[n + 1 :]]
            for fset in sets:
                if max(abs(int(journal.day[f]) - int(journal.day[g])) for f in fset) > st.window:
                    continue
                net = int(journal.cents[g])
                for f in fset:
                    net += int(journal.cents[f]) if journal.dirn[f] == journal.dirn[g] else -int(journal.cents[f])
                fee_total = sum(int(journal.cents[f]) for f in fset)
                if fee_total <= STATED_FEE_SHARE * int(journal.cents[g]) and net * 2 + int(journal.dirn[g]) in keys:
                    out.append((g, fset, net, "voucher"))
    return out


def _free_bank_keys(st: State) -> np.ndarray:
    free_b = np.flatnonzero(st.bank_free)
    return st.bank.key[free_b]


def _near(index: dict[int, list[tuple[int, int]]], key: int, day: int, window: int) -> list[int]:
    return [i for d, i in index.get(key, ()) if abs(d - day) <= window]


def _index(side: Side, free: np.ndarray, keys: set[int]) -> dict[int, list[tuple[int, int]]]:
    """(amount, direction) key -> [(day, line)] of the free lines of those keys."""
    idx = np.flatnonzero(free)
    side_keys = side.key[idx]
    idx = idx[np.isin(side_keys, np.fromiter(keys, np.int64, len(keys)))]
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, k, d in zip(idx.tolist(), side.key[idx].tolist(), side.day[idx].tolist()):
        out[k].append((d, i))
    return out


def _take_unique(st: State, combos: list[Combo], late: bool) -> None:
    """Take the combinations that are the only ones: within the window, or (``late``: the books posted the gross
    at the month's end) within ``reference_days`` when the bank line and the gross entry name the same party."""
    bank, journal, w = st.bank, st.journal, st.window
    reach = st.reference_days if late else w
    combos = list(dict.fromkeys(combos))
    uses: dict[int, int] = defaultdict(int)
    for g, fset, _n, _e in {(c[0], c[1], c[2], "") for c in combos}:
        uses[g] += 1
        for f in fset:
            uses[f] += 1
    net_keys = {n * 2 + int(journal.dirn[g]) for g, _f, n, _e in combos}
    gross_keys = {int(journal.key[g]) for g, *_ in combos}
    fee_keys = {int(journal.key[f]) for _g, fs, *_ in combos for f in fs}
    banks = _index(bank, st.bank_free, net_keys)
    # Any bank line of the gross or a fee amount, matched or not: one an earlier stage paired is still a line the
    # gross (or the charge) may be, and its pair then the mistake.
    others = _index(bank, np.ones(len(bank), dtype=bool), gross_keys | fee_keys)
    entries = _index(journal, st.journal_free, net_keys)
    per_bank: dict[int, list[Combo]] = defaultdict(list)
    for combo in combos:
        g, fset, net, _e = combo
        if uses[g] > 1 or any(uses[f] > 1 for f in fset):
            continue
        day = int(journal.day[g])
        if any(abs(int(journal.day[f]) - day) > w for f in fset):
            continue
        found = _near(banks, net * 2 + int(journal.dirn[g]), day, reach)
        if len(found) != 1 or not _fee_share_ok(st, found[0], g, fset):
            continue
        if _near(others, int(journal.key[g]), day, reach) or any(
            _near(others, int(journal.key[f]), int(journal.day[f]), reach) for f in fset
        ):
            continue
        per_bank[found[0]].append(combo)
    for b, found_combos in sorted(per_bank.items()):
        if len({(c[0], c[1]) for c in found_combos}) != 1:
            continue
        g, fset, net, evidence = found_combos[0]
        if any(e == "voucher" for *_x, e in found_combos):
            evidence = "voucher"
        if _near(entries, int(bank.key[b]), int(bank.day[b]), reach):
            continue  # an entry of the bank line's amount alone could book it
        if not (st.bank_free[b] and st.journal_free[g] and all(st.journal_free[f] for f in fset)):
            continue
        named = ""
        cb, cj = int(bank.cp_code[b]), int(journal.cp_code[g])
        sim, said = side_name_reason(bank, journal, cb, cj) if cb > 0 and cj > 0 else (-1.0, "")
        if sim != -1.0 and sim < WEAK_NAME:
            continue  # the bank line and the gross entry name two parties
        if late:
            if sim < STRONG_NAME:
                continue
            named = said
        st.take([b], [g, *fset], RULE_SUBSET, 0.85 if late else 0.9, _reasons(st, b, g, fset, evidence, named))


def _fee_share_ok(st: State, b: int, g: int, fset: tuple[int, ...]) -> bool:
    journal = st.journal
    fee = sum(int(journal.cents[f]) for f in fset)
    gross = int(journal.cents[g])
    if fee <= MAX_FEE_SHARE * gross:
        return True
    return fee <= STATED_FEE_SHARE * gross and _yuan(fee) in st.bank.texts[int(st.bank.text_code[b])]


def _yuan(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _reasons(st: State, b: int, g: int, fset: tuple[int, ...], evidence: str, named: str) -> tuple[str, ...]:
    journal = st.journal
    fee = _yuan(sum(int(journal.cents[f]) for f in fset))
    gross = _yuan(int(journal.cents[g]))
    if all(journal.dirn[f] != journal.dirn[g] for f in fset):
        head = f"净额入账: 总额 {gross} 减费用 {fee} net of charges: the gross {gross} less the charges {fee}"
    else:
        head = f"连同费用: 金额 {gross} 加费用 {fee} with its charges: {gross} plus the charges {fee}"
    if evidence == "voucher":
        ref = journal.lines[g].reference
        tie = f"费用分录与总额同一凭证 the charge entries share the voucher {ref}"
    else:
        tie = "费用分录与总额同日 the charge entries are dated the day of the gross entry"
    if not named:
        return (head, tie, "窗口内唯一组合 the only entries in the window that add up to this line")
    days = abs(int(st.bank.day[b]) - int(journal.day[g]))
    unit = ("个工作日", "working days") if st.working else ("天", "days")
    only = (
        f"{st.reference_days} {unit[0]}内唯一组合且同一对方 the only entries within {st.reference_days} {unit[1]} "
        "that add up to this line, same counterparty"
    )
    return (head, tie, only, date_reason(days, st.working), named)
