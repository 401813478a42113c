"""Counterparty-name similarity for Chinese company names.

Journals shorten names ("上海恒瑞贸易有限公司" -> "恒瑞贸易"), so raw string
ratios undersell real matches. We compare *cores*: the name without region
prefixes (上海 / 广东省深圳市 / 浦东新区) and legal-form suffixes (有限公司,
集团, (中国) ...), then score containment and character-bigram Dice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from .hanzi import simplified
from .homophones import one_homophone_apart
from .latin import is_latin, latin_core, latin_grams, latin_similarity
from .name_words import (
    BRACKETS_RE,
    BRANCH_RE,
    GOVERNMENT,
    INDUSTRY_END,
    INDUSTRY_WORDS,
    PUNCT,
    REGION_RE,
    SUFFIX_RE,
    WIDE_FIRST,
    WIDE_TO_ASCII,
)
from .person_names import is_person
from .platforms import names_a_platform

_CUT_FORM = re.compile("(?:股份有?|股|有|公)$")
# One character typed with another of the same sound: no contradiction, yet no support either, since distinct firms
# often have such names (华信 / 华鑫, 宏达 / 鸿达): the amount and the dates decide, as for a missing name.
HOMOPHONE = 0.5
NEUTRAL = 0.5  # between a contradiction (< WEAK_NAME in score.py) and support (>= STRONG_NAME)


def core_name(name: str) -> str:
    """Distinctive part of a company name ("" for an empty name).

    If stripping would leave fewer than 2 characters (e.g. "上海银行"), the
    less-stripped form is kept: a one-character core is not evidence.

    An ASCII name is read as its upper-case form, which has the same core (a name with a letter is Latin, and
    ``latin_core`` upper-cases it first; one without a letter has no case), so the cache holds one entry for
    "Granite Global AS" and "GRANITE GLOBAL AS": SEPA banks write one payer both ways (at a million lines,
    248,000 distinct bank names are 179,000 upper-cased).
    """
    return _core_name(name.upper() if name.isascii() else name)


@lru_cache(maxsize=200_000)
def _core_name(name: str) -> str:
    if not name:
        return ""
    if (
        not name.isascii() and max(name) >= WIDE_FIRST
    ):  # full-width letters or digits (ＧＬＴ, ３Ｍ): the same name as in ASCII
        name = name.translate(WIDE_TO_ASCII)
    if is_latin(name):
        return latin_core(name)  # pure ASCII, words kept apart: ``core_similarity`` tells the two kinds apart
    s = BRACKETS_RE.sub("", simplified(name)).translate(PUNCT).upper()  # 國際貿易 as 国际贸易 (hanzi.py)
    if "分" in s or "办事处" in s:
        s = BRANCH_RE.sub("", s) or s
    core = SUFFIX_RE.sub("", s) or s
    # A legal form cut down to its first character or two after a line of business (精工汽车零部件(武汉)有 once the
    # bracket is gone): too short for ``SUFFIX_RE`` to strip everywhere, safe after a trade word.
    cut = _CUT_FORM.search(core)
    if cut is not None and INDUSTRY_END.search(core, 0, cut.start()):
        core = core[: cut.start()]
    # Strip region prefixes one at a time ("广东省深圳市"), but stop before a
    # strip would leave nothing distinctive: "苏州金华电子" keeps "金华电子"
    # (金华 is a city, here part of the firm's name).
    while True:
        m = REGION_RE.match(core)
        if not m:
            break
        rest = core[m.end() :]
        if len(rest) < 2 or rest in INDUSTRY_WORDS or _only_industry(rest):
            break
        core = rest
    return core if len(core) >= 2 else s


def core_names(names: Sequence[str], aliases: Mapping[str, str]) -> list[str]:
    """``core_name`` of each name (``aliases`` applied first), "" for an empty one: the cores of a side's
    counterparties, without a Python frame per name for the upper-casing."""
    get = aliases.get
    return [
        _core_name(alias.upper() if alias.isascii() else alias) if name else ""
        for name, alias in zip(names, map(get, names, names))
    ]


def _only_industry(core: str) -> bool:
    """True when ``core`` is at most one character plus a line-of-business word.

    (A suffix ``w`` with ``len(core) - len(w) < 2`` is ``core`` or ``core[1:]``,
    so two set look-ups answer it.)
    """
    return core in INDUSTRY_WORDS or core[1:] in INDUSTRY_WORDS


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


@lru_cache(maxsize=200_000)
def core_bigrams(core: str) -> frozenset[str]:
    """Blocking keys of a name core, cached (bulk scoring reuses them across pairs): character bigrams of a Chinese
    core; word heads of a Latin one, whose bigrams ("ER", "AN") nearly every name shares."""
    return latin_grams(core) if core.isascii() else frozenset(_bigrams(core))


@lru_cache(maxsize=500_000)
def name_similarity(a: str, b: str) -> float:
    """0..1 similarity of two counterparty names (1.0 = same core).

    Containment of one core in the other (恒瑞 in 恒瑞贸易) scores high but
    below equality, scaled by how much of the longer core is covered; other
    pairs get the Dice coefficient of character bigrams.
    """
    return core_similarity(core_name(a), core_name(b))


@lru_cache(maxsize=500_000)
def core_similarity(ca: str, cb: str) -> float:
    """``name_similarity`` given the two name cores, the bank line's first (a person's name reads differently on
    each side)."""
    if not ca or not cb:
        return 0.0
    if ca == cb:
        return 1.0
    bank_core = ca  # callers pass the bank line's core first (``score``, ``exact``, ``window``)
    platform_a, government_a, end_a, account_a = _core_facts(ca)
    platform_b, government_b, end_b, account_b = _core_facts(cb)
    if account_a or account_b:
        # An account number and a name (GB13 1232 … against Pioneer Retail S.A.), or two accounts: who holds the
        # account the line does not say, so no evidence either way (``account_names`` learns it from the run).
        return NEUTRAL
    if platform_a != platform_b:
        return NEUTRAL  # a payment platform pays on behalf of the customer the other side names: no evidence
    if government_a != government_b:
        # A tax office, the treasury or a social-insurance fund against a company: never one party, whatever the
        # script (国家金库上海市分库 against Crescent Falcon Ltd is a contradiction, not a lack of evidence).
        return 0.0
    if "银行" in ca and "银行" not in cb:
        # The bank line names the bank itself (贴现款入账, 银承到期扣款, 定期到期): the bank acts on its own product for
        # the party the books name (the bill's drawer, the supplier paid at maturity), so no evidence either way, as
        # for a payment platform. Not the other way round: books naming a bank the bank line did not pay is two parties.
        return NEUTRAL
    latin_a, latin_b = ca.isascii(), cb.isascii()
    if latin_a != latin_b:
        # A Latin brand and a mixed name that starts with it (ZKL against ZKL仪器仪表, TOPWAY against TOPWAY晟达电气):
        # the same containment as between two Chinese cores.
        brand, mixed = (ca, cb) if latin_a else (cb, ca)
        brand = brand.replace(" ", "")
        if len(brand) >= 3 and mixed.startswith(brand) and not mixed[len(brand) : len(brand) + 1].isascii():
            return round(0.75 + 0.2 * len(brand) / len(mixed), 2)
    if latin_a or latin_b:
        # A Latin name against a Chinese one (SHANGHAI HENGRUI TRADING against 恒瑞贸易) cannot be compared by
        # letters: no evidence either way.
        return latin_similarity(ca, cb) if latin_a and latin_b else NEUTRAL
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    if len(short) >= 2 and short in long_ and short not in INDUSTRY_WORDS:
        return round(0.75 + 0.2 * len(short) / len(long_), 2)
    if one_homophone_apart(ca, cb):  # 鑫达物流 keyed as 鑫大物流 (``homophones.py``)
        return HOMOPHONE
    # A line-of-business word both names end with says nothing about whether they are one company (胜旋信息技术
    # and 源华信息技术 share three of five bigrams): compare what comes before it.
    cut = max((len(word) for word in (end_a, end_b) if word and ca.endswith(word) and cb.endswith(word)), default=0)
    if cut and len(ca) - cut >= 2 and len(cb) - cut >= 2:
        ca, cb = ca[:-cut], cb[:-cut]
    ba, bb = core_bigrams(ca), core_bigrams(cb)
    dice = round(2 * len(ba & bb) / (len(ba) + len(bb)), 2)
    if dice < NEUTRAL and is_person(bank_core):
        # The bank shows a person where the books name someone else: the owner or an employee paying the company's
        # invoice from a personal account (个人代付). Different names, yet no sign of two parties: the same
        # no-evidence as a payment platform's (the books' name may be a company's two-character short form that reads
        # like a person's, 康利). Not the other way round: books naming a person the bank did not pay (付张三货款
        # against a company's account) is two parties.
        return NEUTRAL
    return dice


# An account number where the export left the name out (对方账号 only; an IBAN): 10+ digits, groups apart or not.
ACCOUNT_CORE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9 ]{10,32}|\d[\d -]{8,40}\d")


def is_account_core(core: str) -> bool:
    # The first characters sort out names cheaply: an account starts with a digit, an IBAN has digits third and fourth.
    return (
        (core[:1].isdigit() or core[2:4].isdigit())
        and bool(ACCOUNT_CORE.fullmatch(core))
        and sum(ch.isdigit() for ch in core) >= 10
    )


# Every Latin alternative of ``GOVERNMENT`` holds one of these as written (the pattern is case-sensitive).
_GOVERNMENT_ASCII = ("TAX", "REVENU", "TREASURY", "FINANZAMT", "SOCIAL SECURITY", "HOUSING FUND", "CUSTOMS")


def names_a_government(name: str) -> bool:
    """``GOVERNMENT.search(name) is not None``, without the search for an ASCII name that holds none of its words
    (its Chinese alternatives cannot occur in one): a few substring tests where the pattern costs ~4 us a name."""
    if name.isascii() and not any(word in name for word in _GOVERNMENT_ASCII):
        return False
    return GOVERNMENT.search(name) is not None


@lru_cache(maxsize=500_000)
def _core_facts(core: str) -> tuple[bool, bool, str, bool]:
    """Whether a core names a payment platform, whether it names a government body (``GOVERNMENT``), the
    line-of-business word it ends with ("" if none), and whether it is an account number and no name: once per core
    rather than once per pair of cores compared (a million-line run compares ~260k pairs of ~100k cores)."""
    end = None if core.isascii() else INDUSTRY_END.search(core)  # its words are all Chinese
    return names_a_platform(core), names_a_government(core), end.group() if end else "", is_account_core(core)


def party_kind(core: str) -> tuple[bool, bool]:
    """(payment platform, government body) for a name core."""
    platform, government, _end, _account = _core_facts(core)
    return platform, government


def industry_end(core: str) -> str:
    """The line-of-business word a core ends with ("" if none), which ``core_similarity`` compares without."""
    return _core_facts(core)[2]
