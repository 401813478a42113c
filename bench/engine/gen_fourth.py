"""Independent generator 4: a foreign-invested company in China with an English-language ERP, written without
reading the engine's stages (its public API and ``bench_unseen.py`` only).

A fourth author's view, unlike ``generator.py``, ``gen_sepa.py``, ``gen_cn_layouts.py`` and ``gen_third.py``:

* **(a) English ERP exports** (QuickBooks "Bill Payment (Check)" / Xero "Payment: ..." / SAP FBL3N memos with a
  document number as reference): vendors and customers with Latin names; the ERP keeps a display name (registered,
  without its legal form, or shortened) in a Name column (QuickBooks, Xero) or only in the memo (SAP); the bank
  writes the name upper-cased, abbreviated (Intl/International, Ltd/Limited, Svcs, Trdg ...), "&"/"AND" swapped,
  punctuation dropped, legal form dropped, cut at 18-30 characters, a one-letter typo, or **not at all (25%)**;
  invoice numbers (INV-00123) on both sides in other forms (INV00123, INV 123, /INV/2025/00123, Invoice 123), on one
  side only, or on neither;
* **(b) Chinese lines**: mainland suppliers and customers (全称 at the bank, a per-party 简称 in the journal, in the
  对方单位 column or the 摘要 only), receipts that arrive through 财付通 / 支付宝 / 银联商务 (the platform as payer,
  its own 摘要 words, settled T+1 on any calendar day), 摘要 variants;
* **(c) same-amount clusters**: monthly rents of one figure to several landlords, salaries of one grade to several
  employees on one day (individual transfers), fixed monthly fees to several service vendors; dates 0-3 days apart
  across weekends and the mainland holidays with their make-up working days; names decide;
* **(d) payment runs**: one bank debit = 2-6 journal payments to different payees, the marker written BULK PAYMENT /
  Batch Payment #n / F110 PAYMENT RUN / GIRO BULK DEBIT / MULTIPLE PAYEES (n) / 批量代付 / 网银批量转账 共n笔 /
  合并付款; entries on the bank's day or 1-2 working days before; **split receipts**: one invoice (one journal line)
  paid in 2-3 bank lines (instalments over a few days, or a wire cut by the bank's limit);
* **(e) noise that must stay unmatched**: bank-only fees and interest (SERVICE CHARGE, WIRE FEE, 手续费, INTEREST
  CREDIT, 结息), journal-only outstanding cheques and deposits in transit.

Ground truth: ``Case.truth`` (kind "1:1", "1:N" one bank line to N journal lines, "N:1"). ``generate(n_bank, seed)``;
in memory only.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from reconcile.engine import Line

from .gen_fourth_words import (
    CN_IN_TEXTS,
    CN_OUT_TEXTS,
    CN_TRADES,
    CORE,
    HEADS,
    PLATFORM_TEXTS,
    PLATFORMS,
    TRADES,
    CnParty,
    HolidayCalendar,
    Vendor,
    bank_latin,
    person,
)
from .generator import Case

START = dt.date(2025, 3, 3)
PER_WORKDAY = 360
CENT = Decimal("0.01")
RUN_MARKERS = ["BULK PAYMENT", "Batch Payment #{n}", "F110 PAYMENT RUN {d:%Y%m%d}", "GIRO BULK DEBIT"]
RUN_MARKERS += ["MULTIPLE PAYEES ({k})", "批量代付", "网银批量转账 共{k}笔", "合并付款", "BULK TRF {k} ITEMS"]
RUN_MARKERS += ["Xero Batch Payment", "PAYROLL/AP BATCH {n}"]
OUT_WORDS = ["OUTWARD TT", "FAST PAYMENT", "TRF TO", "ACH DEBIT", "IBG DEBIT", "TELEGRAPHIC TRANSFER"]
IN_WORDS = ["INWARD REMITTANCE", "IBG CREDIT", "FAST RECEIPT", "TT CREDIT", "CHEQUE DEPOSIT", "TRANSFER FROM"]
FEES = [("SERVICE CHARGE", "25.00"), ("WIRE FEE", "15.00"), ("COMMISSION", "8.00"), ("手续费", "10.00")]
FEES += [("手续费", "2.00"), ("CABLE CHARGE", "20.00"), ("短信通知费", "3.00"), ("ACCOUNT MAINTENANCE FEE", "50.00")]
LAG_OUT = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3]  # bank after the ERP's payment date (working days)
LAG_IN = [0, 0, 0, 0, 1, 1, 1, 2, 3, -1]  # ERP after the bank's receipt date


class _Fourth:
    def __init__(self, n_bank: int, seed: int) -> None:
        self.r = r = random.Random(seed)
        self.n_bank = n_bank
        days = int(n_bank / PER_WORKDAY * 1.5) + 40
        self.cal = HolidayCalendar(START, START + dt.timedelta(days=days))
        self.bank: list[Line] = []
        self.journal: list[Line] = []
        self.truth: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        n_latin = max(120, min(4000, n_bank // 30))
        n_cn = max(120, min(4000, n_bank // 30))
        seen: set[tuple[str, str]] = set()
        self.vendors: list[Vendor] = []
        while len(self.vendors) < n_latin:
            head = r.choice(HEADS) if r.random() < 0.7 else f"{r.choice(HEADS)} {r.choice(HEADS).split()[0]}"
            v = Vendor(r, head, r.choice(TRADES))
            if v.key not in seen:
                seen.add(v.key)
                self.vendors.append(v)
        self.cn: list[CnParty] = []
        while len(self.cn) < n_cn:
            p = CnParty(r, r.choice(CORE) + r.choice(CORE), r.choice(CN_TRADES))
            if p.key not in seen:
                seen.add(p.key)  # type: ignore[arg-type]
                self.cn.append(p)
        # Systems: the ERP of the whole book decides how memos look (one per seed, by seed % 3: 0 QuickBooks, 1 Xero, 2 SAP).
        self.erp = ("quickbooks", "xero", "sap")[seed % 3]
        self.staff = list(dict.fromkeys(person(r) for _ in range(max(60, min(1500, n_bank // 80)))))
        self.landlords = r.sample(self.vendors, 4) + r.sample(self.cn, 3)
        self.rent = Decimal(r.choice(("45000.00", "28000.00", "60000.00")))
        self.fixed = r.sample(self.vendors, 6)
        self.fixed_fee = Decimal(r.choice(("1200.00", "880.00", "2500.00")))
        self.inv = 100 + r.randrange(400)
        self.doc = 1_500_000_000 + r.randrange(10**6)
        self.run_no = r.randrange(100, 900)

    # -- emitting ---------------------------------------------------------------------------------------------------
    def _b(self, day: dt.date, amount: Decimal, d: str, cp: str, text: str, ref: str = "") -> str:
        i = f"BK{len(self.bank):07d}"
        self.bank.append(Line(i, day, amount, d, ref or f"{day:%y%m%d}{self.r.randrange(10**8):08d}", cp, text))
        return i

    def _j(self, day: dt.date, amount: Decimal, d: str, cp: str, text: str, ref: str = "") -> str:
        i = f"GL{len(self.journal):07d}"
        self.doc += 1
        if not ref:
            ref = str(self.doc) if self.erp == "sap" else ""
        self.journal.append(Line(i, day, amount, d, ref, cp, text))
        return i

    def _amount(self) -> Decimal:
        r = self.r
        x = 10 ** r.uniform(2.0, 5.8)
        if r.random() < 0.25:
            return Decimal(int(x / 50) * 50 + 50).quantize(CENT)
        return (Decimal(int(x * 100)) / 100).quantize(CENT)

    def _invoice(self) -> tuple[str, str]:
        """(ERP form, bank form or '') of a fresh invoice number."""
        r = self.r
        self.inv += r.randrange(1, 7)
        n = self.inv
        forms = [f"INV{n:05d}", f"INV {n}", f"/INV/2025/{n:05d}", f"Invoice {n}", f"INV-{n:05d}", f"{n:05d}"]
        return f"INV-{n:05d}", r.choice(forms)

    def _erp_memo(self, out: bool, name: str, inv: str) -> tuple[str, str, str]:
        """(counterparty column, memo, reference) of an ERP entry."""
        r = self.r
        if self.erp == "quickbooks":
            memo = (f"Bill Payment (Check) {name}" if out else f"Receive Payment {name}") + (f" {inv}" if inv else "")
            return name, memo, (inv if inv and r.random() < 0.4 else "")
        if self.erp == "xero":
            memo = f"Payment: {name}" + (f" - {inv}" if inv else "")
            return (name if r.random() < 0.8 else ""), memo, inv
        memo = f"{inv} {name.upper()[:25]}" if inv else f"{'KZ' if out else 'DZ'} {name.upper()[:25]}"
        return "", memo, ""  # the SAP document number as reference (set by _j)

    # -- (a) Latin-script 1:1 -----------------------------------------------------------------------------------------
    def latin(
        self, day: dt.date, v: Vendor | None = None, amount: Decimal | None = None, out: bool | None = None
    ) -> None:
        r = self.r
        v = v or r.choice(self.vendors)
        amount = amount or self._amount()
        out = r.random() < 0.55 if out is None else out
        inv, b_inv = self._invoice()
        x = r.random()
        j_inv, b_inv = (inv, b_inv) if x < 0.3 else (inv, "") if x < 0.55 else ("", b_inv) if x < 0.7 else ("", "")
        cp, memo, ref = self._erp_memo(out, v.erp, j_inv)
        b_cp = "" if r.random() < 0.25 else bank_latin(r, v)
        words = r.choice(OUT_WORDS if out else IN_WORDS)
        b_text = f"{words} {b_inv}".strip() if r.random() < 0.8 else f"{words} {b_cp} {b_inv}".strip()
        if out:
            j = self._j(day, amount, "out", cp, memo, ref)
            b = self._b(self.cal.after(day, r.choice(LAG_OUT)), amount, "out", b_cp, b_text)
        else:
            b_day = day
            b = self._b(b_day, amount, "in", b_cp, b_text)
            j = self._j(self.cal.after(b_day, max(0, r.choice(LAG_IN))), amount, "in", cp, memo, ref)
        self.truth.append(((b,), (j,), "1:1"))

    # -- (b) Chinese 1:1, platforms -----------------------------------------------------------------------------------
    def _cn_journal(self, p: CnParty, out: bool) -> tuple[str, str]:
        r = self.r
        text = r.choice(("付{n}货款", "支付{n}材料款", "{n}服务费")) if out else r.choice(("收{n}货款", "{n}回款"))
        if r.random() < 0.45:
            return "", text.format(n=p.short)  # 摘要 only
        return p.short, text.format(n=p.short if r.random() < 0.5 else "")

    def chinese(
        self, day: dt.date, p: CnParty | None = None, amount: Decimal | None = None, out: bool | None = None
    ) -> None:
        r = self.r
        p = p or r.choice(self.cn)
        amount = amount or self._amount()
        out = r.random() < 0.5 if out is None else out
        cp, text = self._cn_journal(p, out)
        if out:
            j = self._j(day, amount, "out", cp, text)
            b_cp = p.name if r.random() < 0.9 else ""
            b = self._b(self.cal.after(day, r.choice(LAG_OUT)), amount, "out", b_cp, r.choice(CN_OUT_TEXTS))
        elif r.random() < 0.3:  # through a payment platform: settled T+1 on any calendar day
            plat = r.choice(PLATFORMS)
            b_day = day + dt.timedelta(days=r.choice((1, 1, 2)))
            b = self._b(b_day, amount, "in", plat, r.choice(PLATFORM_TEXTS[plat]))
            j = self._j(self.cal.after(b_day, r.choice((0, 0, 1, 2))), amount, "in", cp, text)
            self.truth.append(((b,), (j,), "1:1"))
            return
        else:
            b_cp = p.name if r.random() < 0.85 else ""
            b = self._b(day, amount, "in", b_cp, r.choice(CN_IN_TEXTS))
            j = self._j(self.cal.after(day, max(0, r.choice(LAG_IN))), amount, "in", cp, text)
        self.truth.append(((b,), (j,), "1:1"))

    # -- (c) same-amount clusters -------------------------------------------------------------------------------------
    def month_start(self, day: dt.date) -> None:
        r = self.r
        for p in self.landlords:
            if isinstance(p, Vendor):
                self.latin(self.cal.after(day, r.choice((0, 0, 1, 2))), p, self.rent, out=True)
            else:
                self.chinese(self.cal.after(day, r.choice((0, 0, 1, 2))), p, self.rent, out=True)
        for v in self.fixed:
            self.latin(self.cal.after(day, r.choice((0, 1, 2, 3))), v, self.fixed_fee, out=True)

    def payroll(self, day: dt.date) -> None:
        """Individual salary transfers: a few grades, many employees at each, all on one ERP date."""
        r = self.r
        grades = [Decimal(g) for g in r.sample(("8500.00", "12000.00", "6800.00", "15500.00", "9200.00"), 3)]
        month = day.strftime("%b-%Y")
        for name in r.sample(self.staff, min(len(self.staff), r.randint(15, 40))):
            amount = r.choice(grades)
            memo = f"Salary {month} {name}" if self.erp != "sap" else f"SALARY {month.upper()} {name.upper()}"
            cp = name if self.erp != "sap" else ""
            j = self._j(day, amount, "out", cp, memo)
            b_cp = name.upper() if r.random() < 0.9 else ""
            b = self._b(self.cal.after(day, r.choice((0, 0, 0, 1))), amount, "out", b_cp, "SALARY")
            self.truth.append(((b,), (j,), "1:1"))

    def same_day_prices(self, day: dt.date) -> None:
        """Several customers paying one list price on nearby days."""
        r = self.r
        price = Decimal(r.choice(("1980.00", "3600.00", "999.00", "5000.00", "12800.00")))
        for _ in range(r.randint(2, 5)):
            if r.random() < 0.5:
                self.latin(day + dt.timedelta(days=r.choice((0, 0, 1))), amount=price, out=False)
            else:
                self.chinese(day, amount=price, out=False)

    # -- (d) payment runs and split receipts --------------------------------------------------------------------------
    def payment_run(self, day: dt.date) -> None:
        r = self.r
        k = r.choice((2, 2, 3, 3, 4, 4, 5, 6))
        js, total = [], Decimal(0)
        self.run_no += 1
        shared = f"F110-{day:%Y%m%d}" if self.erp == "sap" and r.random() < 0.5 else ""
        spread = r.random() < 0.3
        for _ in range(k):
            amount = self._amount()
            total += amount
            j_day = self.cal.before(day, r.choice((1, 2))) if spread and r.random() < 0.6 else day
            if r.random() < 0.7:
                v = r.choice(self.vendors)
                inv, _ = self._invoice()
                cp, memo, ref = self._erp_memo(True, v.erp, inv if r.random() < 0.6 else "")
            else:
                p = r.choice(self.cn)
                (cp, memo), ref = self._cn_journal(p, True), ""
            js.append(self._j(j_day, amount, "out", cp, memo, shared or ref))
        b_day = self.cal.after(day, r.choice((0, 0, 0, 1)))
        marker = r.choice(RUN_MARKERS).format(k=k, n=self.run_no, d=b_day)
        if r.random() < 0.08:
            marker = r.choice(OUT_WORDS)  # no marker at all: the bank wrote its generic word
        b = self._b(b_day, total, "out", r.choice(("", "", "ORIENT PRECISION (SHANGHAI) CO LTD")), marker)
        self.truth.append(((b,), tuple(js), "1:N"))

    def split_receipt(self, day: dt.date) -> None:
        r = self.r
        latin = r.random() < 0.6
        parts = [self._amount() for _ in range(r.choice((2, 2, 3)))]
        total = sum(parts, Decimal(0))
        b_days = sorted({self.cal.after(day, i) for i in r.sample((0, 1, 2, 3, 4), len(parts))})
        while len(b_days) < len(parts):
            b_days.append(b_days[-1])
        if latin:
            v = r.choice(self.vendors)
            inv, b_inv = self._invoice()
            cp, memo, ref = self._erp_memo(False, v.erp, inv)
            texts = [f"{r.choice(IN_WORDS)} PART {i + 1} {b_inv}" for i in range(len(parts))]
            names = [bank_latin(r, v) if r.random() < 0.75 else "" for _ in parts]
        else:
            p = r.choice(self.cn)
            cp, memo = self._cn_journal(p, False)
            ref = ""
            texts = [r.choice(("分期付款", "货款", "部分货款", "首付款")) for _ in parts]
            names = [p.name if r.random() < 0.85 else "" for _ in parts]
        bs = [self._b(d, a, "in", n, t) for d, a, n, t in zip(b_days, parts, names, texts)]
        j = self._j(self.cal.after(b_days[-1], r.choice((0, 0, 1))), total, "in", cp, memo, ref)
        self.truth.append((tuple(bs), (j,), "N:1"))

    # -- (e) noise ----------------------------------------------------------------------------------------------------
    def fees(self, day: dt.date) -> None:
        """Charges of a few standard amounts: booked one by one from the e-receipt (its serial in the memo), or the
        day's charges of one kind booked as one line, or not booked yet (bank-only)."""
        r = self.r
        how = r.random()
        lines: list[tuple[str, Decimal]] = []
        for _ in range(r.randint(1, 5)):
            word, amount = r.choice(FEES)
            b = self._b(day, Decimal(amount), "out", "", word)
            lines.append((b, Decimal(amount)))
            if how < 0.4 and r.random() < 0.7:
                memo = "Bank charges" if self.erp != "sap" else "BANK CHARGES"
                serial = self.bank[-1].reference
                j = self._j(
                    self.cal.after(day, r.choice((0, 1))), Decimal(amount), "out", "", f"{memo} {word} {serial}"
                )
                self.truth.append(((b,), (j,), "1:1"))
        if 0.4 <= how < 0.55 and len(lines) > 1:
            total = sum((a for _, a in lines), Decimal(0))
            j = self._j(self.cal.after(day, 1), total, "out", "", f"Bank charges {day:%d/%m/%Y}")
            self.truth.append((tuple(b for b, _ in lines), (j,), "N:1"))

    def noise(self, day: dt.date) -> None:
        r = self.r
        x = r.random()
        if x < 0.35:
            v = r.choice(self.vendors)
            self._j(day, self._amount(), "out", v.erp, f"Check #{r.randrange(1000, 9999):06d} {v.erp}")
        elif x < 0.55:
            self._j(day, self._amount(), "in", "", "Deposit - Undeposited Funds")
        elif x < 0.8:
            self._b(
                day,
                (Decimal(r.randrange(50, 300_000)) / 100).quantize(CENT),
                "in",
                "",
                r.choice(("INTEREST CREDIT", "结息")),
            )
        else:
            self._b(day, self._amount(), "out", "国家金库上海市分库", "TAX DIRECT DEBIT 代扣税款")

    def run(self) -> Case:
        r = self.r
        i = self.cal.workdays.index(self.cal.after(START, 0))
        while len(self.bank) < self.n_bank:
            day = self.cal.workdays[i]
            if self.cal.workdays[i - 1].month != day.month:
                self.month_start(day)
            if self.cal.workdays[i + 1].month != day.month:
                self.payroll(day)
            i += 1
            budget = PER_WORKDAY
            while budget > 0:
                x = r.random()
                if x < 0.45:
                    self.latin(day)
                elif x < 0.78:
                    self.chinese(day)
                elif x < 0.81:
                    self.same_day_prices(day)
                    budget -= 3
                elif x < 0.845:
                    self.payment_run(day)
                elif x < 0.865:
                    self.split_receipt(day)
                    budget -= 1
                elif x < 0.90:
                    self.fees(day)
                    budget -= 2
                else:
                    self.noise(day)
                budget -= 1
        bank = sorted(self.bank, key=lambda b: (b.date, r.random()))
        journal = sorted(self.journal, key=lambda j: (j.date, r.random()))
        return Case(bank=bank, journal=journal, truth=self.truth, calendar=self.cal)


def generate(n_bank: int, seed: int) -> Case:
    return _Fourth(n_bank, seed).run()
