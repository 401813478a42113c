"""ERP journal specifics (银行存款日记账): direction words, year/month/day columns, balance side.

The journal is the company's asset account: 借 (debit) = money IN, 贷 (credit) = money OUT. The bank
statement is the bank's view of the same account: 借 = OUT, 贷 = IN. Converted here, once.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .amounts import parse_amount_text
from .errors import Code, RowProblem
from .messages import msg
from .text import Cell, cell_text, nfkc
from .types import IN, OUT, Direction, Kind

_BANK_FLAGS: dict[str, Direction] = {
    "借": OUT,
    "借方": OUT,
    "d": OUT,
    "dr": OUT,
    "debit": OUT,
    "支": OUT,
    "支出": OUT,
    "出": OUT,
    "付": OUT,
    "付款": OUT,
    "转出": OUT,
    "-": OUT,
    "往账": OUT,
    "付出": OUT,
    "取出": OUT,
    "支取": OUT,
    "贷": IN,
    "贷方": IN,
    "c": IN,
    "cr": IN,
    "credit": IN,
    "收": IN,
    "收入": IN,
    "入": IN,
    "收款": IN,
    "转入": IN,
    "+": IN,
    "来账": IN,
    "存入": IN,
    # Dutch (ING: Af / Bij) and German (S / H for Soll / Haben: the bank account's debit is money out)
    "af": OUT,
    "bij": IN,
    "s": OUT,
    "soll": OUT,
    "h": IN,
    "haben": IN,
}
_JOURNAL_FLAGS: dict[str, Direction] = {
    **_BANK_FLAGS,
    "借": IN,
    "借方": IN,
    "d": IN,
    "dr": IN,
    "debit": IN,
    "贷": OUT,
    "贷方": OUT,
    "c": OUT,
    "cr": OUT,
    "credit": OUT,
    "s": IN,
    "soll": IN,
    "h": OUT,
    "haben": OUT,
}


def flag_direction(value: Cell, kind: Kind, custom: dict[str, Direction] | None) -> Direction:
    text = nfkc(cell_text(value)).strip().lower()
    if custom:
        hit = custom.get(text) or custom.get(cell_text(value).strip())
        if hit:
            return hit
    table = _BANK_FLAGS if kind == "bank" else _JOURNAL_FLAGS
    hit = table.get(text)
    if hit is None:
        hit = _bilingual_flag(text, table)
    if hit is None:
        if text in {"0", "1", "2"}:
            raise RowProblem(Code.BAD_DIRECTION, msg("direction.numeric_flag"))
        if text in _NEUTRAL:
            raise RowProblem(Code.BAD_DIRECTION, msg("direction.neutral"))
        raise RowProblem(Code.BAD_DIRECTION, msg("direction.unknown_flag"))
    return hit


# A payment app's personal bill (微信 收/支 "/", 中性交易; 支付宝 不计收支): payments made from several cards and balances,
# some not in or out of any one account. Said as such, with what to upload instead.
_NEUTRAL = {"/", "不计收支", "中性交易"}


_FLAG_PARTS = re.compile(r"[\s/()（）]+")


def _bilingual_flag(text: str, table: dict[str, Direction]) -> Direction | None:
    """A flag written in two languages, `借 Dr`, `贷/Cr`, `Cr(贷)` (交通银行): the direction its parts agree on."""
    parts = [p for p in _FLAG_PARTS.split(text) if p]
    found = {table.get(p) for p in parts}
    if len(parts) < 2 or None in found or len(found) != 1:
        return None
    return found.pop()


def side_direction(column_field: str, kind: Kind) -> Direction:
    """Which way a positive amount in a debit/credit/in/out column moves money."""
    if column_field == "in_amount":
        return IN
    if column_field == "out_amount":
        return OUT
    if column_field == "debit":
        return OUT if kind == "bank" else IN
    return IN if kind == "bank" else OUT  # credit


def apply_balance_side(balance: Decimal, side: Cell) -> Decimal:
    """Journal 方向 column: 借 = positive balance of the asset account, 贷 = negative (overdraft), 平 = zero."""
    text = nfkc(cell_text(side)).strip()
    if text in ("", "借", "借方", "d", "D"):
        return balance
    if text in ("贷", "贷方", "c", "C"):
        return -balance
    if text == "平":
        if balance != 0:
            raise RowProblem(Code.BALANCE_MISMATCH, msg("balance.side_even_not_zero"))
        return balance
    raise RowProblem(Code.BAD_DIRECTION, msg("balance.side_unknown"))


# A balance written with its side in its cell: 金蝶 / 用友 reports' `借 1,000.00` or `1,000.00 借`, an English bank's
# `1,000.00 CR` (in credit) or `Dr 500.00` (overdrawn). Dr / Cr stand alone, not inside a word.
_SIDE = r"借方|贷方|借|贷|平|(?<![a-z])(?:dr|cr)\.?(?![a-z])"
_SIDE_FIRST = re.compile(rf"({_SIDE})\s*(.*)", re.IGNORECASE | re.DOTALL)
_SIDE_LAST = re.compile(rf"(.*?)\s*({_SIDE})", re.IGNORECASE | re.DOTALL)
_DEBIT_SIDES = frozenset({"借", "借方", "dr"})


def balance_with_side(text: str, kind: Kind, *, decimal_comma: bool = False) -> Decimal | None:
    """The signed balance of a cell that writes its side with the number, None when the cell writes no side. Signed as
    a side column is (``apply_balance_side``): in a journal, the company's books of an asset account, 借 / Dr is a
    positive balance and 贷 / Cr an overdraft; a bank statement is the bank's view of the account (the flags' rule
    above), so there Cr (in credit) is positive and Dr (overdrawn) negative. 平 (even) is zero."""
    t = nfkc(text).strip()
    if m := _SIDE_FIRST.fullmatch(t):
        side, number = m.group(1), m.group(2)
    elif m := _SIDE_LAST.fullmatch(t):
        number, side = m.group(1), m.group(2)
    else:
        return None
    try:
        value = parse_amount_text(number, decimal_comma=decimal_comma) if number else None
    except RowProblem:
        value = None
    if value is None or value < 0:  # no number, or a minus beside a side: which one says the sign?
        raise RowProblem(Code.BAD_AMOUNT, msg("balance.side_unreadable"))
    side = side.lower().rstrip(".")
    if side == "平":
        if value != 0:
            raise RowProblem(Code.BALANCE_MISMATCH, msg("balance.side_even_not_zero"))
        return value
    positive = (side in _DEBIT_SIDES) == (kind != "bank")
    return value if positive else -value


_WHOLE = re.compile(r"(\d{1,2})(?:\.0+)?")  # `10` or `10.0` (an Excel number cell); never `10.5`


def _day_or_month(text: str) -> int:
    m = _WHOLE.fullmatch(text)
    if m is None:
        raise ValueError(text)
    return int(m.group(1))


def ymd_date(year: Cell, month: Cell, day: Cell, year_hint: int | None) -> date | None:
    m_text, d_text = cell_text(month), cell_text(day)
    if not m_text and not d_text:
        return None
    y_text = cell_text(year) if year not in (None, "") else ""
    y = int(y_text) if y_text.isdecimal() and y_text.isascii() else year_hint
    if y is None:
        raise RowProblem(Code.MISSING_VALUE, msg("date.no_year"))
    try:
        return date(int(y), _day_or_month(m_text), _day_or_month(d_text))
    except (ValueError, OverflowError) as exc:
        raise RowProblem(Code.BAD_DATE, msg("date.bad_ymd")) from exc
