"""Line fingerprints as stored: the same movement arriving in two overlapping exports is stored once.

Bank lines use the parsers' `line_fingerprint` (serial when present, else counterparty, summary and
running balance; see its docstring). Two lines identical in all of that (two 10.00 fees on one day in a
file without serials or balances) would collide, so each repeat gets its occurrence number within the
file mixed in: the n-th copy in one export is the n-th copy in every export that contains both.
Journal entries carry no bank serial; their own voucher (凭证字号, ``serial``), settlement no (``voucher_no``),
summary and counterparty play its part.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from reconcile.parsers.fingerprint import line_fingerprint
from reconcile.parsers.text import squash
from reconcile.parsers.types import ParsedLine


def copy_print(key: str, n: int) -> str:
    """The fingerprint of the n-th copy (1-based) of a line whose details give ``key``."""
    return key if n == 1 else hashlib.sha256(f"{key}#{n}".encode()).hexdigest()


def _numbered(keys: Iterable[str]) -> list[str]:
    seen: Counter[str] = Counter()
    result = []
    for key in keys:
        seen[key] += 1
        result.append(copy_print(key, seen[key]))
    return result


def entered_separately(keys: Iterable[str], taken: Callable[[list[str]], set[str]]) -> list[str]:
    """Fingerprints of lines entered by hand (an opening item typed into the workbench): each entry is a new line even
    when its details equal an earlier one's (two equal cheques written on one day), so it takes the first copy number
    that ``taken`` (the fingerprints the account holds, of those asked) does not hold yet. A file that lists the item
    later numbers its copies the same way and finds the entered ones "already known"."""
    result: list[str] = []
    for key in keys:
        n = 1
        while True:
            candidates = [copy_print(key, n + i) for i in range(8)]
            held = taken(candidates)
            free = [fp for fp in candidates if fp not in held and fp not in result]
            if free:
                result.append(free[0])
                break
            n += len(candidates)
    return result


def bank_fingerprints(account: str, lines: Iterable[ParsedLine]) -> list[str]:
    return _numbered(line_fingerprint(account, line) for line in lines)


def opening_keys(kind: str, account: str, lines: Iterable[ParsedLine]) -> list[str]:
    """The details that identify an opening outstanding item, before copy numbers. As a statement line's or a journal
    entry's, except that an opening bank item's reference (the cheque number, 凭证号) identifies it when it has no bank
    serial: two equal cheques written on one day are told apart by their numbers, not by a running balance."""
    if kind == "bank":
        return [line_fingerprint(account, replace(line, serial=line.serial or line.voucher_no)) for line in lines]
    return [_journal_key(account, line) for line in lines]


def opening_fingerprints(kind: str, account: str, lines: Iterable[ParsedLine]) -> list[str]:
    """An opening-items file's fingerprints: identical rows are separate items, numbered as any file's."""
    return _numbered(opening_keys(kind, account, lines))


def _journal_key(account: str, line: ParsedLine) -> str:
    parts = ["j1", account, line.booking_date.isoformat(), line.direction, f"{line.amount:.2f}"]
    parts += [squash(v or "").casefold() for v in (line.serial, line.voucher_no, line.summary, line.counterparty_name)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def journal_fingerprints(account: str, lines: Iterable[ParsedLine]) -> list[str]:
    return _numbered(_journal_key(account, line) for line in lines)
