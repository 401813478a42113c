"""The voucher a journal entry's summary names (凭证:记-0197, 凭证号 收-12, 记字第0128号), for books whose export
writes the voucher into the summary rather than a reference column.

The entries of one voucher booked on one day are one posting (a shop's takings of several days, several invoices of
one customer), so stage 4 groups them as it groups entries sharing a reference (``stages/batches.py``). Read only
for free lines without a reference, once per distinct summary, and only where the text holds a voucher mark: at
stage 4 a few percent of the lines are left.
"""

from __future__ import annotations

import re

import numpy as np

# 凭证 then an optional 号/字号 and separator, then a voucher word (记, 收, 付, 转, 现收 ...) and its number; or the
# written-out 记字第0128号. The word and the digits are the voucher, without leading zeros (记-0197 = 记-197).
_MARKED = re.compile(r"凭证(?:字号|号)?\s*[:：]?\s*([记收付转现银][收付]?)字?\s*[-－—]?\s*0*(\d{1,8})(?!\d)")
_WRITTEN = re.compile(r"([记收付转])字第\s*0*(\d{1,8})\s*号")


def voucher_of(text: str) -> str:
    """The voucher ``text`` names ("记-197"), or "" when it names none."""
    if "凭证" not in text and "字第" not in text:
        return ""
    found = _MARKED.search(text) or _WRITTEN.search(text)
    return f"{found.group(1)}-{found.group(2)}" if found else ""


def voucher_ids(texts: list[str], text_code: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """For each of ``lines`` (positions), an id of the voucher its summary names (0: none); equal vouchers, equal
    ids. ``texts`` are the side's distinct summaries and ``text_code`` each line's index into them."""
    codes = text_code[lines]
    distinct, inverse = np.unique(codes, return_inverse=True)
    interned: dict[str, int] = {}
    per_text = np.zeros(distinct.size, dtype=np.int64)
    for k, c in enumerate(distinct.tolist()):
        name = voucher_of(texts[c])
        if name:
            per_text[k] = interned.setdefault(name, len(interned) + 1)
    return per_text[inverse.reshape(-1)]
