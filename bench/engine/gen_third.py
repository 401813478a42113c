"""Independent generator 3: a mainland manufacturer's month ends, written without reading the engine's stages.

A third author's view (the engine's public API and ``bench_unseen.py`` only), aimed at what real month ends hold
and the first two generators may share blind spots on:

* **names**: Chinese, Latin and mixed brands (KDS（中国）…, TOPWAY晟达…); the journal keeps one 简称 per party
  (core, core + industry, region + core, the full name without its legal form), or the full name with 集团 added
  or dropped; brackets full- or half-width per side; the bank's name sometimes cut at the field width or written
  full-width (ＫＤＳ); the bank's payer empty, or a payment institution (支付宝 / 财付通 / 银联商务 / 拉卡拉) instead
  of the customer;
* **references**: an invoice number on both sides in different forms (INV-0012345 / INV12345 / 00012345 /
  发票号12345 / 2025-012345), on one side only, or none; the bank's own serial (never meaningful to the journal);
* **dates**: the real 2025-2026 mainland calendar with its make-up working days (调休); receipts posted by the
  bank on a Saturday or a holiday and booked the next working day; lags of -1..3 working days;
* **same amounts**: monthly rents of the same figure to different landlords, list-price receipts (9,800.00 ...)
  from many customers on the same days, reimbursements of standard amounts to employees: dates and names decide;
* **payment runs**: one bank debit = 2-5 journal payments to different payees (no shared name), the marker written
  批量代付 / 批量转账 / 网银批量支付(共3笔) / 代发 / 集中支付 / 汇总付款 / PAYMENT RUN / Pmt Run / BATCH ...;
  entries on the bank's day or up to 2 working days before it;
* **the reverse**: one journal line = 2-3 bank lines (a payment split by the bank's per-transaction limit into
  equal parts, a customer paying one invoice in two or three parts within a few days);
* **noise that must stay unmatched**: bank-only fees (手续费, 短信服务费, 账户管理费 in the same small amounts every
  day), interest not yet booked; journal-only outstanding cheques and deposits in transit; red-ink reversals
  (冲销): an entry with a wrong amount reversed and booked again, an entry posted twice and one copy reversed,
  an entry posted to this bank account by mistake and reversed; a bank transfer returned by the bank (退汇)
  that the journal never booked.

Ground truth per line: ``Case.truth`` (kind "1:1", "1:N" = one bank line to N journal lines, "N:1"); noise lines
are in no group. ``generate(n_bank, seed)``; in memory only.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from reconcile.engine import Line

from .gen_third_words import (
    OWN_NAME,
    PLATFORMS,
    ChinaCalendar,
    Party,
    bank_name,
    bank_serial,
    invoice_forms,
    journal_name,
    person,
)
from .generator import Case

LINES_PER_WORKDAY = 380
START = dt.date(2025, 1, 2)
RUN_MARKERS = ["批量代付", "批量转账", "网银批量支付(共{k}笔)", "批量付款", "成批付款", "代发", "集中支付"]
RUN_MARKERS += ["汇总付款", "PAYMENT RUN", "Pmt Run {d:%m%d}", "BATCH PAYMENT", "批量业务 {k}笔", "企业网银批量"]
# The journal's 摘要 of a payment, and what the company's own payment order then says as 用途 on the bank side
# (the same kind of payment, in other words), or a generic word.
PAY_TEXTS = [
    ("付{n}货款", ["货款", "付货款"]),
    ("支付{n}材料款", ["材料款", "货款"]),
    ("{n}往来款", ["往来款", "支付往来款"]),
    ("付{n}工程进度款", ["工程款", "进度款"]),
    ("支付{n}服务费", ["服务费", "技术服务费"]),
    ("预付{n}采购款", ["预付款", "采购款"]),
]
PAY_GENERIC = ["转账", "网银转账", "汇款", "对公转账"]
PAY_JOURNAL_TEXT = [t for t, _ in PAY_TEXTS]
RCV_BANK_TEXT = ["货款", "回款", "转账", "往来款", "销售款", "支付宝转账", "财付通转账", "网银跨行汇款"]
RCV_JOURNAL_TEXT = ["收{n}货款", "{n}回款", "收到{n}销售款", "收{n}往来款"]
FEES = [("手续费", ["0.50", "2.00", "5.00", "10.00", "15.00", "25.00"]), ("短信服务费", ["3.00", "10.00"])]
FEES += [("账户管理费", ["50.00", "100.00"]), ("电子回单费", ["1.00", "2.00"])]
LIST_PRICES = ["9800.00", "19800.00", "4980.00", "12000.00", "3600.00", "6800.00"]
CENT = Decimal("0.01")
LAGS = [-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3]


class _Third:
    def __init__(self, n_bank: int, seed: int) -> None:
        self.r = random.Random(seed)
        # Half of the seeds: a Kingdee-style journal (no 对方单位 column most of the time); the first draw, so a seed
        # is the same kind of books at any size.
        self.kingdee = self.r.random() < 0.5
        self.workdays_needed = max(25, n_bank // LINES_PER_WORKDAY)
        end = START + dt.timedelta(days=int(self.workdays_needed * 1.5) + 20)
        self.cal = ChinaCalendar(START, end)
        self.n_bank = n_bank
        self.bank: list[Line] = []
        self.journal: list[Line] = []
        self.truth: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        n_parties = max(150, min(6000, n_bank // 25))
        parties = self._parties(n_parties + 8)
        self.suppliers, self.customers = parties[: n_parties // 2], parties[n_parties // 2 : n_parties]
        self.staff = [person(self.r) for _ in range(max(40, min(800, n_bank // 150)))]
        self.landlords = parties[n_parties:]
        self.rents = {
            id(p): Decimal(self.r.choice(["25000.00", "25000.00", "38000.00", "12500.00"])) for p in self.landlords
        }
        self.short_of: dict[int, int] = {}
        self.last_paid: dict[tuple[str, Decimal], dt.date] = {}
        self.voucher = 100
        self.invoice = 10_000 + self.r.randrange(50_000)

    def _parties(self, n: int) -> list[Party]:
        """Distinct companies: no two share brand and line of business (two "MAXON电气" would be one company to
        anybody reading the statement; such a pair is an accident of the pools, not a month end's ambiguity)."""
        seen: set[tuple[str, str]] = set()
        out: list[Party] = []
        while len(out) < n:
            p = Party(self.r)
            if (p.core, p.industry) not in seen:
                seen.add((p.core, p.industry))
                out.append(p)
        return out

    # -- emitting -----------------------------------------------------------
    def _b(self, day: dt.date, amount: Decimal, d: str, ref: str = "", cp: str = "", text: str = "") -> str:
        i = f"B{len(self.bank):07d}"
        self.bank.append(Line(i, day, amount, d, ref or bank_serial(self.r, day), cp, text))
        return i

    def _j(self, day: dt.date, amount: Decimal, d: str, ref: str = "", cp: str = "", text: str = "") -> str:
        i = f"J{len(self.journal):07d}"
        self.voucher += 1
        self.journal.append(Line(i, day, amount, d, ref or f"记-{self.voucher % 10000:04d}", cp, text))
        return i

    def _amount(self) -> Decimal:
        r = self.r
        x = 10 ** r.uniform(2.3, 6.2)
        if r.random() < 0.3:
            return Decimal(int(x / 100) * 100 + 100).quantize(CENT)
        return (Decimal(int(x * 100)) / 100).quantize(CENT)

    def _journal_party(self, p: Party, template: str) -> tuple[str, str]:
        """(对方单位, 摘要) of an entry for party p; Kingdee books keep the name in the 摘要 only."""
        name = journal_name(self.r, p, self.short_of)
        if self.kingdee and self.r.random() < 0.8:
            return "", template.format(n=name)
        return name, template.format(n=name if self.r.random() < 0.5 else "")

    def _refs(self) -> tuple[str, str, str]:
        """(journal reference, journal text add-on, bank text add-on) for one invoice."""
        self.invoice += self.r.randrange(1, 40)
        j_form, b_form = invoice_forms(self.r, self.invoice)
        x = self.r.random()
        if x < 0.35:
            return j_form, "", " " + b_form
        if x < 0.5:
            return "", " " + j_form, ""  # journal only
        if x < 0.62:
            return "", "", " " + b_form  # bank only
        return "", "", ""

    def _lag(self, day: dt.date) -> dt.date:
        return self.cal.shift(day, self.r.choice(LAGS))

    # -- events -------------------------------------------------------------
    def payment(self, day: dt.date, p: Party | None = None, amount: Decimal | None = None) -> Line:
        r = self.r
        p = p or r.choice(self.suppliers)
        amount = amount or self._amount()
        jref, jadd, badd = self._refs()
        template, words = r.choice(PAY_TEXTS)
        cp, text = self._journal_party(p, template)
        j = self._j(day, amount, "out", jref, cp, text + jadd)
        b_cp = "" if r.random() < 0.06 else bank_name(r, p)
        b_text = r.choice(words if r.random() < 0.6 else PAY_GENERIC)
        b = self._b(self._lag(day), amount, "out", "", b_cp, b_text + badd)
        self.truth.append(((b,), (j,), "1:1"))
        return self.journal[-1]

    def receipt(self, day: dt.date, p: Party | None = None, amount: Decimal | None = None) -> None:
        r = self.r
        p = p or r.choice(self.customers)
        amount = amount or self._amount()
        jref, jadd, badd = self._refs()
        x = r.random()
        b_cp = r.choice(PLATFORMS) if x < 0.08 else "" if x < 0.14 else bank_name(r, p)
        b_day = day
        if b_cp in PLATFORMS and r.random() < 0.5:
            b_day = day + dt.timedelta(days=r.choice((1, 2)))  # platform settles on a rest day too
        b = self._b(b_day, amount, "in", "", b_cp, r.choice(RCV_BANK_TEXT) + badd)
        cp, text = self._journal_party(p, r.choice(RCV_JOURNAL_TEXT))
        rest = self.cal.workdays[self.cal.index[b_day]] != b_day  # booked from the next working day on
        j_day = self.cal.shift(b_day, r.choice((0, 0, 0, 1, 1, 2, 3)) + rest)
        j = self._j(j_day, amount, "in", jref, cp, text + jadd)
        self.truth.append(((b,), (j,), "1:1"))

    def month_end(self, day: dt.date) -> None:
        """Rents of the same figure to different landlords, payroll in one line, reimbursements."""
        r = self.r
        for p in self.landlords:
            cp, text = self._journal_party(p, "支付{n}" + f"{day.month}月房租")
            j = self._j(day, self.rents[id(p)], "out", "", cp, text)
            b = self._b(self._lag(day), self.rents[id(p)], "out", "", bank_name(r, p), "房租")
            self.truth.append(((b,), (j,), "1:1"))
        total = (Decimal(r.randrange(800_000_00, 2_000_000_00)) / 100).quantize(CENT)
        j = self._j(day, total, "out", "", "", f"发放{day.month}月工资")
        b = self._b(day, total, "out", "", "", "代发工资")
        self.truth.append(((b,), (j,), "1:1"))

    def same_amounts(self, day: dt.date) -> None:
        r = self.r
        price = Decimal(r.choice(LIST_PRICES))
        for p in r.sample(self.customers, r.randint(2, 5)):
            self.receipt(day, p, price)
        for name in r.sample(self.staff, r.randint(1, 3)):
            amount = Decimal(r.choice(["500.00", "800.00", "1000.00", "1200.00", "2000.00"]))
            if self.last_paid.get((name, amount), dt.date.min) > day - dt.timedelta(days=20):
                continue  # one claim of one amount per person at a time
            self.last_paid[(name, amount)] = day
            j_cp = name if not self.kingdee else ""
            j = self._j(day, amount, "out", "", j_cp, f"报销{name}差旅费")
            b = self._b(self._lag(day), amount, "out", "", name, r.choice(["报销款", "费用报销", "差旅费"]))
            self.truth.append(((b,), (j,), "1:1"))

    def fees(self, day: dt.date) -> None:
        r = self.r
        for _ in range(r.randint(3, 12)):
            kind, amounts = r.choice(FEES)
            amount = Decimal(r.choice(amounts))
            serial = bank_serial(r, day)
            b = self._b(
                day, amount, "out", serial, "" if r.random() < 0.7 else "中国建设银行股份有限公司上海分行", kind
            )
            if r.random() < 0.45:  # booked one by one from the e-receipt (its number); else only the bank has it
                text = f"银行{kind} 流水号{serial}"
                j = self._j(self.cal.shift(day, r.choice((0, 0, 1))), amount, "out", "", "", text)
                self.truth.append(((b,), (j,), "1:1"))

    def payment_run(self, day: dt.date) -> None:
        r = self.r
        k = r.choice((2, 2, 3, 3, 4, 5))
        payees = r.sample(self.suppliers, k)
        shared = f"记-{self.voucher % 10000:04d}" if r.random() < 0.3 else ""
        spread = r.random() < 0.35
        js, total = [], Decimal(0)
        for p in payees:
            amount = self._amount()
            total += amount
            cp, text = self._journal_party(p, r.choice(PAY_JOURNAL_TEXT))
            j_day = self.cal.shift(day, -r.choice((0, 1, 2))) if spread else day
            js.append(self._j(j_day, amount, "out", shared, cp, text))
        b_day = self.cal.shift(day, r.choice((0, 0, 0, 1)))
        marker = r.choice(RUN_MARKERS).format(k=k, d=b_day)
        b_cp = r.choice(("", "", OWN_NAME, "批量代付户"))
        b = self._b(b_day, total, "out", f"PL{b_day:%Y%m%d}{r.randrange(10**5):05d}", b_cp, marker)
        self.truth.append(((b,), tuple(js), "1:N"))

    def split(self, day: dt.date) -> None:
        """One journal line, 2-3 bank lines."""
        r = self.r
        if r.random() < 0.5:  # the bank's per-transaction limit cuts one payment
            p, limit = r.choice(self.suppliers), Decimal(r.choice(["500000.00", "1000000.00"]))
            parts = [limit] * r.randint(1, 2) + [
                (Decimal(r.randrange(1_000_00, int(limit * 100))) / 100).quantize(CENT)
            ]
            cp, text = self._journal_party(p, r.choice(PAY_JOURNAL_TEXT))
            j = self._j(day, sum(parts, Decimal(0)), "out", "", cp, text)
            b_day = self._lag(day)
            name = bank_name(r, p)
            bs = [
                self._b(b_day, a, "out", "", name, f"网银转账 超限额分笔{i + 1}/{len(parts)}")
                for i, a in enumerate(parts)
            ]
            self.truth.append((tuple(bs), (j,), "N:1"))
            return
        p = r.choice(self.customers)  # a customer pays one invoice in parts
        parts = [self._amount() for _ in range(r.choice((2, 2, 3)))]
        jref, jadd, badd = self._refs()
        name = bank_name(r, p)
        b_days = sorted(self.cal.shift(day, -r.choice((0, 1, 2))) for _ in parts)
        bs = [self._b(d, a, "in", "", name, r.choice(RCV_BANK_TEXT) + badd) for d, a in zip(b_days, parts)]
        cp, text = self._journal_party(p, r.choice(RCV_JOURNAL_TEXT))
        j = self._j(day, sum(parts, Decimal(0)), "in", jref, cp, text + jadd)
        self.truth.append((tuple(bs), (j,), "N:1"))

    def reversal(self, day: dt.date) -> None:
        """Red-ink entries (冲销) that cancel, and a bank transfer returned (退汇); none of it is a match."""
        r = self.r
        p = r.choice(self.suppliers)
        amount = self._amount()
        cp, text = self._journal_party(p, r.choice(PAY_JOURNAL_TEXT))
        x = r.random()
        if x < 0.35:  # wrong amount (digits transposed or a zero too many), reversed, booked again
            s = str(amount)
            wrong = Decimal(s[1] + s[0] + s[2:]) if s[0] != s[1] and s[1] != "." else amount * 10
            self._j(day, wrong, "out", "", cp, text)
            self._j(
                self.cal.shift(day, r.choice((1, 2))), wrong, "in", "", cp, f"冲销{self.journal[-1].reference} {text}"
            )
            self.payment(self.cal.shift(day, 1), p, amount)
        elif x < 0.65:  # posted twice, the copy reversed; the original is the bank's match
            first = self.payment(day, p, amount)
            self._j(first.date, amount, "out", "", first.counterparty, first.text)
            self._j(
                self.cal.shift(day, r.choice((1, 2, 3))),
                amount,
                "in",
                "",
                first.counterparty,
                f"红字冲销{self.journal[-1].reference}",
            )
        elif x < 0.85:  # posted to this bank account by mistake, reversed
            self._j(day, amount, "out", "", cp, text)
            self._j(self.cal.shift(day, r.choice((0, 1, 2))), amount, "in", "", cp, f"冲销 {text}(记错账户)")
        else:  # the bank returns a transfer the journal never booked (the payee's account closed)
            name = bank_name(r, p)
            self._b(day, amount, "out", "", name, "网银转账")
            self._b(
                self.cal.shift(day, r.choice((0, 1))), amount, "in", "", name, "退汇 原交易" + bank_serial(r, day)[-8:]
            )

    def noise(self, day: dt.date) -> None:
        r = self.r
        x = r.random()
        if x < 0.4:  # outstanding cheque
            p = r.choice(self.suppliers)
            cp, text = self._journal_party(p, "开支票付{n}款")
            self._j(day, self._amount(), "out", f"支票{r.randrange(10**7, 10**8)}", cp, text)
        elif x < 0.6:  # deposit in transit
            self._j(day, self._amount(), "in", "", "", "存入现金")
        elif x < 0.8:  # bank-only interest or a collection not yet booked
            self._b(day, (Decimal(r.randrange(1_00, 9_000_00)) / 100).quantize(CENT), "in", "", "", "结息")
        else:  # a direct debit (tax, social insurance) the journal books next month
            self._b(
                day,
                self._amount(),
                "out",
                "",
                r.choice(("国家金库上海市分库", "上海市社会保险事业管理中心")),
                "代扣税费",
            )

    def run(self) -> Case:
        r = self.r
        day_i = self.cal.index[START]
        while len(self.bank) < self.n_bank:
            day = self.cal.workdays[day_i]
            day_i += 1
            nxt = self.cal.workdays[day_i]
            if nxt.month != day.month:
                self.month_end(day)
            budget = LINES_PER_WORKDAY
            while budget > 0:
                x = r.random()
                if x < 0.44:
                    self.payment(day)
                elif x < 0.73:
                    self.receipt(day)
                elif x < 0.77:
                    self.same_amounts(day)
                    budget -= 5
                elif x < 0.84:
                    self.fees(day)
                    budget -= 5
                elif x < 0.86:
                    self.payment_run(day)
                elif x < 0.875:
                    self.split(day)
                    budget -= 1
                elif x < 0.97:
                    self.noise(day)
                else:
                    self.reversal(day)
                budget -= 1
        bank = sorted(self.bank, key=lambda b: (b.date, r.random()))
        journal = sorted(self.journal, key=lambda j: (j.date, r.random()))
        return Case(bank=bank, journal=journal, truth=self.truth, calendar=self.cal)


def generate(n_bank: int, seed: int) -> Case:
    return _Third(n_bank, seed).run()
