"""Pools, calendar and name rendering of the third independent generator (``gen_third.py``).

Kept apart from the events so each module stays short. Nothing here is taken from the engine or the other
generators: the calendar has the real mainland holidays of 2025-2026 *and* their make-up working days (调休: a
Saturday or Sunday that is a working day), the names mix Chinese and Latin brands, and every rendering choice
(brackets, digits, legal forms, 集团, branches, short names) is made per side.
"""

from __future__ import annotations

import datetime as dt
import random

# Official mainland holidays (国务院办公厅通知) and make-up working days, 2025-2026.
_HOLIDAYS = [
    ("2025-01-01", "2025-01-01"),
    ("2025-01-28", "2025-02-04"),
    ("2025-04-04", "2025-04-06"),
    ("2025-05-01", "2025-05-05"),
    ("2025-05-31", "2025-06-02"),
    ("2025-10-01", "2025-10-08"),
    ("2026-01-01", "2026-01-03"),
    ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"),
    ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
]
_MAKEUP = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04", "2026-02-14"]
_MAKEUP += ["2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


class ChinaCalendar:
    """Working days of the mainland calendar 2025-2026 (weekends off unless a make-up day, holidays off)."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        off: set[dt.date] = set()
        for a, b in _HOLIDAYS:
            d, last = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
            while d <= last:
                off.add(d)
                d += dt.timedelta(days=1)
        makeup = {dt.date.fromisoformat(s) for s in _MAKEUP}
        self.first = start - dt.timedelta(days=40)
        self.ordinals: dict[dt.date, int] = {}
        self.workdays: list[dt.date] = []
        self.index: dict[dt.date, int] = {}  # day -> index in workdays of the working day on or before it
        count = 0
        d = self.first
        while d <= end + dt.timedelta(days=60):
            if d not in off and (d.weekday() < 5 or d in makeup):
                count += 1
                self.workdays.append(d)
            self.ordinals[d] = count
            self.index[d] = len(self.workdays) - 1
            d += dt.timedelta(days=1)

    def ordinal(self, day: dt.date) -> int:
        return self.ordinals[day]

    def shift(self, day: dt.date, k: int) -> dt.date:
        """The working day ``k`` working days after (before, k < 0) ``day``'s working day."""
        return self.workdays[self.index[day] + k]


REGIONS = ["上海", "北京", "深圳", "广州", "杭州", "宁波", "苏州", "无锡", "南通", "合肥", "长沙", "郑州", "青岛"]
REGIONS += ["济南", "大连", "沈阳", "福州", "昆明", "南昌", "佛山", "珠海", "常州", "嘉兴", "台州", "烟台", "江苏"]
CORE_CHARS = "安邦宝诚晟达鼎丰福光广瀚豪禾弘华辉佳嘉建捷金锦晶九骏凯康力联隆美铭纳朋启谦荣瑞睿森尚胜拓威炜翔信星耀亿益银永宇元越泽正智众卓"
LATIN_CORES = ["ABK", "KDS", "TOPWAY", "HMT", "SINOTEC", "ZKL", "MAXON", "EVERBRIGHT", "GLT", "NEWSUN"]
LATIN_CORES += ["BRT", "Unitek", "Aurora", "JETCO", "POLY", "Tianma", "HiSoft", "GreenLand", "iCloudTech", "3D"]
INDUSTRIES = ["机电设备", "塑胶制品", "电气", "精密模具", "新材料", "软件", "环保科技", "物业管理", "印务", "汽车配件"]
INDUSTRIES += ["纺织", "照明", "仪器仪表", "劳务派遣", "冷链物流", "装饰工程", "投资", "商务咨询", "光电", "五金"]
FORMS = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "（集团）有限公司"]
PERSON_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
PERSON_GIVEN = "子涵梓轩一诺欣怡浩然思远雨桐宇航佳琪俊杰文博晓明丽娟建华志强海燕春梅秋菊国庆立新伟东晓峰少华永红"
PLATFORMS = [
    "支付宝（中国）网络技术有限公司",
    "财付通支付科技有限公司",
    "银联商务股份有限公司",
    "支付宝(中国)网络技术有限公司",
    "财付通",
    "拉卡拉支付股份有限公司",
]
OWN_NAME = "上海晟拓机电科技股份有限公司"
FULL = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # every printable ASCII character in its full-width form
HALF_BRACKETS = str.maketrans("（）", "()")
FULL_BRACKETS = str.maketrans("()", "（）")


class Party:
    """A company with its full registered name and the parts its short names are made of."""

    __slots__ = ("core", "full", "industry", "region", "shorts")

    def __init__(self, r: random.Random) -> None:
        latin = r.random() < 0.18
        core = r.choice(LATIN_CORES) if latin else "".join(r.sample(CORE_CHARS, r.choice((2, 2, 2, 3))))
        if latin and r.random() < 0.5:
            core += "".join(r.sample(CORE_CHARS, 2))  # KDS晟达
        region, industry, form = r.choice(REGIONS), r.choice(INDUSTRIES), r.choice(FORMS)
        shape = r.random()
        if latin and shape < 0.5:
            full = f"{core}（中国）{industry}{form}"
        elif shape < 0.2:
            full = f"{core}（{region}）{industry}{form}"
        elif shape < 0.28:
            full = f"{core}{industry}{form}{region}分公司"
        else:
            full = f"{region}{core}{industry}{form}"
        self.core, self.full, self.industry, self.region = core, full, industry, region
        # The 简称 the accountant keeps for it in the ERP's 客商 list (one per party, used consistently).
        self.shorts = [core + industry, core, region + core, core + industry + "公司", full.replace(form, "")]


def person(r: random.Random) -> str:
    given = PERSON_GIVEN[r.randrange(0, len(PERSON_GIVEN) - 1, 2) :][: r.choice((1, 2, 2))]
    return r.choice(PERSON_SURNAMES) + given


def bank_name(r: random.Random, p: Party) -> str:
    """The payer/payee as a bank export shows it: the registered name, brackets and digits as that bank writes
    them, sometimes cut at the field width, sometimes full-width."""
    name = p.full
    x = r.random()
    if x < 0.45:
        name = name.translate(HALF_BRACKETS)
    if r.random() < 0.04:
        name = name.translate(FULL)
    if r.random() < 0.08:
        name = name[: r.choice((12, 15, 20))]
    if r.random() < 0.03:
        name = name.replace("（集团）", "集团").replace("(集团)", "集团")
    return name


def journal_name(r: random.Random, p: Party, short_of: dict[int, int]) -> str:
    """The 对方单位 the ERP carries: the party's 简称 (one per party), the full name, or the full name with
    集团 added or dropped and brackets in the other width."""
    x = r.random()
    if x < 0.55:
        return p.shorts[short_of.setdefault(id(p), r.randrange(len(p.shorts)))]
    name = p.full
    if x < 0.65:
        if "集团" in name:
            name = name.replace("（集团）", "").replace("集团", "")
        elif "股份" not in name:
            name = name.replace("有限公司", "集团有限公司", 1)
    if r.random() < 0.4:
        name = name.translate(HALF_BRACKETS)
    return name


def invoice_forms(r: random.Random, number: int) -> tuple[str, str]:
    """One invoice number written by the ERP and by the payer's bank text, each in its own form."""
    forms = [
        lambda n: f"INV-{n:07d}",
        lambda n: f"INV{n}",
        lambda n: f"{n:08d}",
        lambda n: f"发票号{n}",
        lambda n: f"FP-{n}",
        lambda n: f"No.{n:07d}",
        lambda n: f"2025-{n:06d}",
        lambda n: f"INV{n}".translate(FULL),
    ]
    a, b = r.sample(forms, 2)
    return a(number), b(number)


def bank_serial(r: random.Random, day: dt.date) -> str:
    return f"{day:%Y%m%d}{r.randrange(10**9, 10**10)}"
