"""The trade purpose (用途) a summary states, finer than its category (``fields.CATEGORY_CODES``).

A supplier paid the same amount twice in a week, once for freight and once for processing, leaves two bank lines
and two books entries that amount, dates and name cannot tell apart; the 用途 the payer typed at the bank
("合同784号服务费", "运费") and the accountant's 摘要 ("付百创服务费") can. Only the purposes below are read: words
that name what was paid for, grouped where accountants use them for one another (货款 / 材料款 / 销售款 / 回款 are
all a trade payment for goods). A text stating two purposes ("货款及运费") states none.

Chinese wording only: an English memo's "SERVICE" or "FREIGHT" is as often part of a company's name ("GLOBAL
FREIGHT LTD") as a purpose.
"""

from __future__ import annotations

import numpy as np

from .distinct import distinct
from .normalize import Side

_PURPOSES: tuple[tuple[str, ...], ...] = (
    ("运费", "运输费", "物流费", "快递费", "货运费"),
    ("加工费",),
    ("设备款", "设备费"),
    ("工程款", "工程进度款"),
    ("维修费", "修理费"),
    ("广告费", "宣传费"),
    ("保证金", "押金", "定金", "订金"),
    ("租金", "房租", "租赁费"),
    ("物业费", "物业管理费"),
    ("电费", "水费", "水电费", "燃气费"),
    ("服务费", "咨询费", "顾问费", "代理费", "佣金"),
    ("货款", "材料款", "采购款", "销售款", "回款", "预付款"),
)

PURPOSE_WORDS: tuple[str, ...] = tuple(w for group in _PURPOSES for w in group)


def purpose_of(text: str) -> int:
    """The purpose group (1-based) ``text`` states, 0 for none or several."""
    found = 0
    for k, words in enumerate(_PURPOSES, 1):
        if any(w in text for w in words):
            if found:
                return 0
            found = k
    return found


def purposes(side: Side, lines: np.ndarray) -> np.ndarray:
    """Purpose group per line of ``lines``, read once per distinct summary of the side and cached on it."""
    cache: dict[int, int] = side.__dict__.setdefault("_purpose_by_text", {})
    codes = side.text_code[lines]
    read = distinct(codes).tolist()
    texts = side.texts
    for c in read:
        if c not in cache:
            cache[c] = purpose_of(texts[c])
    table = np.fromiter((cache[c] for c in read), np.int64, len(read))
    return table[np.searchsorted(np.asarray(read, dtype=np.int64), codes)]  # type: ignore[no-any-return]
