"""A tenth benchmark data set, by an author who had read the other generators' docstrings but not the engine: a Jiangsu
construction and steel-structure contractor's 基本户 at a 建设银行 branch, beside its 用友 U8 出纳 bank journal.

    .venv/bin/python -m bench.engine.bench_unseen --gen tenth --n 20000 --seeds 1001 1002 --previous ''

~200 bank lines per working day on the mainland calendar (调休 included), from 2025-01-02. The journal's reference is
the U8 voucher number (收-0042 / 付-0117), numbered again from 1 every month; a quarter of the ordinary entries carry
only a generic 摘要 (付款 / 收款). The bank's 摘要 column keeps 20 GBK bytes (10 Chinese characters). The shapes the nine others do not
write, with the truth a careful accountant would record (kinds 1:1 / 1:N one bank line / N:1):

* **bank acceptance bills it issues** (开具银承): the 开票保证金 moved to the deposit account (30%, 50% or 100% of
  the face) and the 手续费 (0.05%), each 1:1; at maturity (3 or 6 months) the 敞口 debited from the account (1:1), or
  the whole face debited and the deposit released back (two 1:1);
* **bills it receives**: 贴现 credited net of the discount interest, booked net (1:1) or as the face in and the
  interest out (1:N of both directions); 到期托收 credited at the face (1:1, booked up to 5 days late); 票据池 出池
  credits that sum several matured bills, booked one entry per bill (1:N, one direction);
* **loans**: 贷款发放 and 还本 of round millions (1:1); the quarterly 结息 on the 21st, one debit per 借据, booked per
  loan (1:1) or as one entry for the quarter (N:1); a 委托贷款 to the group's property company, whose interest the
  bank credits gross with its 手续费 debited apart, booked as two entries (two 1:1) or net (N:1 of both directions);
* **定期存款**: placements of round sums (1:1); at maturity the bank credits 本息 in one line (the journal: principal
  and interest apart, 1:N) or in two (the journal: one entry, N:1, or two, 1:1);
* **代发工资** with returned individual payments (代发退回, 户名不符 / 账户冻结) and the re-payment days later: booked
  gross with the returns and re-payments apart (1:1 each), or one net entry for the batch less its returns (N:1 of
  both directions) with the re-payments 1:1;
* **tax by 电子缴税** (国库): one debit of 增值税 with its 附加 (城建税, 教育费附加, 地方教育附加) that the journal
  splits per tax (1:N); 个税, 印花税, quarterly 企业所得税 and 社保 1:1;
* **投标保证金** of round sums paid to a 公共资源交易中心 and returned 4-9 weeks later (when the bid is lost), the
  return sometimes with a few yuan of interest (booked in one entry, or principal and interest apart: 1:N);
* the day's 汇划手续费 summed in one entry (N:1); noise: unbooked lines, outstanding payments, a voucher keyed twice.

The eighth set writes a VAT debit split per tax and bills discounted or collected too; here the bills are the
contractor's own (deposits, 敞口, releases), the discount's interest is an entry of the other direction, and the
voucher numbers repeat every month.

``build(n, seed)`` returns the case and a scenario tag per line id (for classifying misses); ``generate`` the case.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from reconcile.engine.types import IN, OUT, Line

from . import gen_tenth_words as W
from .gen_eighth_words import CNCalendar
from .generator import Case

PER_DAY = 200
START = dt.date(2025, 1, 2)
Raw = tuple[dt.date, Decimal, str, str, str, str, str]  # day, amount, direction, reference, counterparty, text, tag


def _round(r: random.Random, lo: int, hi: int, step: int) -> Decimal:
    return Decimal(r.randrange(lo // step, hi // step + 1) * step).quantize(W.CENT)


def _months(day: dt.date, k: int) -> dt.date:
    m = day.month - 1 + k
    y, m = day.year + m // 12, m % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(y, m, d)
        except ValueError:
            continue
    raise AssertionError


class World:
    def __init__(self, n: int, seed: int) -> None:
        self.r = r = random.Random(seed)
        n_days = max(20, round(n / PER_DAY))
        self.cal = CNCalendar(START, n_days + 60)
        self.workdays = self.cal.workdays
        self.days = [d for d in self.workdays if d >= START][:n_days]
        self.end = self.days[-1]
        self.suppliers = W.parties(r, 600, W.SUPPLY, (5000, 300000))
        self.clients = W.parties(r, 60, W.CLIENTS, (300000, 3000000))
        self.bank_raw: list[Raw] = []
        self.book_raw: list[Raw] = []
        self.truth_raw: list[tuple[list[int], list[int]]] = []
        self.serial = r.randrange(10**9, 2 * 10**9)
        self.vouchers: dict[tuple[int, int, str], int] = {}
        self.loans: list[tuple[str, Decimal, Decimal, dt.date]] = []  # 借据号, principal, yearly rate, repaid on
        for _ in range(r.randint(3, 5)):
            no, amt = f"{r.randrange(10**7, 10**8)}", _round(r, 5_000_000, 30_000_000, 1_000_000)
            self.loans.append((no, amt, Decimal(str(round(r.uniform(0.030, 0.0385), 4))), dt.date(2099, 1, 1)))
        self.entrusted = _round(r, 10_000_000, 40_000_000, 5_000_000)
        self.day_fees: list[int] = []

    # -- dates ------------------------------------------------------------------------------------------------------
    def shift(self, day: dt.date, k: int) -> dt.date:
        i = bisect.bisect_left(self.workdays, day) + k
        return self.workdays[max(0, min(i, len(self.workdays) - 1))]

    def month_end(self, day: dt.date) -> dt.date:
        return self.shift((day.replace(day=28) + dt.timedelta(days=4)).replace(day=1), -1)

    def lag(self, day: dt.date) -> dt.date:
        u = self.r.random()
        if u < 0.65:
            return day
        if u < 0.85:
            return self.shift(day, 1)
        if u < 0.95:
            return self.shift(day, self.r.randint(2, 4))
        return self.shift(day, -1)  # the voucher keyed from the approval, the transfer sent the next morning

    # -- the two sides ----------------------------------------------------------------------------------------------
    def bank(self, day: dt.date, amount: Decimal, direction: str, cp: str, text: str, tag: str) -> int | None:
        if day > self.end:
            return None
        self.serial += self.r.randint(1, 30)
        self.bank_raw.append((day, amount, direction, f"{self.serial}", cp, W.cut(text), tag))
        return len(self.bank_raw) - 1

    def book(self, day: dt.date, amount: Decimal, direction: str, cp: str, summary: str, tag: str) -> int:
        word = "收" if direction == IN else "付"
        key = (day.year, day.month, word)
        self.vouchers[key] = self.vouchers.get(key, 0) + 1
        self.book_raw.append((day, amount, direction, f"{word}-{self.vouchers[key]:04d}", cp, summary, tag))
        return len(self.book_raw) - 1

    def pair(self, bank: list[int | None], book: list[int]) -> None:
        if None not in bank:
            self.truth_raw.append(([b for b in bank if b is not None], book))

    def generic(self, cp: str, summary: str, word: str) -> tuple[str, str]:
        """A quarter of the vouchers say only 付款 / 收款; half of those leave the 往来单位 empty too."""
        u = self.r.random()
        if u < 0.125:
            return "", word
        if u < 0.25:
            return cp, word
        return cp, summary

    # -- ordinary flows ---------------------------------------------------------------------------------------------
    def payment(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.suppliers)
        amt = (
            W.cents(r, p.scale * 0.2, p.scale * 1.5)
            if r.random() < 0.75
            else _round(r, 1000, int(p.scale) + 1000, 1000)
        )
        what = r.choice(("材料款", "工程款", "租赁费", "劳务费", "进度款"))
        b = self.bank(day, amt, OUT, p.full, f"{r.choice(W.BANK_PAY)} {what}", "payment")
        self.fee(day)
        if r.random() < 0.03:
            return  # a 托收 the books have not seen yet
        cp, s = self.generic(p.short, f"付{p.short}{what}", "付款")
        self.pair([b], [self.book(self.lag(day), amt, OUT, cp, s, "payment")])

    def receipt(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.clients)
        amt = (
            W.cents(r, p.scale * 0.1, p.scale)
            if r.random() < 0.7
            else _round(r, 100_000, int(p.scale) + 100_000, 10_000)
        )
        proj = r.choice(W.PROJECTS)
        b = self.bank(day, amt, IN, p.full, f"{r.choice(W.BANK_REC)} {proj}工程进度款", "receipt")
        if r.random() < 0.04:
            return
        cp, s = self.generic(p.short, f"收{p.short}{proj}进度款", "收款")
        self.pair([b], [self.book(self.lag(day), amt, IN, cp, s, "receipt")])

    def fee(self, day: dt.date) -> None:
        if self.r.random() < 0.1:  # 跨行 transfers only
            b = self.bank(day, Decimal(self.r.choice(("5.00", "10.00", "15.00", "0.50"))), OUT, "", "汇划手续费", "fee")
            if b is not None:
                self.day_fees.append(b)

    def close_day(self, day: dt.date) -> None:
        """The day's 汇划手续费 in one voucher, keyed that evening or the next morning."""
        if self.day_fees:
            total = sum((self.bank_raw[i][1] for i in self.day_fees), Decimal(0))
            j = self.book(self.shift(day, self.r.choice((0, 0, 1))), total, OUT, "建设银行", "支付银行手续费", "fee")
            self.pair(list(self.day_fees), [j])
            self.day_fees = []

    # -- bills -------------------------------------------------------------------------------------------------------
    def bill_issue(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.suppliers)
        face = _round(r, 100_000, 3_000_000, 100) if r.random() < 0.6 else W.cents(r, 100_000, 2_000_000)
        share = r.choice((Decimal("0.3"), Decimal("0.5"), Decimal("1")))
        deposit = (face * share).quantize(W.CENT, ROUND_HALF_UP)
        fee = max(Decimal("10.00"), (face * Decimal("0.0005")).quantize(W.CENT, ROUND_HALF_UP))
        no = W.bill_no(r)
        b1 = self.bank(day, deposit, OUT, W.BANK, f"银承保证金 票号{no[-8:]}", "bill-deposit")
        self.pair(
            [b1], [self.book(self.lag(day), deposit, OUT, "建设银行", f"存入银承保证金 {p.short}", "bill-deposit")]
        )
        b2 = self.bank(day, fee, OUT, W.BANK, "银行承兑汇票手续费", "bill-fee")
        self.pair([b2], [self.book(self.lag(day), fee, OUT, "建设银行", "银承手续费", "bill-fee")])
        due = self.shift(_months(day, r.choice((3, 6))), 0)
        if share < 1 and r.random() < 0.7:
            b = self.bank(due, face - deposit, OUT, W.BANK, f"银承到期扣款 票号{no[-8:]}", "bill-due")
            if b is not None:
                self.pair(
                    [b], [self.book(self.lag(due), face - deposit, OUT, p.short, f"银承到期兑付{p.short}", "bill-due")]
                )
        elif r.random() < 0.5:  # the face from the account, the deposit released back
            b = self.bank(due, face, OUT, W.BANK, f"银承到期扣款 票号{no[-8:]}", "bill-due")
            c = self.bank(due, deposit, IN, W.BANK, "保证金解付 转活期", "bill-release")
            if b is not None and c is not None:
                self.pair([b], [self.book(self.lag(due), face, OUT, p.short, f"银承到期兑付{p.short}", "bill-due")])
                self.pair([c], [self.book(self.lag(due), deposit, IN, "建设银行", "收回银承保证金", "bill-release")])

    def bill_discount(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.clients)
        face = _round(r, 100_000, 2_000_000, 1000) if r.random() < 0.5 else W.cents(r, 50_000, 2_000_000)
        days = r.randint(30, 180)
        interest = (face * Decimal(str(round(r.uniform(0.011, 0.019), 4))) * days / 360).quantize(W.CENT, ROUND_HALF_UP)
        no = W.bill_no(r)
        b = self.bank(day, face - interest, IN, W.BANK, f"贴现款入账 {no[-8:]}", "discount")
        d = self.lag(day)
        if r.random() < 0.35:
            self.pair([b], [self.book(d, face - interest, IN, p.short, f"{p.short}银承贴现", "discount-net")])
        else:
            j = self.book(d, face, IN, p.short, f"{p.short}银承贴现 票号{no[-6:]}", "discount-gross")
            k = self.book(d, interest, OUT, "建设银行", "贴现利息", "discount-gross")
            self.pair([b], [j, k])
            self.bank_raw[b] = self.bank_raw[b][:6] + ("discount-gross",)

    def bill_collect(self, day: dt.date) -> None:
        r = self.r
        p = r.choice(self.clients)
        face = _round(r, 50_000, 1_500_000, 1000) if r.random() < 0.5 else W.cents(r, 30_000, 1_500_000)
        no = W.bill_no(r)
        b = self.bank(day, face, IN, p.full if r.random() < 0.5 else "", f"托收票款 票据到期 {no[-8:]}", "collect")
        j = self.book(
            self.shift(day, r.choice((0, 0, 1, 2, 3, 5))), face, IN, p.short, f"收{p.short}银承到期款", "collect"
        )
        self.pair([b], [j])

    def bill_pool(self, day: dt.date) -> None:
        r = self.r
        faces = [W.cents(r, 30_000, 800_000) for _ in range(r.randint(2, 5))]
        b = self.bank(day, sum(faces, Decimal(0)), IN, W.BANK, "票据池到期款划转 出池", "pool")
        d = self.lag(day)
        js = []
        for f in faces:
            p = r.choice(self.clients)
            js.append(self.book(d, f, IN, p.short, f"收{p.short}银承到期 {W.bill_no(r)[-6:]}", "pool"))
        self.pair([b], js)

    # -- loans, deposits, tenders -----------------------------------------------------------------------------------
    def loan_new(self, day: dt.date) -> None:
        r = self.r
        no = f"{r.randrange(10**7, 10**8)}"
        amt = _round(r, 3_000_000, 20_000_000, 1_000_000)
        b = self.bank(day, amt, IN, W.BANK, f"贷款发放 借据{no}", "loan")
        self.pair([b], [self.book(day, amt, IN, "建设银行", "取得短期借款", "loan")])
        back = self.shift(_months(day, r.choice((6, 12))), 0)
        self.loans.append((no, amt, Decimal(str(round(r.uniform(0.030, 0.0385), 4))), back))
        c = self.bank(back, amt, OUT, W.BANK, f"贷款还本 借据{no}", "loan")
        if c is not None:
            self.pair([c], [self.book(back, amt, OUT, "建设银行", "归还短期借款", "loan")])

    def quarter_interest(self, day: dt.date) -> None:
        """The 21st of the quarter's last month: one 结息 debit per 借据, the 委贷 interest, the 活期 interest."""
        r = self.r
        bs, total = [], Decimal(0)
        for no, principal, rate, repaid in self.loans:
            if repaid <= day:
                continue
            amt = (principal * rate * r.randint(88, 92) / 360).quantize(W.CENT, ROUND_HALF_UP)
            bs.append(self.bank(day, amt, OUT, W.BANK, f"贷款利息 借据{no}", "loan-interest"))
            total += amt
        per_loan = r.random() < 0.6
        d = self.shift(day, r.choice((0, 0, 1))) if per_loan else self.month_end(day)
        if per_loan:
            for b in bs:
                if b is not None:
                    self.pair(
                        [b], [self.book(d, self.bank_raw[b][1], OUT, "建设银行", "支付借款利息", "loan-interest")]
                    )
        elif bs:
            self.pair(bs, [self.book(d, total, OUT, "建设银行", f"支付{day.month}月季度借款利息", "loan-interest")])
        gross = (self.entrusted * Decimal("0.045") * 91 / 360).quantize(W.CENT, ROUND_HALF_UP)
        fee = (gross * Decimal("0.02")).quantize(W.CENT, ROUND_HALF_UP)
        b = self.bank(day, gross, IN, W.AFFILIATE[0], "委托贷款利息", "entrusted")
        c = self.bank(day, fee, OUT, W.BANK, "委托贷款手续费", "entrusted")
        if r.random() < 0.5:
            self.pair([b], [self.book(d, gross, IN, W.AFFILIATE[1], "收委托贷款利息", "entrusted")])
            self.pair([c], [self.book(d, fee, OUT, "建设银行", "委托贷款手续费", "entrusted")])
        else:
            self.pair([b, c], [self.book(d, gross - fee, IN, W.AFFILIATE[1], "收委贷利息(扣手续费)", "entrusted")])
        cur = W.cents(r, 2000, 15000)
        b = self.bank(day, cur, IN, "", "结息 活期存款利息", "interest")
        self.pair([b], [self.book(self.month_end(day), cur, IN, "建设银行", "活期利息", "interest")])

    def time_deposit(self, day: dt.date) -> None:
        r = self.r
        amt = _round(r, 1_000_000, 8_000_000, 500_000)
        b = self.bank(day, amt, OUT, W.BANK, "转定期 整存整取", "deposit")
        self.pair([b], [self.book(day, amt, OUT, "建设银行", "转存三个月定期存款", "deposit")])
        due = self.shift(_months(day, 3), 0)
        interest = (amt * Decimal("0.0125") * (due - day).days / 360).quantize(W.CENT, ROUND_HALF_UP)
        u = r.random()
        if u < 0.5:
            c = self.bank(due, amt + interest, IN, W.BANK, "定期到期 本息转活期", "deposit-due")
            if c is not None:
                d = self.lag(due)
                j = self.book(d, amt, IN, "建设银行", "定期存款到期转回", "deposit-due")
                k = self.book(d, interest, IN, "建设银行", "定期存款利息", "deposit-due")
                self.pair([c], [j, k])
        else:
            c = self.bank(due, amt, IN, W.BANK, "定期到期 本金转活期", "deposit-due")
            e = self.bank(due, interest, IN, W.BANK, "定期利息", "deposit-due")
            if c is None or e is None:
                return
            d = self.lag(due)
            if u < 0.75:
                self.pair([c, e], [self.book(d, amt + interest, IN, "建设银行", "定期存款到期本息", "deposit-due")])
            else:
                self.pair([c], [self.book(d, amt, IN, "建设银行", "定期存款到期转回", "deposit-due")])
                self.pair([e], [self.book(d, interest, IN, "建设银行", "定期存款利息", "deposit-due")])

    def tender(self, day: dt.date) -> None:
        r = self.r
        centre = r.choice(W.TENDER)
        proj = r.choice(W.PROJECTS)
        amt = Decimal(r.choice((50_000, 100_000, 200_000, 300_000, 500_000, 800_000))).quantize(W.CENT)
        b = self.bank(day, amt, OUT, centre, f"投标保证金{proj}", "tender")
        self.pair([b], [self.book(self.lag(day), amt, OUT, centre, f"付{proj}项目投标保证金", "tender")])
        if r.random() < 0.25:
            return  # won: it becomes the 履约保证金, no return
        back = self.shift(day, r.randint(20, 45))
        interest = W.cents(r, 3, 400) if r.random() < 0.4 else Decimal(0)
        c = self.bank(back, amt + interest, IN, centre, f"退还投标保证金{proj}", "tender-back")
        if c is None:
            return
        d = self.lag(back)
        if interest and r.random() < 0.5:
            j = self.book(d, amt, IN, centre, f"收回{proj}投标保证金", "tender-back")
            k = self.book(d, interest, IN, centre, "投标保证金利息", "tender-back")
            self.pair([c], [j, k])
        else:
            self.pair([c], [self.book(d, amt + interest, IN, centre, f"收回{proj}投标保证金", "tender-back")])

    # -- the month ---------------------------------------------------------------------------------------------------
    def payroll(self, day: dt.date) -> None:
        r = self.r
        total = W.cents(r, 1_800_000, 2_600_000)
        b = self.bank(day, total, OUT, "", "代发工资", "payroll")
        returns = []
        for _ in range(r.choices((0, 1, 2, 3), (4, 3, 2, 1))[0]):
            who = W.person(r)
            amt = W.cents(r, 4000, 14000)
            back = self.shift(day, r.randint(1, 3))
            c = self.bank(
                back,
                amt,
                IN,
                who,
                f"代发退回 {who} {r.choice(('户名不符', '账户冻结', '账户已销户'))}",
                "payroll-return",
            )
            again = self.shift(back, r.randint(1, 5))
            e = self.bank(again, amt, OUT, who, f"补发工资 {who}", "payroll-repay")
            if c is not None:
                returns.append((c, who, amt, back))
            if e is not None:
                self.pair([e], [self.book(again, amt, OUT, who, f"补发{who}工资", "payroll-repay")])
        if returns and r.random() < 0.5:
            net = total - sum((a for _, _, a, _ in returns), Decimal(0))
            j = self.book(max(x[3] for x in returns), net, OUT, "", f"发放{day.month}月工资(扣退回)", "payroll-net")
            self.pair([b, *(c for c, _, _, _ in returns)], [j])
            self.bank_raw[b] = self.bank_raw[b][:6] + ("payroll-net",)
        else:
            self.pair([b], [self.book(day, total, OUT, "", f"发放{day.month}月工资", "payroll")])
            for c, who, amt, back in returns:
                self.pair([c], [self.book(self.lag(back), amt, IN, who, f"{who}工资退回", "payroll-return")])

    def taxes(self, day: dt.date) -> None:
        r = self.r
        vat = W.cents(r, 150_000, 900_000)
        parts = [(name, (vat * Decimal(str(k))).quantize(W.CENT, ROUND_HALF_UP)) for name, k in W.TAXES]
        treasury = r.choice(W.TREASURY)
        total = sum((a for _, a in parts), Decimal(0))
        b = self.bank(day, total, OUT, treasury, f"电子缴税 {day:%Y%m}增值税等", "tax-split")
        d = self.lag(day)
        self.pair([b], [self.book(d, a, OUT, "税务局", f"缴纳{name}", "tax-split") for name, a in parts])
        levies = [("个人所得税", 60_000, 120_000), ("印花税", 800, 6000), ("社会保险费", 400_000, 550_000)]
        if day.month in (1, 4, 7, 10):
            levies.append(("企业所得税", 200_000, 1_200_000))
        for name, lo, hi in levies:
            amt = W.cents(r, lo, hi)
            b = self.bank(day, amt, OUT, treasury if r.random() < 0.7 else "", f"电子缴税 {name}", "tax")
            self.pair([b], [self.book(self.lag(day), amt, OUT, "税务局", f"缴纳{name}", "tax")])

    def run(self) -> None:
        r = self.r
        events = (
            (46, self.payment),
            (14, self.receipt),
            (1.2, self.bill_issue),
            (1.0, self.bill_discount),
            (1.2, self.bill_collect),
            (0.4, self.bill_pool),
            (1.2, self.tender),
            (0.06, self.time_deposit),
            (0.03, self.loan_new),
        )
        cum, acc = [], 0.0
        for w, _ in events:
            acc += w
            cum.append(acc)
        done: set[tuple[int, int, str]] = set()
        for day in self.days:
            ym = (day.year, day.month)
            for what, from_day, fn in (("pay", 10, self.payroll), ("tax", 12, self.taxes), ("int", 21, None)):
                if day.day >= from_day and (*ym, what) not in done:
                    done.add((*ym, what))
                    if fn is not None:
                        fn(day)
                    elif day.month in (3, 6, 9, 12):
                        self.quarter_interest(day)
            k = 0
            while k < PER_DAY - 12:
                before = len(self.bank_raw)
                events[bisect.bisect_left(cum, r.random() * acc)][1](day)
                k += len(self.bank_raw) - before
            self.close_day(day)
        for _ in range(len(self.days) * 4):  # outstanding payments: journal-only
            p = r.choice(self.suppliers)
            self.book(r.choice(self.days), W.cents(r, 1000, p.scale), OUT, p.short, f"付{p.short}材料款", "open")
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
