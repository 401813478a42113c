"""Line fingerprints as stored: the same movement arriving in two overlapping exports is stored once.

Bank lines use the parsers' `line_fingerprint` (serial when present, else counterparty, summary and
running balance; see its docstring). Two lines identical in all of that (two 10.00 fees on one day in a
file without serials or balances) would collide, so each repeat gets its occurrence number within the
file mixed in: the n-th copy in one export is the n-th copy in every export that contains both.
Journal entries carry no serial; voucher (凭证字号), settlement no, summary and counterparty play its part.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from reconcile.parsers.fingerprint import line_fingerprint
from reconcile.parsers.text import squash
from reconcile.parsers.types import ParsedLine


def _numbered(keys: Iterable[str]) -> list[str]:
    seen: Counter[str] = Counter()
    result = []
    for key in keys:
        seen[key] += 1
        n = seen[key]
        result.append(key if n == 1 else hashlib.sha256(f"{key}#{n}".encode()).hexdigest())
    return result


def entered_separately(prints: Iterable[str], entry: str) -> list[str]:
    """Fingerprints of lines entered by hand as one batch (an opening item typed into the workbench): each entry is
    a new line even when its details equal an earlier one's, so the batch's identity is mixed in."""
    return [hashlib.sha256(f"{fp}@{entry}".encode()).hexdigest() for fp in prints]


def bank_fingerprints(account: str, lines: Iterable[ParsedLine]) -> list[str]:
    return _numbered(line_fingerprint(account, line) for line in lines)


def _journal_key(account: str, line: ParsedLine) -> str:
    parts = ["j1", account, line.booking_date.isoformat(), line.direction, f"{line.amount:.2f}"]
    parts += [squash(v or "").casefold() for v in (line.serial, line.voucher_no, line.summary, line.counterparty_name)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def journal_fingerprints(account: str, lines: Iterable[ParsedLine]) -> list[str]:
    return _numbered(_journal_key(account, line) for line in lines)
