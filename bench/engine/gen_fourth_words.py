"""Word pools, name noise and the calendar of ``gen_fourth.py`` (a fourth author's view; see its docstring)."""

from __future__ import annotations

import datetime as dt
import random

# -- calendar: weekends, the mainland's public holidays 2025-2026 and their make-up working days (调休) --------------
_OFF = [
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
_ON = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04", "2026-02-14"]
_ON += ["2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


class HolidayCalendar:
    """``ordinal(day)``: working days counted from ``start - 60 days``; a rest day shares its previous working
    day's ordinal. ``after(day, k)``: the k-th working day after the day (k = 0: the day itself if working, else
    the next working day); ``before(day, k)`` likewise backwards."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        off: set[dt.date] = set()
        for a, b in _OFF:
            d = dt.date.fromisoformat(a)
            while d <= dt.date.fromisoformat(b):
                off.add(d)
                d += dt.timedelta(days=1)
        on = {dt.date.fromisoformat(s) for s in _ON}
        self.ordinals: dict[dt.date, int] = {}
        self.workdays: list[dt.date] = []
        n = 0
        d = start - dt.timedelta(days=60)
        while d <= end + dt.timedelta(days=60):
            if d in on or (d.weekday() < 5 and d not in off):
                n += 1
                self.workdays.append(d)
            self.ordinals[d] = n
            d += dt.timedelta(days=1)
        self._pos = {w: i for i, w in enumerate(self.workdays)}

    def ordinal(self, day: dt.date) -> int:
        return self.ordinals[day]

    def is_workday(self, day: dt.date) -> bool:
        return day in self._pos

    def after(self, day: dt.date, k: int) -> dt.date:
        while day not in self._pos:
            day += dt.timedelta(days=1)
        return self.workdays[self._pos[day] + k]

    def before(self, day: dt.date, k: int) -> dt.date:
        while day not in self._pos:
            day -= dt.timedelta(days=1)
        return self.workdays[self._pos[day] - k]


# -- Latin-script vendors and customers of an English-language ERP -------------------------------------------------
HEADS = ["Harbour", "Summit", "Pacific Rim", "Northgate", "Blue Ridge", "Silver Oak", "Redwood", "Granite", "Evergreen"]
HEADS += ["Lakeside", "Sterling", "Crescent", "Pioneer", "Beacon", "Atlas", "Horizon", "Keystone", "Meridian"]
HEADS += ["Orchard", "Riverbend", "Cobalt", "Falcon", "Juniper", "Maple Leaf", "Oakmont", "Prairie", "Quantum"]
HEADS += ["Sequoia", "Tidewater", "Vantage", "Westfield", "Apex", "Brightstar", "Clearwater", "Eastgate", "Fairview"]
HEADS += ["Golden Bay", "Highland", "Ironwood", "Kingsley", "Lotus", "Mandarin", "Ningbo Star", "Jade River"]
HEADS += ["Dragon Gate", "Phoenix", "Seaview", "Union Pacific", "Allied", "Premier", "Regal", "Trinity", "Zenith"]
TRADES = ["Logistics", "Trading", "Supplies", "Engineering", "Packaging", "Consulting", "Industrial", "Electronics"]
TRADES += ["Foods", "Chemicals", "Freight", "Software", "Office Products", "Facilities", "Printing", "Components"]
TRADES += ["Plastics", "Tooling", "Services", "Systems", "Textiles", "Machinery", "Security", "Catering"]
MIDDLES = ["", "", "", "", "International", "Global", "Asia", "(HK)", "China", "Smith &", "Brothers"]
FORMS = ["Ltd", "Limited", "Inc", "Corp.", "LLC", "Pte. Ltd.", "Pty Ltd", "Co., Ltd.", "Holdings Limited", ""]
LEGAL_WORDS = {"ltd", "limited", "inc", "corp", "llc", "pte", "pty", "co"}
# What bank systems write instead (uppercase applied later); each applied with some probability.
ABBREV = [
    ("International", "Intl"),
    ("Limited", "Ltd"),
    ("Corporation", "Corp"),
    ("Company", "Co"),
    ("Engineering", "Eng"),
    ("Services", "Svcs"),
    ("Brothers", "Bros"),
    ("Holdings", "Hldgs"),
    ("Logistics", "Log"),
    ("Industrial", "Ind"),
    ("Trading", "Trdg"),
]
FIRST = ["James", "Mary", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "Daniel", "Grace", "Kevin", "Amy"]
FIRST += ["Wei", "Li", "Jing", "Hao", "Min", "Yan", "Jun", "Lei", "Fang", "Tao", "Xin", "Ying", "Bo", "Hui"]
LAST = ["Smith", "Chan", "Wong", "Lee", "Taylor", "Brown", "Ng", "Lau", "Cheung", "Ho", "Zhang", "Wang", "Liu"]
LAST += ["Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "Lin", "Evans"]


class Vendor:
    """A Latin-script party: its registered name, the ERP's display name (sometimes shortened) and a bank id."""

    def __init__(self, r: random.Random, head: str, trade: str) -> None:
        mid = r.choice(MIDDLES)
        form = r.choice(FORMS)
        if mid == "Smith &":
            words = [head, "&", "Sons", trade]
        elif mid:
            words = [head, mid, trade] if r.random() < 0.6 else [head, trade, mid]
        else:
            words = [head, trade]
        if r.random() < 0.15:
            words.insert(1, "and" if r.random() < 0.5 else "&")
            words.insert(2, r.choice(["Partners", "Associates", "Sons"]))
        self.key = (head, trade)
        self.name = " ".join(words + ([form] if form else []))
        # The ERP's display name: as registered (60%), without the legal form, or an accountant's short form.
        x = r.random()
        if x < 0.6:
            self.erp = self.name
        elif x < 0.85:
            self.erp = " ".join(words)
        else:
            self.erp = " ".join(w for w in words if w not in ("International", "Global", "(HK)", "China")) + " "
            self.erp = (self.erp.strip() + ("" if r.random() < 0.5 else " " + (form or "Ltd"))).strip()
        self.bank_style = r.random()  # a bank keeps how it writes one remitter's name


def bank_latin(r: random.Random, v: Vendor) -> str:
    """The vendor's name as the bank's statement shows it (uppercase, abbreviated, cut, a typo...)."""
    s = v.name
    for full, short in ABBREV:
        if full in s and r.random() < 0.5:
            s = s.replace(full, short)
    if r.random() < 0.4:
        s = s.replace(" & ", " AND ") if " & " in s else s.replace(" and ", " & ")
    if r.random() < 0.5:
        s = s.replace(".", "").replace(",", "")
    if r.random() < 0.3:  # legal form dropped
        words = s.split()
        while len(words) > 2 and words[-1].strip(".,").lower() in LEGAL_WORDS:
            words.pop()
        s = " ".join(words)
    if v.bank_style < 0.75:
        s = s.upper()
    elif v.bank_style < 0.85:
        s = s.title()
    if r.random() < 0.05 and len(s) > 8:  # one-letter typo
        i = r.randrange(2, len(s) - 1)
        if s[i].isalpha():
            s = s[:i] + ("X" if s[i] != "X" else "Y") + s[i + 1 :]
    if r.random() < 0.25:
        s = s[: r.choice((18, 20, 24, 30))].rstrip()
    return s


def person(r: random.Random) -> str:
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


# -- Chinese parties -------------------------------------------------------------------------------------------------
CITIES = ["昆山", "东莞", "中山", "绍兴", "温州", "泉州", "徐州", "扬州", "芜湖", "洛阳", "潍坊", "珠海"]
CITIES += ["惠州", "江门", "湖州", "金华", "盐城", "镇江", "宜昌", "襄阳", "株洲", "柳州", "桂林", "贵阳"]
CORE = "澳宝璟昶驰淳德帆沣赋固冠海航合泓鸿沪汇骅吉佳坚杰劲菁炬钧恺坤朗利亮霖隆茂敏铭宁沛齐淇擎仁荣瑞"
CORE += "尚晟实舒顺泰腾同旺巍文祥协昕鑫兴旭亚扬颐毅盈雍裕展兆臻正"
CN_TRADES = ["五金制品", "纸业", "包装材料", "电子科技", "精密机械", "物流", "化工", "服饰", "食品", "设备安装"]
CN_TRADES += ["环保工程", "物业服务", "软件开发", "模具", "汽车零部件", "钢材贸易", "建筑劳务", "广告", "家具"]
CN_FORMS = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "实业有限公司"]
PLATFORMS = ["财付通支付科技有限公司", "支付宝（中国）网络技术有限公司", "银联商务股份有限公司"]
PLATFORM_TEXTS = {
    PLATFORMS[0]: ["财付通-商户结算", "微信支付结算", "财付通提现", "TENPAY 结算款"],
    PLATFORMS[1]: ["支付宝提现", "支付宝-转账到银行卡", "支付宝结算款", "ALIPAY 结算"],
    PLATFORMS[2]: ["银联POS入账", "银联商务结算", "POS清算", "银联入账"],
}
CN_IN_TEXTS = ["货款", "网银转账", "跨行汇款", "转账汇款", "往来款", "来账", "汇入汇款", "收款"]
CN_OUT_TEXTS = ["货款", "支付货款", "网银转账", "对公付款", "跨行转账", "材料款", "服务费"]


class CnParty:
    def __init__(self, r: random.Random, core: str, trade: str) -> None:
        self.key = (core, trade)
        self.city = r.choice(CITIES)
        self.name = f"{self.city}{core}{trade}{r.choice(CN_FORMS)}"
        x = r.random()  # the journal's 简称, kept per party
        if x < 0.35:
            self.short = f"{core}{trade}"
        elif x < 0.6:
            self.short = f"{self.city}{core}"
        elif x < 0.8:
            self.short = self.name
        else:
            self.short = f"{core}{trade}{'有限公司'}"
