"""Normalisers for single text fields: references and summaries (摘要).

Both run once per line (references) or once per distinct string
(summaries) while the input is prepared, so they are written for speed:
C-level ``map`` passes where possible, straight-line code elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat

import numpy as np

# --- references -----------------------------------------------------------

# Separators people and banks sprinkle into the same number: spaces (also
# full-width), dashes, slashes, dots, colons.
_REF_DELETE = str.maketrans("", "", " \t\r\n\u3000-_/\\.:：#,，")
REF_DELETE = _REF_DELETE
# A cheque number is written with a word before it as often as without (an ERP's CHQ001700 or 支票號001700, the bank's
# 001700): the word goes, so the number is one reference on both sides.
_REF_PREFIXES = (
    "NO",
    "REF",
    "CHEQUE",
    "CHECK",
    "CHQ",
    "支票号",
    "支票號",
    "支票",
    "票号",
    "票號",
    "凭证号",
    "流水号",
    "业务编号",
    "交易流水",
)
MIN_REF_LEN = 4


def norm_refs(raws: Sequence[str]) -> np.ndarray:
    """``norm_ref`` over many references (hot path: every line with one), as
    an object array.

    Done as C-level ``map`` passes over shrinking subsets, so no reference
    runs Python bytecode except the few with a known prefix ("No.", "支票"):
    pure digits (strip zeros), separators (translate, then digits), case.
    """
    raws = fold_wide(raws)
    out = _objects(map(str.lstrip, raws, repeat("0")))  # right for the pure-digit ones
    todo = np.flatnonzero(~np.fromiter(map(str.isdigit, raws), dtype=bool, count=len(raws)))
    if todo.size:
        cleaned = list(map(str.translate, map(raws.__getitem__, todo.tolist()), repeat(_REF_DELETE)))
        digits = np.fromiter(map(str.isdigit, cleaned), dtype=bool, count=len(cleaned))
        out[todo[digits]] = _objects(map(str.lstrip, compress(cleaned, digits.tolist()), repeat("0")))
        upper = list(map(str.upper, compress(cleaned, (~digits).tolist())))
        rest = todo[~digits]
        out[rest] = _objects(upper)
        prefixed = np.flatnonzero(np.fromiter(map(str.startswith, upper, repeat(_REF_PREFIXES)), bool, len(upper)))
        if prefixed.size:
            out[rest[prefixed]] = _objects(map(_strip_prefix, map(upper.__getitem__, prefixed.tolist())))
    out[np.fromiter(map(len, out), dtype=np.int64, count=len(out)) < MIN_REF_LEN] = ""
    return out


def fold_wide(raws: Sequence[str]) -> Sequence[str]:
    """``raws`` with the non-ASCII ones NFKC-folded: a full-width reference (ＩＮＶ３４６４０８, Chinese bank texts
    and IMEs write them) is the same number as its ASCII form. ASCII strings, nearly all, are not touched."""
    wide = np.flatnonzero(~np.fromiter(map(str.isascii, raws), dtype=bool, count=len(raws)))
    if wide.size == 0:
        return raws
    folded = list(raws)
    for k in wide.tolist():
        folded[k] = unicodedata.normalize("NFKC", folded[k])
    return folded


def _objects(values: Iterable[str]) -> np.ndarray:
    """An object array of the given strings (never converted to a numpy string dtype)."""
    items = list(values)
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    return arr


def _strip_prefix(ref: str) -> str:
    """Separators removed, upper-cased, not purely numeric: drop a known prefix."""
    stripped = True
    while stripped:  # one word after another: CHEQUE NO. 001700
        stripped = False
        for prefix in _REF_PREFIXES:
            if ref.startswith(prefix) and len(ref) > len(prefix):
                ref = ref[len(prefix) :]
                stripped = True
                break
    if ref.isdigit():
        ref = ref.lstrip("0")
    return ref


def norm_ref(raw: str) -> str:
    """Canonical reference, or "" when too short to be evidence.

    Case, whitespace and separators are dropped; a purely numeric reference
    loses its leading zeros (banks zero-pad serials to a fixed width, ERPs do
    not). Alphanumeric ones keep them: "A0012" and "A12" may be different.
    """
    return str(norm_refs((raw,))[0])


# --- summaries (摘要) -------------------------------------------------------

# Ordered: the first matching category wins ("代发工资手续费" is a fee).
_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fee", ("手续费", "服务费", "汇费", "工本费", "年费", "账户管理费", "FEE")),
    ("interest", ("结息", "利息", "INTEREST")),
    ("payroll", ("工资", "代发", "薪", "奖金", "PAYROLL", "SALARY")),
    ("pos", ("POS", "刷卡", "银联", "商户", "收单", "清算")),
    ("expense", ("报销", "差旅", "备用金")),
    ("tax", ("税",)),
    ("social", ("社保", "公积金", "医保")),
    # 物业费 / 物业管理费, not 物业 alone: "物业管理有限公司" is one of the commonest company names, and a summary
    # that names such a company ("付信隆物业管理货款") is not a rent payment.
    ("rent", ("租金", "房租", "物业费", "物业管理费")),
    ("goods", ("货款", "采购", "销售", "往来", "预付", "预收", "应付", "应收")),
)

# Every word a category is named by (a summary holding none has no category).
CATEGORY_WORDS = tuple(w for _n, words in _CATEGORIES for w in words)
CATEGORY_CODES = {"": 0} | {name: k + 1 for k, (name, _w) in enumerate(_CATEGORIES)}
CATEGORY_NAMES = {code: name for name, code in CATEGORY_CODES.items()}


# A Latin keyword counts only as a word of its own (an "S" of the plural allowed): "POS" is no card receipt inside
# "DEPOSIT" or "PURPOSE", nor "FEE" a charge inside "COFFEE". CJK keywords have no word boundaries to respect.
_ASCII_WORDS = {
    w: re.compile(rf"(?<![A-Z]){w}S?(?![A-Z])").search for _n, words in _CATEGORIES for w in words if w.isascii()
}


def _has(word: str, upper: str) -> bool:
    return word in upper and (not word.isascii() or _ASCII_WORDS[word](upper) is not None)


def _compile_category(ascii_only: bool = False) -> Callable[[str], int]:
    # Generated once from _CATEGORIES as straight-line ``in`` tests: about twice as fast as nested loops or
    # regexes, and this runs once per distinct summary (a million at a million SEPA lines, nearly all distinct).
    # The ASCII variant keeps only the ASCII keywords: the others cannot occur in an ASCII text, so it gives the
    # same answer for those (``category_by_rules`` is the reference) in a quarter of the tests. A Latin keyword's
    # word test runs only when the fast substring test found it.
    body = ["def category(upper):"]
    for name, words in _CATEGORIES:
        kept = [w for w in words if w.isascii() or not ascii_only]
        if kept:
            tests = [f"({w!r} in upper and _W[{w!r}](upper))" if w.isascii() else f"{w!r} in upper" for w in kept]
            body.append(f"    if {' or '.join(tests)}: return {CATEGORY_CODES[name]}")
    body.append("    return 0")
    namespace: dict[str, Callable[[str], int]] = {}
    exec("\n".join(body), {"_W": _ASCII_WORDS}, namespace)  # noqa: S102 - constant source built above
    return namespace["category"]


def category_by_rules(upper: str) -> int:
    """The category of an upper-cased text by testing ``_CATEGORIES`` in order (the reference for the compiled
    tests)."""
    for name, words in _CATEGORIES:
        if any(_has(w, upper) for w in words):
            return CATEGORY_CODES[name]
    return 0


_category_of_cjk = _compile_category()
_category_of_ascii = _compile_category(ascii_only=True)


def category_of_upper(upper: str) -> int:
    """Category code of an upper-cased summary."""
    return _category_of_ascii(upper) if upper.isascii() else _category_of_cjk(upper)


_category_of_upper = category_of_upper
_category_cache: dict[str, int] = {}


def category_code(text: str) -> int:
    """Code of ``text_category`` (0 when unknown); cached per string."""
    code = _category_cache.get(text)
    if code is None:
        if not text:
            return 0
        code = _category_of_upper(text.upper())
        if len(_category_cache) < 200_000:
            _category_cache[text] = code
    return code


def text_category(text: str) -> str:
    """Coarse category of a summary ("" when unknown)."""
    return CATEGORY_NAMES[category_code(text)]


# --- batch markers -------------------------------------------------------------

# Words with which banks label one statement line that stands for many payments or collections: a payment run
# (批量转账, 网银批量支付, 集中支付, 汇总付款, 代发, "PAYMENT RUN", "PMT RUN", SAMMELÜBERWEISUNG, LOTE DE PAGOS,
# VIREMENTS GROUPÉS, BETALNINGSUPPDRAG), a
# SEPA batch booking (its PmtInfId) or a direct-debit collection (SAMMELLASTSCHRIFT, PRÉLÈVEMENTS GROUPÉS).
_BATCH_MARKER = re.compile(
    r"批量|成批|合并支付|合并付款|汇总支付|汇总付款|集中支付|集中付款|代发|BATCH|BULK|PAYMENT\s*RUN|PAY\s*RUN|P(?:AY)?MT\s*RUN|"
    r"SAMMEL|LOTE|GROUP[EÉ]S|REMISE|BETALNINGSUPPDRAG|PMTINF|PAYMENTS\s*FILE|COLLECTIVE|ZBIORCZ|HROMADN",
    re.IGNORECASE,
)


# A cheque (开支票付款, 转账支票, CHQ 881234, "Check #004512", "Check No. 1234"): paid on paper, one by one, never part
# of an electronic payment run. "Check" alone is not enough: QuickBooks calls every bill paid from a bank account a
# "Bill Payment (Check)".
_CHEQUE = re.compile(r"支票|CHEQUE|CHQ|SCHECK|\bCHECK\s*(?:#|NO\b\.?)\s*\d", re.IGNORECASE)


def names_a_cheque(text: str) -> bool:
    """Whether a journal summary says the entry was paid by cheque."""
    return bool(text) and _CHEQUE.search(text) is not None


def batch_marker(text: str) -> bool:
    """Whether a bank line's text or reference labels it as one booking for a batch of payments."""
    return bool(text) and _BATCH_MARKER.search(text) is not None


# --- references written in summaries -----------------------------------------

# A cheque or draft number written into the summary ("转账支票 10234567", "支票号:00012345", "CHQ 881234"): the
# bank's statement often has it only there, while the journal has it as its 结算号.
_REF_IN_TEXT = re.compile(
    r"(?:支票号码|支票号|支票|票号|票据号|汇票号|汇票|本票|CHQ|CHEQUE|CHECK)\s*(?:NO)?[\s.:：#号]*"
    r"([A-Z]{0,2}\d{6,12})(?!\d)",
    re.IGNORECASE,
)


def reference_in_text(text: str) -> str:
    """The cheque or draft number a summary names, or ""."""
    found = _REF_IN_TEXT.search(text or "")
    return found.group(1) if found else ""
