"""What a column of an English export stands for beyond its name: a currency its money headers give as a unit, and an
"Account number" that is the other party's, not the file's own."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .text import Cell, cell_text, currency_code, nfkc

# A money column's header naming its currency as a unit (Starling's `Amount (GBP)` and `Balance (GBP)`, N26's
# `Amount (EUR)`): those exports have no currency column, and the statement was read without a currency (so a new
# account was registered in CNY).
_UNIT = re.compile(r"(?:\(\s*([A-Za-z]{3}|€|£)\s*\)|\sin\s+([A-Z]{3}))\s*$")  # comdirect: `Umsatz in EUR`
# ING España writes the unit as a symbol (`IMPORTE (€)`, `SALDO (€)`); `$` is left out: many currencies write it.
_SYMBOLS = {"€": "EUR", "£": "GBP"}


def unit_currency(names: Mapping[int, str], money_columns: Iterable[int | None]) -> str | None:
    """The one currency the money columns' headers give as their unit, or None (none, or two different ones)."""
    codes = set()
    for col in money_columns:
        m = _UNIT.search(nfkc(names.get(col, ""))) if col is not None else None
        if m is not None:
            unit = m.group(1) or m.group(2)
            code = _SYMBOLS.get(unit) or currency_code(unit)
            if code and re.fullmatch(r"[A-Z]{3}", code):
                codes.add(code)
    return codes.pop() if len(codes) == 1 else None


def party_account(cols: Mapping[str, int], names: Mapping[int, str], rows: list[list[Cell]]) -> dict[str, int]:
    """An `Account number` column beside the other party's name (N26: `Payee`, `Account number`), with no column for
    the other party's account, that is filled on some lines and empty on others is the other party's: a statement's
    own account is on every line (NatWest's and Lloyds' `Account Number` is, and they name no payee). The whole file
    was taken for the payee's account, and refused when the account chosen at upload was the file's own. (Not for
    Chinese headers: a Chinese export's 账号 column may be filled on its first line alone, a merged cell.) Filled on
    every line, it is still the other party's when it holds several accounts and stands right beside the other party's
    name (N26's transfers each name the partner's IBAN): the file was split into one statement per partner, each taken
    for an account of the company's."""
    col = cols.get("account_number")
    if col is None or "counterparty_name" not in cols or "counterparty_account" in cols:
        return dict(cols)
    if any("\u4e00" <= ch <= "\u9fff" for ch in names.get(col, "")):
        return dict(cols)
    texts = ["".join(cell_text(row[col] if col < len(row) else None).split()) for row in rows if _has_cells(row)]
    filled = [bool(t) for t in texts]
    if not any(filled):
        return dict(cols)
    beside_party = abs(cols["counterparty_name"] - col) == 1
    if all(filled) and not (beside_party and len(set(texts)) > 1):
        return dict(cols)
    mapped = {f: c for f, c in cols.items() if f != "account_number"}
    mapped["counterparty_account"] = col
    return mapped


def party_account_beside(cols: Mapping[str, int], spare: Iterable[int]) -> dict[str, int]:
    """A second column named as an account (``spare``: not mapped, the account's own number being in another) right
    after the other party's name is the other party's: Sparkasse's CSV (Auftragskonto, then
    Beguenstigter/Zahlungspflichtiger, Kontonummer, BLZ) gave the other party's bank code without its account."""
    party = cols.get("counterparty_name")
    if party is None or "counterparty_account" in cols or "account_number" not in cols:
        return dict(cols)
    mapped = dict(cols)
    if party + 1 in set(spare):
        mapped["counterparty_account"] = party + 1
    return mapped


# Remittance text spread over numbered columns: GLS Bank's VWZ1 to VWZ14, Rabobank's Omschrijving-1 to -3.
_NUMBERED_TEXT = re.compile(r"^(?:vwz|verwendungszweck|omschrijving)[\s_-]*(\d{1,2})$", re.IGNORECASE)


def numbered_purpose(names: Mapping[int, str], cols: Mapping[str, int]) -> list[int]:
    """The numbered remittance columns in their order, when there are at least two and none is mapped to another
    field (the first may be the purpose's): the line's purpose is their texts joined. Only VWZ1 (or Omschrijving-1)
    was read, or nothing."""
    taken = {c for f, c in cols.items() if f != "purpose"}
    found = sorted(
        (int(m.group(1)), c)
        for c, n in names.items()
        if (m := _NUMBERED_TEXT.match(nfkc(n).strip())) and c not in taken
    )
    return [c for _, c in found] if len(found) > 1 else []


# The SEPA codewords German banks write into one remittance text (Sparkasse's CSV-MT940 export: `EREF+…MREF+…CRED+…
# SVWZ+Rechnung 4711`): the text the payer wrote is what follows SVWZ+, up to a codeword naming another party.
_SVWZ = re.compile(r"SVWZ\+(.*?)(?:(?:ABWA|ABWE)\+.*)?$", re.DOTALL)


def sepa_remittance(text: str) -> str:
    """The remittance text after SVWZ+ (the references and mandate before it were the line's purpose), else ``text``."""
    m = _SVWZ.search(text)
    return m.group(1).strip() if m and m.group(1).strip() else text


def _has_cells(row: list[Cell]) -> bool:
    return any(cell_text(c).strip() for c in row)


_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")


def iban_party(
    cols: Mapping[str, int], names: Mapping[int, str], rows: list[list[Cell]], other_name: int | None
) -> dict[str, int]:
    """A column named as the other party (bunq's `Counterparty`) that holds nothing but IBANs is the other party's
    account; the party's name is then in ``other_name``, the column a name synonym would have given had the first not
    taken it (bunq's `Name`). The IBANs were read as the other party's name."""
    col = cols.get("counterparty_name")
    if col is None or "counterparty_account" in cols:
        return dict(cols)
    values = ["".join(cell_text(row[col] if col < len(row) else None).split()) for row in rows]
    values = [v for v in values if v]
    if not values or not all(_IBAN.match(v.upper()) for v in values):
        return dict(cols)
    mapped = {f: c for f, c in cols.items() if f != "counterparty_name"}
    mapped["counterparty_account"] = col
    if other_name is not None:
        mapped["counterparty_name"] = other_name
    return mapped
