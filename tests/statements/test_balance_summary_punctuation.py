"""The balance import's summary in Chinese uses Chinese punctuation between its parts and between the numbers it
lists, English punctuation in English."""

from __future__ import annotations

from django.utils import translation

from statements.services.balances import BalanceLoad


def test_the_summary_is_punctuated_in_the_readers_language() -> None:
    load = BalanceLoad(created=1, updated=2, unchanged=0, flagged=("ST-1", "ST-2"))
    with translation.override("zh-hans"):
        zh = load.summary()
    with translation.override("en"):
        en = load.summary()
    assert "ST-1，ST-2" in zh and "；" in zh and "; " not in zh
    assert "ST-1, ST-2" in en and "; 2 published statements show another balance" in en
