"""Credit card statements (公务卡, 信用卡): a company's official cards come with the bank's card statement, which writes
charges as positive amounts and repayments as negative ones, the opposite of an account statement's signed amount
column. Recognised by the words only a card statement carries; its signed amounts are turned round, so a charge is
money out of the company as on every other statement. Columns that say the direction themselves (收入/支出, 借/贷)
already read right and are left alone."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .dates import MDY
from .text import Cell, cell_text, header_key, nfkc
from .types import IN, OUT, ParsedLine

_CARD_WORDS = re.compile(
    r"公务卡|信用卡|贷记卡|信用额度|应还款|最低还款|还款日|credit\s*card|credit\s*limit"
    # The bill (本期账单, 账单明细, 账单日; an account's 对账单 is not one) and the card's last four digits per line
    # (卡末四位, 卡号后四位): a card statement's own words, as 中信银行 and 中国银行 write them.
    r"|本期账单|(?<!对)账单(?:明细|日|周期|金额)|卡号?[末后]四位",
    re.IGNORECASE,
)
# A card statement gives each charge in the currency spent (交易金额) and in the card's own (入账金额 or 结算金额, as
# 广发银行 and 中信银行 name it): an account statement books one amount.
_SPENT = re.compile(r"^交易(?:币种/)?金额")
_BILLED = re.compile(r"^(?:入账|结算)(?:币种/)?金额")
# A bill that writes every amount unsigned (交通银行: "CNY 123.18") says what each line is in the first word of its
# description instead: these are money back to the card; anything else (消费, 取现, 年费, 利息) is a charge.
# A column of the card's number or holder (Bank of Montreal's card export: "Card #" beside one amount column, charges
# positive; PC Financial's Mastercard export: "Card Used For Transaction", `**** 1234`; American Express's: "Card
# Member", the cardholder of each charge; Viseca's: "CardId"): a header naming exactly that, not a card word in a title
# ("卡号 Card No.: ..." of a debit account's export).
_CARD_NUMBER_COLUMN = re.compile(r"^card\s*(?:#|no\.?|number|id|member|used\s+for\s+transaction)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class KnownExport:
    """An export whose header alone says whether it is a card statement, where the columns above do not say it or
    say it wrongly: every one of ``headers`` (as ``header_key`` gives them, less full stops) is a column of it.
    ``card``: its amounts are a card's (charges positive) and are turned round; ``day_order``: how its dates are
    written, for a file whose own dates do not show it (every day 12 or below); ``currency``: the one it is kept in,
    where the file names none."""

    issuer: str
    headers: frozenset[str]
    card: bool = True
    day_order: str | None = None
    currency: str | None = None


# One row per export. (Chase's card export, `Transaction Date`, `Post Date`, ..., `Type`, `Amount`, writes charges
# negative, as an account does: it needs no row.)
KNOWN_EXPORTS: tuple[KnownExport, ...] = (
    # Discover: "Trans. Date","Post Date","Description","Amount","Category"; purchases positive, payments and credits
    # negative; dates MM/DD/YYYY; US dollar cards only. It names no card in any column.
    KnownExport(
        "Discover", frozenset({"transdate", "postdate", "description", "amount", "category"}), True, MDY, "USD"
    ),
    # Revolut Business: an account's export, whose `Card number` names the card a card payment was made with (empty on
    # transfers and top-ups); its amounts are signed as an account's. It was turned round as a card statement.
    KnownExport(
        "Revolut Business",
        frozenset({"datestarted(utc)", "datecompleted(utc)", "cardnumber", "totalamount", "balance"}),
        card=False,
    ),
)


def known_export(header: list[str]) -> KnownExport | None:
    # Without full stops: Discover's `Trans. Date` is `Trans Date` in some of its downloads.
    keys = {header_key(h).replace(".", "") for h in header if h}
    return next((e for e in KNOWN_EXPORTS if e.headers <= keys), None)


_CREDIT_WORDS = re.compile(r"^\s*[（(【\[]?\s*(?:信用卡)?(?:还款|退货|退款|返现|溢缴|撤销|冲正)")


# The card issuer's words for the cardholder's payment to the card (American Express, Citi, Capital One: "ONLINE
# PAYMENT - THANK YOU", "AUTOPAY PAYMENT RECEIVED - THANK YOU", "Payment Thank You-Mobile"); an account's statement
# names the card it paid instead ("AMEX EPAYMENT ACH PMT"). The issuer's words open the description: a payee's text
# thanking for a payment on an account's line ("CITY WATER PAYMENT - THANK YOU") names the payee first, and reading
# it as a card's would turn every line of the account round.
_PAYMENT_THANKS = re.compile(
    r"^\s*(?:(?:ONLINE|AUTOPAY|AUTOMATIC|MOBILE|INTERNET|ELECTRONIC|ACH|EPAYMENT|E-PAYMENT)\s+)*PAYMENT"
    r"(?:\s+RECEIVED)?[\s,\-–:]*THANK\s*YOU\b",
    re.IGNORECASE,
)


def _payments_written_negative(lines: list[ParsedLine]) -> bool:
    """A card's export that names no card (American Express's three columns: Date, Description, Amount, with or without
    that header): its payments to the card, thanked for, are written negative, so its charges are the positive amounts.
    A card export that writes charges negative (Chase) writes those payments positive and is read as it is."""
    thanked = [ln for ln in lines if _PAYMENT_THANKS.match(ln.summary or "")]
    return bool(thanked) and all(ln.direction == OUT for ln in thanked) and all(ln.balance is None for ln in lines)


def is_card_statement(
    sheet_name: str, title_rows: list[list[Cell]], header: list[str], lines: list[ParsedLine] | None = None
) -> bool:
    texts = [sheet_name, *header, *(cell_text(c) for row in title_rows for c in row)]
    if any(_CARD_WORDS.search(nfkc(t)) for t in texts if t):
        return True
    known = known_export(header)
    if known is not None:
        return known.card
    names = [nfkc(h).strip() for h in header if h]
    if any(_CARD_NUMBER_COLUMN.match(n) for n in names):
        return True
    if lines and _payments_written_negative(lines):
        return True
    return any(_SPENT.match(n) for n in names) and any(_BILLED.match(n) for n in names)


def _mismatches(lines: list[ParsedLine], sign: int) -> int:
    """Running-balance steps that do not follow, with every balance times ``sign`` (file order or reversed, whichever
    fits better: card statements list newest first as often as not)."""

    def count(seq: list[ParsedLine]) -> int:
        bad, prev = 0, None
        for ln in seq:
            if ln.balance is None:
                prev = None
                continue
            if prev is not None and prev * sign + ln.signed_amount != ln.balance * sign:
                bad += 1
            prev = ln.balance
        return bad

    return min(count(lines), count(lines[::-1]))


def turn_round(lines: list[ParsedLine]) -> list[ParsedLine]:
    """Charges out, repayments and refunds in (by their sign, or where no amount is written negative, by the first word
    of their description: 还款, 退货, 退款...); a balance column that shows the amount owed as a positive figure
    becomes the (negative) balance of the card account, when that is how its steps follow."""
    flipped = [replace(ln, direction=OUT if ln.direction == IN else IN) for ln in lines]
    if len(lines) > 1 and all(ln.direction == IN for ln in lines):  # nothing written negative: the words decide
        flipped = [replace(ln, direction=IN) if _CREDIT_WORDS.match(ln.summary or "") else ln for ln in flipped]
    if any(ln.balance is not None for ln in flipped) and _mismatches(flipped, -1) < _mismatches(flipped, 1):
        flipped = [replace(ln, balance=-ln.balance if ln.balance is not None else None) for ln in flipped]
    return flipped
