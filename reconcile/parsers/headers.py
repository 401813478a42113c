"""Header-row detection and column mapping for Chinese bank and ERP exports, by the column synonyms of
``header_words``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .errors import Code, ParseError
from .header_words import BANK as _BANK
from .header_words import COMMON as _COMMON
from .header_words import JOURNAL as _JOURNAL
from .header_words_extra import EXTRA as _EXTRA
from .header_words_ledger import LEDGER as _LEDGER
from .messages import msg
from .text import Cell, cell_text, header_key, strip_parenthetical
from .types import Kind, MappingProfile

FIELDS = sorted(set(_COMMON) | set(_BANK) | set(_JOURNAL) | set(_LEDGER))
_SUBHEADER_WORDS = {
    "借方",
    "贷方",
    "借",
    "贷",
    "收入",
    "支出",
    "金额",
    "月",
    "日",
    "字",
    "号",
    "方向",
    "原币",
    "外币",
    "本币",
}
# A foreign-currency account's journal (用友: 借方 over 原币 | 本币): the account's own money is the 原币 column, which
# takes the name above it; the 本币 one (its value in yuan) is named apart and read by no field.
_OWN_CURRENCY_WORDS = {"原币", "外币"}
_YEAR_IN_HEADER = re.compile(r"(\d{4})\s*年")
_AMOUNT_WORDS = re.compile(r"金额|发生额|额$|amount", re.IGNORECASE)


def _build(kind: Kind) -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for group in (_BANK, _EXTRA) if kind == "bank" else (_JOURNAL, _LEDGER):
        _add(table, group, _AFTER_OWN if group is _LEDGER else {})
    _add(table, _COMMON, {})
    return table


# These ERP names rank after every name of the books' own lists for their field: read only when no better-known column
# is there. A 用友 journal's 本币金额 beside its 金额 is the yuan value of a foreign account's amount, and a 借贷方向
# beside 余额 the balance's side, not the line's when a 收支 column says that (both were read instead).
# The ledgers' own date names (SAP's Pstng Date and Belegdatum, YonSuite's 凭证日期) likewise: SAP's list shows the
# document date beside the posting date, and Buchungsdatum must win.
_AFTER_OWN = {"amount": 1000, "flag": 1000, "date": 100}


def _add(table: dict[str, tuple[str, int]], group: dict[str, list[str]], rank: dict[str, int]) -> None:
    for fname, words in group.items():
        for prio, word in enumerate(words):
            table.setdefault(header_key(word), (fname, rank.get(fname, 0) + prio))


_TABLES: dict[str, dict[str, tuple[str, int]]] = {"bank": _build("bank"), "journal": _build("journal")}


def other_date_column(hm: HeaderMap, kind: Kind, date_col: int | None) -> int | None:
    """A second date column beside the booking date's (记账日 beside 交易日): read where the first is empty, as a card
    bill leaves 交易日 empty on its repayments."""
    if date_col is None:
        return None
    return next((i for i, n in hm.names.items() if i != date_col and (lookup(n, kind) or ("",))[0] == "date"), None)


# A header naming its currency after the word (PostFinance's "Credit in CHF", "Balance in CHF"; "Amount EUR"): the word
# alone is the column's name.
_CURRENCY_SUFFIX = re.compile(
    r"^(.+?)(?:in)?(?:cny|rmb|usd|eur|chf|gbp|hkd|jpy|cad|aud|nzd|sgd|sek|nok|dkk|pln|czk|huf|try|zar|inr|mop|twd)$"
)


def lookup(text: str, kind: Kind) -> tuple[str, int] | None:
    key = header_key(text)
    if not key:
        return None
    table = _TABLES[kind]
    hit = table.get(key)
    if hit is None:
        stripped = strip_parenthetical(key)
        if stripped and stripped != key:
            hit = table.get(stripped)
    if hit is None and key.isascii():
        m = _CURRENCY_SUFFIX.match(strip_parenthetical(key))
        if m:
            hit = table.get(m.group(1))
    return hit


@dataclass(slots=True)
class HeaderMap:
    row_index: int  # 0-based index of the (last) header row in Sheet.rows
    first_data_index: int
    columns: dict[str, int]  # field -> 0-based column
    names: dict[int, str]  # column -> header text as the file shows it
    year_hint: int | None = None
    extra_fields: dict[str, int] = field(default_factory=dict)


def _row_fields(row: list[Cell], kind: Kind) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for col, cell in enumerate(row):
        if not isinstance(cell, str) or not cell.strip():
            continue
        hit = lookup(cell, kind)
        if hit is None:
            continue
        fname, prio = hit
        if fname not in found or prio < found[fname][1]:
            found[fname] = (col, prio)
    return found


def _usable(fields: Mapping[str, object]) -> bool:
    has_date = (
        "date" in fields or "datetime" in fields or "value_date" in fields or ("month" in fields and "day" in fields)
    )
    has_money = (
        "amount" in fields or "debit" in fields or "credit" in fields or "in_amount" in fields or "out_amount" in fields
    )
    return has_date and has_money


def _merge_subheader(top: list[Cell], sub: list[Cell], kind: Kind) -> list[str] | None:
    """`发生额/元` over `借方 | 贷方`, `凭证` over `字 | 号`, `2026年` over `月 | 日`: a second header row
    whose cells are short header words. Returns the combined names or None if `sub` is data."""
    sub_texts = [cell_text(c) for c in sub]
    non_empty = [t for t in sub_texts if t]
    if not non_empty or any(not isinstance(c, str) for c in sub if c not in ("", None)):
        return None
    if not all(header_key(t) in _SUBHEADER_WORDS for t in non_empty):
        return None
    names: list[str] = []
    last_top = ""
    width = max(len(top), len(sub))
    for col in range(width):
        t = cell_text(top[col]) if col < len(top) else ""
        s = sub_texts[col] if col < len(sub_texts) else ""
        if t:
            last_top = t
        if s and header_key(s) in _OWN_CURRENCY_WORDS:
            names.append(t or last_top)
        elif s:
            names.append(s if lookup(s, kind) else f"{t or last_top}{s}")
        else:
            names.append(t)
    return names


def _names_fields(names: list[str], kind: Kind) -> dict[str, tuple[int, int]]:
    return _row_fields(list(names), kind)


def _profile_hits(names: list[str], profile: MappingProfile | None) -> int:
    """How many of a saved profile's column texts this row carries (a profile's header has no synonyms)."""
    if not (profile and profile.columns):
        return 0
    keys = {header_key(n) for n in names if n}
    hits = 0
    for wanted in profile.columns.values():
        alts = (wanted,) if isinstance(wanted, str) else tuple(wanted)
        hits += any(header_key(a) in keys for a in alts)
    return hits


def _refuse_unknown_amount_columns(
    rows: list[list[Cell]], candidates: list[int], kind: Kind, row_number: Callable[[int], int]
) -> None:
    """A row with a date column and columns named like amounts that none of the synonyms knows is the header of a
    layout we have not seen: say so, naming the row and those columns, rather than that there is no header."""
    for idx in candidates:
        if idx >= len(rows):
            continue
        names = [cell_text(c) for c in rows[idx]]
        found = _names_fields(names, kind)
        date_field = next((f for f in ("date", "datetime", "value_date") if f in found), None)
        if date_field is None or _usable(found):
            continue
        unknown = [n for n in names if n and lookup(n, kind) is None and _AMOUNT_WORDS.search(n)]
        if unknown:
            raise ParseError(
                Code.MISSING_COLUMN,
                msg(
                    "table.amount_columns_unknown",
                    row=row_number(idx),
                    date=names[found[date_field][0]],
                    columns=unknown,
                ),
            )


def find_header(
    rows: list[list[Cell]],
    kind: Kind,
    scan: int,
    profile: MappingProfile | None,
    row_number: Callable[[int], int] = lambda i: i + 1,
) -> HeaderMap:
    if profile and profile.header_row:
        candidates = [profile.header_row - 1]
    else:
        candidates = list(range(min(scan, len(rows))))
    best: tuple[int, int, list[str], int] | None = None  # (score, index, names, first data index)
    for idx in candidates:
        if idx >= len(rows):
            continue
        options: list[tuple[list[str], int]] = [([cell_text(c) for c in rows[idx]], idx + 1)]
        if idx + 1 < len(rows):
            merged = _merge_subheader(rows[idx], rows[idx + 1], kind)
            if merged is not None:
                options.insert(0, (merged, idx + 2))
        for names, first_data in options:
            found = _names_fields(names, kind)
            score = len(found) + _profile_hits(names, profile)
            if not _usable(found) and not (profile and profile.columns and _profile_hits(names, profile)):
                continue
            if best is None or score > best[0]:
                best = (score, idx, names, first_data)
            break
    if best is None or (best[0] < 3 and not (profile and profile.header_row)):
        _refuse_unknown_amount_columns(rows, candidates, kind, row_number)
        raise ParseError(Code.NO_HEADER, msg("table.no_header", rows=scan))
    _, idx, names, first_data = best
    year_hint = None
    # 用友's `2026年` spans 月 | 日 of the row under it: merged, the columns are named by the lower words, so the year is
    # looked for in the upper row too.
    for n in [*names, *(cell_text(c) for c in rows[idx])]:
        m = _YEAR_IN_HEADER.search(n)
        if m:
            year_hint = int(m.group(1))
    columns = _map_columns(names, kind, profile)
    return HeaderMap(idx, first_data, columns, {i: n for i, n in enumerate(names) if n}, year_hint)


def _map_columns(names: list[str], kind: Kind, profile: MappingProfile | None) -> dict[str, int]:
    best: dict[str, tuple[int, int]] = {}
    for col, name in enumerate(names):
        hit = lookup(name, kind) if name else None
        if hit is None:
            continue
        fname, prio = hit
        if fname not in best or prio < best[fname][1]:
            best[fname] = (col, prio)
    columns = {f: c for f, (c, _) in best.items()}
    if profile and profile.columns:
        keys = {header_key(n): i for i, n in enumerate(names) if n}
        for fname, wanted in profile.columns.items():
            alts = (wanted,) if isinstance(wanted, str) else tuple(wanted)
            chosen = next((keys[header_key(a)] for a in alts if header_key(a) in keys), None)
            if chosen is None:
                raise ParseError(Code.MISSING_COLUMN, msg("table.profile_column_missing", column=" / ".join(alts)))
            for other in [f for f, c in columns.items() if c == chosen]:
                del columns[other]
            columns[fname] = chosen
    if not _has_booking_date(columns) and "value_date" in columns:
        # A statement whose only date is the value date (some banks' exports name their one date column so): the
        # day the money moved is the day it is booked on.
        columns["date"] = columns.pop("value_date")
    _check_required(columns, names)
    return columns


def _has_booking_date(columns: Mapping[str, int]) -> bool:
    return "date" in columns or "datetime" in columns or ("month" in columns and "day" in columns)


def _check_required(columns: dict[str, int], names: list[str]) -> None:
    if not _has_booking_date(columns):
        raise ParseError(Code.MISSING_COLUMN, msg("table.no_date_column"))
    has_money = any(k in columns for k in ("amount", "debit", "credit", "in_amount", "out_amount"))
    if not has_money:
        raise ParseError(Code.MISSING_COLUMN, msg("table.no_amount_column"))
    halves = [k in columns for k in ("debit", "credit")]
    if (
        "amount" not in columns
        and any(halves)
        and not all(halves)
        and not ("in_amount" in columns or "out_amount" in columns)
    ):
        raise ParseError(Code.MISSING_COLUMN, msg("table.only_debit" if halves[0] else "table.only_credit"))
    sides = [k in columns for k in ("in_amount", "out_amount")]
    if "amount" not in columns and not any(halves) and any(sides) and not all(sides):
        # One of the pair is a column name we do not know: say which we found, and which columns might be the other.
        found = names[columns["in_amount" if sides[0] else "out_amount"]]
        mapped = set(columns.values())
        unknown = [n for i, n in enumerate(names) if n and i not in mapped and _AMOUNT_WORDS.search(n)]
        raise ParseError(
            Code.MISSING_COLUMN,
            msg("table.only_in" if sides[0] else "table.only_out", found=found, unknown=unknown or "-"),
        )
