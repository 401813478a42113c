"""Texts in the SWIFT x character set, Chinese included, and the product's structured :86: layout.

SWIFT MT fields carry only the x character set (a-z A-Z 0-9 / - ? : ( ) . , ' + space). The SWIFT community's answer
for Chinese is the Chinese Commercial Code (CCC, 中文电码): each character as its 4-digit code, the codes separated by
spaces, which CNY clearing systems (CNAPS) turn back into characters (SWIFT CCC Maintenance Group, "Guidelines on how
to use CCC table codes in SWIFT MTs"). A plain run of codes is ambiguous next to real digits (the guidelines ask
senders to bracket a 4-digit number so it is not converted), so the product frames each run:

* ``?`` opens and closes a run of codes, the codes separated by single spaces: ``?0022 2429?`` is 中文;
* a code is a mainland CCC code (the Unihan kMainlandTelegraph table, via zhtelecode) when the character has one
  that maps back to it, else ``U`` and the character's Unicode code point in hex (``U8D5F`` is 赟, ``U3001`` is 、);
* ``??`` is a literal ``?`` and ``?U2F?`` a ``/`` (the layout's separator).

Everything else in the x set stands for itself, so Latin names, account numbers and references stay readable, and a
CNY-aware SWIFT system sees the CCC codes it knows. :func:`encode_x` and :func:`decode_x` are exact inverses.

The detail layout (statements.render.detail_mt940 writes it; swift.py reads it): a :86: that starts with the marker
``/BRDT/1`` carries ``/CODE/value`` pairs, values encoded as above. Only :86: fields with the marker are read this
way: another bank's codewords (/NAME/, /REMI/ ...) mean what that bank means by them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Final

import zhtelecode

MARKER: Final = "/BRDT/1"
# codeword -> field of the line. BALA is the running balance after the line: C or D and the amount, SWIFT style.
CODES: Final = {
    "NAME": "counterparty_name",
    "ACCT": "counterparty_account",
    "BANK": "counterparty_bank",
    "SUMM": "summary",
    "REMI": "purpose",
    "SRNO": "serial",
    "VCHR": "voucher_no",
    "BALA": "balance",
}
FIELD_CODES: Final = {field: code for code, field in CODES.items()}
# What a value may hold unencoded: the x set without the layout's separator and the escape character.
_PLAIN: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:().,'+ ")
_RUN = re.compile(r"\?([^?]*)\?")
_CODE = re.compile(r"\d{4}|U[0-9A-F]{1,6}")
_BALANCE = re.compile(r"([CD])(\d{1,16}),(\d{2})")


class XTextError(ValueError):
    """An encoded text that :func:`decode_x` cannot read (an unclosed run, an unknown code)."""


@lru_cache(maxsize=8192)
def _code(ch: str) -> str:
    codes: list[str]
    try:
        codes = zhtelecode.to_telecode(ch, encoding="mainland")
    except LookupError:
        codes = []
    if len(codes) == 1 and _char(codes[0]) == ch:
        return codes[0]
    return f"U{ord(ch):X}"


@lru_cache(maxsize=8192)
def _char(code: str) -> str:
    if code.startswith("U"):
        return chr(int(code[1:], 16))
    try:
        char: str = zhtelecode.to_unicode([code], encoding="mainland")
        return char
    except LookupError as exc:
        raise XTextError(f"{code} is not a Chinese Commercial Code") from exc


def encode_x(text: str) -> str:
    """``text`` in the x character set (see the module docstring)."""
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if ch in _PLAIN:
            if run:
                out.append("?" + " ".join(run) + "?")
                run = []
            out.append(ch)
        elif ch == "?":
            if run:
                out.append("?" + " ".join(run) + "?")
                run = []
            out.append("??")
        else:
            run.append(_code(ch))
    if run:
        out.append("?" + " ".join(run) + "?")
    return "".join(out)


def decode_x(text: str) -> str:
    """The text :func:`encode_x` encoded; raises XTextError on anything it did not write."""
    out: list[str] = []
    at = 0
    for m in _RUN.finditer(text):
        out.append(text[at : m.start()])
        body = m.group(1)
        if not body:
            out.append("?")
        else:
            codes = body.split(" ")
            if not all(_CODE.fullmatch(c) for c in codes):
                raise XTextError(f"?{body}? is not a run of character codes")
            out.extend(_char(c) for c in codes)
        at = m.end()
    rest = text[at:]
    if "?" in rest:
        raise XTextError("a run of character codes is not closed")
    out.append(rest)
    return "".join(out)


def read_layout(details: str) -> dict[str, str | Decimal] | None:
    """The fields of a :86: in the detail layout (lines already joined without separators), or None when the :86:
    does not start with the marker. Raises XTextError when it has the marker but does not follow the layout."""
    if not details.startswith(MARKER):
        return None
    parts = details[len(MARKER) :].split("/")
    if parts[0] != "" or len(parts) % 2 != 1:
        raise XTextError("the /CODE/value pairs after the marker are incomplete")
    fields: dict[str, str | Decimal] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=True):
        field = CODES.get(code)
        if field is None or field in fields:
            raise XTextError(f"/{code}/ is not a codeword of the layout, or comes twice")
        if field == "balance":
            m = _BALANCE.fullmatch(value)
            if m is None:
                raise XTextError(f"/{code}/{value} is not a balance (C or D, digits, a comma, two decimals)")
            amount = Decimal(f"{m.group(2)}.{m.group(3)}")
            fields[field] = -amount if m.group(1) == "D" else amount
        else:
            fields[field] = decode_x(value)
    return fields
