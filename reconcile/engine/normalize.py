"""Turning public ``Line`` lists into one columnar ``Side`` per input.

Every per-line value a stage needs is computed here, once: cents, working
day, direction, id rank, and integer codes for references (shared across
both sides), counterparties and summaries.  Stages never touch the ``Line``
objects again.

The input is walked in chunks of ``CHUNK`` lines, each transposed with
``zip(*chunk)`` and pushed through C-level ``map`` passes while its objects
are still in the CPU cache: at 1M lines this halves the time of whole-column
passes, which fetch every object from memory once per pass.  Strings that
need interning (references, counterparties, summaries) are only hashed in
that pass; equal ones are grouped afterwards by sorting the hashes
(``first_seen_codes``), because a dict look-up per line into tables of
100k-1M distinct strings misses the cache several times per line.  Validation
problems only raise a flag in the fast pass; the slow path then re-checks
the side in the documented order, so the error is the same as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, Inexact, InvalidOperation, localcontext
from functools import cached_property
from itertools import count, islice, repeat
from operator import eq
from typing import Any, NoReturn

import numpy as np

from .accel import Columns, fast_columns, first_seen, id_keys
from .fields import CATEGORY_WORDS, category_of_upper, norm_refs
from .joined import upper_joined_texts, upper_texts
from .names import core_names
from .side_names import platform_flags, trade_party_flags
from .types import IN, OUT, CalendarLike, Line

CHUNK = 4096
_HUNDRED = Decimal(100)
_DIRECTION_CODE = {IN: 1, OUT: 0}
_MAX_NUMPY_ID = 64  # longer ids would make the fixed-width numpy copy too big


class RefTable:
    """Normalised reference -> int id, shared by both sides (0 = none).

    Ids are dense and in first-seen order over the registered sides (bank
    first); only equality and that order matter to the stages.  They are
    assigned once, when a side first asks for them, by grouping the
    references' hashes with one numpy sort (``first_seen_codes``): a dict
    of up to a million mostly unique references costs several cache misses
    per line, the sort does not.
    """

    def __init__(self) -> None:
        self._nrefs: list[np.ndarray] = []  # per registered side: normalised reference or ""
        self._hashes: list[np.ndarray] = []  # per registered side: hash of each present reference
        self._ids: list[np.ndarray] | None = None

    def register(self, nref: np.ndarray, hashes: np.ndarray) -> int:
        """Add one side's references (``hashes`` only of the non-empty ones, in order); its slot."""
        self._nrefs.append(nref)
        self._hashes.append(hashes)
        self._ids = None  # earlier sides keep their ids: first-seen order only appends
        return len(self._nrefs) - 1

    def ids(self, slot: int) -> np.ndarray:
        if self._ids is None:
            self._ids = self._assign()
        return self._ids[slot]

    def _assign(self) -> list[np.ndarray]:
        nref = _joined(self._nrefs, object)
        present = np.flatnonzero(nref != "")
        hashes = _joined(self._hashes, np.int64)
        fast = first_seen(hashes, nref[present].tolist())
        coded = fast if fast is not None else first_seen_codes(hashes, nref[present])
        codes = coded[0] if coded is not None else dict_codes(nref[present].tolist())[0]
        ids = np.zeros(nref.size, dtype=np.int64)
        ids[present] = codes + 1
        cuts = np.cumsum([part.size for part in self._nrefs])[:-1]
        return np.split(ids, cuts)


# Below this many values a dict (whose table then stays in cache) is faster than sorting hashes.
HASH_GROUPING_MIN = 200_000


def dict_codes(values: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """``first_seen_codes`` with a dict: exact for any hashable values, fast while the table fits in cache."""
    table: dict[object, int] = {}
    sparse = np.fromiter(map(table.setdefault, values, count()), np.int64, len(values))
    remap = np.zeros(len(values), dtype=np.int64)
    remap[np.fromiter(table.values(), np.int64, len(table))] = np.arange(len(table), dtype=np.int64)
    return remap[sparse], list(table)


def first_seen_codes(hashes: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes 0..k-1 of ``values`` in first-seen order, and the k distinct values (object array).

    Grouped by ``hashes`` (``hash`` of each value, computed while the value
    was still in cache) with one sort instead of a dict look-up per value.
    Exact: every value is compared with its group's first value, and None
    is returned when two different values share a hash (the caller then
    falls back to a dict).
    """
    n = values.size
    if n == 0:
        return np.zeros(0, dtype=np.int64), values
    if n < HASH_GROUPING_MIN:
        codes, distinct = dict_codes(values.tolist())
        return codes, _objects(distinct)
    # np.unique(return_index=True) would sort stably (mergesort); the default
    # sort plus a min-reduce per group finds the same first indices faster.
    order = np.argsort(hashes)
    ordered = hashes[order]
    starts_mask = np.empty(n, dtype=bool)
    starts_mask[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_mask[1:])
    starts = np.flatnonzero(starts_mask)
    first = np.minimum.reduceat(order, starts)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.cumsum(starts_mask) - 1
    reps = values[first]
    if not bool((values == reps[inverse]).all()):
        return None
    order = np.argsort(first, kind="stable")  # distinct values in order of first appearance
    code_of = np.empty(first.size, dtype=np.int64)
    code_of[order] = np.arange(first.size, dtype=np.int64)
    return code_of[inverse], reps[order]


class Side:
    """Parallel columns for one side (bank or journal), index = input position.

    ``ids``/``cps`` (lists of the input strings), ``rank`` (position in id
    order), ``cents``, ``day`` (working-day ordinal), ``dirn`` (1 in, 0 out),
    ``ref_id``/``nref`` (interned and normalised reference, 0/"" = none),
    ``cp_code`` into ``cp_names`` (0 = no counterparty), ``cat`` (summary
    category code).
    """

    def __init__(
        self,
        lines: Sequence[Line],
        side: str,
        day_of: Callable[[dt.date], int],
        refs: RefTable | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        refs = refs if refs is not None else RefTable()
        self.aliases = aliases or {}
        n = len(lines)
        ordinal: dict[dt.date, int] = {}
        cols = fast_columns(lines, ordinal, day_of)  # the same pass in C (accel.py), when built
        if cols is None:
            cols = _python_columns(lines, side, day_of, ordinal)
        if cols is None:  # a line is invalid: name it
            _id_rank(_column(lines, 0), None, side)
            _raise_first_problem(lines, day_of)
        self.ids: list[str] = cols.ids
        self.cps: list[str] = cols.cps
        keys = id_keys(self.ids) if n else None
        self.rank = _id_rank(self.ids, keys if keys is not None else _numpy_ids(self.ids) if n else None, side)
        self.cents, self.day, self.dirn = cols.cents, cols.day, cols.dirn
        self.nref = cols.nref  # normalised reference text, "" = none
        self.lines = lines  # the input, kept for what normalising drops (a reference's separators: documents.py)
        self._refs = refs
        self._ref_slot = refs.register(self.nref, cols.ref_hash)
        self.cp_code, self.cp_names = _counterparty_codes(cols.cp_hash, self.cps)
        # Summary category code (see ``fields.CATEGORY_CODES``), computed once per distinct summary.
        text_codes, distinct_texts = _codes(cols.text_hash, cols.texts)
        self.text_code, self.texts = text_codes, distinct_texts  # for names written in summaries (mentions.py)
        # Only the summaries holding a category's word are tested (a category needs one): SEPA texts are nearly all
        # distinct and nearly none holds one, and a Python frame per summary cost ~1 s at a million lines.
        upper = upper_texts(self)
        per_text = np.zeros(len(distinct_texts), dtype=np.int8)
        some = upper_joined_texts(self).codes(CATEGORY_WORDS)
        per_text[some] = np.fromiter(map(category_of_upper, map(upper.__getitem__, some.tolist())), np.int8, some.size)
        self.cat = per_text[text_codes] if n else np.zeros(0, np.int8)
        # The names of the run a summary may contain (``mentions.Dictionary``), kept by ``read_names_in_text``.
        self.mention_dictionary: Any = None

    @cached_property
    def ref_id(self) -> np.ndarray:
        """Interned reference id per line, shared with the other side (0 = no usable reference)."""
        return self._refs.ids(self._ref_slot)

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def key(self) -> np.ndarray:
        """Amount and direction in one int64: ``cents * 2 + direction``."""
        return self.cents * 2 + self.dirn  # type: ignore[no-any-return]

    @cached_property
    def cores(self) -> list[str]:
        """Name core per counterparty code ("" for code 0); a name ``aliases`` maps takes the core of its alias."""
        return core_names(self.cp_names, self.aliases)

    def platform_of(self, codes: np.ndarray) -> np.ndarray:
        """Per counterparty code in ``codes``: whether the name is a payment platform's (``side_names``)."""
        return platform_flags(self, codes)

    def trade_party_of(self, codes: np.ndarray) -> np.ndarray:
        """Per counterparty code in ``codes``: whether the name is a trade partner's (``side_names``)."""
        return trade_party_flags(self, codes)

    @cached_property
    def _core_ids(self) -> tuple[np.ndarray, list[str]]:
        # First-seen ids by the C hash table (a dict look-up per name cost ~0.3 s at a million SEPA names).
        cores = self.cores
        ids, strs = _codes(np.fromiter(map(hash, cores), np.int64, len(cores)), cores)
        self.__dict__["_core_table"] = dict(zip(strs, range(len(strs))))
        return np.asarray(ids, dtype=np.int64), list(strs)

    @property
    def core_id(self) -> np.ndarray:
        """Interned core id per counterparty code (equal cores, equal ids) into ``core_strs``."""
        return self._core_ids[0]

    @property
    def core_strs(self) -> list[str]:
        return self._core_ids[1]


def _python_columns(
    lines: Sequence[Line], side: str, day_of: Callable[[dt.date], int], ordinal: dict[dt.date, int]
) -> Columns | None:
    """The per-line pass in Python (``_columns.c`` does the same in one loop); None if a line is invalid."""
    ids_all: list[str] = []
    cps_all: list[str] = []
    texts_all: list[str] = []
    parts: dict[str, list[np.ndarray]] = {
        k: [] for k in ("cents", "day", "dirn", "nref", "ref_hash", "cp_hash", "text_hash")
    }
    for start in range(0, len(lines), CHUNK):
        chunk = lines[start : start + CHUNK]
        cols = list(zip(*chunk))
        if len(cols) != 7:
            raise ValueError(f"{side} lines must be Line tuples of 7 fields")
        ids, dates, amounts, directions, raw_refs, cps, texts = cols
        cents = _chunk_cents(amounts)
        if cents is None:  # e.g. int amounts (valid, slow path) or a bad one
            try:
                cents = np.array(_cents_slow(chunk), dtype=np.int64)
            except (ValueError, OverflowError):
                cents = None
        days = _chunk_days(dates, ordinal, day_of)
        m = len(ids)
        try:
            dirn = np.fromiter(map(_DIRECTION_CODE.get, directions, repeat(-1)), np.int8, m)
        except TypeError:  # unhashable direction
            dirn = np.full(1, -1, np.int8)
        if cents is None or (cents.size and int(cents.min()) <= 0) or days is None or (m and dirn.min() < 0):
            return None
        ids_all += ids
        cps_all += cps
        texts_all += texts
        parts["cents"].append(cents)
        parts["day"].append(days)
        parts["dirn"].append(dirn)
        nrefs, ref_hashes = _chunk_refs(raw_refs)
        parts["nref"].append(nrefs)
        parts["ref_hash"].append(ref_hashes)
        # Hashes now, while the strings are in cache; grouped once at the end.
        parts["cp_hash"].append(np.fromiter(map(hash, cps), np.int64, m))
        parts["text_hash"].append(np.fromiter(map(hash, texts), np.int64, m))
    return Columns(
        ids_all,
        cps_all,
        texts_all,
        _joined(parts["cents"], np.int64),
        _joined(parts["day"], np.int64),
        _joined(parts["dirn"], np.int8),
        _joined(parts["cp_hash"], np.int64),
        _joined(parts["text_hash"], np.int64),
        _joined(parts["nref"], object),
        _joined(parts["ref_hash"], np.int64),
    )


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _objects(values: list[Any]) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def _codes(hashes: np.ndarray, values: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """First-seen codes of ``values`` and the distinct values (see ``first_seen_codes``)."""
    fast = first_seen(hashes, values)
    if fast is not None:
        return fast
    coded = first_seen_codes(hashes, _objects(values))
    if coded is not None:
        return coded[0], coded[1].tolist()
    return dict_codes(values)  # a hash collision: the exact, slower way


def _counterparty_codes(hashes: np.ndarray, cps: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes into the returned names: "" is always code 0 and name 0, the others
    follow in order of first appearance."""
    codes, names = _codes(hashes, cps)
    empty = names.index("") if "" in names else None
    if empty is None:
        return codes + 1, ["", *names]
    shift = np.ones(len(names), dtype=np.int64)
    shift[empty:] = 0  # names after "" keep their code; "" itself becomes 0
    remap = np.arange(len(names), dtype=np.int64) + shift
    remap[empty] = 0
    return remap[codes], ["", *names[:empty], *names[empty + 1 :]]


def _chunk_refs(raw_refs: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Normalised references of one chunk ("" = none) and the hashes of the non-empty ones."""
    nrefs = np.full(len(raw_refs), "", dtype=object)
    present = np.flatnonzero(np.fromiter(map(bool, raw_refs), dtype=bool, count=len(raw_refs)))
    if present.size:
        nrefs[present] = norm_refs(list(map(raw_refs.__getitem__, present.tolist())))
        normed = nrefs[present]
        kept = normed[normed != ""].tolist()
        return nrefs, np.fromiter(map(hash, kept), np.int64, len(kept))
    return nrefs, np.zeros(0, dtype=np.int64)


def _column(lines: Sequence[Line], k: int) -> list[Any]:
    return [line[k] for line in lines]


def _chunk_cents(amounts: tuple[Any, ...]) -> np.ndarray | None:
    """Cents of one chunk, or None if any amount is not exact positive cents.

    Scale in a context that traps Inexact, truncate to int, compare sums:
    truncation of a positive value only ever loses, so equal sums prove
    every amount was whole cents (trailing zeros such as 1.500 are fine).
    """
    try:
        if not set(map(type, amounts)) <= {Decimal}:
            return None
        with localcontext() as ctx:
            ctx.prec = 60
            ctx.traps[Inexact] = True
            scaled = list(map(_HUNDRED.__mul__, amounts))
            ints = list(map(int, scaled))
            if sum(scaled) != sum(ints):
                return None
    except (TypeError, ArithmeticError, ValueError, OverflowError, InvalidOperation):
        return None
    try:
        arr = np.array(ints, dtype=np.int64) if ints else np.zeros(0, np.int64)
    except OverflowError:
        return None
    return arr


_NO_DAY = -(1 << 62)


def _chunk_days(
    dates: tuple[Any, ...], ordinal: dict[dt.date, int], day_of: Callable[[dt.date], int]
) -> np.ndarray | None:
    """Working-day ordinals of one chunk, or None if a date is not a date.

    Few distinct dates: the (possibly slow) calendar is asked once per date;
    known dates are looked up in one C-level pass.
    """
    try:
        arr = np.fromiter(map(ordinal.get, dates, repeat(_NO_DAY)), dtype=np.int64, count=len(dates))
    except TypeError:  # unhashable: the slow path names the line
        return None
    missing = np.flatnonzero(arr == _NO_DAY).tolist()
    if missing:
        for d in dict.fromkeys(map(dates.__getitem__, missing)):
            if not isinstance(d, dt.date):
                return None
            try:
                ordinal[d] = int(day_of(d))
            except Exception:  # noqa: BLE001 - re-raised in input order by the slow path
                return None
        arr[missing] = list(map(ordinal.__getitem__, map(dates.__getitem__, missing)))
    return arr


def _numpy_ids(ids: Sequence[Any]) -> np.ndarray:
    """Short string ids as a fixed-width numpy array; empty when numpy cannot sort them like str."""
    try:
        if max(map(len, ids), default=0) > _MAX_NUMPY_ID:
            return np.zeros(0)
    except TypeError:  # ids without len(): not strings
        return np.zeros(0)
    arr = np.array(ids)
    return arr if arr.dtype.kind == "U" else np.zeros(0)


def _id_rank(ids: list[str], arr: np.ndarray | None, side: str) -> np.ndarray:
    """Position of each line in id order; raises on a duplicate id.

    Sorting (instead of a set) gives both the duplicate check and the rank
    that every later tie-break and the output order use.  Short string ids
    are sorted as a fixed-width numpy array (code-point order, like str), or
    as int64 keys that order like them (``accel.id_keys``).
    """
    n = len(ids)
    order: np.ndarray | None = None
    if arr is not None and arr.dtype.kind in "Ui":
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


def _raise_first_problem(lines: Sequence[Line], day_of: Callable[[dt.date], int]) -> NoReturn:
    """Slow path: validate in the documented order and raise for the first bad line."""
    set(_column(lines, 3))  # unhashable directions raise TypeError here, as they always did
    for line in lines:
        if line[3] not in (IN, OUT):
            raise ValueError(f"line {line.id!r}: direction must be 'in' or 'out', not {line.direction!r}")
    cents = _chunk_cents(tuple(_column(lines, 2)))
    if cents is None:
        cents = np.array(_cents_slow(lines), dtype=np.int64)
    if cents.size and int(cents.min()) <= 0:
        raise _bad_amount(lines[int(np.argmin(cents))])
    for d in dict.fromkeys(_column(lines, 1)):
        if not isinstance(d, dt.date):
            bad = next(line for line in lines if line[1] is d)
            raise ValueError(f"line {bad.id!r}: date must be a datetime.date, not {d!r}")
        day_of(d)  # a calendar that cannot place the date raises its own error
    raise AssertionError("fast validation flagged a problem the slow path cannot find")


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
