"""银行存款余额调节表 (balance adjustment table): plain input data + arithmetic.

Layout agreed with the client (DESIGN):

    left  (bank side):  银行对账单余额 bank statement balance
                        + 企业已收银行未收 journal-in-not-bank
                        - 企业已付银行未付 journal-out-not-bank
                        = 调节后余额 adjusted bank balance
    right (book side):  企业银行存款日记账余额 book balance
                        + 银行已收企业未收 bank-in-not-journal
                        - 银行已付企业未付 bank-out-not-journal
                        = 调节后余额 adjusted book balance

The two adjusted balances agree (调节相符) or the difference is shown loudly.
Amounts on items are positive magnitudes; the side/sign comes from the list
an item is in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class AdjustmentItem:
    date: dt.date
    reference: str  # voucher / cheque / bank serial number
    summary: str  # 摘要 / counterparty
    amount: Decimal  # positive magnitude
    # The stored line the item is (a BankLine id in the bank lists, a JournalEntry id in the journal lists), so an
    # API client can match it or name it; None for a table built from files. Never printed.
    line_id: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal) or isinstance(self.amount, bool):
            raise TypeError(f"amount must be Decimal, got {type(self.amount).__name__}")
        if not self.amount.is_finite() or self.amount < 0:
            raise ValueError(f"item amount must be a finite non-negative magnitude, got {self.amount}")


@dataclass(frozen=True)
class Category:
    key: str
    label: str | Promise  # the heading as printed, in the language active when rendered (Chinese by default)
    sign: int  # +1 adds to its side, -1 subtracts
    side: str  # "bank" | "book"


# Chinese: 企业已收银行未收, 企业已付银行未付, 银行已收企业未收, 银行已付企业未付 (the form's own words, in the .po).
JOURNAL_IN_NOT_BANK: Final = Category(
    "journal_in_not_bank", pgettext_lazy("adjustment table", "Received in the books, not yet by the bank"), +1, "bank"
)
JOURNAL_OUT_NOT_BANK: Final = Category(
    "journal_out_not_bank", pgettext_lazy("adjustment table", "Paid in the books, not yet by the bank"), -1, "bank"
)
BANK_IN_NOT_JOURNAL: Final = Category(
    "bank_in_not_journal", pgettext_lazy("adjustment table", "Received by the bank, not yet in the books"), +1, "book"
)
BANK_OUT_NOT_JOURNAL: Final = Category(
    "bank_out_not_journal", pgettext_lazy("adjustment table", "Paid by the bank, not yet in the books"), -1, "book"
)
CATEGORIES: Final = (JOURNAL_IN_NOT_BANK, JOURNAL_OUT_NOT_BANK, BANK_IN_NOT_JOURNAL, BANK_OUT_NOT_JOURNAL)

AGREED_TEXT: Final = pgettext_lazy("adjustment table", "Reconciled")  # 调节相符
DISAGREED_TEXT: Final = pgettext_lazy("adjustment table", "Does not reconcile")  # 调节不符


@dataclass(frozen=True)
class AdjustmentTable:
    account_number: str  # e.g. GL account "1002.01" or the bank account number
    account_name: str
    period_end: dt.date
    bank_balance: Decimal
    book_balance: Decimal
    journal_in_not_bank: tuple[AdjustmentItem, ...] = ()
    journal_out_not_bank: tuple[AdjustmentItem, ...] = ()
    bank_in_not_journal: tuple[AdjustmentItem, ...] = ()
    bank_out_not_journal: tuple[AdjustmentItem, ...] = ()
    company_name: str = ""
    bank_name: str = ""
    currency: str = "CNY"
    prepared_by: str = ""  # 编制人, a real name (reconcile.people.person_name)
    reviewed_by: str = ""  # 复核人: the reviewer who approved the close, blank until then
    reviewed_at: dt.datetime | None = None  # when the reviewer approved (the date line of the signatures)

    def __post_init__(self) -> None:
        for name in ("bank_balance", "book_balance"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite():
                raise TypeError(f"{name} must be a finite Decimal, got {value!r}")
        for cat in CATEGORIES:
            items = getattr(self, cat.key)
            if not isinstance(items, tuple):
                # Lists would make the frozen dataclass silently mutable.
                object.__setattr__(self, cat.key, tuple(items))

    def items(self, category: Category) -> tuple[AdjustmentItem, ...]:
        items: tuple[AdjustmentItem, ...] = getattr(self, category.key)
        return items

    def total(self, category: Category) -> Decimal:
        return sum((i.amount for i in self.items(category)), Decimal("0"))

    @property
    def adjusted_bank_balance(self) -> Decimal:
        return self.bank_balance + self.total(JOURNAL_IN_NOT_BANK) - self.total(JOURNAL_OUT_NOT_BANK)

    @property
    def adjusted_book_balance(self) -> Decimal:
        return self.book_balance + self.total(BANK_IN_NOT_JOURNAL) - self.total(BANK_OUT_NOT_JOURNAL)

    @property
    def difference(self) -> Decimal:
        """Adjusted bank minus adjusted book; zero when the table agrees."""
        return self.adjusted_bank_balance - self.adjusted_book_balance

    @property
    def agreed(self) -> bool:
        return self.difference == 0

    @property
    def reviewed_on(self) -> str:
        """The approval time as the signature line prints it (in the time zone the caller gave it), blank before."""
        return f"{self.reviewed_at:%Y-%m-%d %H:%M}" if self.reviewed_at is not None else ""
