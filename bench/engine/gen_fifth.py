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
from decimal import Decimal

from .gen_fifth_books import CENT, PER_WORKDAY, START, Company, FifthBooks
from .gen_fifth_words import (
    _bank_latin,
)
from .generator import Case


class _Fifth(FifthBooks):
    """The events of a working day, each writing its bank lines, journal entries and truth."""

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
