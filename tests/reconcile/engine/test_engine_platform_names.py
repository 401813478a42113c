"""The fast payment-platform test answers as the platform pattern itself, on names of every kind."""

from __future__ import annotations

import random
import string

from reconcile.engine.name_words import GOVERNMENT
from reconcile.engine.names import industry_end, names_a_government, party_kind
from reconcile.engine.platforms import PLATFORM, names_a_platform

WRITTEN = [
    "支付宝（中国）网络技术有限公司",
    "财付通支付科技有限公司",
    "银联商务股份有限公司",
    "ALIPAY SINGAPORE",
    "paypal europe sarl",
    "Bill.com LLC",
    "BILLCOM",
    "BILLY COMMERCE",
    "Melio Payments",
    "Tipalti Inc",
    "AvidXchange",
    "Payoneer Inc",
    "Stripe Payments UK",
    "STRIPES AND CO",
    "Square Inc",
    "Square, Inc.",
    "SQUARE",
    "square",
    "SQUARE GARDEN LTD",
    "SQ *COFFEE CORNER",
    "SQ*BAKERY",
    "sq *shop",
    "Intuit Payments",
    "INTUITIVE DESIGN",
    "Adyen N.V.",
    "Worldpay UK",
    "GoCardless Ltd",
    "Shopify Payments",
    "Venmo",
    "UNIONPAY INTL",
    "WECHAT PAY HK",
    "TENPAY",
    "Granite Global AS",
    "Mueller & Soehne GmbH",
    "",
    "12345",
    "Müller Zahlungen",
    "ſtripe",  # a long s: the pattern folds it to S under IGNORECASE, the fast test must too
    "Kelvin \u212a",
    "ＡＬＩＰＡＹ",
    "上海恒瑞贸易有限公司",
]


def test_written_names_answer_as_the_pattern() -> None:
    for name in WRITTEN:
        assert names_a_platform(name) == (PLATFORM.search(name) is not None), name


def test_random_ascii_names_answer_as_the_pattern() -> None:
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + " .*-&,"
    pieces = ["SQ", "sq", "BILL", "com", "STRIPE", "PAY", "PAL", "square", "INC", "VENMO", "*", " "]
    for _ in range(20_000):
        name = "".join(
            rng.choice(pieces) if rng.random() < 0.3 else rng.choice(alphabet) for _ in range(rng.randint(0, 14))
        )
        assert names_a_platform(name) == (PLATFORM.search(name) is not None), name


def test_core_facts_of_latin_and_chinese_cores() -> None:
    assert party_kind("STRIPE PAYMENTS") == (True, False)
    assert party_kind("GRANITE GLOBAL") == (False, False)
    assert party_kind("支付宝") == (True, False)
    assert industry_end("GRANITE TRADING") == ""
    assert industry_end("恒瑞贸易") == "贸易"


def test_government_names_answer_as_the_pattern() -> None:
    names = [
        "TAX OFFICE",
        "Tax office",
        "TAXATION DEPT",
        "SYNTAX GMBH",
        "INLAND REVENUE",
        "HM REVENUE & CUSTOMS",
        "US TREASURY",
        "FINANZAMT MUENCHEN",
        "SOCIAL SECURITY ADMIN",
        "HOUSING FUND",
        "CUSTOMSHOUSE",
        "GRANITE GLOBAL",
        "国家金库上海市分库",
        "上海海关",
        "海关路贸易公司",
        "",
    ]
    rng = random.Random(11)
    pieces = ["TAX", "tax", " ", "REVENU", "CUSTOMS", "X", "-", "SOCIAL", "SECURITY", "FUND", "HOUSING"]
    names += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(5_000)]
    for name in names:
        assert names_a_government(name) == (GOVERNMENT.search(name) is not None), name
