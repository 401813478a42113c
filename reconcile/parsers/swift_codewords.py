"""The codeword :86: of the Dutch banks' SEPA MT940 (ING, Rabobank, ABN AMRO, Triodos ...: the NVB layout).

Their :86: is a run of ``/CODE/value`` pairs: ``/EREF/E2E-1//CNTP/NL08INGB0000001234/INGBNL2A/J Jansen/AMSTERDAM//
REMI/USTD//invoice 7/``. A party (CNTP, BENM, ORDP) is four values of its own separated by ``/`` (account, BIC, name,
city); Rabobank leaves the party empty and gives ``/NAME/`` (and ABN AMRO ``/IBAN/`` and ``/BIC/``) on their own.
The bank wraps the field every 65 characters in the middle of a word, so its lines are joined without a separator.

The :61: of such a line often carries a codeword (EREF, PREF, MARF) instead of a reference: the reference is that
codeword's value in the :86:. Read as written, every line of a file had the reference "EREF", and two equal payments
of one day were one line to the import's duplicate check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .text import squash

# The codewords the banks' layouts define. A text that merely holds a slash is not split: only these, each between
# slashes, start a field.
_CODES: Final = (
    "TRTP",
    "CNTP",
    "BENM",
    "ORDP",
    "NAME",
    "IBAN",
    "BIC",
    "ADDR",
    "EREF",
    "MARF",
    "CSID",
    "REMI",
    "USTD",
    "STRD",
    "CUR",
    "ISSR",
    "PREF",
    "RTRN",
    "BUSP",
    "ISDT",
    "ULTC",
    "ULTD",
    "ULTB",
    "PURP",
    "SVCL",
    "OCMT",
    "CHGS",
    "EXCH",
    "TRCD",
    "SUM",
    "ID",
)
_CODE: Final = re.compile(r"/(" + "|".join(_CODES) + r")(?=/)")
_START: Final = re.compile(r"/(" + "|".join(_CODES) + r")/")
_PARTIES: Final = ("CNTP", "BENM", "ORDP")
_BIC: Final = re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_NO_REFERENCE: Final = frozenset({"", "NOTPROVIDED", "NONREF"})


@dataclass(frozen=True, slots=True)
class Codewords:
    counterparty_name: str = ""
    counterparty_account: str = ""
    counterparty_bank: str = ""
    purpose: str = ""
    fields: tuple[tuple[str, str], ...] = ()

    def value(self, code: str) -> str:
        """The value of the codeword ``code`` (the first one), "" when the :86: has none or it says no reference."""
        found = next((v for c, v in self.fields if c == code.upper()), "")
        return "" if found.upper() in _NO_REFERENCE else found


def read_codewords(details: str) -> Codewords | None:
    """The :86: (its lines as the file wraps them) read as codewords, or None when it does not start with one."""
    text = details.replace("\r", "").replace("\n", "")
    if not _START.match(text):
        return None
    found = list(_CODE.finditer(text))
    fields: list[tuple[str, str]] = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        fields.append((m.group(1), text[m.end() + 1 : end] if end > m.end() else ""))
    values = dict(reversed(fields))  # the first of a repeated codeword
    account = bank = name = ""
    party = next((values[c] for c in _PARTIES if values.get(c, "").strip("/ ")), "")
    if party:
        parts = [p.strip() for p in party.rstrip("/").split("/")] + ["", "", ""]
        if _BIC.fullmatch(parts[1]) or not parts[1]:
            account, bank, name = parts[:3]  # ING, Triodos: account/BIC/name/city
        else:
            account, name = parts[:2]  # a bank that leaves the BIC out (Komercijalna banka): account/name/...
    purpose = values.get("REMI", "").strip("/ ") or values.get("USTD", "").strip("/ ") or values.get("CUR", "")
    # NAME, IBAN and BIC of their own (ABN AMRO, Rabobank) say what they are; a party's values are read by position.
    return Codewords(
        counterparty_name=squash(values.get("NAME", "").rstrip("/") or name),
        counterparty_account=squash(values.get("IBAN", "").rstrip("/") or account).replace(" ", ""),
        counterparty_bank=squash(values.get("BIC", "").rstrip("/") or bank),
        purpose=squash(purpose.rstrip("/")),
        fields=tuple((code, squash(value.strip("/"))) for code, value in fields),
    )


# ABN AMRO's and Knab's :86: without codewords: "LABEL: value" in columns ("IBAN: NL56... BIC: CHASNL2X NAAM: ...",
# "REK: NL26.../NAAM: ..."). Read only where a NAAM (name) label is present: the labels are Dutch words.
_LABEL: Final = re.compile(
    r"(?<![A-Z])(IBAN|BIC|NAAM|OMSCHRIJVING|KENMERK|MACHTIGING|INCASSANT|BETALINGSKENM\.|BETALINGSKENMERK|REK"
    r"|ID DEBITEUR)\s?:\s?"
)


def read_labelled(details: str) -> Codewords | None:
    """The :86: read as ABN AMRO's labelled columns, or None when it has no NAAM label."""
    found = list(_LABEL.finditer(details))
    if not any(m.group(1) == "NAAM" for m in found):
        return None
    values: dict[str, str] = {}
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(details)
        values.setdefault(m.group(1), squash(details[m.end() : end]).strip("/ "))
    return Codewords(
        counterparty_name=values.get("NAAM", ""),
        counterparty_account=(values.get("IBAN") or values.get("REK", "")).replace(" ", ""),
        counterparty_bank=values.get("BIC", ""),
        purpose=values.get("OMSCHRIJVING") or values.get("BETALINGSKENM.") or values.get("BETALINGSKENMERK", ""),
        fields=(("KENMERK", values.get("KENMERK", "")),),
    )


# ASN Bank's :86: (and the banks on its platform, SNS and RegioBank): the other party's IBAN and name on the first line,
# the description on lines of 65 characters after it; its :61: gives the same IBAN as the customer's reference. The
# other party was read as nobody, its IBAN and name only in the summary.
_IBAN_FIRST: Final = re.compile(r"\A\s*([A-Z]{2}\d{2}[A-Z0-9]{10,30})[ \t]+([^\n]*)(?:\n([\s\S]*))?\Z")


def read_iban_first(details: str, reference: str) -> Codewords | None:
    """The :86: read as "IBAN name" and then the description, when the IBAN is the :61:'s reference, or None."""
    found = _IBAN_FIRST.match(details.replace("\r", ""))
    if found is None or found.group(1) != reference.strip():
        return None
    return Codewords(
        counterparty_name=squash(found.group(2)),
        counterparty_account=found.group(1),
        purpose=squash(found.group(3) or ""),
    )
