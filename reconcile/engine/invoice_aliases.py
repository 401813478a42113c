"""A payer's other name, proven by the invoices it paid: MAPLE LEAF ENG pays Titan Manufacturing Inc.'s invoices.

A customer often pays from an account in another name (a parent company, a sister company, a DBA, a payment
agent): the bank shows "MAPLE LEAF ENG" and the books the customer "Titan Manufacturing Inc." whose invoice the
payment cites. One such pair could be a coincidence; an accountant who sees the same bank payer settle two of one
customer's invoices, each to the cent and within the reference window, writes "MAPLE LEAF ENG = Titan" on the
customer's card, and from then on the payer's other transfers are that customer's too.

Read from the pairs the document stage (2b) found and held back because the names contradict: each a bank line and
an entry of one amount and direction citing one rare document number, each the other's only such line. A bank
name is an alias of a journal name when at least ``MIN_PROOFS`` such pairs with different numbers tie the two
names, and the bank name is tied to no other journal name (a payment agent for several customers stands for
none). For the rest of the run the bank name is compared as its customer's name (its core is the customer's), as
an accountant's alias would be (``match(aliases=...)``); each group it brings carries the proof in its reasons.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .normalize import Side
from .types import MatchGroup

MIN_PROOFS = 2  # two different invoices of one customer paid by the same payer: not a coincidence


def proven_aliases(
    bank: Side, journal: Side, b: np.ndarray, j: np.ndarray, numbers: list[str]
) -> dict[int, tuple[int, tuple[str, ...]]]:
    """Bank name code -> (journal name code, the numbers proving it), from pairs of contradicting names that share
    the document number ``numbers[k]`` (pair ``k``: bank line ``b[k]``, entry ``j[k]``)."""
    seen: dict[int, dict[int, set[str]]] = {}
    for cb, cj, number in zip(bank.cp_code[b].tolist(), journal.cp_code[j].tolist(), numbers):
        if cb > 0 and cj > 0 and number:
            seen.setdefault(cb, {}).setdefault(cj, set()).add(number)
    out: dict[int, tuple[int, tuple[str, ...]]] = {}
    for cb, partners in seen.items():
        if len(partners) != 1:  # the payer paid for two customers: an agent, not one customer's other name
            continue
        ((cj, proofs),) = partners.items()
        if len(proofs) >= MIN_PROOFS:
            out[cb] = (cj, tuple(sorted(proofs, key=lambda n: (len(n), n))))
    return out


def adopt_aliases(bank: Side, journal: Side, proven: dict[int, tuple[int, tuple[str, ...]]]) -> None:
    """Compare each proven bank name as its customer's name from now on: its core becomes the customer's (the
    cores' interned ids are derived again on their next use). Names learned are kept on the side for the reasons."""
    if not proven:
        return
    cores = bank.cores
    for cb, (cj, _proofs) in proven.items():
        cores[cb] = journal.cores[cj]
    for cached in ("_core_ids", "_core_table"):
        bank.__dict__.pop(cached, None)
    learned: dict[str, tuple[str, tuple[str, ...]]] = bank.__dict__.setdefault("learned_aliases", {})
    for cb, (cj, proofs) in proven.items():
        learned[bank.cp_names[cb]] = (journal.cp_names[cj], proofs)


def learned_reason(bank: Side, journal: Side) -> Callable[[MatchGroup], MatchGroup]:
    """A function adding to a group whose bank payer is a learned alias of its entry's customer the proof:
    ``付款人别名 MAPLE LEAF ENG paid Titan Manufacturing Inc.'s invoices 11892/12082``."""
    learned: dict[str, tuple[str, tuple[str, ...]]] = bank.__dict__.get("learned_aliases", {})
    if not learned:
        return lambda group: group
    # Only the lines of a learned name and of its customers are looked up (numpy picks them; a million lines).
    codes = np.array([k for k, name in enumerate(bank.cp_names) if name in learned], dtype=np.int64)
    customers = {customer for customer, _proofs in learned.values()}
    j_codes = np.array([k for k, name in enumerate(journal.cp_names) if name in customers], dtype=np.int64)
    payer = {bank.ids[k]: bank.cp_names[bank.cp_code[k]] for k in np.flatnonzero(np.isin(bank.cp_code, codes)).tolist()}
    company = {
        journal.ids[k]: journal.cp_names[journal.cp_code[k]]
        for k in np.flatnonzero(np.isin(journal.cp_code, j_codes)).tolist()
    }

    def say(group: MatchGroup) -> MatchGroup:
        for b in group.bank_ids:
            name = payer.get(b)
            if name is None:
                continue
            customer, proofs = learned[name]
            if any(company.get(j) == customer for j in group.journal_ids):
                why = f"付款人别名 {name} paid {customer}'s invoices {'/'.join(proofs)}"
                return group._replace(reasons=(*group.reasons, why))
        return group

    return say
