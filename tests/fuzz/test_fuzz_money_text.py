"""Property tests of the money/text helpers: 人民币大写 and amount text parsing.

``words_to_amount`` below is an independent inverse of ``amount_in_words`` written for the test: if
every amount survives the round trip, no digit, unit or 零 was dropped or doubled.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reconcile.parsers.amounts import parse_amount_text
from reconcile.parsers.errors import RowProblem
from statements.amount_words import MAX_ABS, amount_in_words

CENT = Decimal("0.01")
MAX_CENTS = int(MAX_ABS * 100)
PROPS = settings(max_examples=400, deadline=None, derandomize=True, database=None)

# -- an independent reader of 大写 ------------------------------------------------------------------

_DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}
_SHAPE = re.compile(
    r"^(?P<sign>负)?(?:(?P<yuan>[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+)元)?"
    r"(?:(?P<zero>零)|(?P<jiao>[壹贰叁肆伍陆柒捌玖])角)?(?:(?P<fen>[壹贰叁肆伍陆柒捌玖])分)?(?P<zheng>整)?$"
)


def _integer(words: str) -> int:
    total = section = number = 0
    for ch in words:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _SMALL:
            assert number, f"unit {ch} without a digit in {words}"
            section += number * _SMALL[ch]
            number = 0
        elif ch == "万":
            section = (section + number) * 10**4
            number = 0
        elif ch == "亿":
            total = (total + section + number) * 10**8
            section = number = 0
    return total + section + number


def words_to_amount(text: str) -> Decimal:
    if text == "零元整":
        return Decimal("0.00")
    m = _SHAPE.match(text)
    assert m, f"not the shape of an amount in words: {text}"
    yuan = _integer(m["yuan"]) if m["yuan"] else 0
    jiao = _DIGITS[m["jiao"]] if m["jiao"] else 0
    fen = _DIGITS[m["fen"]] if m["fen"] else 0
    # The conventions the module documents, checked on the way back:
    assert bool(m["zheng"]) == (fen == 0), f"整 must close an amount without 分 (and only then): {text}"
    assert bool(m["zero"]) == bool(yuan and not jiao and fen), f"零 between 元 and 分 misplaced: {text}"
    assert m["yuan"] is None or yuan > 0, f"元 part present for a zero-yuan amount: {text}"
    value = Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100
    return (-value if m["sign"] else value).quantize(CENT)


def test_words_reader_on_the_documented_examples() -> None:
    # The inverse is itself checked against the module's documented table before being trusted.
    for text, amount in [
        ("壹佰贰拾伍万元整", "1250000.00"),
        ("壹亿零壹仟元整", "100001000.00"),
        ("壹佰万零壹元整", "1000001.00"),
        ("壹拾元零伍分", "10.05"),
        ("壹仟陆佰捌拾元叁角贰分", "1680.32"),
        ("壹拾元伍角整", "10.50"),
        ("伍分", "0.05"),
        ("伍角整", "0.50"),
        ("零元整", "0.00"),
        ("负伍元整", "-5.00"),
        ("壹万亿元整", "1000000000000.00"),
    ]:
        assert words_to_amount(text) == Decimal(amount), text


cents_wide = st.one_of(
    st.integers(-MAX_CENTS, MAX_CENTS),
    st.integers(-(10**6), 10**6),  # the everyday range, with its 角/分 combinations
    st.sampled_from([0, 1, 10, 100, 1_000_000, 10**10 + 1, 10**12 * 100, 100_001_000_00, MAX_CENTS, -MAX_CENTS]),
    # sparse digits: runs of zeros across 万/亿 groups are where 零 goes wrong
    st.lists(st.tuples(st.integers(0, 17), st.integers(1, 9)), min_size=1, max_size=4).map(
        lambda parts: sum(d * 10**p for p, d in dict(parts).items()) % (MAX_CENTS + 1)
    ),
)


@PROPS
@example(cents=100_001_000_00)
@example(cents=10_000_000_001)  # 100000000.01
@example(cents=-1)
@given(cents=cents_wide)
def test_amount_in_words_round_trips(cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    words = amount_in_words(amount)
    assert words and "零零" not in words, words
    if amount:
        assert not re.search(r"零[元万亿整角分]", words), f"a 零 before a unit: {words}"
    assert not words.lstrip("负").startswith("拾"), f"a leading 拾 must be written 壹拾: {words}"
    assert words_to_amount(words) == amount, (amount, words)
    assert amount_in_words(amount, prefix="人民币") == "人民币" + words


@PROPS
@given(cents=st.integers(-MAX_CENTS, MAX_CENTS))
def test_amount_in_words_accepts_ints_and_trailing_zero_decimals(cents: int) -> None:
    if cents % 100 == 0:
        assert amount_in_words(cents // 100) == amount_in_words(Decimal(cents).scaleb(-2))
    assert amount_in_words(Decimal(cents).scaleb(-2).quantize(Decimal("0.0001"))) == amount_in_words(
        Decimal(cents).scaleb(-2)
    )


@pytest.mark.parametrize(
    "bad",
    [
        Decimal("1.005"),
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        MAX_ABS + CENT,
        Decimal("1e30"),
        Decimal("-1e20"),
    ],
    ids=str,
)
def test_amount_in_words_refuses_what_it_cannot_write(bad: Decimal) -> None:
    with pytest.raises(ValueError):
        amount_in_words(bad)


def test_amount_in_words_refuses_floats() -> None:
    with pytest.raises(TypeError):
        amount_in_words(1.5)  # type: ignore[arg-type]


# -- parse_amount_text ------------------------------------------------------------------------------

STORABLE_CENTS = 10**18 - 1  # DecimalField(max_digits=18, decimal_places=2)
amounts = st.integers(-STORABLE_CENTS, STORABLE_CENTS).map(lambda c: Decimal(c).scaleb(-2))


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


FORMS = {
    "grouped": lambda d: f"{d:,.2f}",
    "plain": lambda d: f"{d:.2f}",
    "yen_grouped": lambda d: f"¥{d:,.2f}",
    "yen_after_sign": lambda d: f"-¥{abs(d):,.2f}" if d < 0 else f"¥{d:,.2f}",
    "trailing_minus": lambda d: f"{abs(d):,.2f}-" if d < 0 else f"{d:,.2f}",
    "parentheses": lambda d: f"({abs(d):,.2f})" if d < 0 else f"{d:,.2f}",
    "yuan_suffix": lambda d: f"{d:,.2f}元",
    "rmb_prefix": lambda d: f"RMB {d:,.2f}",
    "fullwidth": lambda d: _fullwidth(f"{d:,.2f}"),
    "unicode_minus": lambda d: f"{d:,.2f}".replace("-", "\u2212"),
    "padded": lambda d: f"  {d:,.2f}\u00a0",
    "one_decimal": lambda d: f"{d:,.1f}" if d == d.quantize(Decimal("0.1")) else f"{d:,.2f}",
}


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@example(amount=Decimal("-0.00"), form="trailing_minus")
@example(amount=Decimal("1234.56"), form="fullwidth")
@example(amount=Decimal("9999999999999999.99"), form="grouped")
@given(amount=amounts, form=st.sampled_from(sorted(FORMS)))
def test_parse_amount_text_round_trips_formatted_decimals(amount: Decimal, form: str) -> None:
    text = FORMS[form](amount)
    assert parse_amount_text(text) == amount, (form, text)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(amount=amounts, currency=st.sampled_from(["CNY", "USD", "JPY", "KRW", "KWD", None]))
def test_parse_amount_text_with_currency_never_rounds(amount: Decimal, currency: str | None) -> None:
    text = f"{amount:,.2f}"
    if currency in ("JPY", "KRW") and amount != amount.to_integral_value():
        with pytest.raises(RowProblem) as caught:
            parse_amount_text(text, currency)
        assert caught.value.code == "precision"
    else:
        assert parse_amount_text(text, currency) == amount


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(cents=st.integers(-(10**12), 10**12), extra=st.integers(1, 9))
def test_sub_cent_amounts_are_refused_never_rounded(cents: int, extra: int) -> None:
    text = f"{Decimal(cents).scaleb(-2)}{extra}"  # one more decimal than cents
    if "." not in text:
        text = f"{cents}.00{extra}"
    with pytest.raises(RowProblem) as caught:
        parse_amount_text(text)
    assert caught.value.code in ("precision", "bad_amount")


amount_like = st.from_regex(r"\A[ ¥$(+\-−]{0,2}[0-9０-９,.，]{0,45}(?:[eE][+-]?[0-9]{1,3})?[)\-元]{0,2}\Z")


def _contract(text: str, currency: str | None = None) -> None:
    """Decimal with at most 2 places, None for blank, or RowProblem: nothing else may come out."""
    try:
        value = parse_amount_text(text, currency)
    except RowProblem as problem:
        assert problem.code in ("bad_amount", "precision") and problem.message
        return
    except (InvalidOperation, ArithmeticError, ValueError) as exc:
        raise AssertionError(f"parse_amount_text({text!r}) raised {type(exc).__name__} instead of RowProblem") from exc
    if value is not None:
        assert isinstance(value, Decimal) and value.is_finite()
        assert value == value.quantize(CENT)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@example(text="1" + "0" * 30)  # 10^30 with no separators: quantize() overflows the decimal context
@example(text="1,000,000,000,000,000,000,000,000,000.00")
@example(text="-" + "9" * 27 + ".99")
@example(text="¥")  # a currency sign alone (an empty amount cell printed with its unit)
@example(text="元")
@example(text="()")
@given(text=st.one_of(amount_like, st.text(max_size=40)))
def test_parse_amount_text_only_returns_cents_or_a_row_problem(text: str) -> None:
    _contract(text)
    _contract(text, "JPY")


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(text=st.one_of(amount_like, st.text(max_size=40)))
def test_parse_amount_text_ignores_width_of_characters(text: str) -> None:
    # Full-width forms (１,２３４.５６) and ASCII must read the same: the parser normalises with NFKC.
    folded = unicodedata.normalize("NFKC", text)
    try:
        left = parse_amount_text(text)
    except (RowProblem, ArithmeticError):
        left = "refused"
    try:
        right = parse_amount_text(folded)
    except (RowProblem, ArithmeticError):
        right = "refused"
    assert left == right, (text, folded)
