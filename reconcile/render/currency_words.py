"""How the 余额调节表 writes an account's currency: its name after 币种, and the unit its amounts are in (金额单位).

Pure. A yuan account's amounts are in 元; any other account's in its own currency (美元, not 元, for a USD account),
named in Chinese where the name is usual, else by its ISO code.
"""

from __future__ import annotations

NAMES = {"CNY": "人民币", "USD": "美元", "EUR": "欧元", "HKD": "港元", "JPY": "日元", "GBP": "英镑"}


def currency_name(code: str) -> str:
    """What follows 币种: 人民币 for CNY (as before), else the ISO code (as before)."""
    return NAMES["CNY"] if code == "CNY" else code


def amount_unit(code: str) -> str:
    """What follows 金额单位 / 单位: 元 for CNY, else the currency's Chinese name or its code."""
    return "元" if code == "CNY" else NAMES.get(code, code)
