"""The payer or payee a US bank writes inside its narrative, read as the counterparty of a bank line that has none.

American banks export no counterparty column: the name is in the description, in the shape of the payment system's
record. An ACH entry (NACHA) carries the originator's company name and the receiver's (Bank of America:
``GATEWAY MFG LP DES:PAYMENTS ID:772124 INDN:NORTHBRIDGE SUPPLY CO ID:9416343574 CCD``; Chase: ``ORIG CO
NAME:GATEWAY MFG LP ORIG ID:... DESC DATE:... CO ENTRY DESCR:PAYMENTS SEC:CCD ... IND NAME:NORTHBRIDGE SUPPLY``), a
Fedwire transfer the originator (``ORIG:``) or the beneficiary (``BNF:``), a Zelle payment the person
(``ZELLE PAYMENT FROM JOHN SMITH CONF# ...``).

The other party of an ACH entry is whichever of the two names is not the account holder's. The holder is read from
the statement itself: the receiver's name that recurs across its ACH lines (every customer's credit names the
holder as receiver, and the holder's own payables batches name it as originator). A name that is the holder's is
never taken for a counterparty: the holder's own payment run would otherwise read as a payment to itself.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np

from .distinct import distinct
from .fields import batch_marker
from .names import name_similarity
from .normalize import Side
from .score import STRONG_NAME
from .side_names import give_read_names

_STOP = (
    r"(?=\s+(?:ID|CO ID|ORIG ID|DESC DATE|CO ENTRY DESCR|SEC|TRACE#|EED|IND ID|IND NAME|TRN|SND BK|BNF BK|OBI|REF|"
    r"INDN|DES|CONF#|ON|PMT DET)\s*[:#]|\s+CONF#|\s+ON\s+\d|\s*$)"
)
_ACH_BOFA = re.compile(r"^\s*(?P<orig>[^:]{2,60}?)\s+DES:", re.I)
_INDN = re.compile(r"\bINDN:\s*(?P<recv>.+?)" + _STOP, re.I)
_ACH_CHASE = re.compile(
    r"\bORIG CO NAME:\s*(?P<orig>.+?)" + _STOP + r"(?:.*?\bIND NAME:\s*(?P<recv>.+?)" + _STOP + r")?", re.I
)
_WIRE_IN = re.compile(r"\b(?:ORIG|ORIGINATOR|B/O):\s*(?P<name>.+?)" + _STOP, re.I)
_WIRE_OUT = re.compile(r"\b(?:BNF|BENEFICIARY):\s*(?P<name>.+?)" + _STOP, re.I)
_INCOMING = re.compile(r"\bWIRE\s+IN\b|\bINCOMING\b|\bWIRE\s+TYPE:\s*(?:INTL\s+)?IN\b", re.I)
MAX_TEXT = 300  # a narrative read no further (the product keeps 200 characters; lazy patterns on 60 KB took seconds)
_ZELLE = re.compile(r"\bZELLE\s+(?:PAYMENT\s+|TRANSFER\s+)?(?:FROM|TO)\s+(?P<name>.+?)" + _STOP, re.I)
_HOLDER_SHARE = 0.3  # of the receivers' names read, the holder's is at least this share
_HOLDER_MIN = 3


def read_narrative_names(bank: Side) -> int:
    """Give bank lines without a counterparty the party their narrative names; returns how many got one."""
    need = np.flatnonzero(bank.cp_code == 0)
    if need.size == 0:
        return 0
    texts = bank.texts
    read: dict[int, tuple[str, str]] = {}
    for code in distinct(bank.text_code[need]).tolist():
        text = texts[code]
        if ":" in text or "ZELLE" in text.upper():
            parties = narrative_parties(text)
            if parties[0] or parties[1]:
                read[code] = parties
    if not read:
        return 0
    holder = _holder(read.values())
    named = ((code, _other_party(orig, recv, holder)) for code, (orig, recv) in read.items())
    return give_read_names(bank, need, named)


def narrative_parties(text: str) -> tuple[str, str]:
    """(originator or named party, receiver) of a narrative; "" where it names none."""
    text = text[:MAX_TEXT]
    m = _ACH_CHASE.search(text)
    if m:
        return _clean(m.group("orig")), _clean(m.group("recv") or "")
    m = _ACH_BOFA.search(text)
    if m:
        receiver = _INDN.search(text)
        return _clean(m.group("orig")), _clean(receiver.group("recv") if receiver else "")
    beneficiary, originator = _WIRE_OUT.search(text), _WIRE_IN.search(text)
    if beneficiary or originator:
        # A wire naming both sides: the beneficiary is the party of a payment out, the originator of one in (WIRE IN,
        # INCOMING); the other name is read too, and which one is the holder decided as for an ACH entry.
        incoming = _INCOMING.search(text) is not None
        first, second = (originator, beneficiary) if incoming or not beneficiary else (beneficiary, originator)
        names = [_clean(m.group("name")) if m else "" for m in (first, second)]
        return names[0], names[1]
    m = _ZELLE.search(text)
    if m:
        return _clean(m.group("name")), ""
    return "", ""


_SEC_CODE = re.compile(r"\s+(?:CCD|PPD|CTX|WEB|TEL|IAT)\s*$", re.I)


@lru_cache(maxsize=65_536)  # a statement's texts are distinct by their ids, its names repeat: checked once each
def _clean(name: str) -> str:
    """The name without the ACH record's class code (CCD, PPD ...); "" for a batch's label (INDN:ACH BATCH)."""
    name = _SEC_CODE.sub("", name).strip(" -/*,;")
    if sum(ch.isalpha() for ch in name) < 2 or batch_marker(name):
        return ""
    return name


def _holder(parties: object) -> str:
    """The account holder: the receiver named most often, if it is named often enough to be the holder."""
    receivers = Counter(recv for _orig, recv in parties if recv)  # type: ignore[attr-defined]
    if not receivers:
        return ""
    top = receivers.most_common(2)
    name, count = top[0]
    # Two receivers named equally often: either may be the holder, and Counter would pick the one read first, i.e.
    # the input's order would decide whose lines lose their party. Neither is taken.
    if len(top) > 1 and top[1][1] == count:
        return ""
    return name if count >= _HOLDER_MIN and count >= _HOLDER_SHARE * sum(receivers.values()) else ""


def _is_holder(name: str, holder: str) -> bool:
    return bool(holder) and (name == holder or name_similarity(name, holder) >= STRONG_NAME)


def _other_party(orig: str, recv: str, holder: str) -> str:
    """The party that is not the holder: the originator of a credit, the receiver of the holder's own debit."""
    if orig and not _is_holder(orig, holder):
        return orig
    if recv and not _is_holder(recv, holder):
        return recv
    return ""
