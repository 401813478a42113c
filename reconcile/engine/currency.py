"""Lines in a currency the statement is not in.

A bank export may hold the lines of the company's foreign-currency account beside those of the account being
reconciled (one export of all accounts of a 一网通 / 企业网银 user: "USD 汇入汇款", "外汇汇出 USD"). Such a line is
never the books entry of the same figure in the account's own currency: 5,000.00 USD is not 5,000.00 CNY. A currency
is foreign to the statement when it is named on only a minority of the statement's lines (on most of them it is the
statement's own currency and says nothing). Lines naming it are matched only among themselves and the books entries
that name the same currency (``split``); every other line is matched as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter

from .types import Line

# ISO codes of the currencies a mainland or European company books besides its own, upper-case and not part of a
# longer Latin word; and the Chinese names of the same currencies. 人民币 / CNY / RMB are never foreign here.
_CURRENCY = re.compile(
    r"(?<![A-Z])(USD|EUR|GBP|JPY|HKD|AUD|CAD|CHF|SGD|NZD|KRW)(?![A-Z])|(美元|美金|欧元|英镑|日元|港币|港元|澳元|加元|瑞郎|新加坡元|韩元)"
)
_CHINESE = {
    "美元": "USD",
    "美金": "USD",
    "欧元": "EUR",
    "英镑": "GBP",
    "日元": "JPY",
    "港币": "HKD",
    "港元": "HKD",
    "澳元": "AUD",
    "加元": "CAD",
    "瑞郎": "CHF",
    "新加坡元": "SGD",
    "韩元": "KRW",
}
_TEXT = itemgetter(6)  # Line.text, without an attribute look-up per line
# A currency named on more than this share of the bank lines is the statement's own.
MAX_SHARE = 0.25


# The run of Chinese characters (and brackets) around a Chinese currency name; when that run is a body's name
# (华美金属制品有限公司, 美元素科技有限公司), the currency word is part of the name, not a currency.
_CJK_RUN = re.compile(r"[\u4e00-\u9fff（）()]+")
_BODY = ("公司", "厂", "集团", "商行", "店", "中心", "银行", "事务所", "合作社", "研究所")


def currency_of(text: str) -> str:
    """The first currency a text names, as its ISO code; "" when it names none."""
    for m in _CURRENCY.finditer(text):
        if m.group(1):
            return m.group(1)
        run = _CJK_RUN.search(text, _run_start(text, m.start()))
        if run is not None and any(b in run.group() for b in _BODY):
            continue  # inside a company's name
        return _CHINESE[m.group(2)]
    return ""


def _run_start(text: str, i: int) -> int:
    while i > 0 and _CJK_RUN.fullmatch(text[i - 1]):
        i -= 1
    return i


# Literals whose absence from all texts rules every currency out (``_CURRENCY`` is slow on millions of lines; a
# substring test of the joined texts is not), and then picks the few lines worth reading with it.
_QUICK = ("USD", "EUR", "GBP", "JPY", "HKD", "AUD", "CAD", "CHF", "SGD", "NZD", "KRW", "元", "镑", "币", "郎", "美金")


def _worth_reading(lines: Sequence[Line], literals: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern of the literals the lines' texts hold (None: no text holds one, no line names a currency)."""
    joined = "\n".join(map(_TEXT, lines))
    present = [q for q in literals if q in joined]
    return re.compile("|".join(map(re.escape, present))) if present else None


def foreign_currencies(bank: Sequence[Line]) -> frozenset[str]:
    """Currencies named on at least one bank line but on no more than ``MAX_SHARE`` of them."""
    if not bank:
        return frozenset()
    worth = _worth_reading(bank, _QUICK)
    if worth is None:
        return frozenset()
    counts = Counter(c for c in map(currency_of, filter(worth.search, map(_TEXT, bank))) if c)
    return frozenset(c for c, n in counts.items() if n <= MAX_SHARE * len(bank))


def split(
    bank: Sequence[Line], journal: Sequence[Line]
) -> tuple[list[tuple[list[Line], list[Line]]], Sequence[Line], Sequence[Line]]:
    """([(bank lines, entries) naming one foreign currency, per currency], other bank lines, other entries); no
    passes when the bank names no foreign currency. Each pass is matched on its own, first; its entries that stay
    unmatched join the others (a books entry may quote a currency for a payment made in the account's own)."""
    foreign = foreign_currencies(bank)
    if not foreign:
        return [], bank, journal
    passes: dict[str, tuple[list[Line], list[Line]]] = {c: ([], []) for c in sorted(foreign)}
    rb: list[Line] = []
    rj: list[Line] = []
    # A line can name a foreign currency only if its text holds the code or a Chinese name of one.
    literals = sorted({c for c in foreign} | {name for name, c in _CHINESE.items() if c in foreign})
    for lines, rest, side in ((bank, rb, 0), (journal, rj, 1)):
        worth = _worth_reading(lines, literals)
        for line in lines:
            c = currency_of(line.text) if worth is not None and worth.search(line.text) else ""
            (passes[c][side] if c in passes else rest).append(line)
    return list(passes.values()), rb, rj
