"""Lines an earlier reading of the same export stored under another fingerprint.

A bank line's fingerprint (parsers.fingerprint, pinned) is computed from what the parsers read of the line: its
serial, or without one its other party, summary and running balance. When the parsers learn to read more of an
export (a column they dropped, 农业银行's 电子流水号 or 交易对手信息; 中国银行's run of dashes for "no other party"
read as empty), the next import of the same export gives the same movement another fingerprint than the one stored,
and the overlap would be stored twice. Recomputing the stored fingerprints cannot help: what the earlier reading
dropped is not stored. So a line the exact lookup finds new is compared, field by field, with the account's unclaimed
lines of its day, direction and amount: it is one of them when every field the fingerprint reads says the same, or
one of the two readings says nothing there (empty, or a run of dashes). Each stored line answers for one line of the
file, so two equal payments stay two and a third is new. A running balance on both sides still tells two equal
payments apart, as it does in the fingerprint.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from reconcile.models import BankAccount, BankLine
from reconcile.parsers.text import squash
from reconcile.parsers.types import ParsedLine

# What an export writes where a line has nothing (中国银行: `-------------------`); the parsers read it as empty now.
_NOTHING = re.compile(r"[-—–_]{2,}")
TEXTS = ("serial", "counterparty_account", "counterparty_name", "summary")


Key = tuple[dt.date, str, Decimal]  # a line's day, direction and amount


class Stored(NamedTuple):
    pk: int
    fingerprint: str
    balance: Decimal | None
    serial: str
    counterparty_account: str
    counterparty_name: str
    summary: str


def _said(text: str | None) -> str:
    value = squash(text or "").casefold()
    return "" if _NOTHING.fullmatch(value) else value


def same_line(stored: Stored, line: ParsedLine) -> bool:
    """Whether ``line`` (of a day, direction and amount ``stored`` has) is ``stored`` read again, by the same or by an
    earlier parser: no field the fingerprint reads disagrees where both readings say something."""
    if stored.balance is not None and line.balance is not None and stored.balance != line.balance:
        return False
    for name in TEXTS:
        before, now = _said(getattr(stored, name)), _said(getattr(line, name))
        if before and now and before != now:
            return False
    return True


def earlier_reads(account: BankAccount, lines: list[ParsedLine], claimed: set[str]) -> dict[int, str]:
    """The lines of ``lines`` (by their index) the account already has under another fingerprint, with that stored
    fingerprint. ``claimed``: fingerprints this file already matched exactly (those lines answer for themselves)."""
    if not lines:
        return {}
    by_key: dict[Key, list[Stored]] = defaultdict(list)
    wanted = {(line.booking_date, line.direction, line.amount) for line in lines}
    rows = (
        BankLine.objects.live()
        .filter(account=account, booking_date__in=sorted({day for day, _, _ in wanted}))
        .order_by("booking_date", "pk")
        .values_list("booking_date", "direction", "amount", "pk", "fingerprint", "balance", *TEXTS)
    )
    for day, direction, amount, *rest in rows.iterator(chunk_size=10_000):
        key = (day, direction, amount)
        if key in wanted and rest[1] not in claimed:
            by_key[key].append(Stored(*rest))
    found: dict[int, str] = {}
    for index, line in enumerate(lines):
        pool = by_key.get((line.booking_date, line.direction, line.amount), [])
        same = next((stored for stored in pool if same_line(stored, line)), None)
        if same is not None:
            pool.remove(same)
            found[index] = same.fingerprint
    return found
