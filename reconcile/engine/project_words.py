"""The project or contract a summary names, the word that tells same-amount lines of one party apart.

A contractor pays the same round 投标保证金 to one 公共资源交易中心 for several tenders in a month and gets it back weeks
later; amount, date and party are the same for all of them, only the project differs: the bank's 摘要 writes
"投标保证金滨江花园二期" (cut at the column's width: "退还投标保证金滨江花" keeps three characters of the project),
the voucher "付滨江花园二期项目投标保证金". What is left of both texts once the words every such line holds are
taken out (保证金, 退还, 项目, 工程 ...) and the parties' own names is the project, or a contract or tender number.

``shared_word`` reads the longest such word two texts share: a Chinese run of at least ``MIN_SHARED`` characters, or
the whole last word of the bank's text (a word the column cut) of at least ``MIN_CUT`` characters found inside a
longer word of the entry's with more after it (the rest the column lost), or a contract or tender number written
whole in both. Not a purpose (服务费, 货款: ``purposes.py`` compares those), a bill's kind (到期托收), nor a part of the parties' names
or a company's name (stage 4b's names compare those, with their own care).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .names import industry_end
from .purposes import PURPOSE_WORDS

MIN_SHARED = 4
MIN_CUT = 3
MIN_DIGITS = 6

# Words that say what kind of payment a line is, not which one; longest first, so that 投标保证金 goes before 保证金.
COMMON = tuple(
    sorted(
        (
            "投标保证金", "履约保证金", "保证金", "投标", "中标", "退还", "退回", "返还", "收回", "归还", "支付", "付款",
            "收款", "转账", "网银", "汇款", "汇划", "跨行", "项目", "工程", "利息", "本息", "款项", "费用", "往来",
            "代付", "代收", "预付", "暂付", "往来款", "其他应收款", "其他应付款", "交易中心", "公共资源",
            "到期", "托收", "银承", "承兑", "贴现", "票据", "汇票", "发票号", "发票", "合同号", "合同", "汇入", "汇出",
            *PURPOSE_WORDS,
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_COMMON = re.compile("|".join(map(re.escape, COMMON)))
# A payment verb opening what is left (付滨江花园 / 收滨江花园): only at a word's start, where it cannot be the project's.
_LEADING = re.compile(r"(?:(?<=\s)|^)[付收退还]")
# A run of Chinese, or a number as written (HT2025-1671 is one word: HT2025 alone starts every contract of the year).
_WORD = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+(?:[-_/][A-Za-z0-9]+)*")
_HAN = re.compile(r"[\u3400-\u9fff]")


def words(text: str, names: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The words of ``text`` left once the common words and the parties' ``names`` are taken out."""
    for name in names:
        if len(name) >= 2:
            text = text.replace(name, " ")
    text = _LEADING.sub(" ", _COMMON.sub(" ", text))
    return tuple(_WORD.findall(text))


def _a_number(word: str) -> bool:
    """A contract or tender number: letters with digits (HT2025-1671), or ``MIN_DIGITS`` digits and more; a Latin word
    alone (SALARY, PAYMENT) is a category as often as a name, a short figure (2025) in many texts."""
    if word.isdigit():
        return len(word) >= MIN_DIGITS
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


@lru_cache(maxsize=200_000)
def shared_word(bank_words: tuple[str, ...], entry_words: tuple[str, ...], names: tuple[str, ...] = ()) -> str:
    """The longest word of the bank's that the entry's words hold (see the module's docstring), "" for none; not a
    part of one of the parties' ``names``. A number counts only whole (发票号72953823 and 发票号78475924 share none)."""
    if not bank_words or not entry_words:
        return ""
    entry_han = [w for w in entry_words if _HAN.match(w)]
    best = max((w for w in bank_words if w in entry_words and _a_number(w)), key=len, default="")
    joined = " ".join(entry_han)
    for w in bank_words:
        if not _HAN.match(w):
            continue
        for i in range(len(w)):
            size = max(len(best) + 1, MIN_SHARED)
            while i + size <= len(w) and w[i : i + size] in joined:
                size += 1
            found = w[i : i + size - 1]
            if len(found) >= max(len(best) + 1, MIN_SHARED) and not _named(found, names):
                best = found
    if not best and bank_words and _HAN.match(bank_words[-1]):
        last = bank_words[-1]
        if len(last) >= MIN_CUT and not _named(last, names) and any(_cut(last, w) for w in entry_han):
            best = last
    return best


def _cut(start: str, word: str) -> bool:
    at = word.find(start)
    return at >= 0 and at + len(start) < len(word)


def _named(word: str, names: tuple[str, ...]) -> bool:
    """A part of one of the parties' names, or a word ending as a company's does (顺发贸易: the line-of-business word,
    ``names.industry_end``): a payer named in a summary, which stage 4b's names weigh."""
    return any(word in name for name in names) or bool(industry_end(word))


def has_own_words(text_words: tuple[str, ...]) -> bool:
    """Whether a text names anything a shared word could be (a project, a number): 付款 alone names nothing."""
    return any(len(w) >= MIN_CUT for w in text_words)
