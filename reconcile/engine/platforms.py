"""Payment platforms: names that stand on a bank statement for someone else."""

from __future__ import annotations

import re

# Payment platforms and card acquirers appear on the bank statement in place of the customer who paid through them,
# so their name says nothing about the journal's counterparty.
PLATFORM = re.compile(
    "支付宝|财付通|银联|微信|拉卡拉|快钱|易宝|汇付|通联支付|网银在线|京东|美团|抖音|云闪付|"
    "ALIPAY|TENPAY|WECHAT|PAYPAL|UNIONPAY|"
    # Those that pay or collect for a business in the US and Europe: a bill-pay or payables service (Bill.com, Melio,
    # Tipalti, AvidXchange, Payoneer) or a card processor (Stripe, Square, Intuit's QuickBooks Payments, Adyen ...).
    r"\bBILL\W?COM\b|\bMELIO\b|\bTIPALTI\b|\bAVIDX|\bPAYONEER\b|\bSTRIPE\b|\bSQUARE\W+INC\b|^SQUARE$|\bSQ\W?\*|"
    r"\bINTUIT\b|\bADYEN\b|\bWORLDPAY\b|\bGOCARDLESS\b|\bSHOPIFY\b|\bVENMO\b",
    re.IGNORECASE,
)

# Every Latin alternative of ``PLATFORM`` holds one of these (upper-cased), so an ASCII name holding none is no
# platform's: a few substring tests instead of the pattern's ~25 alternatives tried at every position (~20 us a name).
_ASCII_KEYS = (
    "ALIPAY",
    "TENPAY",
    "WECHAT",
    "PAYPAL",
    "UNIONPAY",
    "BILL",
    "MELIO",
    "TIPALTI",
    "AVIDX",
    "PAYONEER",
    "STRIPE",
    "SQ",
    "INTUIT",
    "ADYEN",
    "WORLDPAY",
    "GOCARDLESS",
    "SHOPIFY",
    "VENMO",
)


def names_a_platform(name: str) -> bool:
    """``PLATFORM.search(name) is not None``, without the search for an ASCII name that holds none of its words."""
    if name.isascii():
        upper = name.upper()
        if not any(key in upper for key in _ASCII_KEYS):
            return False
    return PLATFORM.search(name) is not None
