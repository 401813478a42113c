"""人民币大写 table; expected strings written by hand from the PBoC rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from statements.amount_words import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1250000.00", "壹佰贰拾伍万元整"),
        ("1200000.00", "壹佰贰拾万元整"),
        ("0.05", "伍分"),
        ("100000000.10", "壹亿元壹角整"),
        ("10.50", "壹拾元伍角整"),
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("-0.00", "零元整"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),  # bank convention 壹拾, never bare 拾
        ("15", "壹拾伍元整"),
        ("100000", "壹拾万元整"),
        ("110000", "壹拾壹万元整"),
        ("1005", "壹仟零伍元整"),
        ("1010", "壹仟零壹拾元整"),
        ("1409.50", "壹仟肆佰零玖元伍角整"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("100100", "壹拾万零壹佰元整"),
        ("100010.01", "壹拾万零壹拾元零壹分"),
        ("1000001", "壹佰万零壹元整"),
        ("10000001", "壹仟万零壹元整"),
        ("100001000", "壹亿零壹仟元整"),  # cn2an 0.5.24 omits this 零
        ("110000000", "壹亿壹仟万元整"),
        ("1000010000", "壹拾亿零壹万元整"),
        ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        ("1200000.00", "壹佰贰拾万元整"),
        ("1198500.00", "壹佰壹拾玖万捌仟伍佰元整"),
        ("30000.00", "叁万元整"),
        ("20000.30", "贰万元叁角整"),
        ("0.10", "壹角整"),
        ("0.11", "壹角壹分"),
        ("100000000.01", "壹亿元零壹分"),
        ("1000000000000", "壹万亿元整"),
        ("1234567890123.45", "壹万贰仟叁佰肆拾伍亿陆仟柒佰捌拾玖万零壹佰贰拾叁元肆角伍分"),
        ("-3.20", "负叁元贰角整"),
        ("-1250000.05", "负壹佰贰拾伍万元零伍分"),
        ("9999999999999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_amount_in_words(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_int_and_prefix() -> None:
    assert amount_in_words(1650) == "壹仟陆佰伍拾元整"
    assert amount_in_words(Decimal("150.00"), prefix="人民币") == "人民币壹佰伍拾元整"
    assert amount_in_words(Decimal("-5"), prefix="人民币") == "人民币负伍元整"


@pytest.mark.parametrize(
    ("amount", "exc"),
    [
        (1.5, TypeError),
        (True, TypeError),
        ("12.00", TypeError),
        (Decimal("1.005"), ValueError),
        (Decimal("NaN"), ValueError),
        (Decimal("Infinity"), ValueError),
        (Decimal("10000000000000000"), ValueError),
    ],
)
def test_rejects(amount: object, exc: type[Exception]) -> None:
    with pytest.raises(exc):
        amount_in_words(amount)  # type: ignore[arg-type]


def test_trailing_zero_exponent_is_fine() -> None:
    # Decimal('1.500') has three places but is exactly 1.50.
    assert amount_in_words(Decimal("1.500")) == "壹元伍角整"
    assert amount_in_words(Decimal("1E+3")) == "壹仟元整"
