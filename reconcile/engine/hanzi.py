"""Traditional Chinese characters read as their simplified forms, wherever names are compared.

A Hong Kong, Macau or Taiwan bank writes a payer in traditional characters (香港信和國際貿易有限公司, 陳大文) and a
mainland ERP books it in simplified ones (香港信和国际贸易有限公司, 陈大文): one party, yet their character bigrams
hardly overlap, so the names read as two companies (a contradiction, worse than no name). Comparing both in simplified
characters makes them the same name again.

The table comes from OpenCC (its ``t2s`` conversion, the reference converter between the two scripts), read one
character at a time once per process: names are compared character by character, and ``str.translate`` with a table
costs a fraction of a converter call per name. Characters OpenCC converts only within a phrase keep their form.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

# The CJK blocks that hold traditional characters with a simplified form: the unified ideographs, extension A and the
# compatibility ideographs.
_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[int, str], re.Pattern[str]]:
    """The character table, and a pattern finding any character it converts (a text without one, nearly every text of
    a mainland bank or ERP, is left alone after one scan in C: ``str.translate`` with a dict costs a look-up per
    character)."""
    convert = opencc.OpenCC("t2s").convert
    table: dict[int, str] = {}
    for first, end in _BLOCKS:
        for code in range(first, end):
            char = chr(code)
            simple = convert(char)
            if simple != char and len(simple) == 1:
                table[code] = simple
    return table, re.compile("[" + re.escape("".join(map(chr, table))) + "]")


def simplified(text: str) -> str:
    """``text`` with its traditional characters in their simplified forms (the same string when it has none); one
    character for one, so positions found in the result are the text's own."""
    if text.isascii():
        return text
    table, traditional = _table()
    return text.translate(table) if traditional.search(text) else text


def simplified_texts(texts: list[str]) -> list[str]:
    """``simplified`` of each text: one scan of them all when none has a traditional character (the common case)."""
    if not _table()[1].search("\0".join(texts)):
        return texts
    return list(map(simplified, texts))
