"""Account numbers as files write them -> the one form they are stored under (core.accounts).

Normal forms (README, "Account numbers"):
* spaces removed (paper groups digits in fours): ``6222 0000 1111`` -> ``62220000111``;
* a German bank code and account number (BLZ/Kontonummer, MT940 ``:25:``) keep the slash, with the account number
  padded to its 10 digits as in the IBAN: ``12345678/1324357`` -> ``12345678/0001324357``, so files that pad it and
  files that do not name the same account;
* a BIC before an IBAN (``BUNQNL2A/NL10BUNQ2290325473``) is the IBAN alone: the IBAN names the account by itself,
  and the agreement names it so (only when the part after the slash is a valid IBAN, check digits included);
* another bank identifier before a slash (``TRIODOSBANK/0666666666``) is kept as written;
* a currency code the file appends to the account (``:25:NL10BUNQ2290325473EUR``, ``.../HUF``) is the statement's
  currency, not part of the account: it is taken off when it is the statement's own currency.
"""

from __future__ import annotations

# The normal form is the shared kernel's (pure, no Django), so the validators of typed numbers use the same one.
from core.accounts import account_normal_form, compact_account

__all__ = ["account_normal_form", "compact_account", "split_currency_suffix"]


def split_currency_suffix(text: str | None, currency: str | None) -> tuple[str, str | None]:
    """(account, currency) from an account field that may end with the statement's currency code: ``...473EUR``,
    ``.../EUR`` or ``... EUR``. Only the statement's own currency is taken off, and only after a digit or a
    separator, so an account that merely ends in letters is left alone."""
    compact = compact_account(text)
    code = (currency or "").upper()
    if len(code) == 3 and code.isalpha() and compact.upper().endswith(code):
        rest = compact[:-3]
        if rest.endswith(("/", "-")):
            rest = rest[:-1]
            return account_normal_form(rest), code
        if len(rest) >= 6 and rest[-1].isdigit():
            return account_normal_form(rest), code
    return account_normal_form(compact), None
