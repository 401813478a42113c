"""A sixth, independent data set: a Hong Kong / Macau / Taiwan-facing trading group's HKD account.

Written from the engine's ``Line`` and ``match`` signature only (not tuned on it), so it is a world the engine has
not seen. ``generate(n, seed) -> Case``: about ``n`` bank lines, volume by working days, nothing written to disk.

**The world.** Bank side: a Hong Kong bank's export (seed % 3: HSBC HK / BOCHK / Hang Seng narrative styles).
Counterparties in traditional Chinese (香港恒豐貿易有限公司, 陳大文) or romanised English (HANG FUNG TRADING CO LTD,
CHAN TAI MAN; Taiwanese parties in Wade-Giles: YUNG FA ...), cut to 35 characters as SWIFT fields are; the
narrative is two 35-character fields. FPS (轉數快) payments carry an FPS reference (FRN...) as the bank reference and
post on weekends and holidays too; cheques ("CHQ 001234", the number as reference) clear 2-15 calendar days after
issue; autopay payroll (one debit "AUTOPAY OUT BATCH 0042" for 3-40 salaries); TT charges, FPS fees, monthly
service charges and interest; rent to landlords of equal monthly amounts and retainer invoices of equal amounts.
Journal side: an ERP in simplified Chinese (香港恒丰贸易有限公司 / 恒丰贸易) or English as the accountant typed it
(Hang Fung Trading Ltd, "Chan T.M."), one vendor-master spelling per party (10% of lines typed otherwise), summaries
收货款 / 付货款 / 支付租金 / 工资, invoice numbers INV-2026-00123 (the bank narrative carries it in ~40% of invoice
lines, sometimes reformatted: INV202600123), cheque numbers in ~90% of cheque entries, ~15% of entries without a
counterparty (half of those name it in the summary). Booked on the issue / receipt date; the bank posts 0-3 working
days either side (FPS on the calendar day, weekends included).

**Noise.** ~7% bank-only lines (receipts not yet booked, charges, interest), ~4% journal-only (uncleared cheques,
payments in transit), reversals (a journal entry booked to the wrong party or amount, its 冲销 and the right
entry; a returned FPS at the bank), same-amount clusters (rent, retainers, salaries), group companies of one brand.

**Truth.** ``1:1`` pairs; ``1:N`` (payroll batches, one FPS paying several invoices of one supplier, a cheque
deposit of several customers' cheques); ``N:1`` (a day's small FPS receipts booked as one total).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from reconcile.engine import Line

from . import gen_sixth_words as W
from .generator import Calendar, Case

START = dt.date(2026, 1, 2)
BANK_PER_DAY = 45  # at least this many bank lines per working day (about 70 on average): sizes the calendar
CENT = Decimal("0.01")


class HKCalendar(Calendar):
    """Weekends plus Hong Kong general holidays (fixed approximations; lunar dates moved to fixed days)."""

    @staticmethod
    def is_workday(day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        md = (day.month, day.day)
        return md not in {
            (1, 1),
            (2, 17),
            (2, 18),
            (2, 19),
            (4, 3),
            (4, 6),
            (5, 1),
            (5, 25),
            (7, 1),
            (10, 1),
        } and md not in {
            (10, 19),
            (12, 25),
            (12, 26),
        }


@dataclass
class Party:
    key: int
    person: bool
    place: str
    trad: str
    simp: str
    short_simp: str
    en_bank: str  # as the bank's records hold it
    en_typed: str  # as the accountant typed it into the vendor master
    journal_style: str  # the vendor master's spelling: "simp" | "short" | "en"


def _amount(rng: random.Random, lo: float, hi: float, round_share: float = 0.3) -> Decimal:
    v = math.exp(rng.uniform(math.log(lo), math.log(hi)))
    if rng.random() < round_share:
        return Decimal(int(v / 100) * 100 + 100).quantize(CENT)
    return Decimal(str(round(v, 2))).quantize(CENT)


class _World:
    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = n
        self.bank_style = W.BANKS[seed % 3]
        days = max(40, n // BANK_PER_DAY + 30)
        self.cal = HKCalendar(START, days)
        self.bank: list[Line] = []
        self.journal: list[Line] = []
        self.truth: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        self.inv = 0
        self.chq = self.rng.randint(100, 5000)
        self.batch = self.rng.randint(1, 300)
        self.jv = 0
        self.parties = [self._party(k, person=False) for k in range(max(60, n // 150))]
        self.people = [self._party(k, person=True) for k in range(max(80, n // 200))]
        self.staff = self.people[: max(40, len(self.people) // 3)]
        self.retail = self.people[len(self.staff) :]
        self.landlords = self.rng.sample(self.parties, min(12, len(self.parties) // 5))
        self.rents = {
            p.key: Decimal(self.rng.choice([38000, 45000, 38000, 52000, 28500])).quantize(CENT) for p in self.landlords
        }
        self.retainers = {
            p.key: Decimal(self.rng.choice([12800, 9800, 12800, 6500])).quantize(CENT) for p in self.parties[:20]
        }

    # ---- parties and their spellings -------------------------------------------------------------
    def _party(self, key: int, person: bool) -> Party:
        r = self.rng
        place = r.choices(["HK", "MO", "TW"], [0.7, 0.12, 0.18])[0]
        rom = 3 if place == "TW" else 2
        style = r.choices(["simp", "short", "en"], [0.45, 0.2, 0.35])[0]
        if person:
            s, g = r.choice(W.SURNAMES), r.choice(W.GIVEN)
            en = f"{s[rom]} {g[rom]}"
            initials = ".".join(w[0] for w in g[rom].split()) + "."
            typed = r.choice(
                [f"{s[rom].title()} {g[rom].title()}", f"{s[rom].title()} {initials}", f"{s[rom]} {initials}"]
            )
            return Party(key, True, place, s[0] + g[0], s[1] + g[1], s[1] + g[1], en, typed, style)
        b, ind = r.choice(W.BRANDS), r.choice(W.INDUSTRIES)
        pre_t, pre_s, form_t, forms_en, form_typed = W.PLACES[place]
        form_s = form_t.replace("限", "限")  # same in both scripts
        en_bank = f"{b[rom]} {ind[2]} {r.choice(forms_en)}"
        typed = r.choice([f"{b[rom].title()} {ind[3]} {form_typed}", f"{b[rom].title()} {ind[3]}", f"{b[rom].title()}"])
        return Party(
            key,
            False,
            place,
            pre_t + b[0] + ind[0] + form_t,
            pre_s + b[1] + ind[1] + form_s,
            b[1] + ind[1],
            en_bank,
            typed,
            style,
        )

    def bank_name(self, p: Party) -> str:
        if p.person:
            s = p.en_bank if self.rng.random() < 0.6 else p.trad
            if s == p.en_bank and self.rng.random() < 0.2:
                parts = s.split()
                s = parts[0] + " " + " ".join(w[0] for w in parts[1:])  # CHAN T M
            return s[:35]
        return (p.trad if self.rng.random() < 0.5 else p.en_bank)[:35]

    def journal_name(self, p: Party) -> str:
        style = p.journal_style if self.rng.random() < 0.9 else self.rng.choice(["simp", "short", "en"])
        return {"simp": p.simp, "short": p.short_simp, "en": p.en_typed}[style]

    # ---- lines ----------------------------------------------------------------------------------
    def b(self, day: dt.date, amount: Decimal, d: str, ref: str = "", cp: str = "", text: str = "") -> str:
        i = f"B{len(self.bank) + 1:07d}"
        t1, t2 = text[:35], text[35:70]
        self.bank.append(Line(i, day, amount, d, ref, cp[:35], (t1 + " " + t2).strip()))
        return i

    def j(self, day: dt.date, amount: Decimal, d: str, p: Party | None, summary: str, ref: str = "") -> str:
        i = f"J{len(self.journal) + 1:07d}"
        cp = ""
        if p is not None:
            if self.rng.random() < 0.15:
                if self.rng.random() < 0.5:
                    summary = f"{summary} {self.journal_name(p)}"
            else:
                cp = self.journal_name(p)
        self.jv += 1
        self.journal.append(Line(i, day, amount, d, ref or f"JV{day:%y%m}-{self.jv % 100000:05d}", cp, summary))
        return i

    def pair(self, b: str, j: str) -> None:
        self.truth.append(((b,), (j,), "1:1"))

    def shift(self, day: dt.date, workdays: int) -> dt.date:
        w = self.cal.workdays
        k = self.cal.ordinal(day) - self.cal.ordinal(w[0])
        if not self.cal.is_workday(day) and workdays < 0:
            k += 1
        return w[max(0, min(len(w) - 1, k + workdays))]

    def lag(self) -> int:
        return self.rng.choices([-1, 0, 1, 2, 3], [0.05, 0.6, 0.22, 0.09, 0.04])[0]

    def new_invoice(self) -> str:
        self.inv += 1
        return f"INV-2026-{self.inv:05d}"

    def inv_in_bank(self, inv: str) -> str:
        if self.rng.random() >= 0.4:
            return ""
        return self.rng.choice([inv, inv, inv.replace("-", ""), inv[4:], "/" + inv])

    def fps_ref(self, day: dt.date) -> str:
        return f"FRN{day:%Y%m%d}{self.rng.randint(10**7, 10**8 - 1)}"

    # ---- events ---------------------------------------------------------------------------------
    def receipt(self, day: dt.date, p: Party, amount: Decimal, inv: str, outstanding: bool) -> None:
        """A customer pays an invoice by FPS or TT; FPS may post on the weekend before the booking day."""
        fps = self.rng.random() < 0.7
        bday = self.shift(day, self.lag())
        if fps and self.rng.random() < 0.15:
            bday = day - dt.timedelta(days=self.rng.randint(1, 3))  # received on the weekend / holiday, booked after
        bref = self.inv_in_bank(inv)
        if fps:
            text = {"HSBC": f"FPS CR {bref}", "BOCHK": f"轉數快 入賬 {bref}", "HASE": f"FPS PAYMENT IN {bref}"}[
                self.bank_style
            ]
            bid = self.b(bday, amount, "in", self.fps_ref(bday), self.bank_name(p), text)
        else:
            text = f"TT IN {self.bank_name(p)} {bref}"
            bid = self.b(bday, amount, "in", f"TT{self.rng.randint(10**9, 10**10 - 1)}", self.bank_name(p), text)
        if outstanding:
            return
        summary = self.rng.choice(["收货款", "收货款", "收到货款", "收款"]) + " " + inv
        jid = self.j(day, amount, "in", p, summary, ref=inv if self.rng.random() < 0.5 else "")
        self.pair(bid, jid)

    def payment(self, day: dt.date, p: Party, amount: Decimal, summary: str, inv: str, outstanding: bool) -> None:
        r = self.rng
        how = r.choices(["fps", "tt", "chq"], [0.45, 0.2, 0.35])[0]
        jref = ""
        if how == "chq":
            self.chq += 1
            no = f"{self.chq:06d}"
            if r.random() < 0.9:
                summary = r.choice([f"{summary} 支票{no}", f"{summary} CHQ {no}", summary])
                jref = r.choice([no, f"CHQ{no}", ""]) if "CHQ" not in summary and "支票" not in summary else ""
                if not jref and no not in summary:
                    jref = no
            jid = self.j(day, amount, "out", p, f"{summary} {inv}".strip(), ref=jref)
            if outstanding:
                return
            bday = day + dt.timedelta(days=r.randint(2, 15))
            while not self.cal.is_workday(bday):
                bday += dt.timedelta(days=1)
            bid = self.b(
                bday, amount, "out", no, "", f"CHQ {no}" if self.bank_style != "BOCHK" else f"支票 {no} CLEARING"
            )
            self.pair(bid, jid)
            return
        jid = self.j(day, amount, "out", p, f"{summary} {inv}".strip(), ref=inv if inv and r.random() < 0.3 else "")
        if outstanding:
            return
        bday = self.shift(day, r.choices([0, 1, 2], [0.75, 0.2, 0.05])[0])
        bref = self.inv_in_bank(inv) if inv else ""
        if how == "fps":
            text = {"HSBC": f"FPS DR {bref}", "BOCHK": f"轉數快 支賬 {bref}", "HASE": f"FPS PAYMENT OUT {bref}"}[
                self.bank_style
            ]
            bid = self.b(bday, amount, "out", self.fps_ref(bday), self.bank_name(p), text)
        else:
            bid = self.b(bday, amount, "out", f"OTT{r.randint(10**8, 10**9 - 1)}", self.bank_name(p), f"TT OUT {bref}")
            fee = Decimal(r.choice(["120.00", "150.00", "200.00", "210.00"]))
            fid = self.b(bday, fee, "out", "", "", "TT CHARGES" if self.bank_style != "BOCHK" else "匯款手續費")
            if r.random() < 0.5:
                self.pair(fid, self.j(bday, fee, "out", None, "银行手续费 电汇"))
        self.pair(bid, jid)

    def supplier_multi(self, day: dt.date, p: Party) -> None:
        """One FPS paying several invoices of one supplier, booked per invoice (1:N)."""
        k = self.rng.randint(2, 5)
        invs = [self.new_invoice() for _ in range(k)]
        amts = [_amount(self.rng, 800, 60000) for _ in range(k)]
        jids = [self.j(day, a, "out", p, f"付货款 {i}", ref=i) for a, i in zip(amts, invs, strict=True)]
        bday = self.shift(day, self.rng.choice([0, 0, 1]))
        text = f"FPS DR {invs[0]} ETC" if self.rng.random() < 0.3 else "FPS DR"
        bid = self.b(bday, sum(amts, Decimal(0)), "out", self.fps_ref(bday), self.bank_name(p), text)
        self.truth.append(((bid,), tuple(jids), "1:N"))

    def cheque_deposit(self, day: dt.date) -> None:
        """Several customers' cheques paid in on one slip: one bank credit, a receipt per customer (1:N)."""
        payers = self.rng.sample(self.parties, self.rng.randint(2, 6))
        amts = [_amount(self.rng, 1000, 80000) for _ in payers]
        jids = [self.j(day, a, "in", p, f"收货款 支票 {self.new_invoice()}") for a, p in zip(amts, payers, strict=True)]
        bday = self.shift(day, self.rng.choice([1, 1, 2]))
        bid = self.b(
            bday, sum(amts, Decimal(0)), "in", f"DEP{self.rng.randint(10**6, 10**7 - 1)}", "", "CHEQUE DEPOSIT"
        )
        self.truth.append(((bid,), tuple(jids), "1:N"))

    def fps_bundle(self, day: dt.date) -> None:
        """A shop's small FPS receipts of a day (or a weekend) booked as one total without counterparty (N:1)."""
        k = self.rng.randint(2, 8)
        bids = []
        total = Decimal(0)
        for _ in range(k):
            p = self.rng.choice(self.retail)
            a = _amount(self.rng, 80, 4000, round_share=0.5)
            bday = day - dt.timedelta(days=self.rng.choice([0, 0, 0, 1, 2]))
            total += a
            bids.append(
                self.b(
                    bday,
                    a,
                    "in",
                    self.fps_ref(bday),
                    self.bank_name(p),
                    "FPS CR" if self.bank_style != "BOCHK" else "轉數快 入賬",
                )
            )
        jid = self.j(day, total, "in", None, f"门市转数快收款汇总 {day:%m/%d}")
        self.truth.append((tuple(bids), (jid,), "N:1"))

    def payroll(self, day: dt.date) -> None:
        """Autopay batches: one debit per batch, one journal line per employee."""
        staff = self.staff[:]
        self.rng.shuffle(staff)
        while staff:
            k = self.rng.randint(3, min(40, max(3, len(staff))))
            if 0 < len(staff) - k < 3:  # no batch of one or two: the last one takes them, or leaves three
                k = len(staff) - 3 if len(staff) - 3 >= 3 else len(staff)
            group, staff = staff[:k], staff[k:]
            self.batch += 1
            amts = [Decimal(self.rng.randrange(14000, 60000, 50)).quantize(CENT) for _ in group]
            jday = self.shift(day, self.rng.choice([0, 0, -1]))
            jids = [self.j(jday, a, "out", p, f"工资 {day:%Y年%m月}") for a, p in zip(amts, group, strict=True)]
            bid = self.b(
                day, sum(amts, Decimal(0)), "out", f"AP{self.batch:06d}", "", f"AUTOPAY OUT BATCH {self.batch:04d}"
            )
            self.truth.append(((bid,), tuple(jids), "1:N"))
        mpf = _amount(self.rng, 20000, 60000, 0)
        self.pair(
            self.b(day, mpf, "out", "", "MPF TRUSTEE", "MPF CONTRIBUTION"), self.j(day, mpf, "out", None, "强积金供款")
        )

    def month_start(self, day: dt.date) -> None:
        for p in self.landlords:
            self.payment(day, p, self.rents[p.key], "支付租金", "", outstanding=False)
        for p in self.parties[:20]:
            if self.rng.random() < 0.6:
                self.receipt(
                    self.shift(day, self.rng.randint(0, 6)), p, self.retainers[p.key], self.new_invoice(), False
                )
        fee = Decimal(self.rng.choice(["50.00", "100.00", "200.00"]))
        self.b(day, fee, "out", "", "", "SERVICE CHARGE" if self.bank_style != "BOCHK" else "服務費")
        interest = _amount(self.rng, 5, 2000, 0)
        bid = self.b(day, interest, "in", "", "", "INTEREST" if self.bank_style != "HASE" else "CREDIT INTEREST")
        if self.rng.random() < 0.6:
            self.pair(bid, self.j(self.shift(day, 1), interest, "in", None, "利息收入"))

    def reversal(self, day: dt.date) -> None:
        """A payment booked to the wrong party or amount, reversed (冲销) and booked again: only the last one is true."""
        p, q = self.rng.sample(self.parties, 2)
        amount = _amount(self.rng, 1000, 100000)
        wrong_amount = amount if self.rng.random() < 0.5 else amount + Decimal(self.rng.choice([9, 90, 900]))
        wrong_party = q if wrong_amount == amount else p
        inv = self.new_invoice()
        self.j(day, wrong_amount, "out", wrong_party, f"付货款 {inv}")
        self.j(day, wrong_amount, "in", wrong_party, f"冲销 付货款 {inv} 录入错误")
        self.payment(day, p, amount, "付货款", inv, outstanding=False)

    def returned_fps(self, day: dt.date) -> None:
        """An FPS out returned by the payee's bank: both bank lines, the journal books the payment again later."""
        p = self.rng.choice(self.parties)
        amount = _amount(self.rng, 500, 50000)
        ref = self.fps_ref(day)
        self.b(day, amount, "out", ref, self.bank_name(p), "FPS DR")
        self.b(self.shift(day, 1), amount, "in", ref, self.bank_name(p), "FPS RETURN PAYEE ACCOUNT INVALID")
        self.payment(self.shift(day, 2), p, amount, "付货款", self.new_invoice(), outstanding=False)

    def workday(self, day: dt.date, first: bool, payday: bool) -> None:
        r = self.rng
        if first:
            self.month_start(day)
        if payday:
            self.payroll(day)
        for _ in range(r.randint(28, 40)):
            p = r.choice(self.parties)
            self.receipt(day, p, _amount(r, 300, 200000), self.new_invoice(), outstanding=r.random() < 0.04)
        for _ in range(r.randint(16, 26)):
            p = r.choice(self.parties)
            summary = r.choice(["付货款", "付货款", "支付货款", "付运费", "付加工费"])
            self.payment(day, p, _amount(r, 300, 150000), summary, self.new_invoice(), outstanding=r.random() < 0.1)
        for _ in range(r.randint(0, 2)):
            self.supplier_multi(day, r.choice(self.parties))
        if r.random() < 0.3:
            self.cheque_deposit(day)
        for _ in range(r.randint(1, 3)):
            self.fps_bundle(day)
        for _ in range(r.randint(0, 3)):
            self.b(
                day,
                Decimal(r.choice(["5.00", "10.00"])),
                "out",
                "",
                "",
                "FPS FEE" if self.bank_style == "HASE" else "CHARGES",
            )
        if r.random() < 0.25:
            self.reversal(day)
        if r.random() < 0.1:
            self.returned_fps(day)


def generate(n: int, seed: int) -> Case:
    w = _World(n, seed)
    month = None
    days = iter(w.cal.workdays)
    day = next(days)
    while day < START:
        day = next(days)
    payday_done: set[tuple[int, int]] = set()
    while len(w.bank) < n:
        ym = (day.year, day.month)
        payday = day.day >= 25 and ym not in payday_done
        if payday:
            payday_done.add(ym)
        w.workday(day, first=ym != month, payday=payday)
        month = ym
        day = next(days)
    return Case(w.bank, w.journal, w.truth, w.cal)
