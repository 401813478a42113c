"""A payer's other name, proven by what it paid: MAPLE LEAF ENG pays Titan Manufacturing Inc.'s invoices.

A customer often pays from an account in another name (a parent company, a sister company, a DBA, a payment
agent, a card issuer's payment service): the bank shows "MAPLE LEAF ENG" and the books the customer "Titan
Manufacturing Inc." whose invoice the payment cites. One such pair could be a coincidence; an accountant who sees
the same bank payer settle two of one customer's invoices, each to the cent and within the reference window, writes
"MAPLE LEAF ENG = Titan" on the customer's card, and from then on the payer's other transfers are that customer's.
So does one who sees its transfers, again and again, be the only ones of their amount against that customer's
entries and never against anyone else's.

Read from the pairs the engine held back because the names contradict: the document stage's (2b: a bank line and an
entry of one amount and direction citing one rare document number, each the other's only such line) and the unique
stage's (2: each the other's only line of its amount and direction in the window, the summaries agreeing). A bank
name is an alias of a journal name when ``MIN_PROOFS`` invoices, or one invoice and such pairs ``ALONE_PROOFS`` in
all, or ``ALONE_ONLY`` such pairs tie the two names, and the bank name is tied to no other journal name (a payment
agent for several customers stands for none). For the rest of the run the bank name is compared as its customer's
name (its core is the customer's), as an accountant's alias would be (``match(aliases=...)``); each group it brings
carries the proof in its reasons.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from .names import core_bigrams, core_similarity
from .normalize import Side
from .score import STRONG_NAME
from .side_names import cores_by_bigram
from .types import MatchGroup

MIN_PROOFS = 2  # two different invoices of one customer paid by the same payer: not a coincidence
ALONE_PROOFS = 3  # one invoice and payments alone with their amount against the customer's entries, 3 in all
ALONE_ONLY = 3  # payments alone with their amount, every one against the same customer's entries

# A factor, a supply-chain finance provider or a collection agency pays for several customers by trade (reverse
# factoring pays a supplier for each buyer in the programme): seeing it settle one customer's invoices proves no
# more than a payment platform's doing so (``platforms.PLATFORM``, whose names never come here). Its name is no
# customer's other name, however often it paid the one customer the run saw.
# So does a group's treasury (a finance company, 财务公司; a treasury or settlement centre, 资金中心 / 结算中心; an
# in-house bank, a cash pool, a payment factory, a shared service centre): it pays for every company of its group,
# and the one subsidiary the run saw it pay for is one of many.
PAYS_FOR_OTHERS = re.compile(
    r"\bFACTORING\b|\bFACTORS\b|\bFORFAIT|SUPPLY\W+CHAIN\W+FINANC|\bINKASSO|\bCOLLECTION\W+AGENC|"
    r"\bTREASURY\W+(?:CENT|SERVICE|DEP|UNIT|OPERATION|GMBH|LTD|LIMITED|B\.?V\b|S\.?A\b|AG\b|PLC|LLC|INC\b)|\b(?:GROUP|CORPORATE)\W+TREASURY\b|\bIN\W?HOUSE\W+BANK|"
    r"\bCASH\W+POOL|\bPAYMENT\W+FACTORY|\bSHARED\W+SERVICES?\W+CENT|\bSETTLEMENT\W+CENT|"
    r"保理|供应链金融|供應鏈金融|商业保理|代收代付|"
    r"财务(?:有限|股份)?(?:责任)?公司|財務(?:有限)?(?:責任)?公司|资金\s*(?:结算|管理|运营)?\s*中心|結算中心|结算\s*中心|司库|财资中心|资金池",
    re.IGNORECASE,
)


Proof = tuple[
    str, tuple[str, ...], int
]  # the customer's name, the invoice numbers, the payments alone with their amount


def proven_aliases(
    bank: Side,
    journal: Side,
    b: np.ndarray,
    j: np.ndarray,
    numbers: list[str],
    alone: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, Proof]:
    """Bank name -> its customer's name and the proofs, from pairs of contradicting names that share the document
    number ``numbers[k]`` (pair ``k``: bank line ``b[k]``, entry ``j[k]``) and from ``alone``, pairs of
    contradicting names each alone with its amount in the window (stage 2's). By name, not by code: a name read from
    a narrative may have a code of its own beside the same name in the counterparty column."""
    b_names, j_names = bank.cp_names, journal.cp_names
    seen: dict[str, dict[str, set[str]]] = {}
    for cb, cj, number in zip(bank.cp_code[b].tolist(), journal.cp_code[j].tolist(), numbers):
        if cb > 0 and cj > 0 and number:
            seen.setdefault(b_names[cb], {}).setdefault(j_names[cj], set()).add(number)
    lonely: dict[str, dict[str, int]] = {}
    if alone is not None:
        fresh = ~np.isin(alone[0], b)  # a pair citing the invoice is counted once, as the invoice
        for cb, cj in zip(bank.cp_code[alone[0][fresh]].tolist(), journal.cp_code[alone[1][fresh]].tolist()):
            per = lonely.setdefault(b_names[cb], {})
            per[j_names[cj]] = per.get(j_names[cj], 0) + 1
    out: dict[str, Proof] = {}
    for payer in seen.keys() | lonely.keys():
        partners = seen.get(payer, {}).keys() | lonely.get(payer, {}).keys()
        if len(partners) != 1:  # the payer paid for two customers: an agent, not one customer's other name
            continue
        if PAYS_FOR_OTHERS.search(payer):  # an agent by trade, whichever customers the run saw it pay for
            continue
        (customer,) = partners
        proofs = seen.get(payer, {}).get(customer, set())
        single = lonely.get(payer, {}).get(customer, 0)
        if len(proofs) >= MIN_PROOFS or (proofs and len(proofs) + single >= ALONE_PROOFS) or single >= ALONE_ONLY:
            out[payer] = (customer, tuple(sorted(proofs, key=lambda n: (len(n), n))), single)
    if out:
        # A payer that is a party of the books in its own right (PRAIRIE OFFICE S: Prairie Office Supply Co) paid
        # for a customer now and then; it is not that customer's other name.
        b_core = dict(zip(b_names, bank.cores))
        j_core = dict(zip(j_names, journal.cores))
        out = {p: proof for p, proof in out.items() if not _own_party(journal, b_core[p], j_core[proof[0]])}
    return out


def _own_party(journal: Side, core: str, customer: str) -> bool:
    """Whether a journal name other than the customer's reads as the same party as ``core`` (a strong name)."""
    index = cores_by_bigram(journal, "_alias_index", bool)  # built once, and only in a run where a payer proved a name
    near = {other for gram in core_bigrams(core) for other in index.get(gram, ())}
    return any(other != customer and core_similarity(core, other) >= STRONG_NAME for other in near)


def adopt_aliases(bank: Side, journal: Side, proven: dict[str, Proof]) -> None:
    """Compare each proven bank name as its customer's name from now on: its cores become the customer's (the
    cores' interned ids are derived again on their next use). Names learned are kept on the side for the reasons."""
    if not proven:
        return
    customer_core = {name: core for name, core in zip(journal.cp_names, journal.cores) if name}
    cores = bank.cores
    for cb, name in enumerate(bank.cp_names):
        if name in proven:
            cores[cb] = customer_core[proven[name][0]]
    for cached in ("_core_ids", "_core_table"):
        bank.__dict__.pop(cached, None)
    bank.__dict__.setdefault("learned_aliases", {}).update(proven)


def learned_reason(bank: Side, journal: Side) -> Callable[[MatchGroup], MatchGroup]:
    """A function adding to a group whose bank payer is a learned alias of its entry's customer the proof:
    ``付款人别名 payer alias: “MAPLE LEAF ENG” = “Titan Manufacturing Inc.”, ...`` (``proof_reason``)."""
    learned: dict[str, Proof] = bank.__dict__.get("learned_aliases", {})
    if not learned:
        return lambda group: group
    # Only the lines of a learned name and of its customers are looked up (numpy picks them; a million lines).
    codes = np.array([k for k, name in enumerate(bank.cp_names) if name in learned], dtype=np.int64)
    customers = {customer for customer, _numbers, _alone in learned.values()}
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
            customer, numbers, alone = learned[name]
            if any(company.get(j) == customer for j in group.journal_ids):
                return group._replace(reasons=(*group.reasons, proof_reason(name, customer, numbers, alone)))
        return group

    return say


def proof_reason(payer: str, customer: str, numbers: tuple[str, ...], alone: int) -> str:
    """One fixed phrase, Chinese and English side by side as every engine reason (``reconcile.reasons`` renders it in
    the reader's language): ``付款人别名 payer alias: “MAPLE LEAF ENG” = “Titan Manufacturing Inc.”, 发票 invoices
    11892/12082, 金额唯一的付款 payments alone 0``."""
    return (
        f"付款人别名 payer alias: “{payer}” = “{customer}”, 发票 invoices {'/'.join(numbers) or '-'}, "
        f"金额唯一的付款 payments alone {alone}"
    )
