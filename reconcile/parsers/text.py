"""Cell text clean-up shared by every tabular reader."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date, datetime

from ..engine.hanzi import simplified

Cell = str | float | int | bool | date | datetime | None

_WS = re.compile(r"\s+")
# `交易日期[ Transaction Date ]`: the bracketed English part of BOC's bilingual headers. Only brackets
# that start with a Latin letter are dropped, so a value such as `[ 1100 2233 ]` survives.
_BILINGUAL = re.compile(r"\[\s*[A-Za-z][^\]]*\]")
_EXCEL_TEXT_GUARD = re.compile(r'^="(.*)"$')
# `Trans Date\n交易日期`, `交易日期 Trans Date`: the English name beside the Chinese one, on a line of its own or
# after a space (交通银行's personal statement). Only whole English words next to Chinese text are dropped.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH_LINE = re.compile(r"^[A-Za-z][A-Za-z .,&/#'()-]*$")
_ENGLISH_BEFORE = re.compile(r"^[A-Za-z][A-Za-z .,&/#'-]*\s+(?=[\u4e00-\u9fff])")
_ENGLISH_AFTER = re.compile(r"(?<=[\u4e00-\u9fff)）])\s+[A-Za-z][A-Za-z .,&/#'-]*$")


def nfkc(text: str) -> str:
    # NFKC folds full-width digits, letters, parentheses and the ideographic space (U+3000).
    return unicodedata.normalize("NFKC", text)


def cell_text(value: Cell) -> str:
    """A cell as display text, with the guards Chinese exports add to stop Excel mangling numbers
    (`="6222..."`, a leading apostrophe, trailing tabs) removed."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()  # str.strip() also removes the trailing tabs some banks add
        if text and text[0] in "'=":
            if text[0] == "'":
                text = text[1:]
            m = _EXCEL_TEXT_GUARD.match(text)
            if m:
                text = m.group(1)
            return text.strip()
        return text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # Account numbers and serials read from numeric cells come back as 6.2e+15 floats otherwise.
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# 帐 and 帳, the older forms of 账 some banks still print (帐号, 帐户余额, 对方帐号): read as 账. Every other traditional
# character is OpenCC's to convert (``simplified``, after this), one character for one, so a folded text keeps every
# position of the original.
SIMPLIFIED = str.maketrans("帐帳", "账账")


def fold_hanzi(text: str) -> str:
    """``text`` with 帐/帳 as 账 and every traditional character simplified (labels, headers, currency names)."""
    return simplified(text.translate(SIMPLIFIED))


def header_key(text: str) -> str:
    """Normalise a header cell for synonym lookup: NFKC, no bilingual part, no whitespace, no unit
    suffix, lower case. `借方发生额/元(支取)` -> `借方发生额(支取)`; `账　　号`, `帐号` -> `账号`."""
    # 帐号, 帐户余额: the older form of 账 some banks still print; 餘額, 帳號, 幣別: Hong Kong, Macau and Taiwan banks'
    # traditional characters; then every other traditional character in its simplified form (對方名稱, 結餘: OpenCC's
    # table, as the matching engine compares names).
    t = fold_hanzi(nfkc(text))
    t = _BILINGUAL.sub("", t)
    if _CJK.search(t):
        t = "".join(line for line in t.splitlines() if not _ENGLISH_LINE.match(line.strip()))
        t = _ENGLISH_AFTER.sub("", _ENGLISH_BEFORE.sub("", t.strip()))
    t = _WS.sub("", t)
    t = t.replace("(元)", "").replace("/元", "").replace("(人民币)", "")
    t = t.rstrip(":").strip()
    return t.lower()


def strip_parenthetical(key: str) -> str:
    return re.sub(r"\([^)]*\)", "", key)


def squash(text: str) -> str:
    """Collapse whitespace (fingerprints, free-text comparisons)."""
    return _WS.sub(" ", nfkc(text)).strip()


# Currency as Chinese exports write it (币种 人民币, 美元, RMB) -> ISO 4217; anything else is kept as written
# (upper-cased if it looks like a code) so the account check can name it.
# ISO codes themselves need no entry: they fall through, upper-cased. (NFKC turns a full-width ￥ into ¥.)
_CURRENCY_NAMES = {
    "人民币": "CNY",
    "人民币元": "CNY",
    "RMB": "CNY",
    "¥": "CNY",
    "美元": "USD",
    "美金": "USD",
    "US$": "USD",
    "港币": "HKD",
    "港元": "HKD",
    "HK$": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "日圆": "JPY",
    "英镑": "GBP",
    "澳元": "AUD",
    "澳大利亚元": "AUD",
    "加元": "CAD",
    "加拿大元": "CAD",
    "新加坡元": "SGD",
    "瑞士法郎": "CHF",
}


def currency_code(value: str | None) -> str | None:
    """``人民币`` -> ``CNY``; None/blank -> None; an unknown name is returned stripped (codes upper-cased)."""
    if value is None:
        return None
    text = fold_hanzi(nfkc(str(value)).strip().replace(" ", ""))  # 港幣, 人民幣
    if not text:
        return None
    known = _CURRENCY_NAMES.get(text) or _CURRENCY_NAMES.get(text.upper())
    if known:
        return known
    return text.upper() if text.isascii() and text.isalpha() else text


def is_chinese(c: str) -> bool:
    """A Chinese character or Chinese punctuation (，。：（）), as GBK text decodes to."""
    return "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"


def chinese_gbk(data: bytes) -> str | None:
    """The text of bytes that are not UTF-8 but read as GBK (GB18030) give Chinese; None otherwise."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    # Counted per distinct character: a list of every non-ASCII character held one object each (a 20 MB file, 750 MB).
    counts = Counter(text)
    high = sum(n for c, n in counts.items() if ord(c) > 127)
    if not high or sum(n for c, n in counts.items() if is_chinese(c)) < 0.9 * high:
        return None
    # Latin-1 text decodes as GBK too: an accented letter and the ASCII letter after it are a rare GBK-only character
    # ("SEPA-ÜBERWEISUNG" gave "SEPA-蹷ERWEISUNG"); Chinese text is mostly GB2312's common characters.
    return text if plausible_chinese(text, "gb2312") else None


def plausible_chinese(text: str, common: str) -> bool:
    """Whether the non-ASCII characters of decoded text are what a Chinese export holds: nine in ten Chinese characters,
    punctuation or symbols of the code page ``common`` names (GB2312's for GBK text, whose rarer characters are few).
    Text in another code page read as this one gives characters outside it, kana, Greek and Cyrillic letters instead."""
    high = Counter(c for c in text[:20000] if ord(c) > 127)
    good = 0
    for c, count in high.items():
        if not (is_chinese(c) or unicodedata.category(c)[0] in "PSNZ"):
            continue
        try:
            c.encode(common)
        except UnicodeEncodeError:
            continue
        good += count
    return good >= 0.9 * high.total()


def utf16_encoding(data: bytes) -> str | None:
    """The codec of UTF-16 text: "utf-16" with its BOM, "utf-16-le" or "utf-16-be" without one (Windows tools save
    "Unicode text" so, and some bank and ERP exports come that way); None for anything else. Without a BOM, the zero
    bytes of the ASCII characters (digits, separators, Latin letters) on one side of each byte pair tell the order."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[: 4096 // 2 * 2]
    head = head[: len(head) // 2 * 2]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= pairs * 0.2 and even * 10 <= odd:
        enc = "utf-16-le"
    elif even >= pairs * 0.2 and odd * 10 <= even:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    sample = text[:2048]
    printable = sum(c.isprintable() or c in "\r\n\t" for c in sample)
    return enc if "\x00" not in sample and printable >= 0.95 * len(sample) else None


def utf8_bytes(data: bytes) -> bytes:
    """UTF-16 text (with or without its BOM) as UTF-8, and UTF-8 without its BOM: the SWIFT, BAI2 and OFX readers
    read bytes as ASCII or a code page, where a BOM or UTF-16's zero bytes made the first record unreadable."""
    enc = utf16_encoding(data)
    if enc is not None:
        return data.decode(enc).lstrip("\ufeff").encode("utf-8")
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data
