"""Money text -> Decimal. Never float arithmetic: floats from spreadsheet cells go through repr()."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from .errors import Code, RowProblem
from .messages import msg
from .text import Cell, cell_text, nfkc

CENT = Decimal("0.01")
# ISO 4217 minor units that differ from 2. Amounts are stored in cents, so 3-decimal currencies are
# accepted only when the third decimal is zero (checked, never rounded).
_MINOR_UNITS = {
    "JPY": 0,
    "KRW": 0,
    "VND": 0,
    "CLP": 0,
    "ISK": 0,
    "PYG": 0,
    "UGX": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    "KMF": 0,
    "GNF": 0,
    "RWF": 0,
    "VUV": 0,
    "DJF": 0,
    "BIF": 0,
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
}
# Floats read from xlsx carry binary noise (0.1 + 0.2 -> 0.30000000000000004); anything further than
# this from a whole cent is a real fraction of a cent and is refused.
_FLOAT_NOISE = Decimal("0.000001")

_CURRENCY_MARKS = re.compile(
    r"^(?:RMB|CNY|USD|EUR|HKD|GBP|JPY|人民币|¥|\$|€|£)+|(?:元|RMB|CNY|USD|EUR|HKD|GBP|JPY|¥|\$|€|£)+$", re.IGNORECASE
)
# The currency a mark names (a bare `$` names none: US, HK and Singapore dollars all write it).
_MARK_CODES = {"RMB": "CNY", "CNY": "CNY", "人民币": "CNY", "¥": "CNY", "元": "CNY", "€": "EUR", "£": "GBP"}
_MARK_WORDS = re.compile(r"RMB|CNY|USD|EUR|HKD|GBP|JPY|人民币|¥|€|£|元", re.IGNORECASE)
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# The decimal comma of European banks' CSV exports (`1250,50`, `-1.234,56`, `4,50`): only shapes that no thousands
# grouping can give (one or two digits after the comma, or points grouping thousands before it); `1,234` stays 1234.
# Read so only in a file whose amounts all write it (``decimal_comma``): where the others write `1,234.56`, as every
# Chinese export does, `12,34` is a damaged cell, not 12.34.
_DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$|^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})$|^\d{1,3}(?:\.\d{3}){2,}$")
_POINTS_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")  # `1.234` in a decimal-comma file: 1234
# Swiss banks (UBS, PostFinance) group thousands with an apostrophe, typed or typographic (`11'373.94`, `1’250`); the
# decimal mark is a point.
_APOSTROPHE_GROUPED = re.compile(r"^\d{1,3}(?:['\u2019]\d{3})+(?:\.\d+)?$")
# Indian banks (SBI, HDFC) group by lakh and crore: the last three digits, then pairs (`1,50,000.00`, `12,34,567`).
_LAKH_GROUPED = re.compile(r"^\d{1,2}(?:,\d{2})*,\d{3}(?:\.\d+)?$")
_DECIMAL_POINT = re.compile(
    r"^\d+\.\d{1,2}$|^\d{1,3}(?:[,'\u2019]\d{3})+(?:\.\d+)?$|^\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?$"
)
_EMPTY = {"", "-", "--", "—", "/", "null", "none", "nan"}
# The common shapes (`1234.50`, `-1,234.50`) skip normalisation: it is most of the parse time at 100k rows.
_FAST = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?")


# Amounts are stored as numeric(18,2): anything from 10^16 up is refused here, before any quantize (which
# would raise on 1e30, Infinity or NaN instead of naming the cell).
_LIMIT = Decimal("1e16")


def bounded(d: Decimal) -> Decimal:
    if not d.is_finite() or abs(d) >= _LIMIT:
        raise RowProblem(Code.BAD_AMOUNT, msg("amount.out_of_range"))
    return d


def minor_unit(currency: str | None) -> int:
    return _MINOR_UNITS.get(str(currency or "").upper(), 2)


def is_blank_amount(value: Cell) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return nfkc(value).strip().lower() in _EMPTY
    return False


def parse_amount(value: Cell, currency: str | None = None, *, decimal_comma: bool = False) -> Decimal | None:
    """Signed Decimal quantised to cents, None for an empty cell, RowProblem when unreadable. ``decimal_comma``: the
    file writes its amounts with a decimal comma (``uses_decimal_comma``)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return parse_amount_text(value, currency, decimal_comma=decimal_comma)
    if isinstance(value, bool):
        raise RowProblem(Code.BAD_AMOUNT, msg("amount.unreadable"))
    if isinstance(value, int):
        return _check(bounded(Decimal(value)), currency)
    if isinstance(value, float):
        if not math.isfinite(value):  # a spreadsheet cell, not money yet: NaN/inf are refused
            raise RowProblem(Code.BAD_AMOUNT, msg("amount.unreadable"))
        d = bounded(Decimal(repr(value)))
        q = d.quantize(CENT)
        if abs(d - q) > _FLOAT_NOISE:
            raise RowProblem(Code.PRECISION, msg("amount.sub_cent"))
        return _check(q, currency)
    raise RowProblem(Code.BAD_AMOUNT, msg("amount.unreadable"))


def amount_currency(value: Cell) -> str | None:
    """The ISO code of the currency an amount cell writes beside its number (`USD 200.00`, `¥1,000.00`, `50.00元`),
    or None when it writes none (or only a `$`)."""
    if not isinstance(value, str) or not value or _FAST.fullmatch(value.strip()):
        return None
    t = nfkc(value).replace(" ", "").replace("\u00a0", "").lstrip("(+-\u2212")
    found = _CURRENCY_MARKS.findall(t)
    marks = [m for chunk in found for m in _MARK_WORDS.findall(chunk)]
    if not marks:
        return None
    first: str = marks[0].upper() if marks[0].isascii() else marks[0]
    return str(_MARK_CODES.get(first, first))


def _bare_number(text: str) -> str:
    """An amount cell's number without its sign, brackets, currency marks and spaces (`-1.234,56 €` -> `1.234,56`)."""
    t = cell_text(text) if text.strip()[:1] in ("'", "=") else text
    t = nfkc(t).replace(" ", "").replace("\u00a0", "").strip("()+-\u2212")
    return _CURRENCY_MARKS.sub("", t).strip("()+-")


def uses_decimal_comma(rows: list[list[Cell]], columns: list[int]) -> bool:
    """Whether a table's amounts in ``columns`` write a decimal comma (`1.234,56`, `579,68`): some cell does, and none
    writes a decimal point or a comma grouping thousands (`12.50`, `1,234.56`)."""
    comma = False
    for row in rows:
        for col in columns:
            value = row[col] if col < len(row) else None
            if not isinstance(value, str) or not value.strip():
                continue
            if _FAST.fullmatch(value.strip()):  # `1,234.56`, `12.50`, `1234`: the common shapes, decided at once
                if "." in value or "," in value:
                    return False
                continue
            number = _bare_number(value)
            if _DECIMAL_POINT.match(number):
                return False
            comma = comma or bool(_DECIMAL_COMMA.match(number))
    return comma


def parse_amount_text(text: str, currency: str | None = None, *, decimal_comma: bool = False) -> Decimal | None:
    t = text.strip()
    if t[:1] in ("'", "="):  # the guard exports put before numbers to keep Excel off them ('1234.56, ="-34.56")
        t = cell_text(t)
    if _FAST.fullmatch(t):
        d = bounded(Decimal(t.replace(",", "") if "," in t else t)).quantize(CENT)
        return d if currency is None else _check(d, currency)
    t = nfkc(t).replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")  # t: already without padding
    if t.lower() in _EMPTY:
        return None
    negative = False
    signs = 0  # the sign marks read: two (`--5`, `-(5)`, `-5-`) do not tell which was meant, and are refused
    if t.startswith("(") and t.endswith(")"):
        negative, t, signs = True, t[1:-1], signs + 1
    if t.endswith("-"):
        negative, t, signs = not negative, t[:-1], signs + 1
    if t and t[0] in "+-":
        negative = negative != (t[0] == "-")
        t, signs = t[1:], signs + 1
    t = _CURRENCY_MARKS.sub("", t)
    if t.startswith("(") and t.endswith(")"):  # `$(234.56)`: QuickBooks' negative dollars
        negative, t, signs = not negative, t[1:-1], signs + 1
    if t and t[0] in "+-":  # `¥-12.00`
        negative = negative != (t[0] == "-")
        t, signs = t[1:], signs + 1
    if signs > 1 or (t and t[0] in "+-("):
        raise RowProblem(Code.BAD_AMOUNT, msg("amount.unreadable"))
    if not t:  # a bare `¥`, `元`, `+` or `()`: no number in the cell
        raise RowProblem(Code.BAD_AMOUNT, msg("amount.unreadable"))
    if _GROUPED.match(t) or _LAKH_GROUPED.match(t):
        t = t.replace(",", "")
    elif _APOSTROPHE_GROUPED.match(t):
        t = t.replace("'", "").replace("\u2019", "")
    elif _DECIMAL_COMMA.match(t) or (decimal_comma and _POINTS_GROUPED.match(t)):
        if not decimal_comma:
            raise RowProblem(Code.BAD_AMOUNT, msg("amount.comma_in_point_file"))
        t = t.replace(".", "").replace(",", ".")
    elif not _PLAIN.match(t):
        raise RowProblem(Code.BAD_AMOUNT, msg("amount.unreadable"))
    try:
        d = bounded(Decimal(t))
    except InvalidOperation as exc:  # pragma: no cover - the regexes above already exclude this
        raise RowProblem(Code.BAD_AMOUNT, msg("amount.unreadable")) from exc
    q = d.quantize(CENT)
    if q != d:
        raise RowProblem(Code.PRECISION, msg("amount.sub_cent"))
    return _check(-q if negative else q, currency)


def _check(d: Decimal, currency: str | None) -> Decimal:
    d = d.quantize(CENT)
    unit = minor_unit(currency)
    if unit < 2 and d != d.quantize(Decimal(1).scaleb(-unit)):
        raise RowProblem(Code.PRECISION, msg("amount.minor_unit", currency=currency))
    return d


def decimal_exact(value: Decimal, currency: str | None = None) -> Decimal:
    """For libraries that already give Decimal (mt-940, ofxparse, camt text): refuse sub-cent values."""
    q = bounded(value).quantize(CENT)
    if q != value:
        raise RowProblem(Code.PRECISION, msg("amount.sub_cent"))
    return _check(q, currency)
