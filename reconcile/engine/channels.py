"""How a payment was made, read from the words of a line: an instant channel (FPS / 转数快, PayMe, WeChat Pay,
Alipay), a wire (TT, 电汇), or a cheque; and a journal's daily takings total of one channel (门市转数快收款汇总 01/05).

Two lines that name different ways of paying are different payments: a receipt the books record as a cheque (收货款
支票) is paid in on a deposit slip, never credited as a customer's FPS transfer, and a payment made by cheque clears
as a cheque, not as an FPS debit. A takings total of a day holds the instant receipts of that day (and the days just
before it), never one credited after it.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from .distinct import distinct
from .fields import names_a_cheque, reference_in_text
from .normalize import Side
from .state import State
from .types import Line

# Instant channels: a receipt is credited the moment it is paid, so the bank line's date is the takings day.
_CHANNELS = (
    ("fps", re.compile(r"转数快|轉數快|\bFPS\b", re.IGNORECASE)),
    ("payme", re.compile(r"\bPAYME\b", re.IGNORECASE)),
    ("wechat", re.compile(r"微信|WECHAT\s*PAY", re.IGNORECASE)),
    ("alipay", re.compile(r"支付宝|支付寶|ALIPAY", re.IGNORECASE)),
)
# A telegraphic transfer (wire).
_WIRE = re.compile(r"\bTT\s*(?:IN|OUT)\b|电汇|電匯|TELEGRAPHIC|\bWIRE\b", re.IGNORECASE)
# The entry says it is a total: 汇总, 合计, 总额, 小计, "total", "summary", "takings".
_TOTAL = re.compile(r"汇总|匯總|合计|合計|总额|總額|小计|小計|\bTOTAL\b|\bSUMMARY\b|\bTAKINGS\b", re.IGNORECASE)
_STAMP = re.compile(r"(\d{1,2})月(\d{1,2})日|(?<![\d./-])(\d{1,2})/(\d{1,2})(?![\d./-])")
# Every word the flags below look for, as a first test only, in the upper-cased text (an alternation that ignores
# case is several times slower over a million distinct texts). PayMe only in a takings total.
_ANY = (
    "支票", "转数快", "轉數快", "微信", "支付宝", "支付寶", "电汇", "電匯", "CHEQUE", "CHQ", "CHECK #", "CHECK#", "CHECK NO",
    "FPS", "WECHAT", "ALIPAY", "TT ", "TELEGRAPHIC", "WIRE", "汇总", "匯總", "合计", "合計", "TOTAL", "SUMMARY", "TAKINGS",
)  # fmt: skip


_ANY_WORD = re.compile("|".join(map(re.escape, _ANY)))  # case-sensitive, on the upper-cased text: the fast way


_CHEQUE, _TRANSFER, _INSTANT, _TAKINGS = 1, 2, 4, 8


def channel_of(text: str) -> str:
    """The instant channel a text names, or ""."""
    for name, pattern in _CHANNELS:
        if pattern.search(text):
            return name
    return ""


def takings_day(text: str, booked: dt.date) -> dt.date | None:
    """The day a takings summary names, or None. 5月1日 is month and day; 01/02 is read both ways (a mainland
    bookkeeper writes month/day, a Hong Kong one day/month), each in the year nearest the booking, and counts only
    when one reading alone lies within a week of the booking (a summary booked for a day further away is not that
    day's total; two readings that both fit decide nothing)."""
    found = _STAMP.search(text)
    if found is None:
        return None
    if found.group(1):
        readings = [(int(found.group(1)), int(found.group(2)))]
    else:
        first, second = int(found.group(3)), int(found.group(4))
        readings = [(first, second), (second, first)]
    near = {stamp for month, day in readings if (stamp := _nearest(month, day, booked)) is not None}
    return near.pop() if len(near) == 1 else None


def _nearest(month: int, day: int, booked: dt.date) -> dt.date | None:
    """``month``/``day`` in the year nearest ``booked``, when that is within a week of it."""
    best: dt.date | None = None
    for year in (booked.year - 1, booked.year, booked.year + 1):
        try:
            stamp = dt.date(year, month, day)
        except ValueError:
            return None
        if best is None or abs((stamp - booked).days) < abs((best - booked).days):
            best = stamp
    return best if best is not None and abs((best - booked).days) <= 7 else None


def takings_summary(text: str) -> str:
    """The channel a daily takings summary names, or "" when the text is not one."""
    if not text or not _TOTAL.search(text):
        return ""
    return channel_of(text)


def _cheque_number(line: Line) -> str:
    """The cheque number a line names (in its text, else a reference of digits alone), without leading zeros."""
    number = reference_in_text(line.text) or (line.reference.strip() if line.reference.strip().isdigit() else "")
    return number.lstrip("0") if number.isdigit() else number.upper()


def _flags_of(text: str) -> int:
    """A cheque (and no transfer word), a transfer (FPS or a wire, and no cheque word), an instant channel, a takings
    total of a day: the ways of paying a text names, as bits."""
    cheque, instant = names_a_cheque(text), bool(channel_of(text))
    transfer = instant or _WIRE.search(text) is not None
    flags = (_CHEQUE if cheque and not transfer else 0) | (_TRANSFER if transfer and not cheque else 0)
    if instant:
        flags |= _INSTANT | (_TAKINGS if _TOTAL.search(text) and _STAMP.search(text) else 0)
    return flags


def _text_flags(side: Side, codes: np.ndarray) -> np.ndarray:
    """``_flags_of`` per line, read once per distinct text of the side when a pair asks (kept on the side, -1 = not
    read yet). Most texts never meet a pair's checks; those that do and name no way of paying at all (most of them)
    cost one search of the upper-cased text for any of the words (``_ANY_WORD``)."""
    texts = side.texts
    flags: np.ndarray | None = side.__dict__.get("_channel_flags")
    if flags is None:
        flags = side.__dict__["_channel_flags"] = np.full(len(texts), -1, dtype=np.int8)
    unread = distinct(codes[flags[codes] < 0]).tolist()
    if unread:
        naming = map(_ANY_WORD.search, map(str.upper, map(texts.__getitem__, unread)))
        flags[unread] = [_flags_of(texts[c]) if found else 0 for c, found in zip(unread, naming)]
    return flags[codes]  # type: ignore[no-any-return]


def channel_conflict(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair: the two lines name different ways of paying (a cheque against FPS or a wire, an instant channel's
    takings against a wire or a cheque, two cheques of different numbers), or the journal's daily takings total is of
    a day before the bank line's."""
    if b.size == 0:
        return np.zeros(0, dtype=bool)
    fb, fj = _text_flags(bank, bank.text_code[b]), _text_flags(journal, journal.text_code[j])
    conflict = (((fb & _CHEQUE) > 0) & ((fj & _TRANSFER) > 0)) | (((fb & _TRANSFER) > 0) & ((fj & _CHEQUE) > 0))
    # An instant channel's takings are not a wire's or a cheque's credit.
    conflict |= ((fj & _TAKINGS) > 0) & ((fb & (_CHEQUE | _TRANSFER)) > 0) & ((fb & _INSTANT) == 0)
    # Two cheques with different numbers are two cheques.
    for k in np.flatnonzero(((fb & _CHEQUE) > 0) & ((fj & _CHEQUE) > 0) & ~conflict).tolist():
        theirs, ours = _cheque_number(bank.lines[int(b[k])]), _cheque_number(journal.lines[int(j[k])])
        if theirs and ours and theirs != ours:
            conflict[k] = True
    for k in np.flatnonzero((fj & _TAKINGS) > 0).tolist():
        entry, line = journal.lines[int(j[k])], bank.lines[int(b[k])]
        stamp = takings_day(entry.text, entry.date)
        if stamp is not None and line.date > stamp:
            conflict[k] = True
    return conflict


def late_cheques(st: State, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair (already the only lines of their amount on both sides over ``reference_days``): the bank line is a
    cheque presented on or after the day of the entry, naming no party, and the entry names no transfer and no cheque
    number of its own (a different number would have said another cheque). A cheque clears days or weeks after it
    was written, so the window says nothing against it; the amount alone over weeks does the telling."""
    bank, journal = st.bank, st.journal
    if b.size == 0:
        return np.zeros(0, dtype=bool)
    fb, fj = _text_flags(bank, bank.text_code[b]), _text_flags(journal, journal.text_code[j])
    ok = ((fb & _CHEQUE) > 0) & ((fj & (_TRANSFER | _TAKINGS)) == 0)
    ok &= (bank.cp_code[b] == 0) & (bank.day[b] >= journal.day[j])
    for k in np.flatnonzero(ok).tolist():
        entry = journal.lines[int(j[k])]
        if reference_in_text(entry.text) or entry.reference.strip().isdigit():
            ok[k] = False
    return ok  # type: ignore[no-any-return]
