"""A bank line that gives the counterparty's account number and no name: whose account it is, from earlier pairs.

Some exports leave 对方户名 empty on interbank lines and keep only 对方账号 (a 19- or 21-digit account), which the
parsed line carries as its counterparty. As a name it says nothing, and the engine compared it as a name that
matches no one. But an account belongs to one party: an accountant who has ticked two of its transfers against
entries of 明辉纸箱 reads the account's next transfer as 明辉纸箱's, and ticks it against 明辉纸箱's entry of that
amount booked at the month's end, three weeks later, as readily as a line that names the company.

Learned from the pairs accepted before the late stage (reference, unique in the window, scored clusters): an
account number is a party's when ``MIN_PAIRS`` such pairs tie it to entries naming that party (every pair's name a
strong match of the others') and none to another party. For the rest of the run the account is compared as that
party's name (its core is the party's, as an accountant's alias would be), and each group it brings says so.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .names import core_similarity, is_account_core
from .normalize import Side
from .score import STRONG_NAME
from .stages.arrays import composite
from .state import State
from .types import MatchGroup

MIN_PAIRS = 2  # one pair could be a coincidence of amounts; two of one account with one party are not


def is_account(name: str) -> bool:
    """An account number as exports write it (10+ digits, groups apart or not; an IBAN), nothing else."""
    return is_account_core(name.strip().upper())


def learn_account_names(st: State) -> Callable[[], None]:
    """Adopt each account number proven a party's (``MIN_PAIRS`` accepted pairs, one party) as that party's name,
    for the late stage only: returns the function that puts the accounts' own cores back. Inside the window the
    stages that pair one party's lines of one amount by their dates (twins, nearest dates) would take the learned
    name as a reason to cross the pairs of a supplier paid the same figure every week; the late stage keeps an
    account's pair only when its amount is the one line of it on each side (``repeated_amount``)."""
    bank, journal = st.bank, st.journal
    # The first characters sort out names cheaply (a million-line run has ~200k of them): an account starts with a
    # digit, an IBAN has its check digits third and fourth.
    accounts = [
        k
        for k, name in enumerate(bank.cp_names)
        if (name[:1].isdigit() or name[2:4].isdigit() or name[:1] == " ") and is_account(name)
    ]
    if not accounts:
        return _nothing  # no export of the run gives bare account numbers: nothing to learn, nothing to pay for
    account_lines = {bank.ids[k]: k for k in np.flatnonzero(np.isin(bank.cp_code, accounts)).tolist()}
    ties: list[tuple[int, str]] = []  # (bank line, its entry's id) of accepted pairs
    for g in st.groups:
        if len(g.bank_ids) == 1 and len(g.journal_ids) == 1 and g.bank_ids[0] in account_lines:
            ties.append((account_lines[g.bank_ids[0]], g.journal_ids[0]))
    if not ties:
        return _nothing
    wanted = {j for _, j in ties}
    j_index = {x: k for k, x in enumerate(journal.ids) if x in wanted}
    seen: dict[int, list[int]] = {}  # bank counterparty code -> journal counterparty codes of its pairs
    for b, j in ties:
        cj = int(journal.cp_code[j_index[j]])
        if cj > 0:
            seen.setdefault(int(bank.cp_code[b]), []).append(cj)
    proven: dict[int, tuple[int, int]] = {}  # bank code -> (journal code of the party's name, pairs)
    for cb, cjs in seen.items():
        if len(cjs) < MIN_PAIRS:
            continue
        name = max(set(cjs), key=lambda c: (cjs.count(c), journal.cp_names[c]))
        core = journal.cores[name]
        if core and all(core_similarity(core, journal.cores[c]) >= STRONG_NAME for c in cjs):
            proven[cb] = (name, len(cjs))
    if not proven:
        return _nothing
    cores = bank.cores
    own = {cb: cores[cb] for cb in proven}
    for cb, (cj, _n) in proven.items():
        cores[cb] = journal.cores[cj]
    _forget_core_ids(bank)
    bank.__dict__["learned_accounts"] = {bank.cp_names[cb]: (journal.cp_names[cj], n) for cb, (cj, n) in proven.items()}

    def restore() -> None:
        for cb, core in own.items():
            cores[cb] = core
        _forget_core_ids(bank)

    return restore


def _nothing() -> None:
    return None


def _forget_core_ids(side: Side) -> None:
    """The cores' interned ids are derived again on their next use."""
    for cached in ("_core_ids", "_core_table"):
        side.__dict__.pop(cached, None)


def repeated_amount(st: State, bi: np.ndarray, ji: np.ndarray) -> np.ndarray:
    """Per late pair whose bank line is a learned account's: another line of its amount and direction, matched or
    not, lies within ``reference_days`` of either line on its side (a figure the party is paid again and again,
    whose pairs the earlier stages may have crossed: the one left free is no proof)."""
    bank, journal = st.bank, st.journal
    learned = bank.__dict__.get("learned_accounts")
    out = np.zeros(bi.size, dtype=bool)
    if not learned or bi.size == 0:
        return out
    codes = [k for k, name in enumerate(bank.cp_names) if name in learned]
    at = np.flatnonzero(np.isin(bank.cp_code[bi], codes))
    if at.size == 0:
        return out
    bound = st.reference_days
    for side, lines in ((bank, bi[at]), (journal, ji[at])):
        every = composite([side.key], [side.day], bound + 1)[0]
        every.sort()
        mine = composite([side.key, side.key[lines]], [side.day, side.day[lines]], bound + 1)[1]
        count = np.searchsorted(every, mine + bound, "right") - np.searchsorted(every, mine - bound, "left")
        out[at[count > 1]] = True
    return out


def with_account_reasons(bank: Side, journal: Side, groups: list[MatchGroup]) -> list[MatchGroup]:
    """``groups`` with the proof added to each whose bank line's account number was learned as the party its entry
    names: ``对方账号 account “3371…” = “明辉纸箱”, 已对上 paired 3``."""
    learned: dict[str, tuple[str, int]] = bank.__dict__.get("learned_accounts", {})
    if not learned:
        return groups
    codes = [k for k, name in enumerate(bank.cp_names) if name in learned]
    account = {
        bank.ids[k]: bank.cp_names[bank.cp_code[k]] for k in np.flatnonzero(np.isin(bank.cp_code, codes)).tolist()
    }
    touched = [k for k, g in enumerate(groups) if any(b in account for b in g.bank_ids)]
    wanted = {j for k in touched for j in groups[k].journal_ids}
    core_of_entry = {x: journal.cores[journal.cp_code[k]] for k, x in enumerate(journal.ids) if x in wanted}
    party_core = {name: core for name, core in zip(journal.cp_names, journal.cores) if name}
    out = list(groups)
    for k in touched:
        group = groups[k]
        acct = next(account[b] for b in group.bank_ids if b in account)
        party, n = learned[acct]
        mine = party_core.get(party, "")
        if any(core_similarity(core_of_entry.get(j, ""), mine) >= STRONG_NAME for j in group.journal_ids):
            out[k] = group._replace(reasons=(*group.reasons, proof_reason(acct, party, n)))
    return out


def proof_reason(account: str, party: str, pairs: int) -> str:
    """One fixed phrase, Chinese and English side by side (``reconcile.reasons`` renders it in the reader's
    language)."""
    return f"对方账号 account “{account}” = “{party}”, 已对上 paired {pairs}"
