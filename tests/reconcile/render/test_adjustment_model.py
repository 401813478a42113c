from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.render.adjustment import (
    BANK_IN_NOT_JOURNAL,
    BANK_OUT_NOT_JOURNAL,
    JOURNAL_IN_NOT_BANK,
    JOURNAL_OUT_NOT_BANK,
    AdjustmentItem,
)
from tests.reconcile.render.recon_adjustment_example import worked_example


def test_worked_example_agrees_at_1_200_000() -> None:
    t = worked_example()
    assert t.total(JOURNAL_IN_NOT_BANK) == Decimal("30000.00")
    assert t.total(JOURNAL_OUT_NOT_BANK) == Decimal("80000.00")
    assert t.total(BANK_IN_NOT_JOURNAL) == Decimal("1650.00")
    assert t.total(BANK_OUT_NOT_JOURNAL) == Decimal("150.00")
    assert t.adjusted_bank_balance == Decimal("1200000.00")
    assert t.adjusted_book_balance == Decimal("1200000.00")
    assert t.difference == 0
    assert t.agreed is True


def test_difference_sign_is_bank_minus_book() -> None:
    t = worked_example(book_balance=Decimal("1198400.00"))
    assert t.adjusted_book_balance == Decimal("1199900.00")
    assert t.difference == Decimal("100.00")
    assert t.agreed is False


def test_lists_become_tuples_and_items_validate() -> None:
    item = AdjustmentItem(dt.date(2026, 10, 31), "x", "y", Decimal("1"))
    t = worked_example(bank_in_not_journal=[item])
    assert isinstance(t.bank_in_not_journal, tuple)
    with pytest.raises(ValueError):
        AdjustmentItem(dt.date(2026, 10, 31), "x", "y", Decimal("-1"))
    with pytest.raises(TypeError):
        AdjustmentItem(dt.date(2026, 10, 31), "x", "y", 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        worked_example(bank_balance=1250000.0)
