"""Line fingerprints, the one definition: the same bank line arriving in two overlapping exports is stored once.

Pure (no Django): the import (reconcile.services.imports.dedupe) computes every stored fingerprint with these
functions; there is no other definition.

Bank line fields, and why:
* account, booking date, direction, amount: what the movement *is*; the same in every export of it.
* the bank serial (交易流水号) when present: banks assign one per movement, so two equal transfers on
  one day stay apart, and it is stable across exports.
* without a serial: counterparty account and name, summary, and the running balance. The balance is
  what separates two identical payments on one day (it differs after each), and it is the same in
  every export of the statement. Value date, purpose, row number and file order are left out: they
  vary between export channels (online banking vs. bank-enterprise link) for the same movement.
Texts are normalised (NFKC, whitespace collapsed, case folded) so full-width / spacing differences
between exports do not split one line into two. Prefix "v1" lets the rule change without collisions.

A journal entry has no bank serial: its own number (凭证字号, ``serial``), the document it cites (结算号, ``voucher_no``),
summary and counterparty play its part (prefix "j1"; the account as given, not normalised). Two lines identical in
all of that (two 10.00 fees on one day in a file without serials or balances) would collide, so each repeat gets its
occurrence number within the file mixed in: the n-th copy in one export is the n-th copy in every export that
contains both.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from .text import squash
from .types import ParsedLine


def _norm(text: str | None) -> str:
    return squash(text or "").casefold()


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def line_fingerprint(account_number: str | None, line: ParsedLine) -> str:
    account = _norm(account_number or line.account_number)
    parts = ["v1", account, line.booking_date.isoformat(), line.direction, f"{line.amount:.2f}"]
    serial = _norm(line.serial)
    if serial:
        parts += ["s", serial]
    else:
        balance = "" if line.balance is None else f"{line.balance:.2f}"
        parts += ["t", _norm(line.counterparty_account), _norm(line.counterparty_name), _norm(line.summary), balance]
    return _digest(parts)


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
    # The account as given (not normalised, unlike a bank line's): stored journal fingerprints were computed so.
    parts = ["j1", account, line.booking_date.isoformat(), line.direction, f"{line.amount:.2f}"]
    parts += [_norm(v) for v in (line.serial, line.voucher_no, line.summary, line.counterparty_name)]
    return _digest(parts)


def journal_fingerprints(account: str, lines: Iterable[ParsedLine]) -> list[str]:
    return _numbered(_journal_key(account, line) for line in lines)
