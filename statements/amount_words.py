"""人民币金额大写 (amount in Chinese financial capitals).

Hand-written on purpose: the maintained PyPI option, ``cn2an`` 0.5.24
(``an2cn(x, "rmb")``), was checked against our table and drops the mandatory
零 in 100,001,000.00 (it gives 壹亿壹仟元整, should be 壹亿零壹仟元整) and
silently truncates sub-分 input (1.005 -> 壹元整), which on a confirmation
letter is a legal problem, not a cosmetic one.

Conventions (PBoC 《正确填写票据和结算凭证的基本规定》, bank practice):

* digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 / 万 亿 (万亿 above 10^12);
* a leading 10-19 is written 壹拾 (壹拾万元整, never 拾万元整) -- banks
  insist on it so nothing can be written in front of 拾;
* one 零 for each run of zeros *between* non-zero digits of the yuan part,
  across 万/亿 groups (壹佰万零壹元整, 壹亿零壹仟元整); trailing zeros give
  no 零 (壹佰贰拾万元整);
* between 元 and the fraction: 零 is written when 角 is 0 and 分 is not
  (壹拾元零伍分, mandatory); when only the 元 digit is 0 and 角 is not, the
  rule leaves 零 optional -- we omit it (壹仟陆佰捌拾元叁角贰分);
* 整 follows 元 when there are no 角/分, and also follows 角 when 分 is 0
  (壹拾元伍角整) -- allowed by the rule and it stops a 分 being appended;
  never after 分;
* amounts below one yuan have no 元 part (伍分, 伍角整); zero is 零元整;
  negative amounts are prefixed 负.
"""

from __future__ import annotations

from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
# Upper bound: below 10^16 yuan (high part of 亿 stays < 10^8); far above any
# account balance, and beyond it 兆 conventions differ.
MAX_ABS = Decimal("9999999999999999.99")


def _four(n: int) -> str:
    """0 < n < 10000 without leading-zero handling (caller adds 零 if needed)."""
    out: list[str] = []
    pending_zero = False
    for pos in range(3, -1, -1):
        digit = (n // 10**pos) % 10
        if digit == 0:
            pending_zero = bool(out)  # only a zero *after* something counts
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(DIGITS[digit] + _SMALL_UNITS[pos])
    return "".join(out)


def _yuan(n: int) -> str:
    """Words for a positive integer number of yuan, without the 元."""
    for size, unit in ((10**8, "亿"), (10**4, "万")):
        if n >= size:
            high, low = divmod(n, size)
            words = _yuan(high) + unit
            if low:
                # Low part has leading zeros -> a single 零 bridges the gap.
                if low < size // 10:
                    words += "零"
                words += _yuan(low)
            return words
    return _four(n)


def amount_in_words(amount: Decimal | int, *, prefix: str = "") -> str:
    """``Decimal('1250000.00')`` -> ``'壹佰贰拾伍万元整'``.

    ``prefix`` (e.g. ``"人民币"``) is put in front, before 负 (人民币负伍元整).
    Raises ``TypeError`` for float (binary rounding has no place in money)
    and ``ValueError`` for non-finite values, more than two decimal places or
    amounts beyond :data:`MAX_ABS`.
    """
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"amount must be Decimal or int, got {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"amount must be finite, got {value}")
    cents_exact = value * 100
    if cents_exact != cents_exact.to_integral_value():
        raise ValueError(f"amount has more than two decimal places: {value}")
    if abs(value) > MAX_ABS:
        raise ValueError(f"amount too large for 大写: {value}")

    cents = int(cents_exact)
    sign = "负" if cents < 0 else ""
    cents = abs(cents)
    yuan, frac = divmod(cents, 100)
    jiao, fen = divmod(frac, 10)

    if cents == 0:
        return prefix + "零元整"

    parts: list[str] = []
    if yuan:
        parts.append(_yuan(yuan) + "元")
    if jiao:
        parts.append(DIGITS[jiao] + "角")
    elif fen and yuan:
        parts.append("零")
    if fen:
        parts.append(DIGITS[fen] + "分")
    else:
        parts.append("整")
    return prefix + sign + "".join(parts)


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


def _english(n: int) -> str:
    """0 < n < 10^16 in English words, as cheques write them (no "and"): 1250000 -> one million two hundred fifty
    thousand."""
    for size, name in _SCALES:
        if n >= size:
            high, low = divmod(n, size)
            return f"{_english(high)} {name}" + (f" {_english(low)}" if low else "")
    if n >= 100:
        high, low = divmod(n, 100)
        return f"{_ONES[high]} hundred" + (f" {_english(low)}" if low else "")
    if n >= 20:
        tens, one = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[one]}" if one else "")
    return _ONES[n]


def amount_in_english_words(amount: Decimal | int) -> str:
    """A CNY amount in English words, for pages in English (the Chinese capitals are a Chinese page's and letter's):
    ``Decimal('1250000.00')`` -> ``'One million two hundred fifty thousand yuan only'``; cents are fen
    (``88000.50`` -> ``'Eighty-eight thousand yuan and fifty fen'``). The same checks as :func:`amount_in_words`."""
    amount_in_words(amount)  # refuses what the capitals refuse: floats, sub-fen amounts, beyond MAX_ABS
    cents = int(Decimal(amount) * 100)
    sign = "minus " if cents < 0 else ""
    yuan, fen = divmod(abs(cents), 100)
    if yuan and fen:
        words = f"{_english(yuan)} yuan and {_english(fen)} fen"
    elif fen:
        words = f"{_english(fen)} fen"
    else:
        words = f"{_english(yuan)} yuan only" if yuan else "zero yuan"
    words = sign + words
    return words[0].upper() + words[1:]
