"""A CSV statement without a header row, as some banks export it (TD Canada Trust: date, description, withdrawal,
deposit, balance; Wells Fargo: date, signed amount, and the description last): its columns are named from what
they hold, when that leaves no doubt.

The date column is the one whose every cell is a date; the description the text column with the longest texts. The
money columns must settle by themselves which way the money moved: one column of signed amounts (a minus in it), or
two columns of which each row fills one, with a balance column whose steps are those amounts (in file order or
newest first; nearly all of them), which tells which of the two is money out. Anything less certain stays unread: the caller refuses
the file asking for its header row.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .text import Cell, cell_text

_DATE = re.compile(
    r"^(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{8})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_NUMBER = re.compile(r"^[-+]?\(?[$€£¥]?\s?\d[\d,. ']*\)?$")

# The names given to the columns found; each is a header the table reader knows.
DATE, VALUE_DATE, DESCRIPTION = "Date", "Value Date", "Description"
AMOUNT, OUT_COLUMN, IN_COLUMN, BALANCE = "Amount", "Withdrawal", "Deposit", "Balance"
CURRENCY, ACCOUNT = "Currency", "Account Number"
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _number(text: str) -> Decimal | None:
    t = text.replace(" ", "").replace("'", "")
    negative = t.startswith("-") or (t.startswith("(") and t.endswith(")"))
    t = t.strip("-+()$€£¥")
    if re.search(r",\d{1,2}$", t) and "." not in t[t.rfind(",") :]:
        t = t.replace(".", "").replace(",", ".")  # 1.234,56
    else:
        t = t.replace(",", "")
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    return -value if negative else value


def _column(rows: list[list[str]], col: int) -> list[str]:
    return [row[col] if col < len(row) else "" for row in rows]


def _steps_matched(amounts: list[Decimal], balances: list[Decimal]) -> int:
    """How many balances are the one before them plus the row's signed amount, in file order or newest first."""
    pairs = range(1, len(balances))
    forward = sum(balances[i] - balances[i - 1] == amounts[i] for i in pairs)
    newest_first = sum(balances[i - 1] - balances[i] == amounts[i - 1] for i in pairs)
    return max(forward, newest_first)


def _told(matched: int, other: int, steps: int) -> bool:
    """The balance tells the direction: at least two steps and all of them but one in ten agree (a row the file
    itself gets wrong is then the running-balance check's to name), and the other reading agrees with fewer."""
    return matched >= 2 and steps - matched <= max(1, steps // 10) and matched > other


def _balance_before_and_after(full: list[int], values: dict[int, list[Decimal | None]]) -> tuple[int, int] | None:
    """(amount, balance after) where each row states the balance before it, the signed amount and the balance after
    (ABN AMRO's TAB download: account, currency, date, balance before, balance after, value date, amount, text): the
    balance after is the one before plus the amount on every row, and each row's balance before is the balance after
    of the row before it (in file order or newest first), which tells the balance before from the amount."""
    found = []
    for end in full:
        for start in full:
            for amount in full:
                if len({start, end, amount}) < 3:
                    continue
                s, e, a = values[start], values[end], values[amount]
                if not all(
                    x is not None and y is not None and z is not None and x + z == y for x, y, z in zip(s, e, a)
                ):
                    continue
                steps = range(1, len(s))
                if len(s) > 1 and (all(s[i] == e[i - 1] for i in steps) or all(s[i - 1] == e[i] for i in steps)):
                    found.append((amount, end))
    return found[0] if len(found) == 1 else None


def headerless_names(raw_rows: list[list[Cell]]) -> list[str] | None:
    """Header names for a headerless table's columns ("" for a column left unread), or None when its columns cannot
    be told with certainty."""
    rows = [[cell_text(c).strip() for c in row] for row in raw_rows]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        return None
    width = max(len(row) for row in rows)
    if width < 3:
        return None
    kinds: list[str] = []
    for col in range(width):
        cells = _column(rows, col)
        filled = [c for c in cells if c]
        if filled and len(filled) == len(cells) and all(_DATE.match(c) for c in filled):
            kinds.append("date")
        elif filled and all(_NUMBER.match(c) and _number(c) is not None for c in filled):
            kinds.append("number")
        else:
            kinds.append("text" if filled else "empty")
    dates = [c for c, k in enumerate(kinds) if k == "date"]
    texts = [c for c, k in enumerate(kinds) if k == "text"]
    numbers = [c for c, k in enumerate(kinds) if k == "number"]
    if not dates or not texts or not numbers or len(dates) > 2:
        return None
    names = [""] * width
    names[dates[0]] = DATE
    if len(dates) == 2:
        names[dates[1]] = VALUE_DATE
    names[max(texts, key=lambda c: sum(len(t) for t in _column(rows, c)))] = DESCRIPTION
    values = {c: [(_number(t) if t else None) for t in _column(rows, c)] for c in numbers}
    full = [c for c in numbers if all(v is not None for v in values[c])]
    for bal in reversed(full):  # two columns, one on each row, and a balance: which way is told by the balance
        balances = [v for v in values[bal] if v is not None]
        sides = [c for c in numbers if c != bal and c not in full]
        for first, second in ((a, b) for i, a in enumerate(sides) for b in sides[i + 1 :]):
            outs, ins = values[first], values[second]
            if any((o is None) == (i is None) for o, i in zip(outs, ins, strict=True)):
                continue
            if any(v is not None and v < 0 for v in (*outs, *ins)):
                continue
            signed = [(i or Decimal(0)) - (o or Decimal(0)) for o, i in zip(outs, ins, strict=True)]
            as_written = _steps_matched(signed, balances)  # the first of the two is money out
            swapped = _steps_matched([-v for v in signed], balances)
            steps = len(balances) - 1
            if _told(as_written, swapped, steps):
                names[first], names[second], names[bal] = OUT_COLUMN, IN_COLUMN, BALANCE
                return names
            if _told(swapped, as_written, steps):
                names[first], names[second], names[bal] = IN_COLUMN, OUT_COLUMN, BALANCE
                return names
    told = _balance_before_and_after(full, values)
    if told is not None:
        names[told[0]], names[told[1]] = AMOUNT, BALANCE
        for col in full:  # ABN AMRO's first column: the account's number, the same on every line
            cells = _column(rows, col)
            if col not in told and len(set(cells)) == 1 and cells[0].isdigit() and 7 <= len(cells[0]) <= 18:
                names[col] = ACCOUNT
        for col in texts:  # ABN AMRO's second column: the currency, EUR on every line
            if col != names.index(DESCRIPTION) and all(_CURRENCY.match(t) for t in _column(rows, col)):
                names[col] = CURRENCY
        return names
    if len(full) == 2:  # a signed amount and a balance: the balance's steps are the amounts
        a, b = full
        readings = []
        for amount_col, bal in ((a, b), (b, a)):
            amounts = [v for v in values[amount_col] if v is not None]
            balances = [v for v in values[bal] if v is not None]
            matched = _steps_matched(amounts, balances) if any(v < 0 for v in amounts) else 0
            readings.append((matched, amount_col, bal))
        (best, amount_col, bal), (other, _, _) = sorted(readings, reverse=True)
        if _told(best, other, len(rows) - 1):
            names[amount_col], names[bal] = AMOUNT, BALANCE
            return names
        return None
    sparse = [c for c in numbers if c not in full]
    if not full:  # Targobank: money out written negative in one column, money in positive in the next
        for first, second in ((a, b) for i, a in enumerate(sparse) for b in sparse[i + 1 :]):
            outs, ins = values[first], values[second]
            if all((o is None) != (i is None) for o, i in zip(outs, ins, strict=True)):
                if all(v < 0 for v in outs if v is not None) and all(v > 0 for v in ins if v is not None):
                    names[first], names[second] = OUT_COLUMN, IN_COLUMN
                    return names
                if all(v > 0 for v in outs if v is not None) and all(v < 0 for v in ins if v is not None):
                    names[first], names[second] = IN_COLUMN, OUT_COLUMN
                    return names
    paired = any(
        all((x is None) != (y is None) for x, y in zip(values[a], values[b], strict=True))
        for i, a in enumerate(sparse)
        for b in sparse[i + 1 :]
    )
    if len(full) == 1 and not paired and any(v is not None and v < 0 for v in values[full[0]]):
        # One column of signed amounts, a minus for money out; a column of numbers on some rows only (a cheque's
        # number) is left unread.
        names[full[0]] = AMOUNT
        return names
    return None
