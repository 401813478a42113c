"""The compiled per-line pass (``_columns.c``), checked before it is trusted.

``fast_columns`` returns one side's columns in the shape ``normalize.Side``
builds them in Python, or None: when the extension is not built or refused at
import, when this interpreter's ``Decimal`` is not the layout it reads or its
reading disagrees with ``Decimal`` arithmetic on the table below (another
Python's object layout), when ``ENGINE_PURE_PYTHON=1`` turns it off, or when
any line is outside the fast path.  None always means "run the Python pass",
which validates and names a bad line as documented; so results never depend on the extension,
only the time does (``tests/reconcile/engine/test_columns_c.py`` compares
the two passes).
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np

from .fields import norm_refs

# ``ENGINE_PURE_PYTHON=1`` turns both extensions off (this pass and ``subsets``): the way to rule them out when
# results are in doubt, and how ``tests/reconcile/engine/test_no_extension.py`` proves the fallback.
PURE_PYTHON_ENV = "ENGINE_PURE_PYTHON"


def extensions_disabled() -> bool:
    return os.environ.get(PURE_PYTHON_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _import_columns() -> Any:
    if extensions_disabled():
        return None
    try:
        from . import _columns  # type: ignore[attr-defined]
    except Exception:  # not built, or its init refused this interpreter (ImportError or not): the Python pass
        return None
    return _columns


_columns = _import_columns()

# The interpreters whose ``_decimal`` object layout (CPython's private ``PyDecObject`` holding libmpdec's ``mpd_t``
# with 64-bit words) the C reading was written for. Another implementation, a 32-bit libmpdec (MAX_PREC differs), the
# pure-Python ``_pydecimal`` or a CPython newer than the last one checked is not asked to read a Decimal at all:
# reading a changed layout could crash the process, which the table check below could not catch.
_LAYOUT_VERSIONS = ((3, 8), (3, 14))

# (amount, cents the extension must read, or None where it must decline)
DECIMAL_CHECKS: tuple[tuple[str, int | None], ...] = (
    ("0.01", 1),
    ("1", 100),
    ("1.5", 150),
    ("1.50", 150),
    ("1.500", 150),
    ("12345.67", 1234567),
    ("1E+2", 10000),
    ("5E+3", 500000),
    ("99999999999.99", 9999999999999),
    ("92233720368547758.07", 2**63 - 1),
    ("92233720368547758.08", None),
    ("0.001", None),
    ("1.005", None),
    ("0", None),
    ("0.00", None),
    ("-1", None),
    ("-0.01", None),
    ("NaN", None),
    ("sNaN", None),
    ("Infinity", None),
    ("1E+30", None),
)


def _layout_expected() -> bool:
    """Whether this interpreter's Decimal is the one ``_columns.c`` reads (checked before any Decimal is read)."""
    low, high = _LAYOUT_VERSIONS
    return (
        sys.implementation.name == "cpython"
        and low <= sys.version_info[:2] <= high
        and type(Decimal("1")).__module__ == "decimal"
        and getattr(decimal, "__libmpdec_version__", None) is not None  # the C ``_decimal``, not ``_pydecimal``
        and decimal.MAX_PREC == 999_999_999_999_999_999  # libmpdec's 64-bit configuration (uint64 words)
        and sys.maxsize == 2**63 - 1
    )


def _layout_ok() -> bool:
    """The extension's reading agrees with Decimal arithmetic on the table; any failure means "do not use it"."""
    if _columns is None or not _layout_expected():
        return False
    try:
        return all(_columns.cents(Decimal(text)) == cents for text, cents in DECIMAL_CHECKS)
    except Exception:
        return False


ENABLED = _layout_ok()


class Columns(NamedTuple):
    ids: list[Any]
    cps: list[Any]
    texts: list[Any]
    cents: np.ndarray
    day: np.ndarray
    dirn: np.ndarray
    cp_hash: np.ndarray
    text_hash: np.ndarray
    nref: np.ndarray  # normalised reference per line, "" = none (object array)
    ref_hash: np.ndarray  # hashes of the non-empty ``nref``, in line order


def fast_columns(lines: Sequence[Any], ordinal: dict[dt.date, int], day_of: Callable[[dt.date], int]) -> Columns | None:
    if not ENABLED or not len(lines):
        return None
    out = _columns.columns(lines, ordinal, day_of)
    if out is None:
        return None
    ids, cps, texts, b_cents, b_day, b_dirn, b_cph, b_txh, b_rfh, b_has, nref_list, later = out
    nref = np.empty(len(nref_list), dtype=object)
    nref[:] = nref_list
    has = np.frombuffer(b_has, dtype=np.int8).astype(bool)
    ref_hash = np.frombuffer(b_rfh, dtype=np.int64)
    if later:  # references with characters the C normaliser leaves to Python
        idx = np.array(later, dtype=np.int64)
        normed = norm_refs([lines[i][4] for i in later])
        nref[idx] = normed
        kept = normed != ""
        has[idx] = kept
        ref_hash[idx[kept]] = np.fromiter(map(hash, normed[kept]), np.int64, int(kept.sum()))
    return Columns(
        ids,
        cps,
        texts,
        np.frombuffer(b_cents, dtype=np.int64),
        np.frombuffer(b_day, dtype=np.int64),
        np.frombuffer(b_dirn, dtype=np.int8),
        np.frombuffer(b_cph, dtype=np.int64),
        np.frombuffer(b_txh, dtype=np.int64),
        nref,
        ref_hash[has],
    )


def id_keys(ids: Sequence[Any]) -> np.ndarray | None:
    """Int64 keys that sort like the ids (short ASCII ids, see ``_columns.id_keys``), or None."""
    if not ENABLED:
        return None
    keys = _columns.id_keys(ids)
    return None if keys is None else np.frombuffer(keys, dtype=np.int64)


def doc_numbers(texts: Sequence[Any]) -> list[list[str] | None] | None:
    """``documents.document_numbers`` of each text in C (None for a text left to Python), or None."""
    if not ENABLED:
        return None
    return _columns.doc_numbers(texts)  # type: ignore[no-any-return]


def first_seen(hashes: np.ndarray, values: Sequence[Any]) -> tuple[np.ndarray, list[Any]] | None:
    """``normalize.first_seen_codes`` by a hash table in C (exact: equal hashes are compared), or None."""
    if not ENABLED:
        return None
    codes, distinct = _columns.first_seen(np.ascontiguousarray(hashes, dtype=np.int64), values)
    return np.frombuffer(codes, dtype=np.int64), distinct


def pair_groups(
    cls: type,
    bank_ids: list[Any],
    journal_ids: list[Any],
    b: np.ndarray,
    j: np.ndarray,
    rule: str,
    scores: Any,
    reasons: Any,
) -> list[Any] | None:
    """``State.take_pairs``'s 1:1 groups built in C (``_columns.pair_groups``), or None."""
    if not ENABLED or type(bank_ids) is not list or type(journal_ids) is not list:
        return None
    return _columns.pair_groups(  # type: ignore[no-any-return]
        cls,
        bank_ids,
        journal_ids,
        np.ascontiguousarray(b, dtype=np.int64),
        np.ascontiguousarray(j, dtype=np.int64),
        rule,
        scores,
        reasons,
    )
