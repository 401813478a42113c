"""Account numbers: the one form an account number is stored under, whoever typed or stated it (pure, no Django).

Normal forms (README, "Account numbers"):
* spaces removed (paper groups digits in fours): ``6222 0000 1111`` -> ``62220000111``;
* a German bank code and account number (BLZ/Kontonummer, MT940 ``:25:``) keep the slash, with the account number
  padded to its 10 digits as in the IBAN: ``12345678/1324357`` -> ``12345678/0001324357``, so files that pad it and
  files that do not name the same account;
* a BIC before an IBAN (``BUNQNL2A/NL10BUNQ2290325473``) is the IBAN alone: the IBAN names the account by itself,
  and the agreement names it so (only when the part after the slash is a valid IBAN, check digits included);
* another bank identifier before a slash (``TRIODOSBANK/0666666666``) is kept as written.

The file parsers (reconcile.parsers.accounts) and the validators of typed numbers (core.validators) both use it, so a
typed number and a file's name the same account.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\s\u3000]")
_GERMAN = re.compile(r"^(\d{8})/(\d{1,10})$")
_BIC_IBAN = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?/([A-Z]{2}\d{2}[A-Z0-9]{11,30})$")


def _is_iban(text: str) -> bool:
    moved = text[4:] + text[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def compact_account(text: str | None) -> str:
    return _SPACES.sub("", text or "")


def account_normal_form(text: str | None) -> str:
    """The stored form of an account number someone typed or a file states (see the module docstring)."""
    compact = compact_account(text)
    german = _GERMAN.match(compact)
    if german:
        return f"{german.group(1)}/{german.group(2).zfill(10)}"
    bic_iban = _BIC_IBAN.match(compact.upper())
    if bic_iban and _is_iban(bic_iban.group(1)):
        return bic_iban.group(1)
    return compact
