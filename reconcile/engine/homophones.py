"""Two Chinese names one character apart where that character sounds the same: the same name typed with a
homophone (泉州鑫达物流 keyed as 泉州鑫大物流, 星辰贸易 as 星辰茂易), as a pinyin input method makes one.

By characters alone 鑫达 against 鑫大 is as far apart as 鑫达 against 鑫源, another firm; by sound (da against da,
yuan) it is not. Each character is read in its commonest pronunciation, tones dropped (pypinyin's dictionary, read
once per character): a rarer reading would make far more characters sound alike than a typist confuses.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache


@cache
def _readings() -> dict[int, str]:
    # Imported on the first Chinese comparison: pypinyin's package costs 0.2 s, which a Latin-only run never pays.
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


@lru_cache(maxsize=50_000)
def sound(ch: str) -> str:
    """The commonest reading of a character without its tone ("" for a character pypinyin does not know)."""
    readings = _readings().get(ord(ch))
    if not readings:
        return ""
    first = readings.split(",", 1)[0]
    return "".join(c for c in unicodedata.normalize("NFKD", first) if not unicodedata.combining(c))


def one_homophone_apart(a: str, b: str) -> bool:
    """Whether two Chinese name cores of one length (at least two characters) differ in exactly one character, and
    the two characters there sound the same."""
    if len(a) != len(b) or len(a) < 2:
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    return bool(sound(x)) and sound(x) == sound(y)
