"""Turning public ``Line`` lists into compact parallel arrays.

Everything the hot path needs (cents, direction, working-day ordinal) goes
into numpy arrays once; the text fields stay on the original NamedTuples and
are read lazily, only for the lines that reach the scoring stages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, Inexact, InvalidOperation, localcontext
from typing import Callable, Sequence

import numpy as np

from .types import IN, OUT, CalendarLike, Line

_HUNDRED = Decimal(100)


@dataclass
class Side:
    """Parallel arrays for one side (bank or journal), index = input position."""

    lines: Sequence[Line]
    ids: list[str]
    cents: np.ndarray  # int64, > 0
    dirn: np.ndarray  # int8: 1 = in, 0 = out
    day: np.ndarray  # int64 working-day ordinal
    _codes: dict[str, tuple[np.ndarray, list[str]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)

    def codes(self, field_no: int) -> tuple[np.ndarray, list[str]]:
        """Integer code per line for a text field (5 counterparty, 6 text) and the
        distinct values; code 0 is always "".  Built with C-level ``map`` over
        the distinct strings, so millions of lines cost a few hundred ms.
        """
        got = self._codes.get(str(field_no))
        if got is None:
            values = [line[field_no] for line in self.lines]
            distinct = [""] + [v for v in dict.fromkeys(values) if v]
            lookup = {v: k for k, v in enumerate(distinct)}
            arr = np.fromiter(map(lookup.__getitem__, values), dtype=np.int32, count=len(values))
            got = self._codes[str(field_no)] = (arr, distinct)
        return got

    def categories(self) -> np.ndarray:
        """Summary category code per line (0 unknown), see ``CATEGORY_CODES``."""
        arr, distinct = self.codes(6)
        table = np.array([CATEGORY_CODES[text_category(t)] for t in distinct], dtype=np.int8)
        return table[arr]


def day_mapper(calendar: CalendarLike) -> Callable[[dt.date], int]:
    """Working-day ordinal function; plain calendar days when no calendar."""
    if calendar is None:
        return dt.date.toordinal
    method = getattr(calendar, "ordinal", None)
    if callable(method):
        return method  # type: ignore[no-any-return]
    if callable(calendar):
        return calendar
    raise TypeError("calendar must be a callable date -> int or have an ordinal(date) method")


def _bad_amount(line: Line) -> ValueError:
    return ValueError(
        f"line {line.id!r}: amount {line.amount!r} must be a positive Decimal with at most 2 decimal places"
    )


def _cents_slow(lines: Sequence[Line]) -> list[int]:
    """Per-line validation; only run when the fast path saw a problem, to name the line."""
    out: list[int] = []
    with localcontext() as ctx:
        ctx.prec = 60
        ctx.traps[Inexact] = True
        for line in lines:
            amount = line.amount
            if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
                raise _bad_amount(line)
            try:
                scaled = Decimal(amount) * _HUNDRED
                cents = int(scaled)
            except (ArithmeticError, ValueError, OverflowError):
                raise _bad_amount(line) from None
            if cents != scaled or cents <= 0:
                raise _bad_amount(line)
            out.append(cents)
    return out


def to_cents(lines: Sequence[Line]) -> np.ndarray:
    """Amounts as int64 cents; ValueError naming the first bad line.

    Fast path: scale every amount in a context that traps Inexact, truncate
    to int, and compare the sums. Truncation of a positive value only ever
    loses, so equal sums prove every amount was whole cents.  Trailing zeros
    (``Decimal("1.500")``) are accepted: the value is still exact to the cent.
    """
    amounts = [line[2] for line in lines]
    try:
        with localcontext() as ctx:
            ctx.prec = 60
            ctx.traps[Inexact] = True
            scaled = [a * _HUNDRED for a in amounts]
            ints = [int(s) for s in scaled]
            exact = sum(scaled) == sum(ints)
        ok = exact and all(type(a) is Decimal for a in amounts)
    except (TypeError, ArithmeticError, ValueError, OverflowError, InvalidOperation):
        ok = False
    if not ok:
        ints = _cents_slow(lines)
    arr = np.fromiter(ints, dtype=np.int64, count=len(ints)) if ints else np.zeros(0, np.int64)
    if arr.size and int(arr.min()) <= 0:
        raise _bad_amount(lines[int(np.argmin(arr))])
    return arr


def to_side(lines: Sequence[Line], day_of: Callable[[dt.date], int], side: str) -> Side:
    ids = [line[0] for line in lines]
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        for i in ids:
            if i in seen:
                raise ValueError(f"duplicate {side} line id {i!r}")
            seen.add(i)
    directions = [line[3] for line in lines]
    if not set(directions) <= {IN, OUT}:
        bad = next(line for line in lines if line[3] not in (IN, OUT))
        raise ValueError(f"line {bad.id!r}: direction must be 'in' or 'out', not {bad.direction!r}")
    cents = to_cents(lines)
    dates = [line[1] for line in lines]
    # Few distinct dates: ask the (possibly slow) calendar once per date.
    ordinal: dict[dt.date, int] = {}
    for d in dict.fromkeys(dates):
        if not isinstance(d, dt.date):
            bad = next(line for line in lines if line[1] is d)
            raise ValueError(f"line {bad.id!r}: date must be a datetime.date, not {d!r}")
        ordinal[d] = int(day_of(d))
    n = len(lines)
    day = np.fromiter((ordinal[d] for d in dates), dtype=np.int64, count=n)
    dirn = np.fromiter((d == IN for d in directions), dtype=np.int8, count=n)
    return Side(lines=lines, ids=ids, cents=cents, dirn=dirn, day=day)


# --- references -----------------------------------------------------------

# Separators people and banks sprinkle into the same number: spaces (also
# full-width), dashes, slashes, dots, colons.
_REF_DELETE = str.maketrans("", "", " \t\r\n\u3000-_/\\.:：#,，")
_REF_PREFIXES = ("NO", "REF", "支票号", "支票", "票号", "凭证号", "流水号", "业务编号", "交易流水")
MIN_REF_LEN = 4


def norm_refs(raws: list[str]) -> list[str]:
    """``norm_ref`` over many references, with the numeric case inlined (hot path)."""
    table = _REF_DELETE
    out = []
    for raw in raws:
        ref = raw.translate(table)
        if ref.isdigit():
            ref = ref.lstrip("0")
            out.append(ref if len(ref) >= MIN_REF_LEN else "")
        else:
            out.append(norm_ref(raw))
    return out


def norm_ref(raw: str) -> str:
    """Canonical reference, or "" when too short to be evidence.

    Case, whitespace and separators are dropped; a purely numeric reference
    loses its leading zeros (banks zero-pad serials to a fixed width, ERPs do
    not). Alphanumeric ones keep them: "A0012" and "A12" may be different.
    """
    if not raw:
        return ""
    ref = raw.translate(_REF_DELETE)
    if ref.isdigit():  # the common case, kept fast
        ref = ref.lstrip("0")
        return ref if len(ref) >= MIN_REF_LEN else ""
    ref = ref.upper()
    for prefix in _REF_PREFIXES:
        if ref.startswith(prefix) and len(ref) > len(prefix):
            ref = ref[len(prefix) :]
            break
    if ref.isdigit():
        ref = ref.lstrip("0")
    return ref if len(ref) >= MIN_REF_LEN else ""


# --- summaries (摘要) -------------------------------------------------------

# Ordered: the first matching category wins ("代发工资手续费" is a fee).
_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fee", ("手续费", "服务费", "汇费", "工本费", "年费", "账户管理费", "FEE")),
    ("interest", ("结息", "利息", "INTEREST")),
    ("payroll", ("工资", "代发", "薪", "奖金", "PAYROLL", "SALARY")),
    ("pos", ("POS", "刷卡", "银联", "商户", "收单", "清算")),
    ("expense", ("报销", "差旅", "备用金")),
    ("tax", ("税",)),
    ("social", ("社保", "公积金", "医保")),
    ("rent", ("租金", "房租", "物业")),
    ("goods", ("货款", "采购", "销售", "往来", "预付", "预收", "应付", "应收")),
)

CATEGORY_CODES = {"": 0} | {name: k + 1 for k, (name, _w) in enumerate(_CATEGORIES)}
_category_cache: dict[str, str] = {}


def text_category(text: str) -> str:
    """Coarse category of a summary ("" when unknown); cached per string."""
    cat = _category_cache.get(text)
    if cat is None:
        if not text:
            return ""
        upper = text.upper()
        cat = next((name for name, words in _CATEGORIES if any(w in upper for w in words)), "")
        if len(_category_cache) < 200_000:
            _category_cache[text] = cat
    return cat
