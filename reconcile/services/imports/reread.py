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

A journal re-export stands for its period: an entry it has under another fingerprint would be retired and stored
again (and the whole re-export refused when the entry is matched). The same comparison keeps it, among the entries
the export would retire; a journal's running balance is not compared (it changes when an earlier entry is corrected).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from reconcile.models import BankAccount, BankLine
from reconcile.parsers.text import squash
from reconcile.parsers.types import ParsedLine
from reconcile.parsers.voucher_word import one_voucher

# What an export writes where a line has nothing (中国银行: `-------------------`); the parsers read it as empty now.
_NOTHING = re.compile(r"[-—–_]{2,}")
# The texts each fingerprint reads (parsers.fingerprint): a bank line's, a journal entry's.
BANK_TEXTS = ("serial", "counterparty_account", "counterparty_name", "summary")
JOURNAL_TEXTS = ("serial", "voucher_no", "summary", "counterparty_name")

Key = tuple[dt.date, str, Decimal]  # a line's day, direction and amount
# A stored row as read: pk, fingerprint, balance, then the texts in the order given.
Row = tuple[Any, ...]


def _said(text: str | None) -> str:
    value = squash(text or "").casefold()
    return "" if _NOTHING.fullmatch(value) else value


# MT940 :61: references that an earlier reading stored and that were none: codewords naming where the reference is
# in the :86: (ING, Rabobank), and the tail of a NONREF that mt-940 took for a reference (Penta's untyped :61:).
_CODEWORD_REFERENCES = frozenset({"eref", "pref", "marf", "ef"})
# The other party's IBAN or account that an earlier reading put in front of a German :86:'s name (its ?31).
_ACCOUNT_IN_FRONT = re.compile(r"[a-z]{2}\d{2}[a-z0-9]{10,30}|\d{5,}")
_SINGLE_BYTE = ("cp1252", "cp1250", "cp852", "iso8859_2")
# The other party's account an earlier reading left after its name (招商银行's 对手信息 "张三 6211451400111919810", and
# a company's number written right after its name: "国网电力有限公司99999999999999"). Glued only where the parser
# splits it (reconcile.parsers.tabular: after a Chinese character or a closing bracket): after a name ending in a
# digit or a Latin letter the "account" is the rest of another name ("门店1" is not "门店1234567890" read again).
_ACCOUNT_AFTER = re.compile(r"\s+\d{9,}")
_GLUED_AFTER = re.compile(r"[\u4e00-\u9fff）)]\Z")
_GLUED_ACCOUNT = re.compile(r"\d{9,}")


def _earlier_bank_text(name: str, before: str, now: str, swift: bool) -> bool:
    """Whether a bank line's text stored by an earlier reading is the text read now, as that reading gave it: a
    European file's text (summary, other party) decoded as GBK and the account after the other party's name (any
    format); and, only when both readings are of an MT940/942 file (``swift``), a codeword for a reference, "KREF+" in front of it, the IBAN in front of the name, the statement's own
    :86: after the last line's. Those MT940 forms would merge two real payments of other formats that differ only
    there (a serial "EF", a summary with a tail), so they are not read elsewhere."""
    if swift and name == "serial":
        return before in _CODEWORD_REFERENCES or (before.startswith("kref+") and before[5:].strip() == now)
    if swift and name == "counterparty_name":
        return before.endswith(now) and _ACCOUNT_IN_FRONT.fullmatch(before[: len(before) - len(now)]) is not None
    if name == "counterparty_name" and before.startswith(now):
        rest = before[len(now) :]
        if _ACCOUNT_AFTER.fullmatch(rest) or (_GLUED_AFTER.search(now) and _GLUED_ACCOUNT.fullmatch(rest)):
            return True
    if name in ("summary", "counterparty_name"):
        if swift and name == "summary" and before.startswith(now + " "):
            return True
        for encoding in _SINGLE_BYTE:
            try:
                if _said(before.encode("gb18030").decode(encoding)) == now:
                    return True
            except UnicodeError:
                continue
    return False


def same_line(row: Row, line: ParsedLine, texts: tuple[str, ...], balances: bool, swift: bool = False) -> bool:
    """Whether ``line`` (of a day, direction and amount the stored ``row`` has) is that row read again, by the same or
    an earlier parser: no field the fingerprint reads disagrees where both readings say something. ``balances``: a
    running balance on both sides must agree too (a bank's; a journal's changes when an earlier entry is corrected)."""
    _pk, _fp, balance, *stored = row
    if balances and balance is not None and line.balance is not None and balance != line.balance:
        return False
    for name, before in zip(texts, stored, strict=True):
        before, now = _said(before), _said(getattr(line, name))
        if (
            before
            and now
            and before != now
            and not (texts is BANK_TEXTS and _earlier_bank_text(name, before, now, swift))
            # A journal's 凭证号 stored alone before its 凭证字 was read with it ("12", now "记-12"), or stored with it
            # and exported again without the word's column ("记-12", now "12").
            and not (texts is JOURNAL_TEXTS and name == "serial" and one_voucher(before, now))
        ):
            return False
    return True


def _pair(
    lines: list[ParsedLine],
    rows: Iterable[Row],
    key_of: dict[int, Key],
    texts: tuple[str, ...],
    balances: bool,
    swift: bool = False,
) -> dict[int, Row]:
    by_key: dict[Key, list[Row]] = defaultdict(list)
    for row in rows:
        by_key[key_of[row[0]]].append(row)
    found: dict[int, Row] = {}
    for index, line in enumerate(lines):
        pool = by_key.get((line.booking_date, line.direction, line.amount), [])
        same = next((row for row in pool if same_line(row, line, texts, balances, swift)), None)
        if same is not None:
            pool.remove(same)  # each stored line answers for one line of the file
            found[index] = same
    return found


def _rows(rows: QuerySet[Any], wanted: set[Key], texts: tuple[str, ...], keep: Any) -> tuple[list[Row], dict]:
    """The stored rows of the days, directions and amounts ``wanted`` that ``keep(pk, fingerprint)`` allows."""
    out, key_of = [], {}
    values = rows.order_by("booking_date", "pk").values_list(
        "booking_date", "direction", "amount", "pk", "fingerprint", "balance", *texts
    )
    days = sorted({day for day, _, _ in wanted})
    for day, direction, amount, *rest in values.filter(booking_date__in=days).iterator(chunk_size=10_000):
        if (day, direction, amount) in wanted and keep(rest[0], rest[1]):
            key_of[rest[0]] = (day, direction, amount)
            out.append(tuple(rest))
    return out, key_of


def earlier_reads(
    account: BankAccount, lines: list[ParsedLine], claimed: set[str], swift: bool = False
) -> dict[int, str]:
    """The bank lines of ``lines`` (by their index) the account already has under another fingerprint, with that
    stored fingerprint. ``claimed``: fingerprints this file matched exactly (those lines answer for themselves);
    ``swift``: the file is an MT940/942, whose earlier readings' own forms are recognised too."""
    if not lines:
        return {}
    wanted: set[Key] = {(line.booking_date, line.direction, line.amount) for line in lines}
    live = BankLine.objects.live().filter(account=account)
    rows, key_of = _rows(live, wanted, BANK_TEXTS, lambda _pk, fp: fp not in claimed)
    return {index: row[1] for index, row in _pair(lines, rows, key_of, BANK_TEXTS, True, swift).items()}


def earlier_entries(lines: list[ParsedLine], entries: QuerySet[Any], leaving: set[int]) -> dict[int, int]:
    """The journal entries of ``lines`` (by their index) that are, read again, one of the stored ``entries`` whose
    ids are in ``leaving`` (those a re-export would retire: no line of it has their fingerprint), with that id."""
    if not lines or not leaving:
        return {}
    wanted: set[Key] = {(line.booking_date, line.direction, line.amount) for line in lines}
    rows, key_of = _rows(entries, wanted, JOURNAL_TEXTS, lambda pk, _fp: pk in leaving)
    return {index: row[0] for index, row in _pair(lines, rows, key_of, JOURNAL_TEXTS, False).items()}
