"""Seeded generator of labelled bank/journal lines for the matching engine.

Realistic Chinese cases: full counterparty names on the bank side and
shortened ones in the journal (上海恒瑞贸易有限公司 -> 恒瑞贸易 / 恒瑞), or only in its summary (Kingdee
exports without 对方单位), payments whose journal summary names another company (traps), summaries
(货款/工资/手续费/结息/报销 ...), same-amount clusters (many 5,000.00
payments), booking lags of -1..3 working days, payroll batches (1 bank : N
journal, one voucher), merged POS receipts (N bank : 1 journal, one merchant
number), fees netted into a payment (1 bank : payment + fee in the journal),
bank-only fees and interest, journal-only outstanding cheques and deposits in
transit, references on only part of the lines, near-duplicates.

``generate(n_bank, seed)`` returns a ``Case`` whose ``truth`` lists which
ids belong together.  Volume scales by *days* (``lines_per_day`` bank lines
per working day), so cluster sizes stay realistic at any size.
Nothing is written to disk.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from reconcile.engine import Line

REGIONS = [
    "上海",
    "北京",
    "深圳市",
    "广州市",
    "杭州",
    "南京",
    "苏州",
    "武汉市",
    "成都",
    "广东省深圳市",
    "浙江省宁波市",
    "江苏省无锡市",
    "天津",
    "重庆",
    "西安",
    "厦门",
]
CORE_CHARS = "恒瑞华通金鼎宏达新创盛世鑫源嘉禾天成永泰海纳博远中科东方锦程龙腾星辉丰康佳信汇德胜万隆泰安富和誉润凯旋联合晨光明阳正大兴"
INDUSTRIES = [
    "贸易",
    "科技",
    "实业",
    "电子",
    "物流",
    "建设",
    "医药",
    "食品",
    "机械",
    "化工",
    "网络",
    "信息技术",
    "商贸",
    "供应链管理",
    "包装",
    "建材",
    "文化传媒",
    "餐饮管理",
]
SUFFIXES = ["有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玲兰飞鹏宇浩"
COMMON_AMOUNTS = [
    500_00,
    1_000_00,
    1_500_00,
    2_000_00,
    3_000_00,
    5_000_00,
    5_000_00,
    8_000_00,
    10_000_00,
    20_000_00,
    50_000_00,
]
STANDARD_FEES = [50, 2_00, 5_00, 10_00, 15_00, 20_00, 25_00, 50_00]
BANK_NAME = "中国工商银行股份有限公司上海分行"
PAIR_TEXT = [  # (bank summary, journal summary template)
    ("货款", "支付{n}货款"),
    ("往来款", "{n}往来款"),
    ("转账", "付{n}款"),
    ("网银转账", "{n}货款"),
    ("报销", "报销差旅费"),
    ("租金", "支付{n}房租"),
    ("税款", "缴纳税款"),
    ("服务费", "{n}服务费"),
]
IN_TEXT = [("货款", "收{n}货款"), ("销售款", "{n}销售回款"), ("转账", "收{n}款"), ("往来款", "{n}往来款")]
KINGDEE_SHARE = 0.15  # journal lines whose company is named only in the summary
LAGS = [(-1, 0.07), (0, 0.5), (1, 0.25), (2, 0.12), (3, 0.06)]


class Calendar:
    """Weekends plus fixed Chinese-style holidays; ``ordinal`` as the engine wants."""

    def __init__(self, start: dt.date, days: int) -> None:
        self.first = start - dt.timedelta(days=30)
        self.ordinals: dict[dt.date, int] = {}
        self.workdays: list[dt.date] = []
        count = 0
        day = self.first
        end = start + dt.timedelta(days=int(days * 7 / 5 * 1.1) + 120)  # + holidays
        while day <= end:
            if self.is_workday(day):
                count += 1
                self.workdays.append(day)
            self.ordinals[day] = count
            day += dt.timedelta(days=1)

    @staticmethod
    def is_workday(day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        md = (day.month, day.day)
        return not (md == (1, 1) or (2, 10) <= md <= (2, 16) or (5, 1) <= md <= (5, 3) or (10, 1) <= md <= (10, 7))

    def ordinal(self, day: dt.date) -> int:
        return self.ordinals[day]


@dataclass
class Case:
    bank: list[Line]
    journal: list[Line]
    truth: list[tuple[tuple[str, ...], tuple[str, ...], str]] = field(default_factory=list)
    calendar: Calendar | None = None


class _Gen:
    def __init__(self, n_bank: int, seed: int, lines_per_day: int, start: dt.date) -> None:
        self.r = random.Random(seed)
        self.n_bank = n_bank
        self.days = max(20, n_bank // lines_per_day)
        self.cal = Calendar(start, self.days + 10)
        self.first_t = 5  # room for negative lags
        self.bank: list[Line] = []
        self.journal: list[Line] = []
        self.truth: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        self.nb = self.nj = 0
        self.companies = [self._company() for _ in range(max(300, min(20_000, n_bank // 50)))]
        self.employees = [
            self.r.choice(SURNAMES) + "".join(self.r.choices(GIVEN, k=self.r.choice((1, 2)))) for _ in range(3000)
        ]
        self.serial = 10_000_000

    # -- building blocks --------------------------------------------------
    def _company(self) -> tuple[str, str]:
        r = self.r
        core = "".join(r.sample(CORE_CHARS, r.choice((2, 2, 2, 3))))
        ind = r.choice(INDUSTRIES)
        full = r.choice(REGIONS) + core + ind + r.choice(SUFFIXES)
        return full, core + ind

    def _short(self, company: tuple[str, str]) -> str:
        full, short = company
        x = self.r.random()
        if x < 0.6:
            return short
        if x < 0.8:
            return short[: max(2, len(short) - 2)] if len(short) > 3 else short  # 恒瑞贸易 -> 恒瑞
        if x < 0.9:
            return full
        return ""

    def _day(self, t: int) -> dt.date:
        return self.cal.workdays[self.first_t + 30 // 7 * 5 + t]

    def _t(self) -> int:
        return self.r.randrange(self.days)

    def _lag(self) -> int:
        x, acc = self.r.random(), 0.0
        if x < 0.003:
            return self.r.randint(5, 8)  # booked late: outside the window
        for lag, p in LAGS:
            acc += p
            if x < acc:
                return lag
        return 0

    def _amount(self) -> int:
        r = self.r
        x = r.random()
        if x < 0.05:
            return r.choice(COMMON_AMOUNTS)
        cents = int(10 ** r.uniform(3, 7.7))
        if x < 0.6:
            return cents
        if x < 0.9:
            return max(100, cents // 100 * 100)
        return max(100_00, cents // 10_000 * 10_000)

    def _ref_pair(self) -> tuple[str, str]:
        """References: shared (formatted differently), one-sided or absent."""
        r = self.r
        self.serial += r.randint(1, 50)
        num = str(self.serial)
        x = r.random()
        if x < 0.35:
            bank_fmt = r.choice((num.zfill(12), " ".join((num[:4], num[4:])), num))
            return bank_fmt, r.choice((num, "No." + num, num.zfill(10)))
        if x < 0.5:
            return num.zfill(12), ""
        if x < 0.6:
            return "", f"记-{r.randint(1, 9999):04d}"
        return "", ""

    def _bid(self) -> str:
        self.nb += 1
        return f"B{self.nb:08d}"

    def _jid(self) -> str:
        self.nj += 1
        return f"J{self.nj:08d}"

    @staticmethod
    def _dec(cents: int) -> Decimal:
        return Decimal(cents).scaleb(-2)

    # -- events -------------------------------------------------------------
    def pair(self, t: int | None = None, company: tuple[str, str] | None = None, cents: int | None = None) -> None:
        r = self.r
        t = self._t() if t is None else t
        company = company or r.choice(self.companies)
        cents = cents or self._amount()
        direction = "out" if r.random() < 0.55 else "in"
        bt, jt = r.choice(PAIR_TEXT if direction == "out" else IN_TEXT)
        short = self._short(company)
        bref, jref = self._ref_pair()
        b = Line(self._bid(), self._day(t), self._dec(cents), direction, bref, company[0], bt)
        # Kingdee-style journals have no 对方单位 column: the company is written only in the 摘要.
        journal_cp = "" if short and "{n}" in jt and r.random() < KINGDEE_SHARE else short
        j = Line(
            self._jid(),
            self._day(t + self._lag()),
            self._dec(cents),
            direction,
            jref,
            journal_cp,
            jt.format(n=short or "客户"),
        )
        self.bank.append(b)
        self.journal.append(j)
        self.truth.append(((b.id,), (j.id,), "1:1"))
        if r.random() < 0.003:  # entered twice in the journal by mistake
            dup = j._replace(id=self._jid(), date=self._day(t + self._lag()))
            self.journal.append(dup)

    def twins(self) -> None:
        """Two payments of the same amount to the same company a day apart."""
        t, company, cents = self._t(), self.r.choice(self.companies), self._amount()
        self.pair(t, company, cents)
        self.pair(t + self.r.randint(0, 2), company, cents)

    def payroll(self) -> None:
        r = self.r
        t = self._t()
        n = r.randint(3, 30)
        parts = [
            r.choice((5_000_00, 6_000_00, 8_000_00)) if r.random() < 0.3 else r.randint(3_000_00, 30_000_00)
            for _ in range(n)
        ]
        voucher = f"记-{r.randint(1, 9999):04d}"
        b = Line(
            self._bid(),
            self._day(t),
            self._dec(sum(parts)),
            "out",
            f"PAY{self.serial}",
            BANK_NAME,
            r.choice(("代发工资", "批量代发", "代发工资 奖金")),
        )
        self.serial += 1
        jday = self._day(t + r.choice((0, 0, 0, 1)))
        js = [
            Line(
                self._jid(),
                jday,
                self._dec(c),
                "out",
                voucher,
                r.choice(self.employees),
                r.choice(("工资", "发放工资", "3月工资")),
            )
            for c in parts
        ]
        self.bank.append(b)
        self.journal.extend(js)
        self.truth.append(((b.id,), tuple(j.id for j in js), "1:N"))

    def pos(self) -> None:
        r = self.r
        t = self._t()
        merchant = str(r.randint(10**14, 10**15 - 1))
        parts = [r.randint(100_00, 50_000_00) for _ in range(r.randint(2, 5))]
        bs = [
            Line(
                self._bid(),
                self._day(t),
                self._dec(c),
                "in",
                merchant,
                "银联商务股份有限公司",
                r.choice(("POS结算", "银联商户清算", "POS收单")),
            )
            for c in parts
        ]
        jref = merchant if r.random() < 0.7 else ""
        j = Line(
            self._jid(),
            self._day(t + r.choice((0, 0, 1))),
            self._dec(sum(parts)),
            "in",
            jref,
            r.choice(("银联商务", "")),
            "刷卡收入汇总",
        )
        self.bank.extend(bs)
        self.journal.append(j)
        self.truth.append((tuple(b.id for b in bs), (j.id,), "N:1"))

    def fee_netted(self) -> None:
        r = self.r
        t = self._t()
        company = r.choice(self.companies)
        cents = self._amount()
        fee = max(51, cents // 1000 + r.randint(1, 99))  # 0.1% remittance fee, odd cents
        b = Line(self._bid(), self._day(t), self._dec(cents + fee), "out", "", company[0], "汇款 含手续费")
        jday = self._day(t + r.choice((0, 0, 1)))
        short = self._short(company) or company[1]
        j1 = Line(self._jid(), jday, self._dec(cents), "out", "", short, f"支付{short}货款")
        j2 = Line(self._jid(), jday, self._dec(fee), "out", "", "", "汇款手续费")
        self.bank.append(b)
        self.journal.extend((j1, j2))
        self.truth.append(((b.id,), (j1.id, j2.id), "1:N"))

    def bank_only(self) -> None:
        r = self.r
        t = self._t()
        if r.random() < 0.7:
            self.bank.append(
                Line(
                    self._bid(),
                    self._day(t),
                    self._dec(r.choice(STANDARD_FEES)),
                    "out",
                    "",
                    BANK_NAME,
                    r.choice(("手续费", "账户管理费", "汇划手续费")),
                )
            )
        else:
            self.bank.append(
                Line(self._bid(), self._day(t), self._dec(r.randint(1_00, 5_000_00)), "in", "", BANK_NAME, "结息")
            )

    def name_trap(self) -> None:
        """A payment to one company cleared by the bank while the journal's only entry of that amount, its 摘要
        naming another company, is still outstanding: same amount and date, but not a pair."""
        r = self.r
        t, cents = self._t(), self._amount()
        paid, booked = r.sample(self.companies, 2)
        name = self._short(booked) or booked[1]
        self.bank.append(Line(self._bid(), self._day(t), self._dec(cents), "out", "", paid[0], "货款"))
        self.journal.append(
            Line(self._jid(), self._day(t + self._lag()), self._dec(cents), "out", "", "", f"支付{name}货款")
        )

    def journal_only(self) -> None:
        r = self.r
        t = self._t()
        company = r.choice(self.companies)
        if r.random() < 0.6:  # outstanding cheque
            self.journal.append(
                Line(
                    self._jid(),
                    self._day(t),
                    self._dec(self._amount()),
                    "out",
                    f"支票{r.randint(10**7, 10**8 - 1)}",
                    self._short(company),
                    "开出支票 付货款",
                )
            )
        else:  # deposit in transit
            self.journal.append(
                Line(
                    self._jid(),
                    self._day(t),
                    self._dec(self._amount()),
                    "in",
                    "",
                    self._short(company),
                    "收到货款 在途",
                )
            )


def generate(n_bank: int, seed: int = 1, *, lines_per_day: int = 400, start: dt.date = dt.date(2023, 1, 2)) -> Case:
    g = _Gen(n_bank, seed, lines_per_day, start)
    events = [
        (g.pair, 0.858),
        (g.twins, 0.004),
        (g.payroll, 0.012),
        (g.pos, 0.01),
        (g.fee_netted, 0.01),
        (g.bank_only, 0.04),
        (g.journal_only, 0.05),
        (g.name_trap, 0.003),
    ]
    fns = [f for f, _ in events]
    weights = [w for _, w in events]
    while len(g.bank) < n_bank:
        for fn in g.r.choices(fns, weights, k=max(1, min(1000, (n_bank - len(g.bank)) // 2))):
            fn()
    return Case(g.bank, g.journal, g.truth, g.cal)
