"""An eighth benchmark data set, by an author who had not read the engine: a mainland e-commerce and wholesale company
(一般纳税人) with accounts at 中国建设银行, 交通银行 and 招商银行, beside a 用友U8 / 金蝶K3 / 浪潮 / SAP-China journal.

    .venv/bin/python -m bench.engine.bench_unseen --gen eighth --n 20000 --seeds 801 802 --previous ''

~250 bank lines per working day on the mainland calendar with its 调休 make-up days (``chinese_calendar``); the start
is ``seed % 4`` of 2025-01-02 / 2025-09-01 (国庆) / 2025-12-01 (元旦, 春节) / 2026-01-05 when the data fits before
2027, else 2025-01-02; the ERP is ``(seed * 3 + 1) % 4`` of U8 / K3 / 浪潮 / SAP (``gen_eighth_books.py``).

Shapes (truth kinds 1:1 / 1:N one bank line / N:1 several bank lines, one direction and balanced per group):
customer receipts and supplier payments 1:1 (names full / 简称 / branch / cut / typo / only in the 摘要 / none; 2% paid
by a person for the company), one transfer for 2-4 invoices (1:N), an invoice paid in 2-3 installments booked once
(N:1), platform withdrawals (支付宝 / 财付通 / 京东 / 天猫 / 抖音) = the nets of 2-6 days or 3-30 orders (1:N; the
service fee is inside the nets, 8% also posted to the bank account by mistake: journal-only), 银联 POS settled T+1 per
store (1:1) or merged (1:N, weekends arriving Monday), 代发工资 per employee (1:N) or one 发放工资 entry, 报销 batches
(批量代付, 1:N), 增值税 + 附加税 in one debit (1:N) or two, 个税, 印花税, 企业所得税, 社保 (1:1 or 单位/个人 1:N), 公积金,
rent and utilities at repeating amounts, loan interest, 银行承兑汇票 discounted / collected / paid with the 30-digit
票据号, 转账支票 clearing 1-10 working days later (outstanding after the end), refunds at an earlier receipt's amount,
internal transfers between the banks, cash, bank fees (招行: one monthly entry for the month's fees, N:1; 建行: 40%
one by one; 交行: never booked), interest, SMS and account fees; journal-only 计提 accruals, duplicated 凭证 and a
wrong entry with its 冲销 reversal; bank-only unbooked receipts. Books follow the bank on the day (68%), a day or
two later or, for payments, earlier, 4% 3-10 working days late, and half of the last two days before a 3+ day break
are booked after it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from reconcile.engine.types import IN, OUT

from . import gen_eighth_words as W
from .gen_eighth_books import ERPS, Ledger
from .gen_eighth_flows import Flows
from .generator import Case

STARTS = (dt.date(2025, 1, 2), dt.date(2025, 9, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 5))
PER_DAY = 250
_BANK_ZH = {"CCB": "建行", "BCM": "交行", "CMB": "招行"}


class World(Flows):
    def __init__(self, n: int, seed: int) -> None:
        self.r = r = random.Random(seed)
        self.erp = ERPS[(seed * 3 + 1) % 4]
        self.led = Ledger(r, self.erp)
        self.n = n
        n_days = max(20, round(n / PER_DAY))
        start = STARTS[seed % 4]
        if start + dt.timedelta(days=int(n_days * 1.5) + 40) > dt.date(2026, 12, 20):
            start = STARTS[0]
        self.cal = W.CNCalendar(start, n_days + 40)
        self.workdays = self.cal.workdays
        self.days = [d for d in self.workdays if d >= start][:n_days]
        self.end = self.days[-1]
        self.customers = W.make_parties(r, 1500, W.TRADES_CUSTOMER, (1500, 50000))
        self.suppliers = W.make_parties(r, 600, W.TRADES_SUPPLIER, (3000, 90000)) + W.famous(W.FAMOUS_SUPPLIERS, 6000)
        self._c_cum = self._zipf(len(self.customers))
        self._s_cum = self._zipf(len(self.suppliers))
        depts = ("总部", "仓储物流中心", "门店")
        self.staff = {d: [(W.person(r), W.cents(r, 4500, 18000)) for _ in range(r.randint(25, 70))] for d in depts}
        self.stores = ["福田店", "南山店", "宝安店"][: r.randint(1, 3)]
        self.recent_receipts: dict[str, list[Decimal]] = {}
        self.cmb_fees: list[tuple[int, Decimal]] = []
        self.payroll_total = Decimal(0)
        self.loan_interest = W.cents(r, 8000, 15000)

    def _zipf(self, k: int) -> list[float]:
        cum, acc = [], 0.0
        for i in range(k):
            acc += 1 / (i + 1) ** 0.6  # a few big accounts, a long tail
            cum.append(acc)
        return cum

    def customer(self) -> W.Party:
        return self.r.choices(self.customers, cum_weights=self._c_cum)[0]

    def supplier(self) -> W.Party:
        return self.r.choices(self.suppliers, cum_weights=self._s_cum)[0]

    # -- dates ------------------------------------------------------------------------------------------------------
    def shift(self, day: dt.date, workdays: int) -> dt.date:
        """The working day ``workdays`` after the first working day on or after ``day``."""
        i = bisect.bisect_left(self.workdays, day) + workdays
        return self.workdays[max(0, min(i, len(self.workdays) - 1))]

    def in_range(self, day: dt.date) -> bool:
        return day <= self.end

    def _before_break(self, day: dt.date) -> bool:
        i = bisect.bisect_left(self.workdays, day)
        nxt = self.workdays[min(i + 2, len(self.workdays) - 1)]
        return (nxt - day).days > 5 and self.workdays[i] == day

    def book_day(self, bank_day: dt.date, habit: str) -> dt.date:
        r = self.r
        u = r.random()
        if habit == "receipt":
            lag = 0 if u < 0.68 else 1 if u < 0.84 else 2 if u < 0.89 else -1 if u < 0.92 else 0
        else:
            lag = 0 if u < 0.62 else -1 if u < 0.78 else 1 if u < 0.88 else -2 if u < 0.92 else 0
        if 0.92 <= u < 0.96:
            lag = r.randint(3, 10)  # late: a busy week, an accountant on leave
        if self._before_break(bank_day) and r.random() < 0.5:
            lag = max(lag, 1 + r.randint(0, 2))  # the last days before 春节 / 国庆 are booked after it
        return self.shift(bank_day, lag)

    # -- the run ----------------------------------------------------------------------------------------------------
    def run(self) -> Case:
        r = self.r
        events: list[tuple[float, Callable[[dt.date], None]]] = [
            (30, lambda d: self.receipt(d, self._acct(IN))),
            (17, lambda d: self.payment(d, self._acct(OUT))),
            (2, lambda d: self.receipt(d, self._acct(IN), "personal-pay")),
            (4, lambda d: self.several_invoices(d, self._acct(IN), IN)),
            (3, lambda d: self.several_invoices(d, self._acct(OUT), OUT)),
            (0.6, lambda d: self.installments(d, self._acct(IN), IN)),
            (0.8, lambda d: self.installments(d, self._acct(OUT), OUT)),
            (6, self.platform),
            (2, self.cheque),
            (1.5, lambda d: self.refund(d, self._acct(OUT))),
            (1, self.bill),
            (0.4, self.internal),
            (0.8, self.cash),
            (3.5, self.fee),
        ]
        cum, acc = [], 0.0
        for w, _ in events:
            acc += w
            cum.append(acc)
        prev = self.days[0] - dt.timedelta(days=1)
        for k, day in enumerate(self.days):
            left = len(self.days) - k
            rest = prev + dt.timedelta(days=1)
            while rest < day:  # weekends and holidays: online receipts and platform withdrawals still post
                for _ in range(r.randint(2, 6)):
                    self.receipt(rest, r.choice(("CMB", "CCB")))
                if r.random() < 0.5:
                    self.platform(rest)
                rest += dt.timedelta(days=1)
            prev = day
            before = len(self.led.bank_raw)
            self.scheduled(day)
            self.pos(day, self.stores)
            # the days left share what is left of n, so that the case ends near n bank lines
            target = (self.n - before) / left * (r.uniform(0.8, 1.2) if left > 1 else 1)
            while len(self.led.bank_raw) - before < target:
                r.choices(events, cum_weights=cum)[0][1](day)
        bank, journal, truth, self.tags = self.led.finish()
        return Case(bank, journal, truth, self.cal)

    def _acct(self, direction: str) -> str:
        return self.r.choices(("CCB", "BCM", "CMB"), (45, 20, 35) if direction == IN else (30, 20, 50))[0]

    def _on(self, day: dt.date, dom: int) -> bool:
        """``day`` is the first working day on or after the ``dom``-th of its month."""
        target = day.replace(day=dom)
        return self.shift(target, 0) == day

    def scheduled(self, day: dt.date) -> None:
        nxt = self.shift(day, 1)
        if self._on(day, 5):
            self.fixed(
                day, "CMB", W.Party(W.LANDLORD[0], W.LANDLORD[1], "", 0, Decimal(0)), Decimal("86500.00"), "房租"
            )
            self.fixed(
                day, "CMB", W.Party(W.LANDLORD[0], W.LANDLORD[1], "", 0, Decimal(0)), Decimal("12680.00"), "物业费"
            )
            self.levy(day, "housing", W.HOUSING, sum((p for s in self.staff.values() for _, p in s), Decimal(0)) // 20)
        if self._on(day, 8):
            for full, short, what in W.UTILITIES:
                amt = W.cents(self.r, 800, 40000) if what == "电费" else W.cents(self.r, 200, 3000)
                self.fixed(day, "CCB", W.Party(full, short, "", 0, Decimal(0)), amt, what)
        if self._on(day, 10):
            self.payroll(day)
        if self._on(day, 15):
            self.taxes(day)
        if self._on(day, 20):
            self.levy(day, "social", W.SOCIAL, self.payroll_total * Decimal("0.32"))
        if self._on(day, 21):
            self.levy(day, "repay", "", self.loan_interest, "loan-interest", "支付短期借款利息")
            if day.month in (3, 6, 9, 12):
                for acct in ("CCB", "BCM", "CMB"):
                    self.interest(day, acct)
        if self._on(day, 25):
            for acct, fee in (("CCB", "10.00"), ("BCM", "8.00"), ("CMB", "15.00")):
                self.small(day, acct, "sms", Decimal(fee), "短信费", 0.5)
                if day.month in (3, 6, 9, 12):
                    self.small(day, acct, "acctfee", Decimal("300.00"), "账户管理费", 0.6)
        if day.weekday() == 3 and self.in_range(nxt):
            self.expenses(day)
        if nxt.month != day.month or nxt == day:
            self.month_end(day)

    def expenses(self, day: dt.date) -> None:
        """Weekly 报销: one 批量代付 debit, one entry per person (1:N)."""
        r, led = self.r, self.led
        people = [(W.person(r), W.cents(r, 60, 4800)) for _ in range(r.randint(3, 14))]
        total = sum((a for _, a in people), Decimal(0))
        purpose = "报销款" + (f" 共{len(people)}笔" if r.random() < 0.5 else "")
        b = led.bank("BCM", day, total, OUT, "batch", "", purpose, "expenses")
        jday, v = self.book_day(day, "payment"), f"bx{len(led.book_raw)}"
        what = ("差旅费", "招待费", "办公费", "交通费")
        js = [led.book(jday, a, OUT, "", f"报销{n}{r.choice(what)}", "expenses", voucher=v) for n, a in people]
        led.truth([b], js)

    def fixed(self, day: dt.date, acct: str, p: W.Party, amt: Decimal, what: str) -> None:
        r, led = self.r, self.led
        b = led.bank(acct, day, amt, OUT, "out", p.full[:28], f"{day.month}月{what}", "fixed")
        cp = r.choice((p.full, p.short, ""))
        j = led.book(self.book_day(day, "payment"), amt, OUT, cp, f"支付{day.month}月{what}", "fixed")
        led.truth([b], [j])

    def levy(self, day: dt.date, kind: str, cp: str, amt: Decimal, tag: str = "", summary: str = "") -> None:
        """社保 / 公积金 / loan interest: one direct debit; 社保 booked as one entry or 单位 + 个人 parts (1:N)."""
        r, led = self.r, self.led
        amt = amt.quantize(W.CENT)
        tag = tag or kind
        b = led.bank("BCM", day, amt, OUT, kind, cp if r.random() < 0.8 else "", "", tag)
        jday = self.book_day(day, "payment")
        m = day.month
        if kind == "social" and r.random() < 0.5:
            own = (amt * Decimal("0.7")).quantize(W.CENT)
            v = f"sb{len(led.book_raw)}"
            js = [led.book(jday, own, OUT, "", f"缴纳{m}月社保(单位部分)", tag, voucher=v),
                  led.book(jday, amt - own, OUT, "", f"缴纳{m}月社保(个人部分)", tag, voucher=v)]  # fmt: skip
        else:
            text = summary or {"social": f"缴纳{m}月社保费", "housing": f"缴纳{m}月住房公积金"}[kind]
            js = [led.book(jday, amt, OUT, "", text, tag)]
        led.truth([b], js)

    def payroll(self, day: dt.date) -> None:
        r, led = self.r, self.led
        self.payroll_total = Decimal(0)
        m = (day.month - 2) % 12 + 1  # paid on the 10th for the month before
        for dept, staff in self.staff.items():
            if r.random() < 0.3:  # nets move: overtime, leave, a raise
                staff[:] = [(n, W.cents(r, 4500, 18000) if r.random() < 0.3 else p) for n, p in staff]
            total = sum((p for _, p in staff), Decimal(0))
            self.payroll_total += total
            purpose = f"{m}月工资" + (f" 共{len(staff)}笔" if r.random() < 0.5 else "")
            b = led.bank("BCM", day, total, OUT, "payroll", r.choice(("", W.OWN)), purpose, "payroll")
            jday = self.book_day(day, "payment")
            if r.random() < 0.55:
                v = f"gz{len(led.book_raw)}"
                js = [led.book(jday, p, OUT, n if r.random() < 0.5 else "", f"发放{m}月工资-{n}", "payroll", voucher=v)
                      for n, p in staff]  # fmt: skip
            else:
                js = [led.book(jday, total, OUT, "", f"发放{m}月工资({dept})", "payroll")]
            led.truth([b], js)

    def taxes(self, day: dt.date) -> None:
        """增值税 and 附加税 (12% of it) in one debit (1:N) or two; 个税; 印花税; 企业所得税 in the quarter's first month."""
        r, led = self.r, self.led
        m = (day.month - 2) % 12 + 1
        vat = W.cents(r, 60000, 400000)
        extra = (vat * Decimal("0.12")).quantize(W.CENT)
        jday = self.book_day(day, "payment")
        jv = led.book(jday, vat, OUT, "", f"缴纳{m}月增值税", "tax")
        je = led.book(jday, extra, OUT, "", f"缴纳{m}月城建税及教育费附加", "tax")
        if r.random() < 0.6:
            b = led.bank(
                "BCM", day, vat + extra, OUT, "tax", W.TAX_OFFICE if r.random() < 0.7 else "", "电子缴税", "tax"
            )
            led.truth([b], [jv, je])
        else:
            for j, amt, what in ((jv, vat, "增值税"), (je, extra, "城市维护建设税")):
                led.truth([led.bank("BCM", day, amt, OUT, "tax", W.TAX_OFFICE, what, "tax")], [j])
        others = [("个人所得税", W.cents(r, 12000, 45000)), ("印花税", W.cents(r, 150, 1800))]
        if day.month in (1, 4, 7, 10):
            others.append(("企业所得税", W.cents(r, 100000, 900000)))
        for what, amt in others:
            b = led.bank("BCM", day, amt, OUT, "tax", W.TAX_OFFICE, what, "tax")
            led.truth([b], [led.book(self.book_day(day, "payment"), amt, OUT, "", f"缴纳{m}月{what}", "tax")])

    def interest(self, day: dt.date, acct: str) -> None:
        r, led = self.r, self.led
        amt = W.cents(r, 30, 6000)
        b = led.bank(acct, day, amt, IN, "interest", "", "活期存款利息", "interest")
        u = r.random()
        if u < 0.1:
            return  # never booked
        jday = self.book_day(day, "receipt") if u < 0.7 else self.shift(day.replace(day=28), 0)
        led.truth([b], [led.book(jday, amt, IN, "", f"收到{_BANK_ZH[acct]}存款利息", "interest")])

    def small(self, day: dt.date, acct: str, kind: str, amt: Decimal, what: str, booked: float) -> None:
        b = self.led.bank(acct, day, amt, OUT, kind, "", "", kind)
        if self.r.random() < booked:
            j = self.led.book(self.book_day(day, "payment"), amt, OUT, "", f"支付{_BANK_ZH[acct]}{what}", kind)
            self.led.truth([b], [j])

    def fee(self, day: dt.date) -> None:
        r = self.r
        acct = r.choice(("CCB", "BCM", "CMB"))
        amt = Decimal(r.choice(("0.50", "1.00", "2.00", "5.00", "5.50", "10.00", "15.00", "20.00", "25.00")))
        b = self.led.bank(acct, day, amt, OUT, "fee", "", r.choice(("", "跨行汇款手续费", "网银手续费")), "fee")
        if acct == "CMB":
            self.cmb_fees.append((b, amt))
        elif acct == "CCB" and r.random() < 0.4:
            j = self.led.book(self.book_day(day, "payment"), amt, OUT, "", "支付银行手续费", "fee")
            self.led.truth([b], [j])

    def internal(self, day: dt.date) -> None:
        r, led = self.r, self.led
        src, dst = r.sample(("CCB", "BCM", "CMB"), 2)
        amt = Decimal(r.choice((100000, 200000, 300000, 500000, 1000000, 1500000))).quantize(W.CENT)
        arrive = day if r.random() < 0.7 else self.shift(day, 1)
        if not self.in_range(arrive):
            return
        bo = led.bank(src, day, amt, OUT, "internal", W.OWN, "资金调拨", "internal")
        bi = led.bank(dst, arrive, amt, IN, "internal", W.OWN, "资金调拨", "internal")
        text = f"{_BANK_ZH[src]}转{_BANK_ZH[dst]}"
        jday, v = self.book_day(day, "payment"), f"nb{len(led.book_raw)}"
        led.truth([bo], [led.book(jday, amt, OUT, "", text, "internal", voucher=v)])
        led.truth([bi], [led.book(jday, amt, IN, "", text, "internal", voucher=v)])

    def cash(self, day: dt.date) -> None:
        r, led = self.r, self.led
        if r.random() < 0.5:
            amt, d, kind, text = W.cents(r, 500, 20000), IN, "cash_in", r.choice(("现金存入银行", "门店营业款存入"))
        else:
            amt, d, kind, text = (
                Decimal(r.choice((2000, 5000, 10000, 20000))).quantize(W.CENT),
                OUT,
                "cash_out",
                "提取备用金",
            )
        b = led.bank(r.choice(("CCB", "CMB")), day, amt, d, kind, "", "", "cash")
        led.truth([b], [led.book(self.book_day(day, "receipt"), amt, d, "", text, "cash", settle="现金")])

    def month_end(self, day: dt.date) -> None:
        """招行's fees of the month in one entry (N:1); 计提 accruals that never reach the bank (journal-only)."""
        r, led = self.r, self.led
        if self.cmb_fees:
            total = sum((a for _, a in self.cmb_fees), Decimal(0))
            j = led.book(day, total, OUT, "招商银行", f"支付{day.month}月招行手续费", "fee-month")
            led.truth([b for b, _ in self.cmb_fees], [j])
            self.cmb_fees = []
        m = day.month
        if self.payroll_total:
            led.book(day, self.payroll_total, OUT, "", f"计提{m}月工资", "accrual")
        led.book(day, self.loan_interest, OUT, "", "计提短期借款利息", "accrual")
        if r.random() < 0.5:
            led.book(day, Decimal("86500.00"), OUT, W.LANDLORD[1], f"计提{m}月房租", "accrual")


def build(n: int, seed: int) -> tuple[Case, dict[str, str]]:
    """The case and each line's scenario tag (``eighth_misses``)."""
    world = World(n, seed)
    case = world.run()
    return case, world.tags


def generate(n: int, seed: int) -> Case:
    return build(n, seed)[0]
