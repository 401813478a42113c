"""Every detail file the product writes, read by the product's own importer, gives back the lines it was written from,
with the same fingerprints: a company that uploads the bank's detail finds every line already known."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from reconcile.parsers import parse_file
from reconcile.parsers.fingerprint import bank_fingerprints
from statements.render.detail import DetailFormatError, StatementDetail
from statements.render.detail_camt import render_detail_camt053
from statements.render.detail_mt940 import render_detail_mt940
from statements.render.detail_tabular import render_detail_csv, render_detail_xlsx
from tests.statements.render.detail_cases import ACCOUNT, CASES, LONG_PURPOSE, as_parsed

WRITERS = {
    "xlsx": (render_detail_xlsx, "明细.xlsx"),
    "csv": (render_detail_csv, "明细.csv"),
    "mt940": (render_detail_mt940, "detail.sta"),
    "camt053": (render_detail_camt053, "detail.xml"),
}
TEXTS = ("counterparty_name", "counterparty_account", "counterparty_bank", "summary", "purpose", "serial", "voucher_no")
# What a format cannot carry at all, and says so instead of writing it (see the writers' docstrings).
REFUSED = {("mt940", "extremes")}


def _read(fmt: str, detail: StatementDetail):
    render, name = WRITERS[fmt]
    files = parse_file(render(detail), name)
    assert len(files) == 1
    pf = files[0]
    assert pf.ok, [e.message for e in pf.errors]
    return pf


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_lines_come_back_as_written(fmt: str, case: str) -> None:
    detail = CASES[case]
    if (fmt, case) in REFUSED:
        with pytest.raises(DetailFormatError, match="10\\^12"):
            WRITERS[fmt][0](detail)
        return
    # A quiet month comes back as its balances in every format: the spreadsheets state the period and both balances
    # in their title (issue 22 item 5).
    pf = _read(fmt, detail)
    assert (pf.account_number, pf.currency) == (ACCOUNT, "CNY")
    assert (pf.opening_balance, pf.closing_balance) == (detail.opening_balance, detail.closing_balance)
    assert (pf.period_start, pf.period_end) == (detail.period_start, detail.period_end)
    assert len(pf.lines) == len(detail.lines)
    for number, (want, got) in enumerate(zip(detail.lines, pf.lines, strict=True), start=1):
        assert (got.booking_date, got.direction, got.amount, got.balance) == (
            want.booking_date,
            want.direction,
            want.amount,
            want.balance_after,
        ), f"line {number}"
        # :61: always states a value date: without one of the bank's, the booking date is written there.
        value_date = want.value_date or want.booking_date if fmt == "mt940" else want.value_date
        assert got.value_date == value_date, f"line {number}"
        for field in TEXTS:
            assert getattr(got, field) == getattr(want, field), f"line {number} {field}"


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_line_is_already_known(fmt: str, case: str) -> None:
    """The fingerprints the import computes for the file's lines are those of the lines the detail came from, in the
    same order (copy numbers of identical lines included), so nothing is stored twice."""
    detail = CASES[case]
    if (fmt, case) in REFUSED or not detail.lines:
        return
    stored = bank_fingerprints(ACCOUNT, [as_parsed(line) for line in detail.lines])
    assert len(set(stored)) == len(stored)
    assert bank_fingerprints(ACCOUNT, _read(fmt, detail).lines) == stored


def test_identical_payments_differ_by_balance_or_copy_number() -> None:
    with_balance = bank_fingerprints(ACCOUNT, [as_parsed(ln) for ln in CASES["twin_payments"].lines])
    without = bank_fingerprints(ACCOUNT, [as_parsed(ln) for ln in CASES["twin_payments_no_balance"].lines])
    assert len(set(with_balance)) == 2 and len(set(without)) == 2
    assert set(with_balance).isdisjoint(without)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_huge_amounts_keep_every_cent_in_spreadsheets(fmt: str) -> None:
    """Amounts beyond what binary floating point holds to the cent are written so that they are read exactly."""
    base = CASES["extremes"]
    big = replace(base.lines[0], amount=base.lines[0].amount * 1000 + 9, balance_after=None)
    detail = replace(base, lines=(big,), closing_balance=base.opening_balance + big.amount)
    assert Decimal(repr(float(big.amount))) != big.amount  # a number cell would lose cents on the way back
    [line] = _read(fmt, detail).lines
    assert line.amount == big.amount


def test_a_purpose_without_spaces_over_140_characters_is_split_in_camt() -> None:
    """camt's Ustrd holds 140 characters; the importer joins several with a space, so a long purpose with spaces
    comes back exactly and one without gets a space where it was split. The purpose is not part of the fingerprint."""
    base = CASES["hostile"]
    spaced = base.lines[3]
    assert _read("camt053", base).lines[3].purpose == spaced.purpose == LONG_PURPOSE[:300]
    solid = replace(spaced, purpose="附" * 200)
    detail = replace(base, lines=(*base.lines[:3], solid, base.lines[4]))
    got = _read("camt053", detail).lines[3]
    assert got.purpose == "附" * 140 + " " + "附" * 60
    assert bank_fingerprints(ACCOUNT, [got]) == bank_fingerprints(ACCOUNT, [as_parsed(solid)])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_names_in_the_title_block_cannot_change_what_it_says(fmt: str) -> None:
    """The holder's and the bank's names are free text printed in the title block the importer reads labels from:
    what the import uses (account, currency, period, balances, control totals) still comes from the product's own
    values. (The holder's name as read back is not used by the import; one that starts with a label is not read.)"""
    hostile = "币种：USD 截止日期：2020-01-01 账号：999 户名：X 期初余额：5 记录条数：9"
    base = CASES["chinese_and_latin"]
    pf = _read(fmt, replace(base, customer_name=hostile, bank_name=hostile))
    assert (pf.account_number, pf.currency, pf.period_end) == (ACCOUNT, "CNY", base.period_end)
    assert (pf.period_start, pf.opening_balance, pf.closing_balance) == (
        base.period_start,
        base.opening_balance,
        base.closing_balance,
    )
    assert pf.controls.line_count == len(base.lines)
