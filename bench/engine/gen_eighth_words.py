"""Word pools, names, amounts and the working calendar of the eighth data set (``gen_eighth.py``).

A mainland e-commerce and wholesale company; its customers and suppliers are built from city + trade name + trade +
legal form, the way 工商 registers them, each with the 简称 an accountant types in the books.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

import chinese_calendar

from .generator import Calendar

OWN = "深圳市星禾电子商务有限公司"
OWN_SHORT = "星禾电商"
CENT = Decimal("0.01")


class CNCalendar(Calendar):
    """Mainland working days with the State Council's 调休 make-up days (``chinese_calendar``, 2004-2026);
    after 2026 plain weekends, as the package has no table yet."""

    @staticmethod
    def is_workday(day: dt.date) -> bool:
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5


CITIES = (
    "深圳市", "广州市", "东莞市", "佛山市", "上海", "杭州", "义乌市", "苏州", "宁波", "厦门", "北京", "成都",
    "武汉", "长沙", "温州", "泉州", "中山市", "惠州市", "南京", "郑州",
)  # fmt: skip
TRADE_NAMES = (
    "华强", "宏达", "鑫源", "恒通", "永盛", "金辉", "瑞丰", "博雅", "天成", "中联", "佳和", "汇通", "润泽", "盛世", "锦程",
    "新科", "美嘉", "福瑞", "卓越", "百川", "东方", "顺发", "安达", "华美", "海纳", "星辰", "优品", "众合", "晨光", "诚信",
    "立信", "德胜", "嘉禾", "鼎盛", "万隆", "长江", "蓝海", "金桥", "正大", "宇航", "凯利", "飞扬", "君悦", "华锐", "腾达",
    "祥云", "泰和", "启明", "华信", "新宇", "远航", "鸿运", "同创", "智联", "聚源", "广信", "骏马", "宝丰", "鑫达", "振华",
)  # fmt: skip
TRADES_CUSTOMER = ("贸易", "商贸", "电子商务", "供应链管理", "百货", "科技", "连锁超市", "电子科技", "进出口")
TRADES_SUPPLIER = (
    "电子科技", "包装材料", "塑胶制品", "五金制品", "服饰", "纸业", "印刷", "食品", "物流", "信息技术", "日用品", "家居用品",
)  # fmt: skip
FORMS = ("有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司")
# Typos an accountant makes when keying a name: same sound or same look.
TYPO = {
    "华": "化", "达": "大", "源": "原", "盛": "胜", "辉": "晖", "丰": "峰", "成": "诚", "通": "同", "泽": "择", "锦": "金",
    "瑞": "锐", "嘉": "佳", "鑫": "欣", "祥": "翔", "鸿": "宏", "宇": "雨", "科": "料", "贸": "茂", "程": "城", "航": "行",
}  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力飞鹏宇浩凯琳雪梅晨阳欣怡子涵俊"

# (full name, 简称): names everyone knows, with their real legal forms.
FAMOUS_SUPPLIERS = (
    ("顺丰速运有限公司", "顺丰"),
    ("中通快递股份有限公司", "中通"),
    ("圆通速递有限公司", "圆通"),
    ("德邦物流股份有限公司", "德邦"),
    ("华为技术有限公司", "华为"),
    ("深圳市腾讯计算机系统有限公司", "腾讯"),
    ("阿里云计算有限公司", "阿里云"),
    ("鸿富锦精密工业（深圳）有限公司", "富士康"),
    ("中国石化销售股份有限公司广东石油分公司", "中石化"),
    ("中国移动通信集团广东有限公司深圳分公司", "深圳移动"),
)
UTILITIES = (
    ("深圳供电局有限公司", "供电局", "电费"),
    ("深圳市水务（集团）有限公司", "水务集团", "水费"),
    ("深圳市燃气集团股份有限公司", "燃气集团", "燃气费"),
)
LANDLORD = ("深圳市南山科技园物业管理有限公司", "南山物业")
TAX_OFFICE = "国家金库深圳市南山区支库"
SOCIAL = "深圳市社会保险基金管理局"
HOUSING = "深圳市住房公积金管理中心"
PLATFORMS = (
    # (bank's 摘要, counterparty as the bank prints it, ERP name, the shop's word)
    ("支付宝提现", "支付宝（中国）网络技术有限公司", "支付宝", "天猫店"),
    ("天猫结算", "支付宝（中国）网络技术有限公司", "天猫", "天猫旗舰店"),
    ("财付通提现", "财付通支付科技有限公司", "财付通", "微信小店"),
    ("京东结算", "网银在线（北京）科技有限公司", "京东", "京东自营"),
    ("抖音结算", "抖音支付科技有限公司", "抖音", "抖店"),
)
POS_PARTY = ("银联商务股份有限公司", "银联商务")


@dataclass(frozen=True)
class Party:
    full: str  # 工商 registered name
    short: str  # 简称 in the books
    branch: str  # a branch that pays or bills in its own name, or ""
    scale: float  # typical invoice, yuan
    recurring: Decimal  # a contract amount it pays / is paid again and again

    def typo(self, r: random.Random) -> str:
        spots = [i for i, ch in enumerate(self.full) if ch in TYPO and i >= 2]
        if not spots:
            return self.full
        i = r.choice(spots)
        return self.full[:i] + TYPO[self.full[i]] + self.full[i + 1 :]


def make_parties(r: random.Random, count: int, trades: tuple[str, ...], scale: tuple[float, float]) -> list[Party]:
    seen: set[str] = set()
    out: list[Party] = []
    while len(out) < count:
        city, name, trade, form = r.choice(CITIES), r.choice(TRADE_NAMES), r.choice(trades), r.choice(FORMS)
        if r.random() < 0.3:
            name += r.choice(TRADE_NAMES)[0]
        bracket = r.random() < 0.12
        full = f"{name}{trade}（{city.removesuffix('市')}）{form}" if bracket else f"{city}{name}{trade}{form}"
        if full in seen:
            continue
        seen.add(full)
        short = name if r.random() < 0.6 else name + trade[:2]
        branch = f"{full}{r.choice(CITIES).removesuffix('市')}分公司" if r.random() < 0.1 else ""
        s = r.uniform(*scale)
        recurring = vat(r, s) if r.random() < 0.5 else round_amount(r, s)
        out.append(Party(full, short, branch, s, recurring))
    return out


def famous(pairs: tuple[tuple[str, str], ...], scale: float) -> list[Party]:
    return [Party(full, short, "", scale, Decimal(int(scale)).quantize(CENT)) for full, short in pairs]


def person(r: random.Random) -> str:
    return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))


def cents(r: random.Random, lo: float, hi: float) -> Decimal:
    """Log-uniform yuan with cents."""
    x = lo * (hi / lo) ** r.random()
    return Decimal(f"{x:.2f}").max(CENT)


def round_amount(r: random.Random, scale: float) -> Decimal:
    step = 10_000 if scale > 60_000 else 1_000 if scale > 6_000 else 100
    return Decimal(max(1, round(scale * r.uniform(0.4, 1.6) / step)) * step).quantize(CENT)


def vat(r: random.Random, scale: float, rate: str = "1.13") -> Decimal:
    """Tax-inclusive amount of a round-ish net price: 10000 -> 11300.00, 5000 -> 5650.00, 1092.50 ..."""
    step = r.choice((100, 500, 1000)) if scale > 3000 else r.choice((10, 50, 100))
    net = max(1, round(scale * r.uniform(0.3, 1.7) / step)) * step
    if r.random() < 0.35:
        net = round(scale * r.uniform(0.3, 1.7), 2)  # unit price x quantity: cents
    return (Decimal(str(net)) * Decimal(rate)).quantize(CENT)


def amount(r: random.Random, p: Party) -> Decimal:
    u = r.random()
    if u < 0.15:
        return p.recurring
    if u < 0.37:
        return round_amount(r, p.scale)
    if u < 0.72:
        return vat(r, p.scale, r.choice(("1.13", "1.13", "1.13", "1.06", "1.09")))
    return cents(r, p.scale * 0.2, p.scale * 2.5)


def invoice_no(r: random.Random) -> str:
    if r.random() < 0.75:
        return f"{r.randrange(10**7, 10**8)}"  # 8-digit paper/e-invoice number
    return f"25{r.choice(('44', '31', '33'))}2000000{r.randrange(10**8, 10**9)}"  # 20-digit 数电发票


def contract_no(r: random.Random, year: int) -> str:
    return f"HT{year}-{r.randrange(1, 2000):04d}"


def bill_no(r: random.Random) -> str:
    """30-digit ECDS 票据包号 of a bank acceptance bill (银行承兑汇票 starts with 5 or 1)."""
    return "5" + f"{r.randrange(10**10, 10**11)}" + f"{r.randrange(10**17, 10**18)}"


def cheque_no(r: random.Random) -> str:
    return f"{r.randrange(10**7, 10**8)}"


def bank_name_form(r: random.Random, p: Party, cut: int) -> tuple[str, str]:
    """The payer / payee as the bank prints it, and the form used (for the miss report)."""
    u = r.random()
    if u < 0.04:
        return "", "empty"
    name, form = p.full, "full"
    if p.branch and u < 0.5:
        name, form = p.branch, "branch"
    elif u < 0.10:
        name, form = name.replace("（", "(").replace("）", ")"), "halfwidth"
    if len(name) > cut:
        return name[:cut], "cut"
    return name, form


def book_name_form(r: random.Random, p: Party) -> tuple[str, str, str]:
    """(往来单位, the name the 摘要 uses, the form): 简称, full, branch, empty with the name only in 摘要, a typo."""
    u = r.random()
    if u < 0.32:
        return p.short, p.short, "short"
    if u < 0.60:
        return p.full, p.short, "full"
    if u < 0.64:
        return p.typo(r), p.short, "typo"
    if u < 0.68 and p.branch:
        return p.branch, p.short, "branch"
    if u < 0.88:
        return "", p.short if r.random() < 0.7 else p.full, "in-summary"
    return "", "", "empty"
