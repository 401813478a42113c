"""Line fingerprint: the same bank line arriving in two overlapping exports is stored once.

Fields, and why:
* account, booking date, direction, amount: what the movement *is*; the same in every export of it.
* the bank serial (交易流水号) when present: banks assign one per movement, so two equal transfers on
  one day stay apart, and it is stable across exports.
* without a serial: counterparty account and name, summary, and the running balance. The balance is
  what separates two identical payments on one day (it differs after each), and it is the same in
  every export of the statement. Value date, purpose, row number and file order are left out: they
  vary between export channels (online banking vs. bank-enterprise link) for the same movement.
Texts are normalised (NFKC, whitespace collapsed, case folded) so full-width / spacing differences
between exports do not split one line into two. Prefix "v1" lets the rule change without collisions.
"""

from __future__ import annotations

import hashlib

from .text import squash
from .types import ParsedLine


def _norm(text: str | None) -> str:
    return squash(text or "").casefold()


def line_fingerprint(account_number: str | None, line: ParsedLine) -> str:
    account = _norm(account_number or line.account_number)
    parts = ["v1", account, line.booking_date.isoformat(), line.direction, f"{line.amount:.2f}"]
    serial = _norm(line.serial)
    if serial:
        parts += ["s", serial]
    else:
        balance = "" if line.balance is None else f"{line.balance:.2f}"
        parts += ["t", _norm(line.counterparty_account), _norm(line.counterparty_name), _norm(line.summary), balance]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
