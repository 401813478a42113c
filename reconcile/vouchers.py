"""Suggested journal entries for bank-only items (银行已收/已付、企业未收/未付): what the bank booked on its own.

Bank fees and interest reach the company's books only when its accountant types them in from the statement. Here
each such bank line becomes a suggested voucher (记账凭证) of two entries, the bank side on the bank-deposit ledger
account (银行存款) and the other side on the fee or interest account, written in the voucher import layouts of
Kingdee (金蝶) and Yonyou (用友), so the accountant imports them into the ERP instead of re-typing. The summary keeps
the bank's serial ("银行手续费 SN3"), so when the ERP's bank journal comes back with the entry, matching finds the
pair by amount, date and the serial named in both.

Pure: no Django. Lines that are neither a fee nor interest (a customer's payment the company has not booked yet, a
direct debit) are listed as unclassified, never guessed: which account they belong to is the accountant's call.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from django.utils import translation
from django.utils.translation import gettext as _

FEE: Final = "fee"
INTEREST: Final = "interest"

# Words banks print on their own bookings (Chinese banks' 摘要, SWIFT/SEPA texts). Interest is tested first:
# "利息" lines sometimes also say "扣费"-like words, never the reverse.
_INTEREST = re.compile(r"利息|结息|存息|息单|interest|zinsen", re.IGNORECASE)
_FEE = re.compile(
    r"手续费|服务费|工本费|汇划费|年费|短信费|账户费|回单费|电子汇兑费|费用扣收|"
    r"\bfees?\b|\bcharges?\b|commission|gebühr|entgelt",
    re.IGNORECASE,
)
# A fee is the bank's own charge: no third party, or the bank itself, as counterparty. "服务费" paid to a supplier
# is a purchase, not a bank charge.
_BANK = re.compile(r"银行|bank", re.IGNORECASE)


@dataclass(frozen=True)
class LedgerAccount:
    code: str  # 科目代码, e.g. 1002 or 6603.02
    name: str  # 科目名称


@dataclass(frozen=True)
class ChartOfAccounts:
    """The ledger accounts of the suggestions (the accountant's chart; defaults follow 企业会计准则's numbering)."""

    bank: LedgerAccount = LedgerAccount("1002", "银行存款")
    fee: LedgerAccount = LedgerAccount("6603", "财务费用-手续费")
    interest: LedgerAccount = LedgerAccount("6603", "财务费用-利息收入")


@dataclass(frozen=True)
class BankOnlyLine:
    """A bank line the journal has not booked (an item of 银行已收企业未收 or 银行已付企业未付)."""

    line_id: int | None
    date: dt.date
    amount: Decimal  # positive
    incoming: bool  # money into the account (credit on the bank statement)
    summary: str
    counterparty: str = ""
    serial: str = ""
    currency: str = "CNY"  # the account's: a foreign-currency voucher names it and leaves the rate to the accountant


@dataclass(frozen=True)
class SuggestedVoucher:
    line: BankOnlyLine
    kind: str  # FEE | INTEREST
    summary: str  # the entries' 摘要: the kind in words and the bank's serial
    debit: LedgerAccount
    credit: LedgerAccount

    @property
    def amount(self) -> Decimal:
        return self.line.amount


def classify(line: BankOnlyLine) -> str | None:
    """FEE for a bank charge paid out, INTEREST for interest (paid in, or charged), else None."""
    text = f"{line.summary} {line.counterparty}"
    if _INTEREST.search(text):
        return INTEREST
    if _FEE.search(text) and not line.incoming and (not line.counterparty.strip() or _BANK.search(line.counterparty)):
        return FEE
    return None


_KIND_WORDS = {FEE: "银行手续费", INTEREST: "银行存款利息"}


def suggest(
    lines: Iterable[BankOnlyLine], chart: ChartOfAccounts = ChartOfAccounts()
) -> tuple[list[SuggestedVoucher], list[BankOnlyLine]]:
    """The suggested vouchers, and the lines left to the accountant (unclassified), both in date order."""
    vouchers: list[SuggestedVoucher] = []
    left: list[BankOnlyLine] = []
    for line in sorted(lines, key=lambda item: (item.date, item.line_id or 0)):
        kind = classify(line)
        if kind is None:
            left.append(line)
            continue
        summary = " ".join(part for part in (_KIND_WORDS[kind], line.serial) if part)
        other = chart.fee if kind == FEE else chart.interest
        # Money in: 借 银行存款 / 贷 the other account; money out the other way round. Interest charged on an
        # overdraft is money out and lands on the same interest account (as a debit, reducing the income).
        debit, credit = (chart.bank, other) if line.incoming else (other, chart.bank)
        vouchers.append(SuggestedVoucher(line=line, kind=kind, summary=summary, debit=debit, credit=credit))
    return vouchers, left


# --- import layouts -------------------------------------------------------------------------------------------------

Cell = str | Decimal | dt.date | int | None


@dataclass(frozen=True)
class Layout:
    key: str
    title: str  # how the ERP names its import
    headers: tuple[str, ...]
    entry: Callable[[int, SuggestedVoucher, bool, str], tuple[Cell, ...]]  # (number, voucher, debit side?, preparer)


def _kingdee(number: int, voucher: SuggestedVoucher, debit: bool, preparer: str) -> tuple[Cell, ...]:
    account = voucher.debit if debit else voucher.credit
    return (
        voucher.line.date,
        "记",
        number,
        1,
        voucher.summary,
        account.code,
        account.name,
        voucher.amount if debit else None,
        None if debit else voucher.amount,
        "RMB" if voucher.line.currency == "CNY" else voucher.line.currency,
        1 if voucher.line.currency == "CNY" else None,  # the day's rate is the accountant's to enter, not 1
        preparer,
    )


def _yonyou(number: int, voucher: SuggestedVoucher, debit: bool, preparer: str) -> tuple[Cell, ...]:
    account = voucher.debit if debit else voucher.credit
    return (
        "记",
        number,
        voucher.line.date,
        1,
        voucher.summary,
        account.code,
        voucher.amount if debit else None,
        None if debit else voucher.amount,
        preparer,
    )


LAYOUTS: Final[dict[str, Layout]] = {
    # 金蝶 KIS / K3 凭证引入 (Excel)
    "kingdee": Layout(
        "kingdee",
        "金蝶凭证引入",
        (
            "日期",
            "凭证字",
            "凭证号",
            "附单据数",
            "摘要",
            "科目代码",
            "科目名称",
            "借方金额",
            "贷方金额",
            "币别",
            "汇率",
            "制单人",
        ),
        _kingdee,
    ),
    # 用友 U8 / T3 凭证导入
    "yonyou": Layout(
        "yonyou",
        "用友凭证导入",
        ("凭证类别", "凭证号", "制单日期", "附单据数", "摘要", "科目编码", "借方金额", "贷方金额", "制单人"),
        _yonyou,
    ),
}


def voucher_rows(
    vouchers: Sequence[SuggestedVoucher], layout: Layout, *, first_number: int = 1, preparer: str = ""
) -> list[tuple[Cell, ...]]:
    """Two rows (借 then 贷) per voucher, numbered from ``first_number``: what the layout's import reads."""
    rows: list[tuple[Cell, ...]] = []
    for offset, voucher in enumerate(vouchers):
        rows.append(layout.entry(first_number + offset, voucher, True, preparer))
        rows.append(layout.entry(first_number + offset, voucher, False, preparer))
    return rows


def unknown_layout_message(value: str) -> str:
    """What a request naming no layout of ``LAYOUTS`` is told, on the page and in the API alike: the value and the
    layouts there are (listed with 、 in Chinese, as a Chinese sentence lists)."""
    separator = "、" if (translation.get_language() or "").startswith("zh") else ", "
    return _("There is no voucher layout “%(value)s”: choose one of %(choices)s.") % {
        "value": str(value)[:40],
        "choices": separator.join(sorted(LAYOUTS)),
    }
