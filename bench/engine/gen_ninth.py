"""A ninth benchmark data set, by an author who had read the other generators' docstrings but not the engine: a
Zhejiang exporter (a 集团 subsidiary in the group's cash pool) with one CNY account, beside its 金蝶 bank journal.

    .venv/bin/python -m bench.engine.bench_unseen --gen ninth --n 20000 --seeds 901 902 --previous ''

~200 bank lines per working day on the mainland calendar with its 调休 make-up days, from 2025-03-03. The shapes the
eight others do not write, with the truth a careful accountant would record (kinds 1:1 / 1:N one bank line / N:1):

* **foreign buyers' wires net of SHA charges**: the bank credits the invoice less USD 10-50 of intermediary and
  receiving-bank charges; the journal books the net (1:1, 45%), or the gross receipt and the charges as a separate
  财务费用 entry paid out of the account (1:N of *both directions*: the only truthful grouping, 40%), or the gross
  receipt whose charges wait for the month-end fee entry (15%: the receipt and that entry stay unpaired: the bank line
  has no partner of its amount);
* **OUR payments to foreign suppliers**: one bank debit of payment + 电报费/手续费, booked as two journal entries (1:N);
* **returned payments (退汇) and their re-sends**: a payment bounced back days later (户名不符 / 账号错误) and sent
  again; the journal either ignores the round trip (its entry pairs with the original debit, its own day's
  instruction; the return and the re-send offset each other on the statement, no journal partner) or books all
  three (three 1:1 pairs);
* **card-acquirer settlements** (银联商务 / 拉卡拉) of each store's day, T+1 every calendar day, net of MDR: booked net
  per settlement (1:1), or one month-end entry for the month's settlements (N:1), or the day's gross sales in and the
  MDR out (the mixed 1:N again);
* **cash-pool sweeps** (资金池 上划 to the group's head account at day end, 下拨 back for large payments): the bank
  names the group or only its account number; the journal books each sweep the next working day or, in months the
  accountant batches, every sweep of the month on the last working day (1:1, up to ~22 working days late);
* **month-end batch posting**: 15% of the ordinary supplier payments and customer receipts are keyed on the month's
  last working day (or the first of the next) instead of their own day;
* **bank lines with the counterparty's account number and no name** (12% of ordinary lines);
* payroll (代发工资 one debit = one entry), 社保 and 公积金 debits booked on the month's last day, bank fees summed
  in one month-end journal entry (N:1, for the fees of the month not taken from SHA wires), interest;
* noise: unbooked receipts (bank-only), outstanding payments (journal-only), a journal entry keyed twice.

``build(n, seed)`` returns the case and a scenario tag per line id (for classifying misses); ``generate`` the case.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from reconcile.engine.types import IN, OUT, Line

from . import gen_ninth_words as W
from .gen_eighth_words import CNCalendar
from .generator import Case

PER_DAY = 200
START = dt.date(2025, 3, 3)
Raw = tuple[dt.date, Decimal, str, str, str, str, str]  # day, amount, direction, reference, counterparty, text, tag


class World:
    def __init__(self, n: int, seed: int) -> None:
        self.r = r = random.Random(seed)
        n_days = max(20, round(n / PER_DAY))
        self.cal = CNCalendar(START, n_days + 40)
        self.workdays = self.cal.workdays
        self.days = [d for d in self.workdays if d >= START][:n_days]
        self.end = self.days[-1]
        self.suppliers = W.domestic(r, 700, (2000, 60000))
        self.customers = W.domestic(r, 300, (5000, 80000))
        self.buyers = W.foreign(r, 250)
        self.overseas = W.foreign(r, 40)
        self.stores = [f"{c}店" for c in ("鄞州", "海曙", "北仑", "慈溪")[: r.randint(2, 4)]]
        self.merchant = {s: f"898{r.randrange(10**11, 10**12)}" for s in self.stores}
        self.bank_raw: list[Raw] = []
        self.book_raw: list[Raw] = []
        self.truth_raw: list[tuple[list[int], list[int]]] = []
        self.batch_months = {m for m in range(1, 13) if r.random() < 0.4}  # months whose sweeps are keyed at the end
        self.fees_month: dict[tuple[int, int], list[Decimal]] = {}
        self.pos_month: dict[tuple[int, int, str], list[int]] = {}
        self.serial = r.randrange(10**9, 2 * 10**9)
        self.voucher = 0
        self.pool_account = f"33050161{r.randrange(10**12, 10**13)}"  # the group's head account of the cash pool

    # -- dates ------------------------------------------------------------------------------------------------------
    def shift(self, day: dt.date, k: int) -> dt.date:
        i = bisect.bisect_left(self.workdays, day) + k
        return self.workdays[max(0, min(i, len(self.workdays) - 1))]

    def month_end(self, day: dt.date) -> dt.date:
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return self.shift(nxt, -1)

    def lag(self, day: dt.date, direction: str) -> dt.date:
        u = self.r.random()
        if u < 0.15:  # keyed in the month-end batch, or the first working day after it
            return self.shift(self.month_end(day), self.r.choice((0, 0, 1)))
        if u < 0.75:
            return day
        if u < 0.9:
            return self.shift(day, 1)
        return self.shift(day, -1 if direction == OUT else 2)

    # -- the two sides ----------------------------------------------------------------------------------------------
    def bank(self, day: dt.date, amount: Decimal, direction: str, cp: str, text: str, tag: str) -> int:
        self.serial += self.r.randint(1, 40)
        self.bank_raw.append((day, amount, direction, f"{self.serial}", cp, text, tag))
        return len(self.bank_raw) - 1

    def book(self, day: dt.date, amount: Decimal, direction: str, cp: str, summary: str, tag: str) -> int:
        self.voucher += 1
        self.book_raw.append((day, amount, direction, f"记-{self.voucher % 9000 + 1:04d}", cp, summary, tag))
        return len(self.book_raw) - 1

    def pair(self, bank: list[int], book: list[int]) -> None:
        self.truth_raw.append((bank, book))

    # -- events -----------------------------------------------------------------------------------------------------
    def payment(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.suppliers)
        amt = W.cents(r, p.scale * 0.2, p.scale * 1.5) if r.random() < 0.8 else Decimal(round(p.scale, -2) or 100)
        what = r.choice(("货款", "材料款", "加工费"))  # the 用途 keyed on the transfer, which the voucher repeats
        b = self.bank(
            day, amt, OUT, W.bank_name(r, p), f"{r.choice(W.BANK_PAY)} {what if r.random() < 0.75 else ''}", "payment"
        )
        if r.random() < 0.03:
            return  # 银行已付企业未付: a 托收 the books have not seen yet
        cp, named = W.book_name(r, p)
        j = self.book(self.lag(day, OUT), amt, OUT, cp, f"付{named}{what}", "payment")
        self.pair([b], [j])

    def receipt(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.customers)
        amt = W.cents(r, p.scale * 0.3, p.scale * 1.2)
        b = self.bank(day, amt, IN, W.bank_name(r, p), r.choice(W.BANK_REC), "receipt")
        if r.random() < 0.04:
            return  # unbooked receipt
        cp, named = W.book_name(r, p)
        j = self.book(self.lag(day, IN), amt, IN, cp, f"收{named}货款", "receipt")
        self.pair([b], [j])

    def fx_receipt(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.buyers)
        gross = W.cents(r, p.scale * 0.3, p.scale * 1.3)
        fee = W.sha_charges(r)
        inv = W.invoice_no(r)
        net = gross - fee
        ref_in_bank = r.random() < 0.5
        text = f"{r.choice(W.BANK_FX)} {'INV ' + inv if ref_in_bank else 'PAYMENT FOR GOODS'} 扣费{fee}"
        if r.random() < 0.3:
            text = f"{r.choice(W.BANK_FX)} /ROC/{inv if ref_in_bank else 'GOODS'}"  # the charges not shown at all
        b = self.bank(day, net, IN, W.bank_name(r, p) if r.random() < 0.9 else "", text, "fx")
        bday = self.lag(day, IN)
        u = r.random()
        summary = f"收{p.short}货款 {inv if r.random() < 0.7 else ''}".strip()
        if u < 0.45:
            j = self.book(bday, net, IN, p.short, summary, "fx-net")
            self.pair([b], [j])
        elif u < 0.85:
            j = self.book(bday, gross, IN, p.short, summary, "fx-gross")
            f = self.book(bday, fee, OUT, "", f"境外银行扣费 {p.short} {inv}", "fx-gross")
            self.pair([b], [j, f])  # both directions: net = gross - charges
        else:
            self.book(bday, gross, IN, p.short, summary, "fx-gross-open")
            self.fees_month.setdefault((day.year, day.month), []).append(fee)  # the charges in the month-end fee entry
            self.bank_raw[b] = self.bank_raw[b][:6] + ("fx-gross-open",)

    def our_payment(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.overseas)
        amt = W.cents(r, p.scale * 0.5, p.scale * 1.5)
        fee = Decimal(r.choice(("150.00", "200.00", "230.00", "260.00")))
        b = self.bank(day, amt + fee, OUT, p.full[:35], f"境外汇款 OUR 含电报费手续费 {p.full[:20]}", "our")
        bday = self.lag(day, OUT)
        j = self.book(bday, amt, OUT, p.short, f"付{p.short}进口货款", "our")
        f = self.book(bday, fee, OUT, "", "境外汇款手续费 电报费", "our")
        self.pair([b], [j, f])

    def returned(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.suppliers)
        amt = W.cents(r, p.scale * 0.3, p.scale * 1.2)
        back = self.shift(day, r.randint(1, 3))
        again = self.shift(back, r.randint(0, 2))
        b1 = self.bank(day, amt, OUT, p.full, f"{r.choice(W.BANK_PAY)} 货款", "return")
        b2 = self.bank(
            back,
            amt,
            IN,
            p.full,
            f"退汇 原因:{r.choice(('户名不符', '账号错误', '账户已销户'))} 原流水{self.serial}",
            "return",
        )
        b3 = self.bank(again, amt, OUT, p.full, f"{r.choice(W.BANK_PAY)} 重新支付 货款", "return")
        if r.random() < 0.6:
            j = self.book(day, amt, OUT, p.short, f"付{p.short}货款", "return")
            self.pair([b1], [j])  # the entry is the original instruction's; the return and the re-send offset
            self.bank_raw[b2] = self.bank_raw[b2][:6] + ("return-offset",)
            self.bank_raw[b3] = self.bank_raw[b3][:6] + ("return-offset",)
        else:
            j1 = self.book(day, amt, OUT, p.short, f"付{p.short}货款", "return")
            j2 = self.book(back, amt, IN, p.short, f"{p.short}退汇", "return")
            j3 = self.book(again, amt, OUT, p.short, f"重付{p.short}货款", "return")
            self.pair([b1], [j1])
            self.pair([b2], [j2])
            self.pair([b3], [j3])

    def pos(self, sale_day: dt.date) -> None:
        """One store's card sales of a calendar day, settled T+1 net of MDR."""
        r = self.r
        for store in self.stores:
            if r.random() < 0.15:
                continue
            gross = W.cents(r, 3000, 40000)
            rate = Decimal("0.0060") if store != self.stores[0] else Decimal("0.0038")
            mdr = (gross * rate).quantize(W.CENT, ROUND_HALF_UP)
            full, short = W.ACQUIRERS[self.stores.index(store) % 2]
            settle = sale_day + dt.timedelta(days=1)
            if settle > self.end:
                return
            b = self.bank(
                settle, gross - mdr, IN, full, f"POS结算 商户号{self.merchant[store]} 交易日{sale_day:%m%d}", "pos"
            )
            mode = (sale_day.month + self.stores.index(store)) % 4
            if mode in (0, 1):  # per settlement, net
                j = self.book(
                    self.shift(settle, 0), gross - mdr, IN, short, f"收{short}{store}{sale_day:%m%d}结算款", "pos-net"
                )
                self.pair([b], [j])
            elif mode == 2:  # the month's settlements in one entry at the end
                self.pos_month.setdefault((settle.year, settle.month, store), []).append(b)
                self.bank_raw[b] = self.bank_raw[b][:6] + ("pos-month",)
            else:  # gross sales in, MDR out
                d = self.shift(settle, 0)
                j = self.book(d, gross, IN, "", f"{store}{sale_day:%m%d}刷卡销售收入", "pos-gross")
                f = self.book(d, mdr, OUT, short, f"{store}刷卡手续费", "pos-gross")
                self.pair([b], [j, f])
                self.bank_raw[b] = self.bank_raw[b][:6] + ("pos-gross",)

    def sweep(self, day: dt.date) -> None:
        r = self.r
        up = r.random() < 0.75
        amt = W.cents(r, 50000, 900000)
        cp = W.GROUP[0] if r.random() < 0.6 else self.pool_account  # some days the export gives only the account
        text = ("资金池上划 自动归集" if up else "资金池下拨") if r.random() < 0.8 else "现金管理 CMS"
        b = self.bank(day, amt, OUT if up else IN, cp, text, "sweep")
        bday = self.month_end(day) if day.month in self.batch_months else self.shift(day, r.choice((0, 1, 1)))
        j = self.book(bday, amt, OUT if up else IN, W.GROUP[1], "资金池上划" if up else "资金池下拨", "sweep")
        self.pair([b], [j])

    def fees(self, day: dt.date) -> None:
        r = self.r
        for _ in range(r.randint(1, 4)):
            amt = Decimal(r.choice(("0.50", "5.00", "10.00", "15.00", "25.00", "50.00")))
            self.bank(day, amt, OUT, "", r.choice(W.BANK_FEES), "fee")
            self.fees_month.setdefault((day.year, day.month), []).append(amt)

    def monthly(self, day: dt.date) -> None:
        """The month's payroll, 社保, 公积金, interest and the month-end entries for fees and POS."""
        r = self.r
        pay = W.cents(r, 380000, 520000)
        b = self.bank(self.shift(day, -5), pay, OUT, "", "代发工资 批量", "payroll")
        self.pair([b], [self.book(self.shift(day, -5), pay, OUT, "", "发放本月工资", "payroll")])
        for what, cp, lo, hi in (
            ("社保", "国家金库宁波市中心支库", 90000, 130000),
            ("公积金", "宁波市住房公积金管理中心", 40000, 60000),
        ):
            amt = W.cents(r, lo, hi)
            bd = self.shift(day, -r.randint(6, 12))
            b = self.bank(bd, amt, OUT, cp if r.random() < 0.7 else "", f"{what}费 批扣 税费所属期{bd:%Y%m}", "levy")
            self.pair([b], [self.book(day, amt, OUT, "", f"缴纳{bd.month}月{what}", "levy")])
        if day.month in (3, 6, 9, 12):
            self.bank(self.shift(day, -10), W.cents(r, 800, 6000), IN, "", "结息 活期利息", "interest")
        fees = self.fees_month.pop((day.year, day.month), [])
        month_fee_lines = [
            i for i, x in enumerate(self.bank_raw) if x[6] == "fee" and (x[0].year, x[0].month) == (day.year, day.month)
        ]
        if fees:
            j = self.book(day, sum(fees, Decimal(0)), OUT, "", f"支付{day.month}月银行手续费", "fee")
            if len(fees) == len(month_fee_lines):
                self.pair(month_fee_lines, [j])  # the SHA charges of the month fold in otherwise: no exact group
        for (y, m, store), ids in list(self.pos_month.items()):
            if (y, m) == (day.year, day.month):
                total = sum((self.bank_raw[i][1] for i in ids), Decimal(0))
                full, short = W.ACQUIRERS[self.stores.index(store) % 2]
                self.pair(ids, [self.book(day, total, IN, short, f"收{short}{store}{m}月POS结算款", "pos-month")])
                del self.pos_month[(y, m, store)]

    def run(self) -> None:
        r = self.r
        events = (
            (40, self.payment),
            (22, self.receipt),
            (12, self.fx_receipt),
            (1.5, self.our_payment),
            (1.2, self.returned),
            (2.0, self.sweep),
            (2.5, self.fees),
        )
        cum, acc = [], 0.0
        for w, _ in events:
            acc += w
            cum.append(acc)
        prev = self.days[0] - dt.timedelta(days=1)
        for day in self.days:
            while prev < day:
                prev += dt.timedelta(days=1)
                self.pos(prev - dt.timedelta(days=1))
            k = 0
            per_day = PER_DAY - 4 * len(self.stores)
            while k < per_day:
                before = len(self.bank_raw)
                events[bisect.bisect_left(cum, r.random() * acc)][1](day)
                k += len(self.bank_raw) - before
            if day == self.month_end(day) or day == self.end:
                self.monthly(day)
        for _ in range(len(self.days) * 5):  # outstanding payments: journal-only
            p = r.choice(self.suppliers)
            self.book(r.choice(self.days), W.cents(r, 500, p.scale), OUT, p.short, f"付{p.short}货款", "open")
        for _ in range(len(self.days) // 2):  # a voucher keyed twice
            k = r.randrange(len(self.book_raw))
            day, amt, d, _ref, cp, s, _t = self.book_raw[k]
            self.book(self.shift(day, r.randint(0, 3)), amt, d, cp, s, "duplicate")

    def case(self) -> tuple[Case, dict[str, str]]:
        def ids(raw: list[Raw], p: str) -> tuple[list[Line], dict[int, str]]:
            order = sorted(range(len(raw)), key=lambda i: (raw[i][0], i))
            lines, name = [], {}
            for k, i in enumerate(order):
                day, amt, d, ref, cp, text, _ = raw[i]
                name[i] = f"{p}{k:07d}"
                lines.append(Line(name[i], day, amt, d, ref, cp, text))
            return lines, name

        bank, bn = ids(self.bank_raw, "B")
        journal, jn = ids(self.book_raw, "J")
        truth = []
        for bs, js in self.truth_raw:
            kind = "1:1" if len(bs) == 1 and len(js) == 1 else "1:N" if len(bs) == 1 else "N:1"
            truth.append((tuple(bn[i] for i in bs), tuple(jn[i] for i in js), kind))
        tags = {bn[i]: x[6] for i, x in enumerate(self.bank_raw)} | {jn[i]: x[6] for i, x in enumerate(self.book_raw)}
        return Case(bank, journal, truth, self.cal), tags


def build(n_bank: int, seed: int) -> tuple[Case, dict[str, str]]:
    w = World(n_bank, seed)
    w.run()
    return w.case()


def generate(n_bank: int, seed: int) -> Case:
    return build(n_bank, seed)[0]
