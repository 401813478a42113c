"""A table's statement finished (``tabular.parse_table`` reads its rows): what the title rows state applied to it
(account, period, balances, control totals), then the lines split by own account when the file carries several, a
currency other than the statement's refused, the running balances and control totals checked."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from .checks import check_controls, check_running_balances
from .errors import Code, ErrorCollector
from .messages import msg
from .metadata import Meta
from .text import currency_code
from .types import ControlTotals, Kind, MappingProfile, ParsedFile, ParsedLine, ParseOptions


def apply_meta(
    pf: ParsedFile,
    meta: Meta,
    kind: Kind,
    profile: MappingProfile | None,
    totals: ControlTotals,
    where: dict[str, tuple[int | None, str]],
) -> None:
    pf.account_number = (profile.account_number if profile and profile.account_number else None) or _account(meta)
    pf.account_name = meta.text("account_name")
    pf.period_start, pf.period_end = meta.period()
    for key in ("opening_balance", "closing_balance"):
        hit = meta.amount(key)
        if hit:
            setattr(pf, key, hit[2])
    debit_dir, credit_dir = ("out", "in") if kind == "bank" else ("in", "out")
    pairs = [
        ("debit_total", f"{debit_dir}_total"),
        ("credit_total", f"{credit_dir}_total"),
        ("out_total", "out_total"),
        ("in_total", "in_total"),
    ]
    for src, dst in pairs:
        hit = meta.amount(src)
        if hit and getattr(totals, dst) is None:
            setattr(totals, dst, hit[2])
            where[dst] = (hit[0], hit[1])
    counts = [
        ("debit_count", f"{debit_dir}_count"),
        ("credit_count", f"{credit_dir}_count"),
        ("out_count", "out_count"),
        ("in_count", "in_count"),
        ("line_count", "line_count"),
    ]
    for src, dst in counts:
        counted = meta.count(src)
        if counted and getattr(totals, dst) is None:
            setattr(totals, dst, counted[2])
            where[dst] = (counted[0], counted[1])
    pf.controls = totals


# 招商银行's `账    号: [一卡通:6214 **** **** 1234 人民币]`: the card product's name before the number and the
# account's currency after it are not part of the number.
_PRODUCT = re.compile(r"^[^\d:：*]{1,8}[:：](?=[\d*])")
_CURRENCY_AFTER = re.compile(
    r"(?<=[\d*])\s*(人民币元?|美元|港币|港元|欧元|日元|英镑|澳元|加元|新加坡元|CNY|RMB|USD|HKD|EUR)$"
)


def title_account(meta: Meta) -> tuple[str | None, str | None]:
    """The account number a title row states, and the currency written after it (None when none is)."""
    text = meta.text("account_number")
    if not text:
        return None, None
    text = _PRODUCT.sub("", text.strip())
    currency = _CURRENCY_AFTER.search(text)
    if currency:
        text = text[: currency.start()]
    return "".join(text.split()) or None, currency_code(currency.group(1)) if currency else None


def _account(meta: Meta) -> str | None:
    return title_account(meta)[0]


def _refuse_mixed_currencies(
    pf: ParsedFile, lines: list[ParsedLine], errors: ErrorCollector, column: str | None
) -> bool:
    """An account is kept in one currency: lines of one account in another currency than the statement's (stated
    in the title, else most of its lines') are refused, each named, so the file is exported per currency."""
    counts: dict[str, int] = {}
    for ln in lines:
        if ln.currency:
            counts[ln.currency] = counts.get(ln.currency, 0) + 1
    if len(counts) < 2:
        return False
    main = pf.currency if pf.currency in counts else max(counts, key=lambda c: (counts[c], -list(counts).index(c)))
    pf.currency = main
    for ln in lines:
        if ln.currency and ln.currency != main:
            errors.add(
                ln.row, column, ln.currency, Code.MIXED_CURRENCY, msg("currency.mixed", value=ln.currency, main=main)
            )
    return True


def stated_closing(
    pf: ParsedFile, closing_at: tuple[int, str, Decimal | None] | None, lines: list[ParsedLine], errors: ErrorCollector
) -> None:
    """A closing balance row under a journal's lines (期末余额, Sage 50's Ending Balance) is its closing balance where
    the title states none. Lines without running balances cannot be checked one by one: the opening balance and the
    lines must reach it."""
    if closing_at is None or closing_at[2] is None or pf.closing_balance is not None:
        return
    where, label, pf.closing_balance = closing_at
    if pf.opening_balance is None or any(ln.balance is not None for ln in lines):
        return  # the running balances are checked against it (check_running_balances)
    expected = pf.opening_balance + sum((ln.signed_amount for ln in lines), Decimal("0.00"))
    if expected != pf.closing_balance:
        reason = msg("balance.opening_to_closing", opening=pf.opening_balance, expected=expected)
        errors.add(where, label, pf.closing_balance, Code.CONTROL_TOTAL, reason)


def finish(
    template: ParsedFile,
    lines: list[ParsedLine],
    errors: ErrorCollector,
    totals_where: dict[str, tuple[int | None, str]],
    options: ParseOptions,
    balance_column: str | None,
    currency_column: str | None = None,
    reversed_total: Decimal = Decimal(0),
) -> list[ParsedFile]:
    """Split by own account when the file carries several (per-row 账号 column), then check."""
    accounts = list(dict.fromkeys(ln.account_number for ln in lines if ln.account_number))
    groups: list[tuple[str | None, list[ParsedLine]]]
    if len(accounts) > 1:
        groups = [(a, [ln for ln in lines if ln.account_number == a]) for a in accounts]
        if any(ln.account_number is None for ln in lines):
            groups.append((template.account_number, [ln for ln in lines if ln.account_number is None]))
    else:
        groups = [(accounts[0] if accounts else template.account_number, lines)]
    out: list[ParsedFile] = []
    for account, group in groups:
        if template.kind == "journal" and _own_amount_balances(group):
            group = [replace(ln, balance=None) for ln in group]
        pf = replace(
            template, lines=group, errors=[], warnings=list(template.warnings), controls=replace(template.controls)
        )
        pf.account_number = account or template.account_number
        if len(groups) > 1:
            pf.opening_balance = pf.closing_balance = None  # file-level balances belong to no single account
            pf.controls = ControlTotals()
        if pf.currency is None:
            pf.currency = next((ln.currency for ln in group if ln.currency), None)
        mixed = _refuse_mixed_currencies(pf, group, errors, currency_column)
        if options.check_balances and not mixed:  # balances of two currencies never chain: the currencies say why
            check_running_balances(pf, errors, balance_column)
        if len(groups) == 1:
            check_controls(pf, errors, totals_where, reversed_total)
        out.append(pf)
    for pf in out:  # errors are about the file: every statement carries them all
        pf.errors = list(errors.errors)
        pf.error_count = errors.count
    return out


def _own_amount_balances(lines: list[ParsedLine]) -> bool:
    """A ledger's list of entry lines (Odoo's Journal Items: Debit, Credit, Balance) whose balance is each line's own
    debit minus credit, not a running balance: every line's balance is its own signed amount. (A running balance
    equals it on the first line at most: the second would need a first line of nothing.)"""
    return len(lines) >= 2 and all(ln.balance is not None and ln.balance == ln.signed_amount for ln in lines)
