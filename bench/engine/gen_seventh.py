"""A seventh benchmark data set, by an author who has not read the engine: a US mid-size distributor's bank export
beside its QuickBooks / Xero / NetSuite general-ledger detail for the checking account.

    .venv/bin/python -m bench.engine.bench_unseen --gen seventh --n 20000 --seeds 701 702 --previous ''

The company ("Northbridge Supply") posts ~300 bank lines per working day (weekends and US federal holidays, observed,
are not working days: ``USCalendar``). ``seed % 3`` picks the ERP (QuickBooks: numbers in ``Num``, short memos; Xero:
``INV-0001`` references, "Payment: <contact>"; NetSuite: its own ``PYMT``/``BILLPMT`` numbers, invoices in the
memo), ``seed // 3 % 3`` the bank's narrative (a plain CSV "ACH CREDIT ACME CORP PAYMENTS 123456", Chase-style
"ORIG CO NAME:... IND ID:...", BofA-style "... DES:... ID:... INDN:...").

Shapes with truth (kinds ``1:1``, ``1:N`` = one bank line to several journal lines, ``N:1``):

* customer receipts by ACH, wire, Zelle, through Bill.com (the bank names the intermediary), one branch-deposited
  check; a customer paying two invoices at once (1:N, same party); partial payments; a large invoice paid in two or
  three wires (N:1); refunds, vendor ACH debits, outgoing wires (each with a wire fee, booked 45%);
* checks written today clear 1-20 days later; the bank always gives the number, the journal's ``Num`` 85%
  (7% only in the memo, 8% nowhere); 7% never clear (outstanding, journal-only);
* lockbox and remote-capture deposits: one bank credit, no names, for 1-12 customer checks booked one by one (1:N)
  or, 30%, as one QuickBooks deposit (1:1);
* ACH payables runs: one debit for 2-8 bills to different vendors (1:N);
* card processors. **Fees:** a group keeps one direction, so the processor's fee never appears as its own journal
  line. Stripe / Shopify payouts are booked by a sync app charge by charge *net of the per-charge fee* (1:N, the
  charges dated on their own calendar days, weekends included); Square books one net summary per location per day
  (1:N); merchant bankcard deposits are gross (1:N per terminal batch) and the processor debits its fees monthly
  ("BANKCARD FEE", matched 1:1 to a fee entry, 20% unbooked). PayPal transfers daily and the books take one weekly
  summary (N:1);
* payroll: Gusto debits the net pay two working days before payday, ADP one; booked per employee (1:N, salaried
  nets repeat every period) or as one journal entry (1:1); the tax debit 1:1 or federal + state (1:N); monthly fees;
* recurring rent (12,500.00), insurance, loan, SaaS subscriptions (several at 49.00, some with two seats), AMEX
  EPAYMENT twice a month; transfers to savings;
* NSF: a deposited check, its return (booked 70%) and the returned-item fee;
* bank-only: unapplied receipts, unbooked fees, interest, service charges; journal-only: outstanding checks,
  deposits in transit, entries after the statement's end, duplicated entries (0.5%: the same bill keyed twice, a few
  days apart, the second without its number).

Journal dates: the bank's day mostly, a day early or late 14%, 3-7 days late 8%. ``build`` also returns a scenario
tag per line id (for ``seventh_misses``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from reconcile.engine import Line

from . import gen_seventh_words as W
from .gen_seventh_flows import CENT, DAILY
from .gen_seventh_world import IN, OUT, World, to_line
from .generator import Case

D = Decimal
START = dt.date(2026, 1, 5)
PER_DAY = 300


class Schedule:
    """What happens on fixed days: payroll, processors, month-start bills, month-end bank items."""

    def __init__(self, w: World) -> None:
        r = w.r
        self.w = w
        self.stripe_like = r.sample(("STRIPE", "SHOPIFY", "SQUARE"), 2)
        self.prices = [D(p) for p in ("19.99", "29.00", "49.00", "49.00", "99.00", "129.00", "149.50", "249.00")]
        self.prices += [D(W.amount(r, 80, 0)) for _ in range(6)]
        self.groups = []
        for g in range(r.randint(2, 4)):
            provider = r.choice(("GUSTO", "ADP"))
            emps = [
                (f"{r.choice(W.GIVEN)} {r.choice(W.PEOPLE)}", D(f"{r.lognormvariate(7.6, 0.35):.2f}"), r.random() < 0.6)
                for _ in range(r.randint(8, 40))
            ]
            self.groups.append((provider, emps, g % 2, r.random() < 0.35))
        self.saas = []
        for stem, master, amount in W.SAAS:
            for _seat in range(1 if r.random() < 0.75 else 2):
                self.saas.append((stem, master, amount, r.randint(1, 28)))
        self.fortnight = 0
        self.paypal: list[str] = []

    def run(self, day: dt.date) -> None:
        w = self.w
        for name in self.stripe_like:
            self.payout(day, name)
        self.paypal_day(day)
        self.bankcard(day)
        friday = day.weekday() == 4 or (day.weekday() == 3 and not w.cal.is_workday(day + dt.timedelta(days=1)))
        if friday:
            self.fortnight += 1
            for provider, emps, parity, one_entry in self.groups:
                if self.fortnight % 2 == parity:
                    self.payroll(day, provider, emps, one_entry)
        for d in self.due(day):
            self.monthly(d, day)

    def due(self, day: dt.date) -> list[dt.date]:
        """Calendar days whose bills the bank takes today (rolled forward past weekends and holidays)."""
        prev = self.w.work(day, -1)
        return [prev + dt.timedelta(days=k) for k in range(1, (day - prev).days + 1)]

    def payout(self, day: dt.date, name: str) -> None:
        w, r = self.w, self.w.r
        prev = w.work(day, -1)
        span = [prev - dt.timedelta(days=k) for k in range((day - prev).days)]
        jids = []
        if name == "SQUARE":
            for charge_day in span:
                for loc in range(r.randint(1, 3)):
                    net = D(f"{r.lognormvariate(6.5, 0.6):.2f}")
                    jids.append(
                        w.j(charge_day, net, IN, f"Square sales - Location {loc + 1}", "processor", cp="Square")
                    )
        else:
            for _ in range(r.randint(2, 7) * len(span)):
                gross = r.choice(self.prices)
                net = gross - (gross * D("0.029") + D("0.30")).quantize(CENT)
                who = f"{r.choice(W.GIVEN)} {r.choice(W.PEOPLE)}" if r.random() < 0.5 else name.title()
                ch = f"ch_{r.randrange(16**12, 16**13):x}"
                jids.append(w.j(r.choice(span), net, IN, f"{name.title()} sale {ch}", "processor", ref=ch, cp=who))
        total = w.total(jids)
        pay = f"{'ST' if name == 'STRIPE' else name[:2]}-{r.randrange(36**8, 36**9):X}"
        text = w.ach(
            day,
            "SQUARE INC" if name == "SQUARE" else name,
            "SQ" + f"{day:%y%m%d}" if name == "SQUARE" else "TRANSFER",
            pay,
            True,
        )
        w.t([w.b(day, total, IN, text, "processor", cp="" if r.random() < 0.25 else name)], jids)

    def paypal_day(self, day: dt.date) -> None:
        w, r = self.w, self.w.r
        if r.random() < 0.8:
            a = D(f"{r.lognormvariate(6.8, 0.7):.2f}")
            self.paypal.append(
                w.b(
                    day,
                    a,
                    IN,
                    w.ach(day, "PAYPAL", "TRANSFER", f"{r.randrange(10**11, 10**12)}", True),
                    "paypal",
                    cp="PAYPAL",
                )
            )
        if day.weekday() == 4 or not w.cal.is_workday(day + dt.timedelta(days=1)):
            if self.paypal:
                total = w.total(self.paypal)
                jday = day if r.random() < 0.6 else w.work(day, 1)
                w.t(self.paypal, [w.j(jday, total, IN, f"PayPal transfers w/e {day:%m/%d/%Y}", "paypal", cp="PayPal")])
            self.paypal = []

    def bankcard(self, day: dt.date) -> None:
        w, r = self.w, self.w.r
        jids = []
        for term in range(r.randint(1, 3)):
            gross = D(f"{r.lognormvariate(7.5, 0.5):.2f}")
            jids.append(
                w.j(
                    w.work(day, -1),
                    gross,
                    IN,
                    f"Card sales batch T{term + 1}",
                    "bankcard",
                    ref=f"B{r.randrange(100, 999)}",
                )
            )
        total = w.total(jids)
        text = w.ach(day, "BANKCARD-8076", "BTOT DEP", f"{r.randrange(10**11, 10**12)}", True)
        w.t([w.b(day, total, IN, text, "bankcard", cp="" if r.random() < 0.5 else "BANKCARD")], jids)

    def payroll(self, payday: dt.date, provider: str, emps: list[tuple[str, Decimal, bool]], one_entry: bool) -> None:
        w, r = self.w, self.w.r
        debit = w.work(payday, -2 if provider == "GUSTO" else -1)
        nets = [base if salaried else (base * D(r.uniform(0.8, 1.15))).quantize(CENT) for _n, base, salaried in emps]
        run = f"{r.randrange(10**5, 10**6)}"
        name, descr = ("GUSTO", f"NET {run}") if provider == "GUSTO" else ("ADP WAGE PAY", "WAGE PAY")
        bid = w.b(
            debit,
            sum(nets, D(0)),
            OUT,
            w.ach(debit, name, descr, run, False),
            "payroll",
            cp="" if r.random() < 0.3 else name,
        )
        if one_entry:
            jids = [w.j(payday, sum(nets, D(0)), OUT, f"Payroll {payday:%m/%d/%Y}", "payroll", cp=provider.title())]
        else:
            jids = []
            for (emp, _b, _s), net in zip(emps, nets, strict=True):
                first, last = emp.split(" ", 1)
                cp = f"{last}, {first}" if w.erp == "netsuite" else emp
                jids.append(w.j(payday, net, OUT, "Direct Deposit", "payroll", ref=f"DD{w.next_doc()}", cp=cp))
        w.t([bid], jids)
        tax = (sum(nets, D(0)) * D(r.uniform(0.32, 0.4))).quantize(CENT)
        tname, tdescr = ("GUSTO", f"TAX {run}") if provider == "GUSTO" else ("ADP TX/FINCL SVC", "ADP - TAX")
        tid = w.b(
            debit,
            tax,
            OUT,
            w.ach(debit, tname, tdescr, run, False),
            "payroll-tax",
            cp="" if r.random() < 0.3 else tname,
        )
        if r.random() < 0.7:
            w.t([tid], [w.j(payday, tax, OUT, "Payroll Tax Liability", "payroll-tax", cp=provider.title())])
        else:
            fed = (tax * D("0.76")).quantize(CENT)
            w.t(
                [tid],
                [
                    w.j(payday, fed, OUT, "Federal 941 deposit", "payroll-tax", cp="IRS"),
                    w.j(payday, tax - fed, OUT, "State withholding", "payroll-tax", cp="State of Illinois"),
                ],
            )

    def monthly(self, due_day: dt.date, day: dt.date) -> None:
        w, r = self.w, self.w.r
        dom = due_day.day
        for stem, master, amount, due in W.RECURRING:
            if due == dom:
                bid = w.b(
                    day,
                    D(amount),
                    OUT,
                    w.ach(day, stem[:16], "PAYMENT", f"{r.randrange(10**6, 10**7)}", False),
                    "recurring",
                    cp=stem[:16],
                )
                jday = due_day if r.random() < 0.5 else w.booked(day)
                w.t([bid], [w.j(jday, D(amount), OUT, f"{master} {day:%b %Y}", "recurring", cp=master)])
        for stem, master, amount, due in self.saas:
            if due == dom:
                a = D(amount) if amount != "0" else D(f"{r.lognormvariate(6.5, 0.4):.2f}")
                bday = w.work(day, r.choice((0, 1, 1, 2)))
                text = (
                    f"DEBIT CARD PURCHASE {day:%m/%d} {stem}"
                    if r.random() < 0.6
                    else w.ach(bday, stem[:16], "SUBSCR", "", False)
                )
                w.t(
                    [w.b(bday, a, OUT, text, "saas")], [w.j(due_day, a, OUT, "Monthly subscription", "saas", cp=master)]
                )
        if dom in (5, 20):
            a = D(f"{r.lognormvariate(9.4, 0.5):.2f}")
            bid = w.b(
                day,
                a,
                OUT,
                w.ach(day, "AMEX EPAYMENT", "ACH PMT", f"W{r.randrange(10**9, 10**10)}", False),
                "amex",
                cp="AMEX EPAYMENT",
            )
            w.t([bid], [w.j(w.booked(day), a, OUT, "Credit card payment", "amex", cp="American Express")])
        if dom == 12:
            for provider in sorted({g[0] for g in self.groups}):
                fee = D(f"{40 + 6 * r.randint(10, 60)}.00")
                bid = w.b(day, fee, OUT, w.ach(day, provider, "FEE", "", False), "payroll-fee", cp=provider)
                if r.random() < 0.8:
                    w.t(
                        [bid], [w.j(w.booked(day), fee, OUT, "Payroll service fee", "payroll-fee", cp=provider.title())]
                    )
        if dom == 3:
            fee = D(f"{r.lognormvariate(5.5, 0.5):.2f}")
            bid = w.b(day, fee, OUT, r.choice(("BANKCARD FEE", "MERCHANT FEES BANKCARD-8076")), "bankcard-fee")
            if r.random() < 0.8:
                w.t([bid], [w.j(w.booked(day), fee, OUT, "Merchant fees", "bankcard-fee", cp="Bankcard")])
        if w.work(day, 1).month != day.month and due_day == day:  # month end
            interest = D(f"{r.lognormvariate(3.5, 0.6):.2f}")
            iid = w.b(day, interest, IN, "INTEREST PAYMENT", "interest")
            if r.random() < 0.5:
                w.t([iid], [w.j(w.booked(day), interest, IN, "Interest income", "interest")])
            charge = D(f"{r.lognormvariate(5.3, 0.4):.2f}")
            cid = w.b(day, charge, OUT, r.choice(("SERVICE CHARGE", "ACCOUNT ANALYSIS FEE")), "bank-fee")
            if r.random() < 0.5:
                w.t([cid], [w.j(w.booked(day), charge, OUT, "Bank service charges", "bank-fee")])


def _day_quota(w: World, day: dt.date) -> float:
    month_end = w.work(day, 1).month != day.month or day.day <= 2
    return PER_DAY * (1.25 if month_end else 1.0) * w.r.uniform(0.85, 1.15)


def _duplicates(w: World) -> None:
    """The same bill keyed twice: a second entry a few days off, without its number (journal-only)."""
    r = w.r
    single = [js[0] for bs, js in w.truth if len(bs) == 1 and len(js) == 1]
    for jid in r.sample(single, len(w.journal) // 200):
        _pid, day, amount, d, _ref, cp, text = w.journal[int(jid[1:])]
        assert isinstance(day, dt.date)
        shifted = w.roll(day + dt.timedelta(days=r.choice((-1, 1)) * r.randint(2, 10)))
        w.j(shifted, amount, str(d), str(text), "duplicate", cp=str(cp))  # type: ignore[arg-type]


def build(n: int, seed: int) -> tuple[Case, dict[str, str]]:
    days = max(20, n // PER_DAY)
    w = World(seed, days, START)
    sched = Schedule(w)
    flows = [f for f, _ in DAILY]
    weights = [x for _, x in DAILY]
    end = w.days[-1]
    by_date: Counter[dt.date] = Counter()
    for day in w.days:
        before = len(w.bank)
        sched.run(day)
        quota = _day_quota(w, day)
        while len(w.bank) - before < quota:
            w.r.choices(flows, weights)[0](w, day)
        for row in w.bank[before:]:
            by_date[row[1]] += 1  # type: ignore[index]
        if sum(c for d, c in by_date.items() if d <= day) >= n:  # lines the statement of ``day`` shows
            end = day
            break
    # the statement ends on ``end``: later bank lines and journal entries are not in either export
    bank_rows = [row for row in w.bank if row[1] <= end]  # type: ignore[operator]
    journal_rows = [row for row in w.journal if row[1] <= end]  # type: ignore[operator]
    kept_b = {str(row[0]) for row in bank_rows}
    kept_j = {str(row[0]) for row in journal_rows}
    w.truth = [(bs, js) for bs, js in w.truth if set(bs) <= kept_b and set(js) <= kept_j]
    w.bank, w.journal = bank_rows, journal_rows
    _index(w)
    _duplicates(w)
    return _rename(w)


def _index(w: World) -> None:
    """Provisional ids are list positions (``b12`` is ``w.bank[12]``); the cut-off shifted them: renumber."""
    names: dict[str, str] = {}
    for side, letter in ((w.bank, "b"), (w.journal, "j")):
        for k, row in enumerate(side):
            names[str(row[0])] = f"{letter}{k}"
            row[0] = f"{letter}{k}"
    w.truth = [([names[b] for b in bs], [names[j] for j in js]) for bs, js in w.truth]
    w.tags = {names[k]: v for k, v in w.tags.items() if k in names}


def _rename(w: World) -> tuple[Case, dict[str, str]]:
    r = w.r
    prefix = {"quickbooks": "QB", "xero": "XR", "netsuite": "NS"}[w.erp]
    final: dict[str, str] = {}
    bank: list[Line] = []
    journal: list[Line] = []
    for side, out, head in ((w.bank, bank, "BK"), (w.journal, journal, prefix)):
        keyed = sorted(side, key=lambda row: (str(row[1]), r.random()))
        for k, row in enumerate(keyed):
            final[str(row[0])] = f"{head}{k + 1:07d}"
            row[0] = final[str(row[0])]
            out.append(to_line(row))
    truth = []
    for bs, js in w.truth:
        kind = "1:1" if len(bs) == len(js) == 1 else ("1:N" if len(bs) == 1 else "N:1")
        truth.append((tuple(final[b] for b in bs), tuple(final[j] for j in js), kind))
    tags = {final[k]: v for k, v in w.tags.items()}
    return Case(bank, journal, truth, w.cal), tags


def generate(n: int, seed: int) -> Case:
    return build(n, seed)[0]
