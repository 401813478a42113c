"""Independent generator 1: a European (SEPA-style) company's bank account against its ERP's AP/AR journal.

Written as a second author's view of the world, deliberately unlike ``generator.py``: Latin-script names from
several countries with their legal forms, bank-side noise as European banks really produce it, payment runs, SEPA
collections, recurring same-amount invoices, calendar days that cross weekends and TARGET holidays.

Bank side (what a camt.053 / MT940 export becomes after parsing):
* counterparty names upper-cased (most banks), transliterated (MÜLLER -> MUELLER or MULLER, ß -> SS), cut at
  35/27/18 characters, legal form dropped, a one-letter typo, two words swapped, or missing altogether (20%);
* remittance text in SEPA style (``SVWZ+``, ``EREF+``, "INV", "RECHNUNG", "FACTURE") that may or may not repeat the
  invoice number the journal has; an end-to-end reference shared with the ERP's payment file on part of the lines;
* value dates 0-2 working days after the ERP's payment date (outgoing), or before it (incoming).

Events: 1:1 invoices and receipts; the same supplier paid the same recurring amount weekly or monthly; many
customers paying the same list price on the same days (names and dates decide); payment runs (one bank debit
"PAYMENT RUN" / "SAMMELUEBERWEISUNG" / "BULK PAYMENT" = 2-5 supplier payments booked separately, different
payees, no shared name); SEPA direct-debit collections (one bank credit = 2-5 customer receipts); card-acquirer
payouts net of fees are *not* modelled (no ground truth for them). Bank-only charges and interest, journal-only
open items, a few payments booked 6-10 days late, and name traps (same amount, same day, another company).

``generate(n_bank, seed)`` returns a ``generator.Case`` (truth: id groups with kind "1:1" / "1:N" / "N:1") whose
``calendar`` has ``ordinal(date)`` (weekends and TARGET holidays off). In memory only.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from reconcile.engine import Line

from .generator import Case
from .sepa_words import BRANDS, COLLECTION_MARKERS, LEGAL, RUN_MARKERS, STRIP_ACCENTS, SURNAMES, TRANSLIT, WORDS

LIST_PRICES = [49_00, 99_00, 149_00, 250_00, 299_00, 500_00, 750_00, 1_000_00, 1_200_00, 2_500_00]
OWN_NAME = "NORDWIND HANDELSGESELLSCHAFT MBH"


class TargetCalendar:
    """Weekends and the TARGET2 closing days (1 Jan, 1 May, 25-26 Dec, Good Friday / Easter Monday ± by table)."""

    EASTER = {
        2022: dt.date(2022, 4, 17),
        2023: dt.date(2023, 4, 9),
        2024: dt.date(2024, 3, 31),
        2025: dt.date(2025, 4, 20),
        2026: dt.date(2026, 4, 5),
        2027: dt.date(2027, 3, 28),
        2028: dt.date(2028, 4, 16),
        2029: dt.date(2029, 4, 1),
        2030: dt.date(2030, 4, 21),
        2031: dt.date(2031, 4, 13),
        2032: dt.date(2032, 3, 28),
        2033: dt.date(2033, 4, 17),
        2034: dt.date(2034, 4, 9),
        2035: dt.date(2035, 3, 25),
    }

    def __init__(self, start: dt.date, workdays: int) -> None:
        self.ordinals: dict[dt.date, int] = {}
        self.workdays: list[dt.date] = []
        day, count = start - dt.timedelta(days=40), 0
        while len(self.workdays) < workdays + 80:
            if self.is_workday(day):
                count += 1
                self.workdays.append(day)
            self.ordinals[day] = count
            day += dt.timedelta(days=1)
        self.first = 25  # room for negative lags

    def is_workday(self, day: dt.date) -> bool:
        if day.weekday() >= 5 or (day.month, day.day) in ((1, 1), (5, 1), (12, 25), (12, 26)):
            return False
        easter = self.EASTER.get(day.year)
        return not (easter and day in (easter - dt.timedelta(days=2), easter + dt.timedelta(days=1)))

    def ordinal(self, day: dt.date) -> int:
        return self.ordinals[day]

    def day(self, t: int) -> dt.date:
        return self.workdays[self.first + t]


class _Sepa:
    def __init__(self, n_bank: int, seed: int, per_day: int, scattered_runs: bool = False) -> None:
        self.r = random.Random(seed * 7919 + 17)
        self.scattered_runs = scattered_runs
        self.days = max(15, n_bank // per_day)
        self.cal = TargetCalendar(dt.date(2024, 1, 2), self.days + 30)
        self.bank: list[Line] = []
        self.journal: list[Line] = []
        self.truth: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        self.nb = self.nj = 0
        self.inv = 1000
        n_companies = max(200, min(60_000, n_bank // 15))
        self.suppliers = [self._company() for _ in range(n_companies // 2)]
        self.customers = [self._company() for _ in range(n_companies - n_companies // 2)]

    # --- names -------------------------------------------------------------------------------------------------
    def _company(self) -> str:
        r = self.r
        x = r.random()
        if x < 0.35:
            base = f"{r.choice(SURNAMES)} {r.choice(WORDS)}"
        elif x < 0.5:
            base = f"{r.choice(SURNAMES)} & {r.choice(SURNAMES)}"
        elif x < 0.75:
            base = f"{r.choice(BRANDS)} {r.choice(WORDS)}"
        elif x < 0.9:
            base = f"{r.choice(BRANDS)} {r.choice(WORDS)} {r.choice(WORDS)}"
        else:
            base = f"{r.choice(SURNAMES)} {r.choice(BRANDS)} {r.choice(WORDS)}"
        return f"{base} {r.choice(LEGAL)}"

    def _bank_name(self, name: str) -> str:
        """The name as the bank's statement shows it (SEPA charset, the bank's field widths, people's typing)."""
        r = self.r
        if r.random() < 0.2:
            return ""
        s = name
        if r.random() < 0.3:  # legal form dropped
            for form in sorted(LEGAL, key=len, reverse=True):
                if s.endswith(" " + form):
                    s = s[: -len(form) - 1]
                    break
        if r.random() < 0.5:
            for a, b in TRANSLIT:
                s = s.replace(a, b)
        else:
            s = s.translate(STRIP_ACCENTS)
        words = s.split()
        if len(words) >= 3 and r.random() < 0.06:  # two words swapped ("LOGISTIK MUELLER GMBH")
            k = r.randrange(len(words) - 1)
            words[k], words[k + 1] = words[k + 1], words[k]
            s = " ".join(words)
        if r.random() < 0.06 and len(s) > 6:  # one-letter typo: substitution, deletion or doubling
            k = r.randrange(1, len(s) - 1)
            kind = r.random()
            if kind < 0.4:
                s = s[:k] + r.choice("aeinorstlm") + s[k + 1 :]
            elif kind < 0.7:
                s = s[:k] + s[k + 1 :]
            else:
                s = s[:k] + s[k] + s[k:]
        if r.random() < 0.75:
            s = s.upper()
        cut = r.random()
        if cut < 0.1:
            s = s[:18]
        elif cut < 0.25:
            s = s[:27]
        elif cut < 0.5:
            s = s[:35]
        return s.strip()

    def _journal_name(self, name: str) -> str:
        """The ERP's vendor/customer master name: the full name, sometimes without legal form; rarely empty."""
        x = self.r.random()
        if x < 0.03:
            return ""
        if x < 0.15:
            return name.rsplit(" ", 1)[0] if " " in name else name
        return name

    # --- values ------------------------------------------------------------------------------------------------
    def _amount(self) -> int:
        r = self.r
        x = r.random()
        if x < 0.12:
            return r.choice(LIST_PRICES)
        cents = int(10 ** r.uniform(3.3, 7.3))
        if x < 0.8:
            return cents
        return max(100, cents // 100 * 100)

    def _bid(self) -> str:
        self.nb += 1
        return f"S{self.nb:09d}"

    def _jid(self) -> str:
        self.nj += 1
        return f"G{self.nj:09d}"

    @staticmethod
    def _dec(cents: int) -> Decimal:
        return Decimal(cents).scaleb(-2)

    def _invoice(self) -> str:
        self.inv += self.r.randint(1, 9)
        return f"{self.r.choice(('INV', 'RE', 'F', 'INV-'))}{self.inv}"

    def _lag(self, direction: str) -> int:
        """Working days from the ERP's booking to the bank's value date (negative: the bank was first)."""
        r = self.r
        x = r.random()
        if x < 0.004:
            return r.randint(6, 10) * (1 if direction == "out" else -1)
        lag = r.choices((0, 1, 2), (0.55, 0.33, 0.12))[0]
        return lag if direction == "out" else -lag

    # --- events ------------------------------------------------------------------------------------------------
    def pair(
        self, t: int | None = None, name: str | None = None, cents: int | None = None, direction: str | None = None
    ) -> None:
        r = self.r
        t = r.randrange(self.days) if t is None else t
        direction = direction or ("out" if r.random() < 0.5 else "in")
        name = name or r.choice(self.suppliers if direction == "out" else self.customers)
        cents = cents or self._amount()
        inv = self._invoice()
        e2e = f"E2E{r.randrange(10**10):010d}" if r.random() < 0.3 else ""
        jday = self.cal.day(t)
        bday = self.cal.day(t + self._lag(direction))
        # Remittance: the invoice number often, the end-to-end reference when the ERP sent one.
        bits = []
        if r.random() < 0.7:
            bits.append(r.choice(("SVWZ+", "", "RECHNUNG ", "FACTURE ", "")) + inv)
        if e2e and r.random() < 0.5:
            bits.append("EREF+" + e2e)
        text = " ".join(bits) or r.choice(("TRANSFER", "UEBERWEISUNG", "SEPA CREDIT TRANSFER", "VIREMENT"))
        b = Line(
            self._bid(), bday, self._dec(cents), direction, e2e if r.random() < 0.8 else "", self._bank_name(name), text
        )
        jtext = (f"Payment {inv}" if direction == "out" else f"Receipt {inv}") + r.choice(("", f" {name[:20]}"))
        j = Line(self._jid(), jday, self._dec(cents), direction, e2e, self._journal_name(name), jtext)
        self.bank.append(b)
        self.journal.append(j)
        self.truth.append(((b.id,), (j.id,), "1:1"))

    def recurring(self) -> None:
        """A subscription or rent: the same supplier, the same amount, a few times one week apart."""
        r = self.r
        name, cents = r.choice(self.suppliers), r.choice(LIST_PRICES + [self._amount()])
        t = r.randrange(self.days)
        for k in range(r.randint(2, 4)):
            if t + 5 * k < self.days:
                self.pair(t + 5 * k, name, cents, "out")

    def list_price_day(self) -> None:
        """Several customers paying the same list price within a few days (names and dates decide)."""
        r = self.r
        cents, t = r.choice(LIST_PRICES), r.randrange(self.days)
        for _ in range(r.randint(2, 6)):
            self.pair(min(self.days - 1, t + r.randint(0, 2)), r.choice(self.customers), cents, "in")

    def _batch(self, direction: str) -> None:
        r = self.r
        t = r.randrange(self.days)
        n = r.randint(2, 5)
        pool = self.suppliers if direction == "out" else self.customers
        names = r.sample(pool, n)
        parts = [self._amount() for _ in range(n)]
        run = f"{r.randrange(10**6):06d}"
        marker = r.choice(RUN_MARKERS if direction == "out" else COLLECTION_MARKERS).format(
            n=n if r.random() < 0.5 else run
        )
        b = Line(
            self._bid(),
            self.cal.day(t),
            self._dec(sum(parts)),
            direction,
            f"PMTINF-{run}" if r.random() < 0.5 else "",
            OWN_NAME if r.random() < 0.3 else "",
            marker,
        )
        js = []
        # The ERP posts a run's entries on one date, the bank executes it then or up to two days later (a
        # collection is credited first and booked later); some entries are booked a day off by hand. With
        # ``scattered_runs`` every entry gets its own date within three days (a harder world, reported apart).
        lag = r.choice((0, 0, 1, 2))
        run_day = t - lag if direction == "out" else t + lag
        for name, cents in zip(names, parts):
            if self.scattered_runs:
                jday = self.cal.day(t - r.choice((0, 0, 1, 2)) if direction == "out" else t + r.choice((0, 0, 1, 2)))
            else:
                jday = self.cal.day(run_day + (r.choice((-1, 1)) if r.random() < 0.1 else 0))
            inv = self._invoice()
            js.append(
                Line(
                    self._jid(),
                    jday,
                    self._dec(cents),
                    direction,
                    "",
                    self._journal_name(name),
                    f"{'Payment' if direction == 'out' else 'Receipt'} {inv}",
                )
            )
        self.bank.append(b)
        self.journal.extend(js)
        self.truth.append(((b.id,), tuple(j.id for j in js), "1:N"))

    def payment_run(self) -> None:
        self._batch("out")

    def collection(self) -> None:
        self._batch("in")

    def instalments(self) -> None:
        """A customer pays one invoice in two or three transfers (N bank : 1 journal)."""
        r = self.r
        name, t = r.choice(self.customers), r.randrange(self.days)
        parts = [self._amount() for _ in range(r.randint(2, 3))]
        inv = self._invoice()
        bs = [
            Line(
                self._bid(),
                self.cal.day(t + k),
                self._dec(c),
                "in",
                "",
                self._bank_name(name),
                f"{inv} TEILZAHLUNG {k + 1}" if r.random() < 0.6 else inv,
            )
            for k, c in enumerate(parts)
        ]
        j = Line(
            self._jid(), self.cal.day(t), self._dec(sum(parts)), "in", "", self._journal_name(name), f"Receipt {inv}"
        )
        self.bank.extend(bs)
        self.journal.append(j)
        self.truth.append((tuple(b.id for b in bs), (j.id,), "N:1"))

    def bank_only(self) -> None:
        r = self.r
        t = r.randrange(self.days)
        if r.random() < 0.75:
            self.bank.append(
                Line(
                    self._bid(),
                    self.cal.day(t),
                    self._dec(r.choice((250, 590, 1_200, 1_500, 3_990))),
                    "out",
                    "",
                    "",
                    r.choice(("ACCOUNT MAINTENANCE FEE", "SEPA CHARGES", "ENTGELT KONTOFUEHRUNG", "FRAIS BANCAIRES")),
                )
            )
        else:
            self.bank.append(
                Line(self._bid(), self.cal.day(t), self._dec(r.randint(1_00, 900_00)), "in", "", "", "CREDIT INTEREST")
            )

    def journal_only(self) -> None:
        r = self.r
        direction = "out" if r.random() < 0.6 else "in"
        name = r.choice(self.suppliers if direction == "out" else self.customers)
        self.journal.append(
            Line(
                self._jid(),
                self.cal.day(r.randrange(self.days)),
                self._dec(self._amount()),
                direction,
                "",
                self._journal_name(name),
                f"Open item {self._invoice()}",
            )
        )

    def name_trap(self) -> None:
        """The bank pays one supplier while the journal's only entry of that amount, that day, is another's."""
        r = self.r
        t, cents = r.randrange(self.days), self._amount()
        paid, booked = r.sample(self.suppliers, 2)
        bank_name = self._bank_name(paid) or paid.upper()
        self.bank.append(Line(self._bid(), self.cal.day(t), self._dec(cents), "out", "", bank_name, self._invoice()))
        self.journal.append(
            Line(self._jid(), self.cal.day(t), self._dec(cents), "out", "", booked, f"Payment {self._invoice()}")
        )


def generate(n_bank: int, seed: int = 1, *, lines_per_day: int = 350, scattered_runs: bool = False) -> Case:
    g = _Sepa(n_bank, seed, lines_per_day, scattered_runs)
    # About three payment runs and one collection per working day at 350 lines a day; open items 4%.
    events = [
        (g.pair, 0.84),
        (g.recurring, 0.02),
        (g.list_price_day, 0.02),
        (g.payment_run, 0.008),
        (g.collection, 0.004),
        (g.instalments, 0.005),
        (g.bank_only, 0.04),
        (g.journal_only, 0.04),
        (g.name_trap, 0.004),
    ]
    fns = [f for f, _ in events]
    weights = [w for _, w in events]
    while len(g.bank) < n_bank:
        for fn in g.r.choices(fns, weights, k=max(1, min(1000, (n_bank - len(g.bank)) // 3))):
            fn()
    return Case(g.bank, g.journal, g.truth, g.cal)
