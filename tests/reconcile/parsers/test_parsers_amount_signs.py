"""An amount marked negative twice (`--5`, `-(5)`, `(-5)`, `-5-`, `-¥-5`) is refused as unreadable: read as two
negatives it became money in, the opposite of what the file most likely meant. One mark reads as before."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reconcile.parsers.amounts import parse_amount_text
from reconcile.parsers.errors import RowProblem


@pytest.mark.parametrize("text", ["--5", "-(5.00)", "(-5.00)", "-5.00-", "-¥-5.00", "+-5", "-$(234.56)", "(5.00-)"])
def test_an_amount_marked_negative_twice_is_refused(text: str) -> None:
    with pytest.raises(RowProblem) as caught:
        parse_amount_text(text)
    assert caught.value.code == "bad_amount"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("-5", Decimal("-5.00")),
        ("(5.00)", Decimal("-5.00")),
        ("5.00-", Decimal("-5.00")),
        ("¥-12.00", Decimal("-12.00")),
        ("-¥12.00", Decimal("-12.00")),
        ("$(234.56)", Decimal("-234.56")),
        ("+5", Decimal("5.00")),
        ("-1,234.50", Decimal("-1234.50")),
    ],
)
def test_an_amount_marked_once_reads_as_before(text: str, value: Decimal) -> None:
    assert parse_amount_text(text) == value
