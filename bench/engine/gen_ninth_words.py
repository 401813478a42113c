"""Words and parties of the ninth data set (``gen_ninth.py``): an exporter's names, bank texts and journal summaries."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

CITIES = ("宁波", "绍兴", "台州", "温州", "金华", "嘉兴", "湖州", "杭州", "苏州", "无锡", "常州", "南通")
CORES = (
    "海天", "立达", "甬兴", "新亚", "舜宇", "东升", "华杰", "永康", "欧达", "天翔", "明辉", "伟星", "康泰", "金鹰",
    "宏泰", "恒力", "双林", "太平鸟", "得力", "博洋", "富邦", "三星", "银泰", "方太", "君安", "中意", "惠康", "先锋",
    "科宁", "长城", "亚德", "星宇", "凯达", "荣昌", "广博", "维科", "雅戈", "慈星", "敏实", "均胜",
)  # fmt: skip
TRADES = ("塑料制品", "五金工具", "电器", "模具", "包装", "纸箱", "物流", "报关", "货运代理", "电子", "轴承", "注塑")
FORMS = ("有限公司", "有限公司", "有限责任公司", "股份有限公司")
LATIN_A = (
    "NORDIC", "PACIFIC", "ATLAS", "MERIDIAN", "GLOBAL", "EURO", "ORION", "HARBOR", "SUMMIT", "ALPINE", "DELTA",
    "BRIGHT", "VIKING", "COASTAL", "IBERIA", "SAVANNA", "CRESCENT", "EMERALD", "PIONEER", "UNITED",
)  # fmt: skip
LATIN_B = ("HOME", "TOOLS", "HARDWARE", "HOUSEWARES", "IMPORTS", "SUPPLY", "RETAIL", "DISTRIBUTION", "TRADING")
LATIN_FORMS = ("LLC", "INC", "LTD", "GMBH", "S.R.L.", "B.V.", "PTY LTD", "S.A.")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红建文辉力飞鹏宇浩"

GROUP = ("浙江甬港控股集团有限公司", "甬港集团")  # the cash pool's head account holder and the books' name for it
ACQUIRERS = (("银联商务股份有限公司", "银联商务"), ("拉卡拉支付股份有限公司", "拉卡拉"))


@dataclass(frozen=True)
class Party:
    full: str  # the registered name the bank writes
    short: str  # the name the books keep
    account: str  # the counterparty account number some exports give instead of a name
    scale: float


def cents(r: random.Random, lo: float, hi: float) -> Decimal:
    return Decimal(str(r.uniform(lo, hi))).quantize(CENT, ROUND_HALF_UP)


def account_no(r: random.Random) -> str:
    if r.random() < 0.5:
        return f"{r.randrange(10**18, 10**19)}"  # 19-digit 对公 account
    return f"3{r.randrange(10**19, 10**20)}"  # 21-digit 对公 account


def domestic(r: random.Random, k: int, scale: tuple[float, float]) -> list[Party]:
    seen: set[str] = set()
    out: list[Party] = []
    while len(out) < k:
        core = r.choice(CORES) + r.choice(("", "", r.choice(CORES)[:1]))
        trade = r.choice(TRADES)
        full = f"{r.choice(CITIES)}{'市' if r.random() < 0.5 else ''}{core}{trade}{r.choice(FORMS)}"
        if full in seen:
            continue
        seen.add(full)
        short = r.choice((core + trade, core, full))
        out.append(Party(full, short, account_no(r), r.uniform(*scale)))
    return out


def foreign(r: random.Random, k: int) -> list[Party]:
    seen: set[str] = set()
    out: list[Party] = []
    while len(out) < k:
        full = f"{r.choice(LATIN_A)} {r.choice(LATIN_B)} {r.choice(LATIN_FORMS)}"
        if full in seen:
            continue
        seen.add(full)
        words = full.split()
        short = r.choice((" ".join(w.capitalize() for w in words[:-1]), full.title(), " ".join(words[:2]).title()))
        out.append(
            Party(
                full,
                short,
                f"{r.choice(('DE', 'NL', 'IT', 'ES', 'GB'))}{r.randrange(10**15, 10**16)}",
                r.uniform(8000, 120000),
            )
        )
    return out


def person(r: random.Random) -> str:
    return r.choice(SURNAMES) + "".join(r.choices(GIVEN, k=r.choice((1, 2))))


def invoice_no(r: random.Random) -> str:
    return f"NB{r.randrange(24, 27)}{r.randrange(10**4, 10**5)}"


def bank_name(r: random.Random, p: Party) -> str:
    """What the export's 对方户名 holds: the registered name, cut at 20 or 35, or only the account number."""
    u = r.random()
    if u < 0.12:
        return p.account  # 对方账号 only: some exports leave 对方户名 empty on 跨行 lines
    if u < 0.2:
        return p.full[:20] if not p.full.isascii() else p.full[:35]
    return p.full


def book_name(r: random.Random, p: Party) -> tuple[str, str]:
    """(对方单位, name in the 摘要): the master data's name, or nothing and the 摘要 names it."""
    u = r.random()
    if u < 0.75:
        return p.short, p.short
    if u < 0.9:
        return "", p.short
    return p.full, ""


def sha_charges(r: random.Random) -> Decimal:
    """Intermediary and receiving-bank charges taken from a SHA wire, in CNY: USD 10-50 at the day's rate."""
    usd = Decimal(r.choice((10, 15, 15, 20, 20, 25, 30, 35, 40, 50)))
    rate = Decimal(str(round(r.uniform(7.05, 7.30), 4)))
    return (usd * rate).quantize(CENT, ROUND_HALF_UP)


BANK_PAY = ("转账支出", "网银转账", "跨行转账", "汇划支出", "对公付款")
BANK_REC = ("转账收入", "汇入", "跨行汇入", "来账", "对公收款")
BANK_FX = ("境外汇入汇款", "汇入汇款 SHA", "跨境人民币来账", "国际汇款解付", "INWARD REMITTANCE")
BANK_FEES = ("手续费", "汇划手续费", "电子汇划费", "短信服务费", "网银年费", "账户管理费", "电报费")
