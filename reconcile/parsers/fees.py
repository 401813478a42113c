"""A fee the export writes in a column of its own, beside the amount (Revolut: Amount, Fee, ..., Balance; the balance
moves by Amount - Fee). The fee is money out of the account as much as the amount is, so it becomes a line of its own
(a bank-only fee item to reconcile), never dropped (the balance would no longer follow) nor folded into the amount (the
payment would no longer match its journal entry).

A fee column beside a net amount (PayPal's Gross, Fee, Net: the balance moves by Net) is already in the amount and is
left alone."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .amounts import parse_amount
from .checks import detect_newest_first
from .errors import ErrorCollector, RowProblem
from .text import Cell, cell_text, header_key
from .types import IN, OUT, ParsedLine

# Amount columns that already have the fee taken off.
_NET_AMOUNTS = frozenset({"net", "netamount", "netto"})  # PayPal's English and German downloads
# The fee line's summary says what it is in both languages: the words the reconciliation engine files under fees
# (FEE, 手续费), then the line's own description.
FEE_SUMMARY = "Fee 手续费"


def fee_column(cols: dict[str, int], names: dict[int, str]) -> int | None:
    """The fee column to book lines from, or None (no fee column, or one beside a net amount)."""
    c_fee, c_amount = cols.get("fee"), cols.get("amount")
    if c_fee is None or c_amount is None or header_key(names.get(c_amount, "")) in _NET_AMOUNTS:
        return None
    return c_fee


def fee_in(cell: Cell, rnum: int, column: str | None, errors: ErrorCollector, comma: bool) -> Decimal | None:
    """The fee a row's cell states (a charge written positive; a negative one is a fee refunded), or None for an
    empty cell or one refused (named with its row and column)."""
    try:
        return parse_amount(cell, decimal_comma=comma)
    except RowProblem as p:
        errors.add_problem(rnum, column, cell_text(cell), p)
        return None


def with_fee_lines(lines: list[ParsedLine], fees: dict[int, Decimal]) -> list[ParsedLine]:
    """``lines`` with a line of its own after each one that carries a fee (by its index in ``lines``), in the file's
    order. The row's balance is the balance after both, so it goes to the fee line; the payment's own line shows none
    (no balance between the two is stated). In a file listed newest first the fee line comes first, so that read oldest
    first the payment still precedes its fee."""
    if not any(fees.values()):
        return lines
    # Which way round the file is, told by the rows' balances moving by amount less fee.
    net = [ln.signed_amount - fees.get(i, Decimal("0")) for i, ln in enumerate(lines)]
    newest_first = detect_newest_first(
        [replace(ln, amount=abs(n), direction=IN if n > 0 else OUT) for ln, n in zip(lines, net, strict=True)]
    )
    result: list[ParsedLine] = []
    for i, line in enumerate(lines):
        fee = fees.get(i)
        if not fee:
            result.append(line)
            continue
        charge = replace(
            line,
            amount=abs(fee),
            direction=OUT if fee > 0 else IN,
            summary=f"{FEE_SUMMARY}: {line.summary.strip()}" if line.summary.strip() else FEE_SUMMARY,
            serial=f"{line.serial}/fee" if line.serial else "",
            counterparty_name="",
            counterparty_account="",
            counterparty_bank="",
            purpose="",
            voucher_no="",
        )
        # A row of only a fee (Amount 0.00) is its fee line alone.
        pair = [replace(line, balance=None), charge] if line.amount else [charge]
        result.extend(reversed(pair) if newest_first else pair)
    return result
