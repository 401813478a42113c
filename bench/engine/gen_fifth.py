"""Independent generator 5: a mainland manufacturing group's bank exports beside its 用友U8 / 金蝶 bank journal.

A fifth author's view, written from ``bench_unseen.py``'s interface only (``generate(n_bank, seed) -> Case`` with a
working-day calendar), not from the other generators' noise models. The world is one group company paying suppliers,
collecting from customers and running payroll through 招商银行 (seed odd) or 工商银行 (seed even) exports, booked in
用友U8 (seed // 2 even) or 金蝶 (seed // 2 odd):

* **names**: the bank writes the payer's or payee's registered name, often of a **branch** (XX有限公司上海分公司)
  where the journal names the company (XX有限公司, or its 简称, or nothing but the 摘要); brackets half- or
  full-width per side; **renamed companies** (the bank shows the new registered name from the rename date on, the
  journal's master data keeps the old name for most of them); a customer's legal representative paying for the
  company from a personal account; a few foreign suppliers with **diacritics** (Müller, Société, Łódź, Škoda ...)
  written with them in the journal and without them, upper-cased or transliterated (UE/OE/AE) at the bank;
* **references**: the journal's 凭证号 (记-0123) and the bank's own 流水号 / 业务参考号 never meet; a contract or
  invoice number sometimes on both sides in different forms, sometimes on one side only;
* **dates**: the 2025-2026 mainland calendar with 国庆 and 春节 and their make-up working days; the bank 0-3 working
  days after the journal on payments, the journal 0-3 working days after the bank on receipts;
* **same amounts**: monthly rents, property fees and utilities of a few identical figures to many landlords and
  service companies; standard deposits (保证金) received from many customers; names decide;
* **reverse batches**: one journal entry = 2 bank lines (an invoice paid in two transfers, or a large payment cut by
  the bank's per-transfer limit);
* **payroll**: 代发工资 runs of 10-40 payees: one bank debit and the journal per employee (1:N), or one journal entry
  and the bank's per-payee lines (N:1), or one line each side (1:1);
* **fees**: a transfer fee on the transfer's day (汇划手续费 by amount tier); the journal books the day's fees as one
  entry (N:1) or not at all;
* **refunds and 冲正**: a payment returned by the beneficiary's bank (退汇), booked back (红字冲销 as a receipt) and
  paid again; a customer's overpayment refunded;
* **noise that must stay unmatched**: USD lines of the group's foreign-currency account in the same export (the CNY
  journal has none of them, or a CNY entry of another amount), month-end accruals (计提/预提) in the bank journal,
  outstanding cheques, taxes and social insurance withheld at the bank not yet booked.

Ground truth: ``Case.truth`` (kind "1:1", "1:N" one bank line to N journal lines, "N:1"); noise in no group.
In memory only.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from reconcile.engine import Line

from .generator import Case

CENT = Decimal("0.01")
START = dt.date(2025, 8, 4)
PER_WORKDAY = 400

# Mainland rest days (ranges, inclusive) and make-up working days (weekends that are working days), 2025-2027.
_REST = [
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
    ("2027-01-01", "2027-01-01"),
    ("2027-02-06", "2027-02-12"),
]
_MAKEUP = [
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
    "2027-02-20",
]


class MainlandDays:
    """Working days of the mainland calendar: ``ordinal`` for the engine, ``shift`` for the generator."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        rest: set[dt.date] = set()
        for a, b in _REST:
            d, e = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
            while d <= e:
                rest.add(d)
                d += dt.timedelta(days=1)
        makeup = {dt.date.fromisoformat(s) for s in _MAKEUP}
        self.work: list[dt.date] = []
        self._ord: dict[dt.date, int] = {}
        n = 0
        d = first
        while d <= last:
            if d in makeup or (d.weekday() < 5 and d not in rest):
                n += 1
                self.work.append(d)
            self._ord[d] = n
            d += dt.timedelta(days=1)
        self._idx = {w: i for i, w in enumerate(self.work)}

    def ordinal(self, day: dt.date) -> int:
        return self._ord[day]

    def shift(self, day: dt.date, k: int) -> dt.date:
        """k working days after (k < 0: before) the day; a rest day first moves to the next working day."""
        while day not in self._idx:
            day += dt.timedelta(days=1)
        return self.work[self._idx[day] + k]


# -- names ------------------------------------------------------------------------------------------------------------
_CITY = [
    "苏州",
    "无锡",
    "常州",
    "宁波",
    "温州",
    "东莞",
    "佛山",
    "青岛",
    "烟台",
    "合肥",
    "芜湖",
    "昆山",
    "嘉兴",
    "台州",
    "绍兴",
    "泉州",
    "厦门",
    "成都",
    "重庆",
    "武汉",
    "长沙",
    "郑州",
    "天津",
    "大连",
    "沈阳",
    "西安",
]
_BRANCH_CITY = ["上海", "北京", "广州", "深圳", "杭州", "南京", "济南", "福州", "昆明", "南昌"]
_SYL = list("鑫瑞德恒泰宏达华盛兴隆昌源丰利通远航宇博润嘉祥和信诚安康永铭科创新锐晟翔辉耀金银鼎立中业凯旋联合精工")
_TRADE = [
    "精密机械",
    "五金制品",
    "模具",
    "电子科技",
    "塑胶制品",
    "包装材料",
    "物流",
    "钢材贸易",
    "化工",
    "电气设备",
    "自动化设备",
    "铸造",
    "轴承",
    "紧固件",
    "涂装",
    "橡胶制品",
    "线缆",
    "新材料",
    "机电",
    "环保科技",
    "仪器仪表",
    "液压件",
    "汽车零部件",
    "纸业",
    "建筑工程",
    "物业管理",
    "供应链管理",
]
_FORM = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"]
_RENAME_TRADE = ["智能装备", "科技", "实业", "集团", "智能制造", "新能源"]
_SURNAME = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯晨")
_FOREIGN = [
    ("Müller Präzisionstechnik GmbH", "穆勒精密"),
    ("Société Générale de Fonderie SAS", "法国铸造"),
    ("Łódź Metal Sp. z o.o.", "罗兹金属"),
    ("Škoda Díly s.r.o.", "斯柯达零件"),
    ("Nordström Verktyg AB", "诺德斯特龙"),
    ("Hålland Maskin AS", "霍兰机械"),
    ("Gonçalves Indústria Lda", "贡萨尔维斯"),
    ("Böhler Schweißtechnik GmbH", "伯乐焊接"),
    ("Peña & Núñez Componentes S.L.", "佩纳零件"),
    ("Dvořák Strojírny a.s.", "德沃夏克机械"),
    ("Çelik Döküm A.Ş.", "切利克铸造"),
    ("Jönsson Hydraulik AB", "约恩松液压"),
    ("Lefèvre Électronique SARL", "勒菲弗电子"),
    ("Østergård Plast ApS", "奥斯特加德塑胶"),
]
_TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "å": "aa", "ø": "oe", "æ": "ae"}
_STRIP = str.maketrans(
    "äöüéèêçãõáíóúñłśźżčřšžďťňåøæşğıÄÖÜÉÈÇÁÍÓÚÑŁŚŹŻČŘŠŽĎŤŇÅØÆŞĞİ",
    "aoueeecaoaiounlszzcrszdtnaoasgiAOUEECAIOUNLSZZCRSZDTNAOASGI",
)


def _bank_latin(r: random.Random, name: str) -> str:
    """How a Chinese bank's export writes a foreign name: diacritics dropped or spelt out, upper-cased, cut."""
    x = r.random()
    if x < 0.35:
        s = name.translate(_STRIP)
    elif x < 0.6:
        s = "".join(_TRANSLIT.get(c.lower(), c) for c in name).translate(_STRIP)
    else:
        s = name
    if r.random() < 0.7:
        s = s.upper()
    s = s.replace(".", "") if r.random() < 0.5 else s
    if r.random() < 0.25:
        s = s[: r.randint(20, 28)].rstrip()
    return s


def _paren(s: str, full: bool) -> str:
    return s.replace("(", "（").replace(")", "）") if full else s.replace("（", "(").replace("）", ")")


class Company:
    """A supplier or customer: registered name (maybe renamed on a date), the journal's 简称, branches."""

    def __init__(self, r: random.Random, taken: set[str]) -> None:
        while True:
            brand = r.choice(_SYL) + r.choice(_SYL) + (r.choice(_SYL) if r.random() < 0.5 else "")
            city = r.choice(_CITY)
            trade = r.choice(_TRADE)
            form = r.choice(_FORM)
            if r.random() < 0.35:
                name = f"{brand}{trade}({city}){form}"
            elif r.random() < 0.7:
                name = f"{city}{brand}{trade}{form}"
            else:
                name = f"{city}市{brand}{trade}{form}"
            if name not in taken and brand not in taken:
                taken.add(name)
                taken.add(brand)
                break
        self.brand = brand
        self.name = name
        self.short = r.choice((brand, city + brand, brand + trade[:2], brand + trade))
        self.new_name = ""
        self.rename_day: dt.date | None = None
        self.ledger_updated = False
        self.branches = (
            [
                f"{name.replace('(', '（').replace(')', '）') if r.random() < 0.5 else name}{c}分公司"
                for c in r.sample(_BRANCH_CITY, r.randint(1, 2))
            ]
            if r.random() < 0.3
            else []
        )
        self.owner = r.choice(_SURNAME) + r.choice(_GIVEN) + (r.choice(_GIVEN) if r.random() < 0.6 else "")

    def registered(self, day: dt.date) -> str:
        if self.rename_day and day >= self.rename_day:
            return self.new_name
        return self.name


class _Fifth:
    def __init__(self, n_bank: int, seed: int) -> None:
        self.r = r = random.Random(seed * 7919 + 5)
        self.n_bank = n_bank
        span = int(n_bank / PER_WORKDAY * 1.6) + 90
        self.days = MainlandDays(START - dt.timedelta(days=40), START + dt.timedelta(days=span + 60))
        self.bank_kind = "cmb" if seed % 2 else "icbc"
        self.erp = "u8" if (seed // 2) % 2 == 0 else "kingdee"
        self.bank: list[Line] = []
        self.journal: list[Line] = []
        self.truth: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        taken: set[str] = set()
        n_co = max(150, min(3000, n_bank // 30))
        self.suppliers = [Company(r, taken) for _ in range(n_co)]
        self.customers = [Company(r, taken) for _ in range(n_co)]
        end = START + dt.timedelta(days=span)
        for c in r.sample(self.suppliers, len(self.suppliers) // 20) + r.sample(
            self.customers, len(self.customers) // 20
        ):
            c.new_name = c.name.replace(c.brand, c.brand, 1)
            trade = r.choice(_RENAME_TRADE)
            c.new_name = f"{c.brand}{trade}{'股份' if r.random() < 0.5 else ''}有限公司"
            if c.new_name in taken:
                continue
            taken.add(c.new_name)
            c.rename_day = START + dt.timedelta(days=r.randrange(0, max(1, (end - START).days)))
            c.ledger_updated = r.random() < 0.3
        self.foreign = list(_FOREIGN)
        # Same-amount clusters: landlords (one rent figure), property companies, utilities.
        self.landlords = r.sample(self.suppliers, min(len(self.suppliers) // 4, r.randint(8, 16)))
        self.rent = Decimal(r.choice(("35000.00", "48000.00", "26500.00", "60000.00")))
        self.property_cos = r.sample(self.suppliers, min(len(self.suppliers) // 4, r.randint(6, 12)))
        self.property_fee = Decimal(r.choice(("12800.00", "8600.00", "9999.00")))
        self.deposit = Decimal(r.choice(("50000.00", "20000.00", "100000.00")))
        self.staff = list(
            dict.fromkeys(
                r.choice(_SURNAME) + r.choice(_GIVEN) + r.choice(("", r.choice(_GIVEN)))
                for _ in range(max(80, min(3000, n_bank // 40)))
            )
        )
        self.voucher: dict[tuple[int, int], int] = {}
        self.contract = r.randrange(1000, 5000)
        self.serial = r.randrange(10**9)
        self.fees: dict[dt.date, list[tuple[str, Decimal]]] = {}

    # -- emitting -----------------------------------------------------------------------------------------------------
    def _ref_bank(self, day: dt.date) -> str:
        self.serial += self.r.randrange(1, 50)
        if self.bank_kind == "cmb":
            return f"G{self.serial % 10**10:010d}{'CDE'[self.serial % 3]}"
        return f"{day:%Y%m%d}{self.serial % 10**9:09d}"

    def _b(self, day: dt.date, amount: Decimal, d: str, cp: str, text: str, ref: str | None = None) -> str:
        i = f"B5{len(self.bank):08d}"
        self.bank.append(Line(i, day, amount, d, self._ref_bank(day) if ref is None else ref, cp, text))
        return i

    def _j(self, day: dt.date, amount: Decimal, d: str, cp: str, text: str) -> str:
        i = f"J5{len(self.journal):08d}"
        key = (day.year, day.month)  # vouchers are numbered per month
        self.voucher[key] = v = self.voucher.get(key, 0) + self.r.randrange(1, 4)
        ref = f"记-{v:04d}" if self.erp == "u8" else f"记-{v}"
        if self.r.random() < 0.2:
            ref = ""  # a journal exported without its voucher column
        self.journal.append(Line(i, day, amount, d, ref, cp, text))
        return i

    def _amount(self, lo: float = 2.3, hi: float = 6.2) -> Decimal:
        r = self.r
        x = 10 ** r.uniform(lo, hi)
        if r.random() < 0.3:
            step = 100 if x > 5000 else 10
            return Decimal(max(step, int(x / step) * step)).quantize(CENT)
        return (Decimal(int(x * 100)) / 100).quantize(CENT)

    def _contract(self) -> tuple[str, str]:
        """A contract or invoice number: (journal's form, bank's form)."""
        r = self.r
        self.contract += r.randrange(1, 9)
        n = self.contract
        if r.random() < 0.5:
            return f"合同号HT{START.year}-{n:05d}", r.choice((f"HT{START.year}{n:05d}", f"HT-{n}", f"合同{n}"))
        inv = r.randrange(10**7, 10**8)
        return f"发票{inv}", r.choice((f"发票号{inv}", f"INV{inv}", str(inv)))

    # -- names as each side writes them ---------------------------------------------------------------------------------
    def _bank_party(self, c: Company, day: dt.date, receipt: bool) -> str:
        r = self.r
        x = r.random()
        if x < 0.06:
            return ""
        if receipt and x < 0.09:
            return c.owner  # the owner pays from a personal account
        if c.branches and x < 0.45:
            return r.choice(c.branches)
        name = c.registered(day)
        name = _paren(name, r.random() < (0.7 if self.bank_kind == "icbc" else 0.3))
        if r.random() < 0.05:
            name = name[: r.randint(10, 14)]  # cut at the export's field width
        return name

    def _journal_party(self, c: Company, day: dt.date) -> tuple[str, str]:
        """(往来单位 column, the name the 摘要 uses)."""
        r = self.r
        if c.rename_day and day >= c.rename_day and c.ledger_updated:
            full = c.new_name
            short = c.brand
        else:
            full = _paren(c.name, self.erp == "kingdee" and r.random() < 0.8)
            short = c.short
        x = r.random()
        if x < 0.35:
            return full, short
        if x < 0.6:
            return short, short
        return "", short if r.random() < 0.8 else full

    # -- 1:1 supplier payments and customer receipts --------------------------------------------------------------------
    def supplier_payment(
        self, day: dt.date, c: Company | None = None, amount: Decimal | None = None, what: str | None = None
    ) -> str:
        r = self.r
        c = c or r.choice(self.suppliers)
        amount = amount or self._amount()
        cp, short = self._journal_party(c, day)
        j_ref, b_ref = self._contract() if r.random() < 0.35 else ("", "")
        what = what or r.choice(("货款", "材料款", "加工费", "设备款", "运费", "模具费", "预付款"))
        memo = r.choice(("付{n}{w}", "支付{n}{w}", "{n}{w}", "付{w}-{n}")).format(n=short, w=what)
        if j_ref and r.random() < 0.7:
            memo += f" {j_ref}" if self.erp == "u8" else f"（{j_ref}）"
        j = self._j(day, amount, "out", cp, memo)
        b_day = self.days.shift(day, r.choice((0, 0, 0, 0, 1, 1, 1, 2, 3)))
        text = r.choice(("网银转账", "汇出汇款", "转账支出", "跨行转账", "电子汇划", "企业网银付款"))
        if r.random() < 0.4:
            text += f" {what}"
        if b_ref and r.random() < 0.6:
            text += f" {b_ref}"
        b = self._b(b_day, amount, "out", self._bank_party(c, b_day, False), text)
        self.truth.append(((b,), (j,), "1:1"))
        self._fee(b_day, amount)
        return b

    def customer_receipt(
        self, day: dt.date, c: Company | None = None, amount: Decimal | None = None, what: str | None = None
    ) -> None:
        r = self.r
        c = c or r.choice(self.customers)
        amount = amount or self._amount()
        b_day = day
        text = r.choice(("汇入汇款", "转账收入", "跨行来账", "网银来账", "货款", "往来款", "电汇"))
        j_ref, b_ref = self._contract() if r.random() < 0.3 else ("", "")
        if b_ref and r.random() < 0.6:
            text += f" {b_ref}"
        b = self._b(b_day, amount, "in", self._bank_party(c, b_day, True), text)
        j_day = self.days.shift(b_day, r.choice((0, 0, 0, 1, 1, 2, 3)))
        cp, short = self._journal_party(c, j_day)
        what = what or r.choice(("货款", "销售回款", "应收款", "预收款", "尾款"))
        memo = r.choice(("收{n}{w}", "收到{n}{w}", "{n}{w}", "收{w}-{n}")).format(n=short, w=what)
        if j_ref and r.random() < 0.6:
            memo += f" {j_ref}"
        j = self._j(j_day, amount, "in", cp, memo)
        self.truth.append(((b,), (j,), "1:1"))

    def foreign_supplier(self, day: dt.date) -> None:
        r = self.r
        name, cn = r.choice(self.foreign)
        amount = self._amount(3.0, 6.0)
        out = r.random() < 0.75
        x = r.random()
        cp = name if x < 0.5 else cn if x < 0.7 else ""
        memo = (
            (f"付{cn}进口设备款" if out else f"收{cn}退款")
            if cp != name
            else (f"Payment {name}" if out else f"Refund {name}")
        )
        if out:
            j = self._j(day, amount, "out", cp, memo)
            b_day = self.days.shift(day, r.choice((0, 1, 1, 2)))
            b = self._b(
                b_day, amount, "out", _bank_latin(r, name), r.choice(("境外汇款", "OUTWARD REMITTANCE", "汇出汇款"))
            )
        else:
            b_day = day
            b = self._b(b_day, amount, "in", _bank_latin(r, name), r.choice(("境外汇入", "INWARD REMITTANCE")))
            j = self._j(self.days.shift(day, r.choice((0, 1, 2))), amount, "in", cp, memo)
        self.truth.append(((b,), (j,), "1:1"))

    # -- fees on transfers --------------------------------------------------------------------------------------------
    def _fee(self, day: dt.date, amount: Decimal) -> None:
        r = self.r
        if r.random() > 0.04:
            return
        fee = (
            "5.00" if amount <= 10_000 else "10.00" if amount <= 100_000 else "15.00" if amount <= 500_000 else "20.00"
        )
        if self.bank_kind == "cmb" and r.random() < 0.3:
            fee = str((amount * Decimal("0.0002")).quantize(CENT).max(Decimal("1.00")).min(Decimal("50.00")))
        b = self._b(day, Decimal(fee), "out", "", r.choice(("汇划手续费", "手续费", "转账汇款手续费", "电子汇划费")))
        self.fees.setdefault(day, []).append((b, Decimal(fee)))

    def close_fees(self, day: dt.date) -> None:
        """The journal books a bank day's fees as one entry (N:1), that day or the next working day, or not at
        all. Every fee of a bank day is known once that day is generated (lags are never negative)."""
        r = self.r
        fees = self.fees.pop(day, [])
        if not fees or r.random() < 0.45:
            return
        total = sum((a for _, a in fees), Decimal(0))
        j = self._j(
            self.days.shift(day, r.choice((0, 1))),
            total,
            "out",
            "",
            r.choice(("支付银行手续费", "付{d:%m月%d日}手续费", "银行手续费")).format(d=day),
        )
        if len(fees) == 1:
            self.truth.append(((fees[0][0],), (j,), "1:1"))
        else:
            self.truth.append((tuple(b for b, _ in fees), (j,), "N:1"))

    # -- reverse batches: one journal entry, two bank lines --------------------------------------------------------------
    def split_payment(self, day: dt.date) -> None:
        r = self.r
        out = r.random() < 0.55
        c = r.choice(self.suppliers if out else self.customers)
        if out and r.random() < 0.4:  # cut by the per-transfer limit
            limit = Decimal(r.choice(("500000.00", "1000000.00")))
            rest = (Decimal(r.uniform(0.05, 0.95)) * limit).quantize(CENT)
            parts = [limit, rest]
        else:
            first = self._amount(3.3, 6.0)
            parts = [first, (first * Decimal(r.uniform(0.2, 1.5))).quantize(CENT)]
        total = parts[0] + parts[1]
        cp, short = self._journal_party(c, day)
        if out:
            j = self._j(day, total, "out", cp, f"付{short}货款" + (" 分两笔支付" if r.random() < 0.3 else ""))
            d1 = self.days.shift(day, r.choice((0, 0, 1)))
            d2 = d1 if r.random() < 0.6 else self.days.shift(d1, r.choice((1, 2)))
            bs = [
                self._b(d, a, "out", self._bank_party(c, d, False), r.choice(("网银转账", "汇出汇款", "转账支出")))
                for d, a in ((d1, parts[0]), (d2, parts[1]))
            ]
        else:
            d1 = day
            d2 = d1 if r.random() < 0.4 else self.days.shift(d1, r.choice((1, 2, 3)))
            bs = [
                self._b(
                    d, a, "in", self._bank_party(c, d, True), r.choice(("货款", "转账收入", "部分货款", "汇入汇款"))
                )
                for d, a in ((d1, parts[0]), (d2, parts[1]))
            ]
            j = self._j(self.days.shift(d2, r.choice((0, 0, 1))), total, "in", cp, f"收{short}货款")
        self.truth.append((tuple(bs), (j,), "N:1"))

    # -- payroll ------------------------------------------------------------------------------------------------------
    def payroll(self, day: dt.date) -> None:
        r = self.r
        month = self.days.shift(day, -15).month
        for dept in r.sample(("生产部", "销售部", "管理部", "研发部", "质检部", "仓储部"), r.randint(1, 3)):
            staff = r.sample(self.staff, min(len(self.staff), r.randint(10, 40)))
            pays = [(Decimal(r.randrange(450_000, 2_600_000)) / 100).quantize(CENT) for _ in staff]
            total = sum(pays, Decimal(0))
            batch = f"{day:%Y%m%d}{r.randrange(1000, 9999)}"
            how = r.random()
            b_text = r.choice(("代发工资", "代发工资 批次{b}", "批量代发 共{k}笔", "工资代发", "代发业务")).format(
                b=batch, k=len(staff)
            )
            if how < 0.45:  # one debit, one entry
                j = self._j(day, total, "out", "", f"发放{month}月工资-{dept}")
                b = self._b(self.days.shift(day, r.choice((0, 0, 1))), total, "out", "", b_text)
                self.truth.append(((b,), (j,), "1:1"))
            elif how < 0.8:  # one debit, one entry per employee
                js = [
                    self._j(day, p, "out", s if r.random() < 0.5 else "", f"付{s}{month}月工资")
                    for s, p in zip(staff, pays)
                ]
                b = self._b(self.days.shift(day, r.choice((0, 0, 1))), total, "out", "", b_text)
                self.truth.append(((b,), tuple(js), "1:N"))
            else:  # the bank's per-payee lines, one entry
                j = self._j(day, total, "out", "", f"发放{month}月工资 共{len(staff)}人")
                b_day = self.days.shift(day, r.choice((0, 1)))
                bs = [self._b(b_day, p, "out", s, "代发工资", ref=batch) for s, p in zip(staff, pays)]
                self.truth.append((tuple(bs), (j,), "N:1"))

    # -- same-amount clusters and month ends ------------------------------------------------------------------------------
    def month_start(self, day: dt.date) -> None:
        r = self.r
        for c in self.landlords:
            self.supplier_payment(self.days.shift(day, r.choice((0, 0, 1, 2, 3))), c, self.rent, "房租")
        for c in self.property_cos:
            self.supplier_payment(self.days.shift(day, r.choice((0, 1, 2, 4))), c, self.property_fee, "物业费")
        for what in ("电费", "水费", "燃气费"):
            c = r.choice(self.suppliers)
            amount = self._amount(3.5, 5.2)
            j = self._j(day, amount, "out", "", f"付{r.choice(('', '本月', f'{day.month}月'))}{what}")
            b = self._b(
                self.days.shift(day, r.choice((0, 1))),
                amount,
                "out",
                self._bank_party(c, day, False),
                f"代扣{what}" if r.random() < 0.6 else "托收",
            )
            self.truth.append(((b,), (j,), "1:1"))

    def month_end(self, day: dt.date) -> None:
        """Accruals posted in the bank journal: journal-only, some of the cluster's amounts."""
        r = self.r
        for _ in range(r.randint(2, 5)):
            amount = r.choice((self.rent, self.property_fee, self._amount(3.5, 5.5)))
            self._j(
                day,
                amount,
                r.choice(("out", "in")),
                "",
                r.choice(("计提本月房租", "预提利息", "计提水电费", "预提费用", "计提工资", "暂估应付款")),
            )
        if day.month in (3, 6, 9, 12):  # quarterly interest, booked a few days later
            amount = self._amount(2.5, 4.5)
            b = self._b(
                self.days.shift(day, -r.randint(3, 7)), amount, "in", "", "结息" if r.random() < 0.5 else "利息"
            )
            j = self._j(day, amount, "in", "", "收到银行存款利息")
            self.truth.append(((b,), (j,), "1:1"))

    def deposits(self, day: dt.date) -> None:
        """Standard bid or quality deposits from several customers on nearby days."""
        r = self.r
        for _ in range(r.randint(2, 5)):
            self.customer_receipt(
                self.days.shift(day, r.choice((0, 0, 1))),
                amount=self.deposit,
                what=r.choice(("保证金", "投标保证金", "质保金")),
            )

    # -- refunds and 冲正 ---------------------------------------------------------------------------------------------
    def returned_transfer(self, day: dt.date) -> None:
        r = self.r
        c = r.choice(self.suppliers)
        amount = self._amount()
        cp, short = self._journal_party(c, day)
        j1 = self._j(day, amount, "out", cp, f"付{short}货款")
        b1_day = self.days.shift(day, r.choice((0, 1)))
        b1 = self._b(b1_day, amount, "out", self._bank_party(c, b1_day, False), "网银转账")
        self.truth.append(((b1,), (j1,), "1:1"))
        b2_day = self.days.shift(b1_day, r.choice((1, 2, 3)))
        b2 = self._b(
            b2_day,
            amount,
            "in",
            c.registered(b2_day) if r.random() < 0.5 else "",
            r.choice(("退汇", "冲正", "汇款退回 户名不符", "退票")),
        )
        j2_day = self.days.shift(b2_day, r.choice((0, 1)))
        j2 = self._j(
            j2_day, amount, "in", cp, f"冲销{self.journal[-1].reference or ''}付{short}货款 退汇".replace("  ", " ")
        )
        self.truth.append(((b2,), (j2,), "1:1"))
        if r.random() < 0.8:  # paid again to the right account
            j3 = self._j(j2_day, amount, "out", cp, f"重新支付{short}货款")
            b3_day = self.days.shift(j2_day, r.choice((0, 1, 2)))
            b3 = self._b(b3_day, amount, "out", self._bank_party(c, b3_day, False), "网银转账")
            self.truth.append(((b3,), (j3,), "1:1"))

    def customer_refund(self, day: dt.date) -> None:
        r = self.r
        c = r.choice(self.customers)
        amount = self._amount(2.5, 4.5)
        cp, short = self._journal_party(c, day)
        j = self._j(day, amount, "out", cp, f"退{short}多付货款")
        b_day = self.days.shift(day, r.choice((0, 1)))
        b = self._b(b_day, amount, "out", self._bank_party(c, b_day, False), r.choice(("退款", "网银转账 退多收款")))
        self.truth.append(((b,), (j,), "1:1"))

    # -- noise --------------------------------------------------------------------------------------------------------
    def noise(self, day: dt.date) -> None:
        r = self.r
        x = r.random()
        if x < 0.3:  # the USD account's lines in the same export
            usd = self._amount(2.5, 5.5)
            self._b(
                day,
                usd,
                r.choice(("in", "out")),
                _bank_latin(r, r.choice(self.foreign)[0]) if r.random() < 0.5 else "",
                r.choice(("USD 汇入汇款", "外汇汇出 USD", "USD TT")),
            )
            if r.random() < 0.4:  # the CNY entry of another amount
                rate = Decimal(r.choice(("7.1012", "7.1835", "7.2456", "7.0921")))
                self._j(
                    self.days.shift(day, 1), (usd * rate).quantize(CENT), "in", "", f"收外汇货款 USD{usd} 汇率{rate}"
                )
        elif x < 0.5:
            c = r.choice(self.suppliers)
            cp, short = self._journal_party(c, day)
            self._j(day, self._amount(), "out", cp, f"转账支票 No.{r.randrange(10**7, 10**8)} 付{short}")
        elif x < 0.7:
            self._b(
                day,
                self._amount(2.5, 5.0),
                "out",
                r.choice(("国家税务总局苏州市税务局", "社会保险基金", "住房公积金管理中心")),
                r.choice(("代扣税款", "社保扣款", "公积金汇缴", "批量代扣")),
            )
        elif x < 0.85:
            self._j(day, self._amount(), "in", "", r.choice(("收到银行承兑汇票", "备用金退回", "其他应收款收回")))
        else:
            self._b(
                day,
                Decimal(r.choice(("3.00", "10.00", "20.00", "100.00"))),
                "out",
                "",
                r.choice(("短信通知费", "账户管理费", "U盾费", "对账服务费")),
            )

    def run(self) -> Case:
        r = self.r
        work = self.days.work
        i = work.index(self.days.shift(START, 0))
        while len(self.bank) < self.n_bank:
            day = work[i]
            if work[i - 1].month != day.month:
                self.month_start(day)
            if day.day >= 10 and work[i - 1].day < 10:
                self.payroll(day)
            if work[i + 1].month != day.month:
                self.month_end(day)
            budget = PER_WORKDAY
            while budget > 0:
                x = r.random()
                if x < 0.36:
                    self.supplier_payment(day)
                elif x < 0.72:
                    self.customer_receipt(day)
                elif x < 0.75:
                    self.foreign_supplier(day)
                elif x < 0.785:
                    self.split_payment(day)
                    budget -= 1
                elif x < 0.815:
                    self.deposits(day)
                    budget -= 3
                elif x < 0.83:
                    self.returned_transfer(day)
                    budget -= 2
                elif x < 0.845:
                    self.customer_refund(day)
                else:
                    self.noise(day)
                budget -= 1
            self.close_fees(day)
            i += 1
        bank = sorted(self.bank, key=lambda b: (b.date, r.random()))
        journal = sorted(self.journal, key=lambda j: (j.date, r.random()))
        return Case(bank=bank, journal=journal, truth=self.truth, calendar=self.days)


def generate(n_bank: int, seed: int) -> Case:
    return _Fifth(n_bank, seed).run()
