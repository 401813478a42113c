"""The company, its parties, its calendar and the two exports of the seventh data set (see ``gen_seventh.py``).

``World`` holds what every scenario needs: the parties (customers, vendors, employees), the document counters, the
working days, how the bank words a line (three narrative formats: a plain US CSV, Chase-style ``ORIG CO NAME:``
ACH detail, BofA-style ``DES: ID: INDN:``) and how the ERP books one (QuickBooks ``Num``/memo, Xero references,
NetSuite internal numbers). Lines are kept with provisional ids; ``gen_seventh`` renames them in date order.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from reconcile.engine import Line
from reconcile.engine.types import IN, OUT

from . import gen_seventh_words as W

OURCO = "NORTHBRIDGE SUPPLY"
ERPS = ("quickbooks", "xero", "netsuite")
BANKS = ("plain", "chase", "bofa")
D0 = Decimal(0)
LATE = 0.08  # share of journal entries booked 3-7 calendar days after the bank saw them


class World:
    def __init__(self, seed: int, days: int, start: dt.date) -> None:
        self.r = random.Random(seed)
        self.erp = ERPS[seed % 3]
        self.fmt = BANKS[seed // 3 % 3]
        self.cal = W.USCalendar(start, days + 40)
        self.days = [d for d in self.cal.workdays if d >= start]
        self.start = start
        r = self.r
        n_cust, n_vend = 300 + days * 6, 120 + days * 2
        self.customers = [W.make_party(r) for _ in range(n_cust)]
        self.vendors = [W.make_party(r, dba=0.02) for _ in range(n_vend)]
        # a customer's habit: how it pays, what it pays (a retainer repeats), whether it quotes the invoice
        self.habit = [
            (
                r.choices(("ach", "wire", "check", "zelle", "bill.com"), (64, 13, 10, 3, 10))[0],
                r.choice(W.ROUND) if r.random() < 0.15 else "",
                r.random() < 0.35,
                r.lognormvariate(7.2, 0.8),
            )
            for _ in self.customers
        ]
        for k, p in enumerate(self.customers):
            if p.person and self.habit[k][0] not in ("zelle", "check"):
                self.habit[k] = ("zelle", *self.habit[k][1:])
        self.vend_median = [r.lognormvariate(6.8, 1.0) for _ in self.vendors]
        self.bank: list[list[object]] = []  # [pid, date, amount, dir, ref, cp, text]
        self.journal: list[list[object]] = []
        self.truth: list[tuple[list[str], list[str]]] = []
        self.tags: dict[str, str] = {}
        self.inv = 1001 + r.randrange(3000)
        self.bill = 1
        self.check = 10234 + r.randrange(5000)
        self.doc = 2000 + r.randrange(5000)

    # -- dates ----------------------------------------------------------------------------------------------------

    def roll(self, day: dt.date) -> dt.date:
        """The next working day on or after ``day`` (a bank posts nothing on weekends and holidays)."""
        while not self.cal.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def work(self, day: dt.date, k: int) -> dt.date:
        step = 1 if k >= 0 else -1
        for _ in range(abs(k)):
            day = day + dt.timedelta(days=step)
            while not self.cal.is_workday(day):
                day += dt.timedelta(days=step)
        return day

    def booked(self, bank_day: dt.date, early: float = 0.08) -> dt.date:
        """When the bookkeeper dated it: mostly the bank's day, sometimes a day early, now and then a week late."""
        x = self.r.random()
        if x < LATE:
            return self.roll(bank_day + dt.timedelta(days=self.r.randint(3, 7)))
        if x < LATE + early:
            return self.work(bank_day, -1)
        if x < LATE + early + 0.06:
            return self.work(bank_day, 1)
        return bank_day

    # -- emitting -------------------------------------------------------------------------------------------------

    def b(self, day: dt.date, amount: Decimal, d: str, text: str, tag: str, ref: str = "", cp: str = "") -> str:
        pid = f"b{len(self.bank)}"
        self.bank.append([pid, day, amount, d, ref, cp[:35], text])
        self.tags[pid] = tag
        return pid

    def j(self, day: dt.date, amount: Decimal, d: str, text: str, tag: str, ref: str = "", cp: str = "") -> str:
        pid = f"j{len(self.journal)}"
        self.journal.append([pid, day, amount, d, ref, cp, text])
        self.tags[pid] = tag
        return pid

    def total(self, pids: list[str]) -> Decimal:
        """The sum of lines by provisional id (``b12`` is ``self.bank[12]`` until the cut-off renumbers)."""
        out = D0
        for pid in pids:
            a = (self.bank if pid[0] == "b" else self.journal)[int(pid[1:])][2]
            assert isinstance(a, Decimal)
            out += a
        return out

    def t(self, bank_ids: list[str], journal_ids: list[str]) -> None:
        self.truth.append((bank_ids, journal_ids))

    # -- documents --------------------------------------------------------------------------------------------------

    def next_invoice(self) -> str:
        self.inv += 1
        return W.invoice_no("INV", self.inv, self.erp)

    def next_check(self) -> str:
        self.check += 1
        return str(self.check)

    def next_doc(self) -> str:
        self.doc += 1
        return str(self.doc)

    def vendor_bill(self) -> str:
        """The vendor's own invoice number, as typed from the paper bill."""
        r = self.r
        return r.choice(
            (
                f"{r.randrange(10000, 99999)}",
                f"A-{r.randrange(1000, 9999)}",
                f"{r.randrange(100, 999)}-{r.randrange(10, 99)}",
            )
        )

    # -- the bank's words -----------------------------------------------------------------------------------------

    def ach(self, day: dt.date, name: str, descr: str, ind: str, credit: bool) -> str:
        r = self.r
        if self.fmt == "chase":
            ymd = day.strftime("%y%m%d")
            return (
                f"ORIG CO NAME:{name} ORIG ID:{r.randrange(10**9, 10**10)} DESC DATE:{ymd} CO ENTRY DESCR:{descr[:10]} "
                f"SEC:{r.choice(('CCD', 'CCD', 'PPD', 'CTX'))} TRACE#:{r.randrange(10**14, 10**15)} EED:{ymd} "
                f"IND ID:{ind} IND NAME:{OURCO} TRN: {r.randrange(10**9, 10**10)}TC"
            )
        if self.fmt == "bofa":
            return f"{name} DES:{descr[:10]} ID:{ind} INDN:{OURCO} CO ID:{r.randrange(10**9, 10**10)} CCD"
        return f"ACH {'CREDIT' if credit else 'DEBIT'} {name} {descr} {ind}".rstrip()

    def wire(self, day: dt.date, name: str, incoming: bool, detail: str) -> str:
        r = self.r
        trn = f"{day:%Y%m%d}{r.choice('BCFL')}{r.randrange(10**6, 10**7)}"
        if self.fmt == "chase":
            side = "B/O" if incoming else "BNF"
            kind = "FEDWIRE CREDIT" if incoming else "FEDWIRE DEBIT"
            return f"{kind} VIA: {r.choice(('WELLS FARGO NA', 'CITIBANK NA', 'PNC BANK', 'US BANK'))} {side}: {name} REF: {detail} IMAD: {trn} TRN: {r.randrange(10**9, 10**10)}"
        if self.fmt == "bofa":
            kind = "WIRE IN" if incoming else "WIRE OUT"
            party = "ORIG" if incoming else "BNF"
            return f"WIRE TYPE:{kind} DATE:{day:%y%m%d} TIME:{r.randrange(8, 17):02d}{r.randrange(60):02d} ET TRN:{trn} {party}:{name} PMT DET:{detail}"
        return f"WIRE {'IN' if incoming else 'OUT'} {name} REF {trn} {detail}".rstrip()

    def check_text(self, no: str) -> str:
        return {"plain": f"CHECK {no}", "chase": f"CHECK # {no}", "bofa": f"Check {no}"}[self.fmt]

    def deposit_text(self, kind: str) -> tuple[str, str]:
        """(narrative, reference): a branch / remote / lockbox deposit; Chase shows the slip number."""
        r = self.r
        slip = f"{r.randrange(10**8, 10**9)}" if self.fmt == "chase" and r.random() < 0.5 else ""
        words = {
            "branch": ("DEPOSIT", "DEPOSIT ID NUMBER " + slip if slip else "DEPOSIT", "Counter Credit"),
            "remote": ("REMOTE DEPOSIT", f"REMOTE ONLINE DEPOSIT # {r.randrange(1, 9)}", "Mobile/Remote Deposit"),
            "lockbox": ("LOCKBOX DEPOSIT", f"LOCKBOX {r.randrange(10000, 99999)} DEPOSIT", "LOCKBOX DEP"),
        }[kind]
        return words[BANKS.index(self.fmt)], slip

    def bank_name(self, p: W.Party, kind: str) -> tuple[str, str]:
        """(counterparty field, name in the narrative). About a quarter of lines carry no counterparty field."""
        shown = p.ach if kind == "ach" else W.truncate(p.bank, self.r)
        cp = "" if self.r.random() < 0.25 else shown
        return cp, shown

    # -- the ERP's words ------------------------------------------------------------------------------------------

    def receipt(self, p: W.Party, invoices: list[str], paid_by: str) -> tuple[str, str]:
        """(reference, memo) of a customer payment as the ERP exports it."""
        r = self.r
        if self.erp == "quickbooks":
            ref = invoices[0] if r.random() < 0.5 else ""
            memo = r.choice(("", "Payment", f"Invoice {', '.join(invoices)}", f"{paid_by.upper()} pmt"))
            return ref, memo
        if self.erp == "xero":
            return invoices[0], f"Payment: {p.master}" + (f" {' '.join(invoices[1:])}" if invoices[1:] else "")
        return f"PYMT{self.next_doc()}", f"Customer Payment {' '.join(invoices)}"

    def payment(self, p: W.Party, bills: list[str], how: str, check: str = "") -> tuple[str, str]:
        """(reference, memo) of a bill payment."""
        r = self.r
        if self.erp == "quickbooks":
            memo = r.choice(("", f"Bill {bills[0]}", f"Acct {r.randrange(1000, 9999)}"))
            return check, memo or f"Bill Payment ({how.title()})"
        if self.erp == "xero":
            return check or bills[0], f"Payment: {p.master}"
        return check or f"BILLPMT{self.next_doc()}", f"Vendor Payment {' '.join(bills)}"


def to_line(row: list[object]) -> Line:
    pid, day, amount, d, ref, cp, text = row
    assert isinstance(day, dt.date) and isinstance(amount, Decimal) and d in (IN, OUT)
    return Line(str(pid), day, amount, str(d), str(ref), str(cp), str(text))


__all__ = ["IN", "OUT", "World", "to_line"]
