"""Number formatting shared by the PDF/XLSX renderers (Decimal only)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_CENT = Decimal("0.01")


def format_amount(amount: Decimal) -> str:
    """``Decimal('1234567.891')`` -> ``'1,234,567.89'`` (half-up, like the ledger).

    Floats are refused: a balance that went through binary floating point is
    a bug upstream, not something to paper over here.
    """
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"amount must be Decimal or int, got {type(amount).__name__}")
    value = Decimal(amount).quantize(_CENT, rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # no "-0.00"
    return f"{value:,.2f}"
