"""A 明细账 of several accounts' sections, and Xero's reports of several accounts: the section of the account the
import is for is read; without one matching, the file is refused naming the sections it holds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import ParseError, ParseOptions, parse_file

# The messages are asserted in English; the product speaks Chinese by default.
pytestmark = pytest.mark.usefixtures("english")

FILES = Path(__file__).resolve().parents[2] / "fixtures" / "journals" / "sections"
K3 = "kingdee_k3_gl_detail_two_banks_2026-01.csv"
SECTIONS = "(1002.01 银行存款-工商银行 0200001234, 1002.02 银行存款-建设银行 5100005678)"


def _read(name: str, account: str | None = None):
    return parse_file((FILES / name).read_bytes(), name, kind="journal", options=ParseOptions(account=account))


def _moves(pf) -> list[tuple[int, date, str, Decimal]]:
    return [(ln.row, ln.booking_date, ln.direction, ln.amount) for ln in pf.lines]


def test_the_section_whose_heading_ends_with_the_accounts_last_digits_is_read() -> None:
    [pf] = _read(K3, "6222 0002 0000 1234")
    assert pf.ok, pf.errors
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("100000.00"), Decimal("148800.00"))
    assert _moves(pf) == [
        (6, date(2026, 1, 5), "in", Decimal("50000.00")),
        (7, date(2026, 1, 9), "out", Decimal("1200.00")),
    ]
    [note] = pf.warnings
    assert "(1002.01 银行存款-工商银行 0200001234) was read" in note.render()
    assert "(1002.02 银行存款-建设银行 5100005678) were left out" in note.render()


def test_the_section_of_the_account_number_itself_is_read() -> None:
    [pf] = _read(K3, "5100005678")
    assert pf.ok and (pf.opening_balance, pf.closing_balance) == (Decimal("20000.00"), Decimal("12000.00"))
    assert _moves(pf) == [(15, date(2026, 1, 6), "out", Decimal("8000.00"))]


@pytest.mark.parametrize(
    ("account", "words"),
    [
        (None, "choose at upload the account the import is for"),
        ("31050161373600009999", "none names account 31050161373600009999"),
    ],
)
def test_without_a_matching_section_the_file_is_refused_naming_the_sections(account, words) -> None:
    with pytest.raises(ParseError) as refused:
        _read(K3, account)
    assert f"the sections of 2 accounts {SECTIONS}" in refused.value.message and words in refused.value.message


def test_a_section_matched_twice_is_refused() -> None:
    data = (FILES / K3).read_bytes().replace("5100005678".encode("gbk"), "0200001234".encode("gbk"))
    with pytest.raises(ParseError) as refused:
        parse_file(data, K3, kind="journal", options=ParseOptions(account="0200001234"))
    assert "more than one names account 0200001234" in refused.value.message


@pytest.mark.parametrize(
    ("name", "accounts"),
    [
        ("xero_account_transactions_all_accounts_2026-01.csv", "2 accounts (Business Bank Account, Sales)"),
        (
            "xero_journal_report_2026-01.csv",
            "3 accounts (090 Business Bank Account, 610 Accounts Receivable, 800 Accounts Payable)",
        ),
    ],
)
def test_a_xero_report_of_several_accounts_says_which_report_to_export(name, accounts) -> None:
    with pytest.raises(ParseError) as refused:
        _read(name, "1202020209000123456")
    assert f"the Xero report holds {accounts}" in refused.value.message
    assert "Reports › Account Transactions with only the bank account selected" in refused.value.message


def test_the_bank_accounts_rows_of_a_xero_journal_report_are_read_when_its_code_is_chosen() -> None:
    [pf] = _read("xero_journal_report_2026-01.csv", "090")
    assert pf.ok
    assert _moves(pf) == [
        (6, date(2026, 1, 5), "in", Decimal("1234.56")),
        (9, date(2026, 1, 6), "out", Decimal("234.56")),
    ]


def test_a_subject_code_is_not_taken_for_an_accounts_last_digits() -> None:
    # 100201 / 100202 are the 科目 codes; an account ending in 100202 is named by neither heading.
    data = (FILES / K3).read_bytes().replace(b"1002.0", b"10020")
    with pytest.raises(ParseError) as refused:
        parse_file(data, K3, kind="journal", options=ParseOptions(account="6222000000100202"))
    assert "none names account 6222000000100202" in refused.value.message


def test_an_account_number_inside_another_accounts_longer_number_does_not_name_its_section() -> None:
    # 2020200001 is written inside 6222020200001234's digits: not that account, whose section is not read for it.
    data = (FILES / K3).read_bytes().replace(b"0200001234", b"6222020200001234")
    with pytest.raises(ParseError) as refused:
        parse_file(data, K3, kind="journal", options=ParseOptions(account="2020200001"))
    assert "none names account 2020200001" in refused.value.message
    [pf] = parse_file(data, K3, kind="journal", options=ParseOptions(account="6222 0202 0000 1234"))
    assert pf.ok and pf.opening_balance == Decimal("100000.00")


def test_last_digits_another_of_the_companys_accounts_ends_with_name_no_section_for_sure() -> None:
    data = (FILES / K3).read_bytes().replace(b"0200001234", b"1234")
    others = ("6217 0000 9999 1234", "5100005678")
    with pytest.raises(ParseError) as refused:
        parse_file(data, K3, kind="journal", options=ParseOptions(account="6222000200001234", account_others=others))
    assert "the last digits 1234 only" in refused.value.message
    assert "account 6222000200001234 and account 6217000099991234" in refused.value.message
    # The heading writing the full number names it for sure, whatever the other account ends with.
    data = (FILES / K3).read_bytes().replace(b"0200001234", b"6222000200001234")
    [pf] = parse_file(data, K3, kind="journal", options=ParseOptions(account="6222000200001234", account_others=others))
    assert pf.ok and pf.opening_balance == Decimal("100000.00")
