"""Turning public ``Line`` lists into one columnar ``Side`` per input.

The input is transposed once (``zip(*lines)``: one C-level pass instead of
one Python loop per field), numbers go into numpy arrays, and every derived
per-line value a stage needs (id rank, counterparty / summary / reference
codes, summary category) is computed once per *distinct* string and then
shared by all stages.  Stages never touch the ``Line`` objects again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, Inexact, InvalidOperation, localcontext
from functools import cached_property
from itertools import count, islice, repeat
from operator import eq
from typing import Callable, Sequence

import numpy as np

from .names import core_name
from .types import IN, OUT, CalendarLike, Line

_HUNDRED = Decimal(100)
_DIRECTION_CODE = {IN: 1, OUT: 0}


class Side:
    """Parallel columns for one side (bank or journal), index = input position."""

    def __init__(self, lines: Sequence[Line], side: str, day_of: Callable[[dt.date], int]) -> None:
        n = len(lines)
        cols: list[tuple] = list(zip(*lines)) if n else [()] * 7  # type: ignore[list-item]
        if len(cols) != 7:
            raise ValueError(f"{side} lines must be Line tuples of 7 fields")
        ids, dates, amounts, directions, refs, cps, texts = cols
        self.lines = lines
        self.ids: tuple[str, ...] = ids
        self.refs: tuple[str, ...] = refs
        self.cps: tuple[str, ...] = cps
        self.texts: tuple[str, ...] = texts
        self.rank = _id_rank(ids, side)
        if not set(directions) <= {IN, OUT}:
            bad = next(line for line in lines if line[3] not in (IN, OUT))
            raise ValueError(f"line {bad.id!r}: direction must be 'in' or 'out', not {bad.direction!r}")
        self.cents = to_cents(lines, amounts)
        self.day = _day_ordinals(lines, dates, day_of)
        self.dirn = np.fromiter(map(_DIRECTION_CODE.__getitem__, directions), dtype=np.int8, count=n)
        self.ref_id = np.zeros(n, dtype=np.int64)  # filled by ``intern_refs`` (0 = no usable reference)
        self.grams_cache: dict[int, frozenset[str]] = {}  # counterparty code -> core bigrams

    def __len__(self) -> int:
        return len(self.ids)

    # Python-list views: per-element reads in the remaining Python loops are
    # ~5x cheaper on a list than on a numpy array.
    @cached_property
    def day_l(self) -> list[int]:
        return self.day.tolist()  # type: ignore[no-any-return]

    @cached_property
    def cents_l(self) -> list[int]:
        return self.cents.tolist()  # type: ignore[no-any-return]

    @cached_property
    def dirn_l(self) -> list[int]:
        return self.dirn.tolist()  # type: ignore[no-any-return]

    @cached_property
    def rank_l(self) -> list[int]:
        return self.rank.tolist()  # type: ignore[no-any-return]

    @cached_property
    def key(self) -> np.ndarray:
        """Amount and direction in one int64: ``cents * 2 + direction``."""
        return self.cents * 2 + self.dirn

    @cached_property
    def _cp(self) -> tuple[np.ndarray, list[str]]:
        return _codes(self.cps)

    @property
    def cp_code(self) -> np.ndarray:
        """Counterparty code per line (int32, 0 = empty) into ``cp_names``."""
        return self._cp[0]

    @property
    def cp_names(self) -> list[str]:
        return self._cp[1]

    @cached_property
    def _text(self) -> tuple[np.ndarray, list[str]]:
        return _codes(self.texts)

    @cached_property
    def cat(self) -> np.ndarray:
        """Summary category code per line (int8, 0 unknown), see ``CATEGORY_CODES``."""
        codes, distinct = self._text
        table = np.fromiter(
            (CATEGORY_CODES[text_category(t)] for t in distinct), dtype=np.int8, count=len(distinct)
        )
        return table[codes]  # type: ignore[no-any-return]

    @cached_property
    def cat_l(self) -> list[int]:
        return self.cat.tolist()  # type: ignore[no-any-return]

    @cached_property
    def cores(self) -> list[str]:
        """Name core per counterparty code ("" for code 0)."""
        return [core_name(name) if name else "" for name in self.cp_names]

    @cached_property
    def _core_ids(self) -> tuple[np.ndarray, list[str]]:
        table: dict[str, int] = {}
        ids = [table.setdefault(c, len(table)) for c in self.cores]
        return np.array(ids, dtype=np.int64), list(table)

    @property
    def core_id(self) -> np.ndarray:
        """Interned core id per counterparty code (equal cores, equal ids) into ``core_strs``."""
        return self._core_ids[0]

    @property
    def core_strs(self) -> list[str]:
        return self._core_ids[1]


def _codes(values: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """Integer code per value and the distinct values (first-seen order); code 0 is always "".

    One C-level pass: ``setdefault`` with a running counter hands each new
    value the position where it was first seen; ``searchsorted`` then
    compacts those sparse codes to 0..distinct-1.
    """
    table: dict[str, int] = {"": 0}
    sparse = np.fromiter(map(table.setdefault, values, count(1)), dtype=np.int64, count=len(values))
    firsts = np.fromiter(table.values(), dtype=np.int64, count=len(table))  # ascending
    return np.searchsorted(firsts, sparse).astype(np.int32), list(table)


_MAX_NUMPY_ID = 64  # longer ids would make the fixed-width numpy copy too big


def _id_rank(ids: tuple[str, ...], side: str) -> np.ndarray:
    """Position of each line in id order; raises on a duplicate id.

    Sorting (instead of a set) gives both the duplicate check and the rank
    that every later tie-break and the output order use.  Short string ids
    are sorted as a fixed-width numpy array (code-point order, like str).
    """
    n = len(ids)
    order: np.ndarray | None = None
    if n and all(type(i) is str for i in ids[:1]) and max(map(len, ids)) <= _MAX_NUMPY_ID:
        arr = np.array(ids)
        if arr.dtype.kind == "U":
            order = np.argsort(arr, kind="stable")
            ordered = arr[order]
            if bool((ordered[1:] == ordered[:-1]).any()):
                order = None  # a duplicate, or ids numpy cannot tell apart (trailing NULs)
    if order is None:
        py_order = sorted(range(n), key=ids.__getitem__)
        in_order = list(map(ids.__getitem__, py_order))
        if any(map(eq, in_order, islice(in_order, 1, None))):
            seen: set[str] = set()
            for i in ids:  # report the first duplicate in input order
                if i in seen:
                    raise ValueError(f"duplicate {side} line id {i!r}")
                seen.add(i)
        order = np.fromiter(py_order, dtype=np.int64, count=n)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    return rank


def _day_ordinals(lines: Sequence[Line], dates: tuple, day_of: Callable[[dt.date], int]) -> np.ndarray:
    # Few distinct dates: ask the (possibly slow) calendar once per date.
    ordinal: dict[dt.date, int] = {}
    for d in dict.fromkeys(dates):
        if not isinstance(d, dt.date):
            bad = next(line for line in lines if line[1] is d)
            raise ValueError(f"line {bad.id!r}: date must be a datetime.date, not {d!r}")
        ordinal[d] = int(day_of(d))
    return np.fromiter(map(ordinal.__getitem__, dates), dtype=np.int64, count=len(dates))


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


def to_cents(lines: Sequence[Line], amounts: tuple | None = None) -> np.ndarray:
    """Amounts as int64 cents; ValueError naming the first bad line.

    Fast path: scale every amount in a context that traps Inexact, truncate
    to int, and compare the sums. Truncation of a positive value only ever
    loses, so equal sums prove every amount was whole cents.  Trailing zeros
    (``Decimal("1.500")``) are accepted: the value is still exact to the cent.
    ``map`` over the bound C methods keeps the per-line cost in C.
    """
    if amounts is None:
        amounts = tuple(line[2] for line in lines)
    ints: list[int] = []
    try:
        ok = set(map(type, amounts)) <= {Decimal}
        if ok:
            with localcontext() as ctx:
                ctx.prec = 60
                ctx.traps[Inexact] = True
                scaled = list(map(_HUNDRED.__mul__, amounts))
                ints = list(map(int, scaled))
                ok = sum(scaled) == sum(ints)
    except (TypeError, ArithmeticError, ValueError, OverflowError, InvalidOperation):
        ok = False
    if not ok:
        ints = _cents_slow(lines)
    arr = np.fromiter(ints, dtype=np.int64, count=len(ints)) if ints else np.zeros(0, np.int64)
    if arr.size and int(arr.min()) <= 0:
        raise _bad_amount(lines[int(np.argmin(arr))])
    return arr


# --- references -----------------------------------------------------------

# Separators people and banks sprinkle into the same number: spaces (also
# full-width), dashes, slashes, dots, colons.
_REF_DELETE = str.maketrans("", "", " \t\r\n\u3000-_/\\.:：#,，")
_REF_PREFIXES = ("NO", "REF", "支票号", "支票", "票号", "凭证号", "流水号", "业务编号", "交易流水")
MIN_REF_LEN = 4


def norm_refs(raws: Sequence[str]) -> list[str]:
    """``norm_ref`` over many references (hot path: every line with one).

    The common shapes are handled by C-level ``map`` passes (pure digits:
    strip leading zeros; separators: translate first); only references that
    are still not numeric go through the per-item prefix logic.
    """
    cleaned = list(map(str.translate, raws, repeat(_REF_DELETE)))
    out = list(map(str.lstrip, cleaned, repeat("0")))  # right for the numeric ones
    numeric = np.fromiter(map(str.isdigit, cleaned), dtype=bool, count=len(cleaned))
    for k in np.flatnonzero(~numeric).tolist():
        out[k] = _norm_alnum(cleaned[k])
    too_short = np.fromiter(map(len, out), dtype=np.int64, count=len(out)) < MIN_REF_LEN
    for k in np.flatnonzero(too_short).tolist():
        out[k] = ""
    return out


def _norm_alnum(ref: str) -> str:
    """Separators already removed, not purely numeric: case and known prefixes."""
    ref = ref.upper()
    if ref.startswith(_REF_PREFIXES):  # one C call rules out the prefix loop for most
        for prefix in _REF_PREFIXES:
            if ref.startswith(prefix) and len(ref) > len(prefix):
                ref = ref[len(prefix) :]
                break
    if ref.isdigit():
        ref = ref.lstrip("0")
    return ref


def norm_ref(raw: str) -> str:
    """Canonical reference, or "" when too short to be evidence.

    Case, whitespace and separators are dropped; a purely numeric reference
    loses its leading zeros (banks zero-pad serials to a fixed width, ERPs do
    not). Alphanumeric ones keep them: "A0012" and "A12" may be different.
    """
    return norm_refs((raw,))[0]


def intern_refs(bank: Side, journal: Side) -> dict[int, str]:
    """Fill ``ref_id`` on both sides with ids shared across them; returns id -> ref.

    Equal normalised references get equal ids (0 = none), so later stages
    compare ints.  Ids are sparse (``setdefault`` with a running counter,
    all in C); only equality matters.
    """
    table: dict[str, int] = {"": 0}
    counter = count(1)
    for side in (bank, journal):
        idx = np.flatnonzero(np.fromiter(map(bool, side.refs), dtype=bool, count=len(side)))
        if idx.size:
            normed = norm_refs(list(map(side.refs.__getitem__, idx.tolist())))
            side.ref_id[idx] = np.fromiter(map(table.setdefault, normed, counter), dtype=np.int64, count=idx.size)
    return dict(zip(table.values(), table))


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
CATEGORY_NAMES = {code: name for name, code in CATEGORY_CODES.items()}


def _compile_category() -> Callable[[str], str]:
    # Generated once from _CATEGORIES as straight-line ``in`` tests: about
    # twice as fast as nested loops or regexes, and this runs once per
    # distinct summary (hundreds of thousands at 1M lines).
    body = ["def category(upper):"]
    for name, words in _CATEGORIES:
        body.append(f"    if {' or '.join(f'{w!r} in upper' for w in words)}: return {name!r}")
    body.append("    return ''")
    namespace: dict[str, Callable[[str], str]] = {}
    exec("\n".join(body), namespace)  # noqa: S102 - constant source built above
    return namespace["category"]


_category_of_upper = _compile_category()
_category_cache: dict[str, str] = {}


def text_category(text: str) -> str:
    """Coarse category of a summary ("" when unknown); cached per string."""
    cat = _category_cache.get(text)
    if cat is None:
        if not text:
            return ""
        cat = _category_of_upper(text.upper())
        if len(_category_cache) < 200_000:
            _category_cache[text] = cat
    return cat
