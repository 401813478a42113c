"""What a side derives from its counterparty names after they change: names read in summaries are appended to
``cp_names`` once the cores were derived (the readers need them), and payment platforms are told apart per code.

Kept apart from ``normalize.Side`` (which calls these) so that module stays one cohesive size.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from itertools import chain, repeat
from typing import Any, Protocol

import numpy as np

from .distinct import distinct
from .joined import raw_joined, upper_joined_texts, upper_texts
from .name_words import (
    BANK_DEPOSIT,
    BANK_NAME,
    DEPOSIT_ENTRY,
    DEPOSIT_LITERALS,
    GOVERNMENT,
    GOVERNMENT_LITERALS,
    TAX_WORDS,
)
from .names import NEUTRAL, core_bigrams, core_names, core_similarity, industry_end, party_kind
from .platforms import names_a_platform


class Side(Protocol):
    """What these read of ``normalize.Side`` (not imported: it calls them)."""

    cp_names: list[str]
    cps: list[str]
    cp_code: np.ndarray
    text_code: np.ndarray
    texts: list[str]
    aliases: Mapping[str, str]

    @property
    def cores(self) -> list[str]: ...


def platform_flags(side: Side, codes: np.ndarray) -> np.ndarray:
    """Per counterparty code in ``codes``: whether the name is a payment platform's (支付宝, 财付通, 银联商务, PAYPAL
    ...), which pays or collects on behalf of the party the other side names. Read per distinct code asked for and
    remembered: SEPA names are nearly all distinct, and only pairs whose summaries differ ask."""
    return _flags(side, codes, "_platform", names_a_platform)


def trade_party_flags(side: Side, codes: np.ndarray) -> np.ndarray:
    """Per counterparty code in ``codes``: whether the line names a trade partner, a company that is neither a bank,
    a payment platform nor a government body (a fee it is paid or pays is a trade payment, not a bank charge)."""
    return _flags(
        side,
        codes,
        "_trade",
        lambda name: not (BANK_NAME.search(name) or names_a_platform(name) or GOVERNMENT.search(name.upper())),
    )


def matching_texts(
    strings: list[str], literals: tuple[str, ...], pattern: re.Pattern[str], side: Any = None
) -> list[int]:
    """Indexes of ``strings`` that ``pattern`` finds something in, given that every match contains one of
    ``literals`` (upper case; written in upper, title or lower case). Substring tests over all strings joined
    (milliseconds for a million SEPA names, where a regex over each, or over the joined text, costs seconds); only
    strings holding a literal are searched with ``pattern``. ``side``: the side whose summaries ``strings`` are, to
    share its joined and upper-cased summaries with the other readers (``joined.py``) instead of building them again."""
    if side is not None:
        return _matching_side_texts(side, literals, pattern)
    joined = "\n".join(strings)
    # Upper-casing a text of a million summaries costs more than the tests (umlauts make it Unicode-wide): the
    # literals are looked for as written in upper, title and lower case first, and only found ones upper-case it.
    if not any(form in joined for lit in literals for form in {lit, lit.title(), lit.lower()}):
        return []
    upper = joined.upper()
    present = [lit for lit in literals if lit in upper]
    if not present:
        return []
    # Offsets below are in the upper-cased text: where upper-casing lengthened a string (ß -> SS, ﬁ -> FI, common in
    # German names) they are counted in the upper-cased strings, else every hit after one maps to a wrong string.
    sizes = map(len, strings) if len(upper) == len(joined) else (len(text.upper()) for text in strings)
    joined = upper
    lengths = np.fromiter(sizes, dtype=np.int64, count=len(strings))
    starts = np.zeros(len(strings), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    at = [m.start() for lit in present for m in re.finditer(re.escape(lit), joined)]
    which = distinct(np.searchsorted(starts, np.array(at, dtype=np.int64), side="right") - 1).tolist()
    return [k for k in which if pattern.search(strings[k].upper())]


def _matching_side_texts(side: Any, literals: tuple[str, ...], pattern: re.Pattern[str]) -> list[int]:
    """``matching_texts`` of a side's summaries, on the joined texts the side keeps (the same tests, in order)."""
    raw = raw_joined(side)
    if not any(raw.holds(form) for lit in literals for form in {lit, lit.title(), lit.lower()}):
        return []
    joined = upper_joined_texts(side)
    present = [lit for lit in literals if joined.holds(lit)]
    if not present:
        return []
    upper = upper_texts(side)
    return [k for k in joined.codes(present).tolist() if pattern.search(upper[k])]


def government_codes(side: Side) -> np.ndarray:
    """The counterparty codes whose name is a Chinese government body's (``GOVERNMENT_LITERALS``: 国家金库, 税务局,
    社会保险 ...), sorted; names appended later (read in summaries) are looked at when they come."""
    start, found = side.__dict__.get("_government", (0, np.zeros(0, np.int64)))
    names = side.cp_names
    if start < len(names):
        hits = matching_texts(names[start:], GOVERNMENT_LITERALS, GOVERNMENT)
        if hits:
            found = np.union1d(found, np.array(hits, dtype=np.int64) + start)
        side.__dict__["_government"] = (len(names), found)
    return found  # type: ignore[no-any-return]  # numpy: Any


def shows_a_tax(side: Side, lines: np.ndarray) -> np.ndarray:
    """Per line: whether it names a government body or its summary is a tax's, duty's or contribution's
    (``TAX_WORDS``). Asked only for the few lines a government body's debit could pair with."""
    government = government_codes(side)
    named = np.isin(side.cp_code[lines], government)
    texts = side.texts
    words = np.array([TAX_WORDS.search(texts[code]) is not None for code in side.text_code[lines].tolist()], dtype=bool)
    return named | words  # type: ignore[no-any-return]


def deposit_entry_texts(side: Side) -> np.ndarray:
    """The summary codes of entries for money paid in at the counter (``DEPOSIT_ENTRY``), sorted."""
    return _entry_texts(side, "_deposit_texts", DEPOSIT_LITERALS, DEPOSIT_ENTRY)


def is_a_deposit(side: Side, lines: np.ndarray) -> np.ndarray:
    """Per bank line: whether its text says cheques or cash were paid in (``BANK_DEPOSIT``)."""
    texts = side.texts
    return np.array([BANK_DEPOSIT.search(texts[c]) is not None for c in side.text_code[lines].tolist()], dtype=bool)


# A books entry for cash drawn at the counter (提取备用金, 提取现金, "Petty cash withdrawal"): its bank line is a cash
# withdrawal (现金支取, 取现, ATM), never a transfer to a supplier, nor a part of one.
WITHDRAWAL_ENTRY = re.compile(
    "提取备用金|提备用金|提取现金|提现金|取现|现金支取|支取现金|CASH WITHDRAWAL|PETTY CASH", re.IGNORECASE
)
WITHDRAWAL_LITERALS = ("备用金", "现金", "取现", "CASH")
BANK_WITHDRAWAL = re.compile("现金|取现|取款|CASH|ATM|WITHDRAW", re.IGNORECASE)


# A bank line paying several invoices at once ("2张发票货款", "发票号76043570/29274557"), and an entry for one invoice
# ("收货款 发票号29274557"): the entry is a part of what the line paid, never the whole of it.
SEVERAL_INVOICES = re.compile(
    r"(?:[2-9]|[1-9]\d|[两二三四五六七八九十])张发?票|发票号?码?[:：\s]*\d{4,}\s*[/、,，;；]\s*\d{4,}"
)
ONE_INVOICE = re.compile(r"发票号?码?[:：\s]*\d{4,}")


def several_against_one_invoice(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair: the bank line says it pays several invoices and the entry books one (``SEVERAL_INVOICES``)."""
    out = np.zeros(b.size, dtype=bool)
    if b.size == 0:
        return out
    several = _text_hits(bank, bank.text_code[b], "_several_invoices", SEVERAL_INVOICES, ("票",))
    at = np.flatnonzero(several)
    if at.size:
        codes = journal.text_code[j[at]]
        one = _text_hits(journal, codes, "_one_invoice", ONE_INVOICE, ("发票",))
        out[at] = one & ~_text_hits(journal, codes, "_several_invoices", SEVERAL_INVOICES, ("票",))
    return out


# A bank line paying or receiving one instalment of a contract ("HT2025-1553 第2期", "分期付款2"), and an entry that
# books neither a contract nor an instalment (an invoice, "付材料款"): the instalment's entry is the contract's.
INSTALMENT = re.compile(r"第\s*[0-9一二三四五六七八九十]+\s*期|分期|INSTAL+MENT", re.IGNORECASE)
CONTRACT_ENTRY = re.compile(r"合同|协议|期|INSTAL+MENT|CONTRACT|AGREEMENT", re.IGNORECASE)
_CONTRACT_LITERALS = ("合同", "协议", "期", "INSTAL", "CONTRACT", "AGREEMENT")


def instalment_against_other(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair: the bank line is an instalment (``INSTALMENT``) and the entry books no contract nor instalment."""
    out = np.zeros(b.size, dtype=bool)
    if b.size == 0:
        return out
    at = np.flatnonzero(_text_hits(bank, bank.text_code[b], "_instalment", INSTALMENT, ("期", "INSTAL")))
    if at.size:
        out[at] = ~_text_hits(journal, journal.text_code[j[at]], "_contract_entry", CONTRACT_ENTRY, _CONTRACT_LITERALS)
    return out


def _text_hits(
    side: Side, codes: np.ndarray, memo: str, pattern: re.Pattern[str], literals: tuple[str, ...]
) -> np.ndarray:
    """Per summary code of ``codes``: whether ``pattern`` finds something in it (every match holds one of
    ``literals``). All of a side's summaries are read once per pattern (``matching_texts``: substring tests over the
    summaries joined, the pattern only on those holding a literal) and kept on the side as a mask, however often the
    stages ask about the pairs a summary is in."""
    mask = side.__dict__.get(memo)
    if mask is None or mask.size < len(side.texts):
        mask = np.zeros(len(side.texts), dtype=bool)
        hits = matching_texts(side.texts, literals, pattern, side)
        if hits:
            mask[np.array(hits, dtype=np.int64)] = True
        side.__dict__[memo] = mask
    return mask[codes]  # type: ignore[no-any-return]


def withdrawal_entry_texts(side: Side) -> np.ndarray:
    """The summary codes of entries for cash drawn at the counter (``WITHDRAWAL_ENTRY``), sorted."""
    return _entry_texts(side, "_withdrawal_texts", WITHDRAWAL_LITERALS, WITHDRAWAL_ENTRY)


def _entry_texts(side: Side, memo: str, literals: tuple[str, ...], pattern: re.Pattern[str]) -> np.ndarray:
    """The summary codes ``pattern`` finds something in (``matching_texts``), sorted; read once per side (``memo``)."""
    cached = side.__dict__.get(memo)
    if cached is None:
        cached = side.__dict__[memo] = np.array(matching_texts(side.texts, literals, pattern, side), dtype=np.int64)
    return cached


def is_a_withdrawal(side: Side, lines: np.ndarray) -> np.ndarray:
    """Per bank line: whether its text says cash was drawn (``BANK_WITHDRAWAL``)."""
    texts = side.texts
    return np.array([BANK_WITHDRAWAL.search(texts[c]) is not None for c in side.text_code[lines].tolist()], dtype=bool)


def _flags(side: Side, codes: np.ndarray, memo: str, test: Callable[[str], bool]) -> np.ndarray:
    known: dict[int, bool] = side.__dict__.setdefault(memo, {})
    out = np.zeros(codes.size, dtype=bool)
    if codes.size == 0:
        return out
    distinct, inverse = np.unique(codes, return_inverse=True)
    names = side.cp_names
    flags = []
    for code in distinct.tolist():
        flag = known.get(code)
        if flag is None:
            name = names[code]
            flag = known[code] = bool(name) and test(name)
        flags.append(flag)
    out[:] = np.array(flags, dtype=bool)[inverse.reshape(-1)]
    return out


def extend_cores(side: Side, start: int) -> None:
    """Counterparty names were appended to ``side.cp_names`` from ``start`` on (names read in summaries): extend the
    cached cores and their interned ids as deriving them again would (new cores come after the known ones, in
    order), instead of deriving them again for every name (a million at a million SEPA lines)."""
    cached = side.__dict__
    if "cores" not in cached:
        return
    new = core_names(side.cp_names[start:], side.aliases)
    side.cores.extend(new)
    if "_core_ids" in cached:
        ids, strs = cached["_core_ids"]
        table: dict[str, int] = cached["_core_table"]
        extra = []
        for core in new:
            k = table.get(core)
            if k is None:
                k = table[core] = len(strs)
                strs.append(core)
            extra.append(k)
        cached["_core_ids"] = (np.concatenate((ids, np.array(extra, dtype=np.int64))), strs)


def give_read_names(side: Side, need: np.ndarray, named: Iterable[tuple[int, str]]) -> int:
    """Give the lines ``need`` (without a counterparty) the name read in their summary: ``named`` holds (summary
    code, name) for the summaries that name one company. New names are appended to ``cp_names`` (each once) and the
    derived cores extended (``extend_cores``); returns how many lines got a name. Shared by the Chinese and the
    Latin readers."""
    start = len(side.cp_names)
    # Without a Python frame per summary (a quarter of a million at a million CN lines): new names coded in the
    # order first read; a summary given twice keeps its first place and its last name, as assigning in a loop would.
    read = [pair for pair in named if pair[1]]
    read_texts, read_names = (list(column) for column in zip(*read)) if read else ([], [])
    new_names = list(dict.fromkeys(read_names))
    new_codes = dict(zip(new_names, range(start, start + len(new_names))))
    side.cp_names.extend(new_names)
    by_text = dict(zip(read_texts, map(new_codes.__getitem__, read_names)))
    extend_cores(side, start)
    if not by_text:
        return 0
    text_codes = side.text_code[need]
    per_text = np.zeros(int(text_codes.max()) + 1, dtype=np.int64)
    per_text[list(by_text)] = list(by_text.values())
    assigned = per_text[text_codes]
    hit = assigned > 0
    lines = need[hit]
    side.cp_code[lines] = assigned[hit].astype(side.cp_code.dtype)
    names = np.empty(len(side.cp_names), dtype=object)
    names[:] = side.cp_names
    list(map(side.cps.__setitem__, lines.tolist(), names[assigned[hit]].tolist()))
    return int(lines.size)


def known_by_chinese_name(side: Side, core: str) -> bool:
    """Whether some counterparty of ``side`` is the company of the Chinese ``core`` under a Chinese name (a name
    similarity >= 0.8). A ledger keeps one name per party, so such a side's Latin names are other companies'.
    Answers are remembered per core asked (``_chinese_name_index``: how the candidates are found)."""
    memo: dict[str, bool] = side.__dict__.setdefault("_known_cn", {})
    known = memo.get(core)
    if known is None:
        known = memo[core] = _known_chinese(_chinese_name_index(side), core)
    return known


def _chinese_name_index(side: Side) -> dict[str, list[str]]:
    """The side's distinct Chinese cores by character bigram, built once (names appended later are not in it)."""
    return cores_by_bigram(side, "_cn_index", lambda core: not core.isascii())


def cores_by_bigram(side: Side, memo: str, keep: Callable[[str], bool]) -> dict[str, list[str]]:
    """The side's distinct non-empty cores that ``keep`` admits, by character bigram: the candidates a name
    similarity is asked of. Built once per side and ``memo`` (names appended later are not in it)."""
    index: dict[str, list[str]] | None = side.__dict__.get(memo)
    if index is None:
        index = {}
        for other in set(side.cores):
            if other and keep(other):
                for gram in core_bigrams(other):
                    index.setdefault(gram, []).append(other)
        side.__dict__[memo] = index
    return index


def _known_chinese(index: dict[str, list[str]], core: str) -> bool:
    """Whether a core of ``index`` has a name similarity >= 0.8 with ``core``. The cores sharing a bigram are
    counted in C, and ``core_similarity`` (the cost: at a million lines each core shares a bigram such as 科技 with
    thousands) is asked only of those that can reach 0.8: the shorter one's bigrams all shared (containment), or a
    bigram Dice that can reach 0.79 (0.8 after rounding, ``_dice_may_reach``)."""
    grams = core_bigrams(core)
    shared = Counter(chain.from_iterable(map(index.get, grams, repeat(()))))
    if not shared:
        return False
    if core in shared:
        return True
    mine = len(grams)
    end = industry_end(core)
    for other, count in shared.items():
        theirs = len(core_bigrams(other))
        if count < min(mine, theirs) and not _dice_may_reach(core, other, count, mine, theirs, end):
            continue
        if core_similarity(core, other) >= 0.8:
            return True
    return False


def _dice_may_reach(core: str, other: str, count: int, mine: int, theirs: int, end: str) -> bool:
    """Whether the bigram Dice ``core_similarity`` takes of two cores sharing ``count`` bigrams (``mine`` and
    ``theirs`` of them) can reach 0.79. A line-of-business word both end with is left out of it: the bigrams of
    that word which the rest of ``core`` lacks are shared but no longer count."""
    theirs_end = industry_end(other)
    cut = max(
        len(end) if end and other.endswith(end) else 0,
        len(theirs_end) if theirs_end and core.endswith(theirs_end) else 0,
    )
    if cut >= 2 and len(core) - cut >= 2 and len(other) - cut >= 2:
        head = core_bigrams(core[:-cut])
        count -= len(core_bigrams(core[-cut:]) - head)
        mine, theirs = len(head), len(core_bigrams(other[:-cut]))
    return 2 * count >= 0.79 * (mine + theirs)


def other_scripts_contradict(bank: Side, journal: Side, b_core: str, j_core: str, sim: float) -> bool:
    """A Latin and a Chinese name (no evidence either way, ``NEUTRAL``) contradict when the side with the Latin name
    knows the Chinese one's company under a Chinese name: the journal that calls 芜湖协沣物流 "芜湖协沣" does not also
    call it "Union Pacific Machinery". Trade companies only (payment platforms and government bodies stay as
    ``core_similarity`` has them)."""
    if sim != NEUTRAL or not b_core or not j_core or b_core.isascii() == j_core.isascii():
        return False
    if party_kind(b_core) != (False, False) or party_kind(j_core) != (False, False):
        return False
    if b_core.isascii():
        return known_by_chinese_name(bank, j_core)
    return known_by_chinese_name(journal, b_core)
