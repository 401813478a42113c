"""ERP direct-link push (银企直联): a decoded JSON object -> ParsedFile, with the same validation and
row errors as a file (row = 1-based index in the array).

Accepted shapes: a list of line objects, or {"lines": [...], "account_number", "currency",
"opening_balance", "closing_balance", "period_start", "period_end"}. A line gives its date as
``booking_date`` (or ``date``) and its amount either as ``debit``/``credit`` (journal or bank sense,
by ``kind``), as ``amount`` plus ``direction`` ("in"/"out", or 借/贷/收/支), or as a signed ``amount``.
Send amounts as strings ("1234.50"); JSON numbers are accepted but checked for sub-cent noise. Texts: ``_TEXT``
(``counterparty`` is taken for ``counterparty_name``, the name the API's answers use).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .amounts import parse_amount
from .checks import check_running_balances, refuse_nul_text
from .dates import parse_date
from .errors import Code, ErrorCollector, ParseError, RowProblem
from .journal import flag_direction, side_direction
from .messages import msg
from .text import currency_code
from .types import IN, OUT, Direction, Kind, ParsedFile, ParsedLine, ParseOptions

_TEXT = (
    "counterparty_name",
    "counterparty_account",
    "counterparty_bank",
    "summary",
    "purpose",
    "serial",
    "voucher_no",
    "settlement_method",
    "counter_subject",
)
# The names the API's own answers use for a line (GET .../lines, .../unmatched), accepted for the stored field: a
# client that sends back what it read must not lose the counterparty without a word.
_ALIASES = {"counterparty": "counterparty_name"}
_DIRECTIONS: dict[str, Direction] = {"in": IN, "out": OUT}


def parse_json_lines(payload: Any, kind: Kind = "journal", options: ParseOptions | None = None) -> ParsedFile:
    options = options or ParseOptions()
    header: dict[str, Any] = {}
    if isinstance(payload, dict):
        header, items = payload, payload.get("lines")
    else:
        items = payload
    if not isinstance(items, list):
        raise ParseError(Code.UNREADABLE, msg("push.not_a_list"))
    if not items:
        raise ParseError(Code.EMPTY_FILE, msg("push.empty"))
    if len(items) > options.max_rows:
        raise ParseError(Code.TOO_MANY_ROWS, msg("push.too_many_lines", limit=options.max_rows))
    errors = ErrorCollector(options.max_errors)
    currency = _currency(header.get("currency"))
    pf = ParsedFile(
        format="json",
        kind=kind,
        account_number=header.get("account_number"),
        account_name=header.get("account_name"),
        currency=currency,
    )
    for key in ("opening_balance", "closing_balance"):
        try:
            setattr(pf, key, parse_amount(header.get(key)))
        except RowProblem as p:
            errors.add_problem(None, key, header.get(key), p)
    for key in ("period_start", "period_end"):
        try:
            setattr(pf, key, parse_date(header.get(key)))
        except RowProblem as p:
            errors.add_problem(None, key, header.get(key), p)
    reversed_period = bool(pf.period_start and pf.period_end and pf.period_end < pf.period_start)
    if reversed_period:
        errors.add(None, "period_end", header.get("period_end"), Code.BAD_DATE, msg("push.period_reversed"))
    for i, item in enumerate(items, start=1):
        line = _line(i, item, kind, currency, errors)
        if line is not None and not reversed_period and _outside(line.booking_date, pf):
            date_key = "booking_date" if "booking_date" in item else "date"
            reason = msg("push.outside_period", start=pf.period_start or "…", end=pf.period_end or "…")
            errors.add(i, date_key, item.get(date_key), Code.BAD_DATE, reason)
        elif line is not None:
            pf.lines.append(line)
    if options.check_balances:
        check_running_balances(pf, errors, "balance")
    pf.errors, pf.error_count = list(errors.errors), errors.count
    refuse_nul_text(pf, options.max_errors)
    return pf


def _line(row: int, item: Any, kind: Kind, currency: str | None, errors: ErrorCollector) -> ParsedLine | None:
    if not isinstance(item, dict):
        errors.add(row, None, None, Code.BAD_RECORD, msg("push.line_not_object"))
        return None
    date_key = "booking_date" if "booking_date" in item else "date"
    before = errors.count
    try:
        booking = parse_date(item.get(date_key))
        if booking is None:
            errors.add(row, date_key, None, Code.MISSING_VALUE, msg("date.empty"))
    except RowProblem as p:
        errors.add_problem(row, date_key, item.get(date_key), p)
        booking = None
    line_currency = _currency(item.get("currency")) or currency
    signed = _signed(row, item, kind, line_currency, errors)
    balance = value_date = None
    try:
        balance = parse_amount(item.get("balance"))
    except RowProblem as p:
        errors.add_problem(row, "balance", item.get("balance"), p)
    try:
        value_date = parse_date(item.get("value_date"))
    except RowProblem as p:
        errors.add_problem(row, "value_date", item.get("value_date"), p)
    for alias, field in _ALIASES.items():
        if item.get(field) in (None, "") and item.get(alias) not in (None, ""):
            item = {**item, field: item[alias]}
    for key in _TEXT:
        if not _is_text(item.get(key)):
            errors.add(row, key, item[key], Code.BAD_RECORD, msg("push.text_not_text"))
    if errors.count > before or booking is None or signed is None:
        return None
    if signed == 0:
        errors.add(row, "amount", "0", Code.BAD_AMOUNT, msg("amount.zero"))
        return None
    texts = {k: str(item[k]).strip() for k in _TEXT if item.get(k) not in (None, "")}
    return ParsedLine(
        row=row,
        booking_date=booking,
        amount=abs(signed),
        direction=IN if signed > 0 else OUT,
        value_date=value_date,
        balance=balance,
        currency=line_currency,
        raw=None,
        **texts,
    )


def _signed(row: int, item: dict[str, Any], kind: Kind, currency: str | None, errors: ErrorCollector) -> Decimal | None:
    try:
        if "debit" in item or "credit" in item:
            debit = parse_amount(item.get("debit"), currency) or Decimal("0.00")
            credit = parse_amount(item.get("credit"), currency) or Decimal("0.00")
            if debit and credit:
                errors.add(row, "debit/credit", None, Code.BOTH_SIDES, msg("amount.both_sides"))
                return None
            side_amount, field = (debit, "debit") if debit else (credit, "credit")
            return side_amount if side_direction(field, kind) == IN else -side_amount
        amount = parse_amount(item.get("amount"), currency)
    except RowProblem as p:
        key = next(k for k in ("debit", "credit", "amount") if k in item)
        errors.add_problem(row, key, item.get(key), p)
        return None
    if amount is None:
        errors.add(row, "amount", None, Code.MISSING_VALUE, msg("amount.empty"))
        return None
    raw_dir = item.get("direction")
    if raw_dir in (None, ""):
        return amount
    direction = _DIRECTIONS.get(str(raw_dir).lower())
    if direction is None:
        try:
            direction = flag_direction(raw_dir, kind, None)
        except RowProblem as p:
            errors.add_problem(row, "direction", raw_dir, p)
            return None
    if amount < 0:  # which one is meant, the sign or the direction? Not ours to guess.
        errors.add(row, "amount", amount, Code.BAD_AMOUNT, msg("amount.negative_with_direction"))
        return None
    return amount if direction == IN else -amount


def _outside(day: date, pf: ParsedFile) -> bool:
    """A line dated outside the period the push states (its ``period_start`` to ``period_end``)."""
    return bool((pf.period_start and day < pf.period_start) or (pf.period_end and day > pf.period_end))


def _is_text(value: Any) -> bool:
    """A text field holds a string or a whole number (an ERP's voucher number); an object, a list, true/false or a
    fraction is refused by name, never stored as Python's rendering of it."""
    return value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _currency(value: Any) -> Any:
    """Chinese currency names to ISO codes; non-strings are left for the account check to refuse by name."""
    return currency_code(value) if isinstance(value, str) else value
