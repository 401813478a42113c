"""The fifth generator's books: its companies and the writing of bank lines and journal entries (``gen_fifth.py``)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from reconcile.engine import Line

from .gen_fifth_words import (
    _BRANCH_CITY,
    _CITY,
    _FOREIGN,
    _FORM,
    _GIVEN,
    _RENAME_TRADE,
    _SURNAME,
    _SYL,
    _TRADE,
    MainlandDays,
    _paren,
)

CENT = Decimal("0.01")
START = dt.date(2025, 8, 4)
PER_WORKDAY = 400


class Company:
    """A supplier or customer: registered name (maybe renamed on a date), the journal's 简称, branches."""

    def __init__(self, r: random.Random, taken: set[str]) -> None:
        while True:
            brand = r.choice(_SYL) + r.choice(_SYL) + (r.choice(_SYL) if r.random() < 0.5 else "")
            city = r.choice(_CITY)
            trade = r.choice(_TRADE)
            form = r.choice(_FORM)
            if r.random() < 0.35:
                name = f"{brand}{trade}({city}){form}"
            elif r.random() < 0.7:
                name = f"{city}{brand}{trade}{form}"
            else:
                name = f"{city}市{brand}{trade}{form}"
            if name not in taken and brand not in taken:
                taken.add(name)
                taken.add(brand)
                break
        self.brand = brand
        self.name = name
        self.short = r.choice((brand, city + brand, brand + trade[:2], brand + trade))
        self.new_name = ""
        self.rename_day: dt.date | None = None
        self.ledger_updated = False
        self.branches = (
            [
                f"{name.replace('(', '（').replace(')', '）') if r.random() < 0.5 else name}{c}分公司"
                for c in r.sample(_BRANCH_CITY, r.randint(1, 2))
            ]
            if r.random() < 0.3
            else []
        )
        self.owner = r.choice(_SURNAME) + r.choice(_GIVEN) + (r.choice(_GIVEN) if r.random() < 0.6 else "")

    def registered(self, day: dt.date) -> str:
        if self.rename_day and day >= self.rename_day:
            return self.new_name
        return self.name


class FifthBooks:
    """The group's books and bank export being written: the lines, the truth, amounts, references and how each side
    writes a party; the events (``gen_fifth._Fifth``) add to them."""

    def __init__(self, n_bank: int, seed: int) -> None:
        self.r = r = random.Random(seed * 7919 + 5)
        self.n_bank = n_bank
        span = int(n_bank / PER_WORKDAY * 1.6) + 90
        self.days = MainlandDays(START - dt.timedelta(days=40), START + dt.timedelta(days=span + 60))
        self.bank_kind = "cmb" if seed % 2 else "icbc"
        self.erp = "u8" if (seed // 2) % 2 == 0 else "kingdee"
        self.bank: list[Line] = []
        self.journal: list[Line] = []
        self.truth: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        taken: set[str] = set()
        n_co = max(150, min(3000, n_bank // 30))
        self.suppliers = [Company(r, taken) for _ in range(n_co)]
        self.customers = [Company(r, taken) for _ in range(n_co)]
        end = START + dt.timedelta(days=span)
        for c in r.sample(self.suppliers, len(self.suppliers) // 20) + r.sample(
            self.customers, len(self.customers) // 20
        ):
            c.new_name = c.name.replace(c.brand, c.brand, 1)
            trade = r.choice(_RENAME_TRADE)
            c.new_name = f"{c.brand}{trade}{'股份' if r.random() < 0.5 else ''}有限公司"
            if c.new_name in taken:
                continue
            taken.add(c.new_name)
            c.rename_day = START + dt.timedelta(days=r.randrange(0, max(1, (end - START).days)))
            c.ledger_updated = r.random() < 0.3
        self.foreign = list(_FOREIGN)
        # Same-amount clusters: landlords (one rent figure), property companies, utilities.
        self.landlords = r.sample(self.suppliers, min(len(self.suppliers) // 4, r.randint(8, 16)))
        self.rent = Decimal(r.choice(("35000.00", "48000.00", "26500.00", "60000.00")))
        self.property_cos = r.sample(self.suppliers, min(len(self.suppliers) // 4, r.randint(6, 12)))
        self.property_fee = Decimal(r.choice(("12800.00", "8600.00", "9999.00")))
        self.deposit = Decimal(r.choice(("50000.00", "20000.00", "100000.00")))
        self.staff = list(
            dict.fromkeys(
                r.choice(_SURNAME) + r.choice(_GIVEN) + r.choice(("", r.choice(_GIVEN)))
                for _ in range(max(80, min(3000, n_bank // 40)))
            )
        )
        self.voucher: dict[tuple[int, int], int] = {}
        self.contract = r.randrange(1000, 5000)
        self.serial = r.randrange(10**9)
        self.fees: dict[dt.date, list[tuple[str, Decimal]]] = {}

    # -- emitting -----------------------------------------------------------------------------------------------------
    def _ref_bank(self, day: dt.date) -> str:
        self.serial += self.r.randrange(1, 50)
        if self.bank_kind == "cmb":
            return f"G{self.serial % 10**10:010d}{'CDE'[self.serial % 3]}"
        return f"{day:%Y%m%d}{self.serial % 10**9:09d}"

    def _b(self, day: dt.date, amount: Decimal, d: str, cp: str, text: str, ref: str | None = None) -> str:
        i = f"B5{len(self.bank):08d}"
        self.bank.append(Line(i, day, amount, d, self._ref_bank(day) if ref is None else ref, cp, text))
        return i

    def _j(self, day: dt.date, amount: Decimal, d: str, cp: str, text: str) -> str:
        i = f"J5{len(self.journal):08d}"
        key = (day.year, day.month)  # vouchers are numbered per month
        self.voucher[key] = v = self.voucher.get(key, 0) + self.r.randrange(1, 4)
        ref = f"记-{v:04d}" if self.erp == "u8" else f"记-{v}"
        if self.r.random() < 0.2:
            ref = ""  # a journal exported without its voucher column
        self.journal.append(Line(i, day, amount, d, ref, cp, text))
        return i

    def _amount(self, lo: float = 2.3, hi: float = 6.2) -> Decimal:
        r = self.r
        x = 10 ** r.uniform(lo, hi)
        if r.random() < 0.3:
            step = 100 if x > 5000 else 10
            return Decimal(max(step, int(x / step) * step)).quantize(CENT)
        return (Decimal(int(x * 100)) / 100).quantize(CENT)

    def _contract(self) -> tuple[str, str]:
        """A contract or invoice number: (journal's form, bank's form)."""
        r = self.r
        self.contract += r.randrange(1, 9)
        n = self.contract
        if r.random() < 0.5:
            return f"合同号HT{START.year}-{n:05d}", r.choice((f"HT{START.year}{n:05d}", f"HT-{n}", f"合同{n}"))
        inv = r.randrange(10**7, 10**8)
        return f"发票{inv}", r.choice((f"发票号{inv}", f"INV{inv}", str(inv)))

    # -- names as each side writes them ---------------------------------------------------------------------------------
    def _bank_party(self, c: Company, day: dt.date, receipt: bool) -> str:
        r = self.r
        x = r.random()
        if x < 0.06:
            return ""
        if receipt and x < 0.09:
            return c.owner  # the owner pays from a personal account
        if c.branches and x < 0.45:
            return r.choice(c.branches)
        name = c.registered(day)
        name = _paren(name, r.random() < (0.7 if self.bank_kind == "icbc" else 0.3))
        if r.random() < 0.05:
            name = name[: r.randint(10, 14)]  # cut at the export's field width
        return name

    def _journal_party(self, c: Company, day: dt.date) -> tuple[str, str]:
        """(往来单位 column, the name the 摘要 uses)."""
        r = self.r
        if c.rename_day and day >= c.rename_day and c.ledger_updated:
            full = c.new_name
            short = c.brand
        else:
            full = _paren(c.name, self.erp == "kingdee" and r.random() < 0.8)
            short = c.short
        x = r.random()
        if x < 0.35:
            return full, short
        if x < 0.6:
            return short, short
        return "", short if r.random() < 0.8 else full

    # -- 1:1 supplier payments and customer receipts --------------------------------------------------------------------
