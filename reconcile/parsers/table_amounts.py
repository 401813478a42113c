"""The money of a table's rows: a row's net movement from its amount, debit/credit or in/out columns, its balance,
and the period totals a statement states; which money-out columns write every amount with a minus."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from .amounts import is_blank_amount, parse_amount
from .errors import Code, ErrorCollector, RowProblem
from .journal import apply_balance_side, balance_with_side, flag_direction
from .messages import msg
from .text import Cell, cell_text
from .types import IN, OUT, ControlTotals, Direction, Kind

# The header text of a column (None for no column, or one without a header), for naming it in an error.
ColumnName = Callable[[int | None], str | None]

ZERO = Decimal("0.00")


def cell_at(row: list[Cell], col: int | None) -> Cell:
    if col is None or col >= len(row):
        return None
    return row[col]


def no_money(row: list[Cell], sides: list[tuple[int, Direction, str]], c_amount: int | None) -> bool:
    cols = [c for c, _, _ in sides] + ([c_amount] if c_amount is not None else [])
    return all(is_blank_amount(cell_at(row, c)) for c in cols)


def minus_written(
    rows: list[list[Cell]],
    sides: list[tuple[int, Direction, str]],
    comma: bool,
    names: Mapping[int, str] | None = None,
) -> set[int]:
    """Money-out columns that write every amount with a minus sign (支付宝's 支出金额（-元）: -3.00): there the minus
    says what the column already says, money out; it is not a reversal. So too an English money-in column that
    writes every amount with a minus (Citi's card download: `Credit` -200.00 for a payment; its payments were read
    as money out). A Chinese 贷方 column's minus stays a reversal (冲正), even on its only amount."""
    found: set[int] = set()
    for col, direction, _field in sides:
        if direction != OUT and not (names is not None and (names.get(col) or "").isascii()):
            continue
        negative = False
        for row in rows:
            try:
                value = parse_amount(cell_at(row, col), decimal_comma=comma)
            except RowProblem:
                continue
            if value is not None and value > ZERO:
                break
            negative = negative or (value is not None and value < ZERO)
        else:
            if negative:
                found.add(col)
    return found


def flag_signed(
    rows: list[list[Cell]],
    c_amount: int | None,
    c_flag: int | None,
    flags: dict[str, Direction] | None,
    comma: bool,
    kind: Kind = "bank",
) -> bool:
    """An amount column that writes money out with a minus beside a flag that says so too (HSBC's "Billing amount"
    -1,099.14 beside "Credit / Debit" DEBIT; SAP FAGLL03's signed amount beside its S/H indicator): every negative
    amount is flagged out and every positive one in. Read as a reversal, each minus turned a payment into money in."""
    if c_amount is None or c_flag is None:
        return False
    negative = False
    for row in rows:
        try:
            value = parse_amount(cell_at(row, c_amount), decimal_comma=comma)
            direction = flag_direction(cell_at(row, c_flag), kind, flags)
        except RowProblem:
            continue
        if value is None or value == ZERO:
            continue
        if (value < ZERO) != (direction == OUT):
            return False
        negative = negative or value < ZERO
    return negative


def signed_amount(
    row: list[Cell],
    rnum: int,
    sides: list[tuple[int, Direction, str]],
    c_amount: int | None,
    c_flag: int | None,
    kind: Kind,
    flags: dict[str, Direction] | None,
    name: ColumnName,
    errors: ErrorCollector,
    currency: str | None,
    minus: set[int],
    comma: bool,
) -> Decimal | None:
    """Net movement into the account (+ in, - out), or None after recording an error.
    A negative figure in a debit column is a reversal (冲正): it moves money the other way, unless the column writes
    every amount with a minus sign (``minus``)."""
    if c_amount is not None and (not sides or all(is_blank_amount(cell_at(row, c)) for c, _, _ in sides)):
        try:
            value = parse_amount(cell_at(row, c_amount), currency, decimal_comma=comma)
        except RowProblem as p:
            errors.add_problem(rnum, name(c_amount), cell_at(row, c_amount), p)
            return None
        if value is None:
            errors.add(rnum, name(c_amount), None, Code.MISSING_VALUE, msg("amount.empty"))
            return None
        if c_flag is None:
            return value  # one signed column: negative = money out (SAP: negative = credit = out)
        try:
            direction = flag_direction(cell_at(row, c_flag), kind, flags)
        except RowProblem as p:
            errors.add_problem(rnum, name(c_flag), cell_at(row, c_flag), p)
            return None
        if c_amount in minus:  # the sign says what the flag says (see flag_signed)
            return abs(value) if direction == IN else -abs(value)
        return value if direction == IN else -value
    net = ZERO
    seen = 0
    bad = False
    for col, direction, _field in sides:
        try:
            value = parse_amount(cell_at(row, col), currency, decimal_comma=comma)
        except RowProblem as p:
            errors.add_problem(rnum, name(col), cell_at(row, col), p)
            bad = True
            continue
        if value is None or value == ZERO:
            continue
        seen += 1
        value = -value if col in minus else value
        net += value if direction == IN else -value
    if bad:
        return None
    if seen > 1:
        errors.add(rnum, "/".join(name(c) or "" for c, _, _ in sides), None, Code.BOTH_SIDES, msg("amount.both_sides"))
        return None
    if seen == 0 and all(is_blank_amount(cell_at(row, c)) for c, _, _ in sides):
        read = [name(c) or "" for c, _, _ in sides] + ([name(c_amount) or ""] if c_amount is not None else [])
        errors.add(rnum, "/".join(read), None, Code.MISSING_VALUE, msg("amount.none_in_columns", columns=read))
        return None
    return net


def balance_in(
    row: list[Cell],
    c_bal: int,
    c_side: int | None,
    rnum: int,
    name: ColumnName,
    errors: ErrorCollector,
    comma: bool,
    kind: Kind,
) -> Decimal | None:
    cell = cell_at(row, c_bal)
    try:
        try:
            value = parse_amount(cell, decimal_comma=comma)
        except RowProblem:
            sided = balance_with_side(cell, kind, decimal_comma=comma) if isinstance(cell, str) else None
            if sided is None:
                raise
            if c_side is not None and cell_text(cell_at(row, c_side)).strip():
                if apply_balance_side(abs(sided), cell_at(row, c_side)) != sided:
                    raise RowProblem(Code.BALANCE_MISMATCH, msg("balance.side_disagrees")) from None
            return sided
        if value is not None and c_side is not None:
            value = apply_balance_side(value, cell_at(row, c_side))
        return value
    except RowProblem as p:
        col = c_side if p.code == Code.BAD_DIRECTION and c_side is not None else c_bal
        errors.add_problem(rnum, name(col), cell_at(row, col), p)
        return None


def red_ink(row: list[Cell], sides: list[tuple[int, Direction, str]], minus: set[int], comma: bool) -> Decimal:
    """What a line's money columns write with a minus, a reversal (红字冲销: 借方 -500.00): the line moves it the other
    way, while the export's stated 借方 / 贷方 totals sum the columns as written, so each total is short of the lines'
    by it."""
    total = ZERO
    for col, _direction, _field in sides:
        if col in minus:
            continue
        try:
            value = parse_amount(cell_at(row, col), decimal_comma=comma)
        except RowProblem:
            continue
        if value is not None and value < ZERO:
            total -= value
    return total


def read_totals(
    row: list[Cell],
    sides: list[tuple[int, Direction, str]],
    totals: ControlTotals,
    where: dict[str, tuple[int | None, str]],
    rnum: int,
    label: str,
    errors: ErrorCollector,
    name: ColumnName,
    minus: set[int],
    comma: bool,
) -> None:
    sums: dict[str, Decimal] = {IN: ZERO, OUT: ZERO}
    found = {IN: False, OUT: False}
    for col, direction, _field in sides:
        try:
            value = parse_amount(cell_at(row, col), decimal_comma=comma)
        except RowProblem as p:
            errors.add_problem(rnum, name(col), cell_at(row, col), p)
            continue
        if value is not None:
            sums[direction] += -value if col in minus else value
            found[direction] = True
    if found[IN] and totals.in_total is None:
        totals.in_total = sums[IN]
        where["in_total"] = (rnum, f"{label}({'/'.join(name(c) or '' for c, d, _ in sides if d == IN)})")
    if found[OUT] and totals.out_total is None:
        totals.out_total = sums[OUT]
        where["out_total"] = (rnum, f"{label}({'/'.join(name(c) or '' for c, d, _ in sides if d == OUT)})")
