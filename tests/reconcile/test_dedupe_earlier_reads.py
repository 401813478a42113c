"""Lines stored before the parsers read more of an export keep the fingerprint that reading gave them: importing an
overlapping export after the upgrade finds them already known instead of storing each movement twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from reconcile.models import BankLine
from reconcile.parsers.fingerprint import line_fingerprint
from reconcile.parsers.types import ParsedLine
from reconcile.services.imports import dedupe, import_file

pytestmark = pytest.mark.django_db

# 农业银行's 账户活期交易明细清单. Until the parsers learnt 摘要备注, 交易对手信息 and 电子流水号 (a03d41d) they read only
# the date, the amounts and the balance of it: OLD_READING is what they stored from the month's first export.
HEADER = "交易日期,收入,支出,账户余额,摘要备注,交易对手信息,电子流水号"
ROWS = [
    "20261008,2000.00,,3000.00,跨行转入,孙八,EL2026100800001",
    "20261009,,15.00,2985.00,手续费,,EL2026100900002",
    "20261009,,15.00,2970.00,手续费,,EL2026100900003",
]
LATER = "20261012,500.00,,3470.00,跨行转入,孙八,EL2026101200004"
OLD_READING = "交易日期,收入,支出,账户余额\n" + "\n".join(",".join(row.split(",")[:4]) for row in ROWS) + "\n"


def _import(account, text: str, name: str):
    return import_file(actor=None, kind="bank", data=text.encode(), filename=name, account_number=account.number)


@pytest.mark.parametrize("range_factor", [4, 0], ids=["read-the-dates", "look-up-in-chunks"])
def test_a_line_stored_under_the_old_fingerprint_is_known_to_the_next_export(monkeypatch, range_factor, account_a):
    monkeypatch.setattr(dedupe, "RANGE_READ_FACTOR", range_factor)
    first = _import(account_a, OLD_READING, "abc-oct-1.csv")
    assert first.lines_stored == 3
    # Stored under the fingerprint of the old reading (no serial, other party or summary): the new reading differs.
    old = ParsedLine(
        row=2, booking_date=date(2026, 10, 8), amount=Decimal("2000.00"), direction="in", balance=Decimal("3000.00")
    )
    old_print = line_fingerprint(account_a.number, old)
    new_print = line_fingerprint(
        account_a.number, replace(old, serial="EL2026100800001", summary="跨行转入", counterparty_name="孙八")
    )
    assert old_print != new_print
    assert BankLine.objects.filter(account=account_a, fingerprint=old_print).exists()

    overlap = _import(account_a, "\n".join([HEADER, *ROWS, LATER]) + "\n", "abc-oct-2.csv")

    assert (overlap.lines_stored, overlap.lines_known) == (1, 3)
    lines = BankLine.objects.live().filter(account=account_a)
    assert lines.count() == 4
    assert list(lines.filter(booking_date=date(2026, 10, 9)).values_list("balance", flat=True)) == [
        Decimal("2985.00"),
        Decimal("2970.00"),
    ]
    assert lines.get(booking_date=date(2026, 10, 12)).serial == "EL2026101200004"


def test_dashes_stored_for_no_other_party_are_the_empty_party_read_now(account_a):
    """中国银行 writes a run of dashes where a line has no other party; they were stored as the other party's name."""
    text = "交易日期,摘要,对方户名,借方发生额,贷方发生额,余额\n2026-10-08,手续费,,15.00,,2985.00\n"
    _import(account_a, text, "boc-1.csv")
    stored = BankLine.objects.get(account=account_a)
    dashes = "-------------------"
    old = ParsedLine(
        row=2,
        booking_date=stored.booking_date,
        amount=stored.amount,
        direction=stored.direction,
        summary="手续费",
        counterparty_name=dashes,
        balance=stored.balance,
    )
    BankLine.objects.filter(pk=stored.pk).update(
        counterparty_name=dashes, fingerprint=line_fingerprint(account_a.number, old)
    )

    again = _import(account_a, text + "2026-10-09,利息,,,1.00,2986.00\n", "boc-2.csv")

    assert (again.lines_stored, again.lines_known) == (1, 1)
    assert BankLine.objects.filter(account=account_a).count() == 2


def test_a_line_that_disagrees_with_the_stored_one_is_new(account_a):
    """Same day, direction and amount, but another running balance: another movement."""
    _import(account_a, OLD_READING, "abc-oct-1.csv")
    other = [
        "20261008,2000.00,,3000.00,跨行转入,孙八,EL2026100800001",  # the stored line
        "20261008,2000.00,,5000.00,跨行转入,孙八,EL2026100800009",  # another 2,000.00 that day
    ]
    again = _import(account_a, "\n".join([HEADER, *other]) + "\n", "abc-oct-2.csv")
    assert (again.lines_stored, again.lines_known) == (1, 1)
    assert BankLine.objects.filter(account=account_a, booking_date=date(2026, 10, 8)).count() == 2


def test_a_stored_other_party_that_disagrees_is_another_line(account_a):
    fee = "2026-10-09,手续费,15.00,"
    _import(account_a, "交易日期,摘要,借方发生额,贷方发生额,对方户名\n" + f"{fee},中国银行\n", "fee-1.csv")
    again = _import(account_a, "交易日期,摘要,借方发生额,贷方发生额,对方户名\n" + f"{fee},工商银行\n", "fee-2.csv")
    assert (again.lines_stored, again.lines_known) == (1, 0)


def test_each_stored_line_answers_for_one_line_of_the_file(account_a):
    """Two equal fees stored without balances, a later export with three: one of them is new."""
    fee = "2026-10-09,手续费,15.00,"
    _import(account_a, "交易日期,摘要,借方发生额,贷方发生额\n" + f"{fee}\n{fee}\n", "fees-1.csv")
    three = "交易日期,摘要,借方发生额,贷方发生额,对方户名\n" + "\n".join(f"{fee},中国银行" for _ in range(3)) + "\n"
    again = _import(account_a, three, "fees-2.csv")
    assert (again.lines_stored, again.lines_known) == (1, 2)
    assert BankLine.objects.filter(account=account_a).count() == 3


def _without_column(text: str, index: int) -> str:
    return (
        "\n".join(",".join(c for i, c in enumerate(row.split(",")) if i != index) for row in text.splitlines()) + "\n"
    )


def test_a_journal_re_export_keeps_the_entries_stored_by_the_old_reading_matched_or_not(account_a, accountant_a):
    """A journal export stands for its period: an entry under another fingerprint was retired and stored again, and
    the whole re-export refused when the entry was matched ('matched entries dropped')."""
    from reconcile.models import JournalEntry
    from reconcile.services.matching import match_manual
    from tests.fixtures.rule_books import bank_csv, journal_csv

    bank = bank_csv([("2026-10-08", "货款", "", "5000.00", "上海恒瑞贸易有限公司", "SN1")])
    _import(account_a, bank, "bank.csv")
    # 交易对手 (the other party) is a column the parsers learnt (01f776a): the old reading dropped it.
    rows = [
        ("2026-10-08", "记-1", "收恒瑞贸易货款", "5000.00", "", "恒瑞贸易"),
        ("2026-10-09", "记-2", "付房租", "", "800.00", "王五"),
    ]
    new_reading = journal_csv(rows).replace("对方单位", "交易对手")
    old_reading = _without_column(new_reading, 3)
    first = import_file(
        actor=accountant_a,
        kind="journal",
        data=old_reading.encode(),
        filename="j1.csv",
        account_number=account_a.number,
    )
    assert first.status == "done" and first.lines_stored == 2
    assert set(JournalEntry.objects.values_list("counterparty_name", flat=True)) == {""}
    match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[BankLine.objects.get(serial="SN1").pk],
        journal_entry_ids=[JournalEntry.objects.get(serial="记-1").pk],
    )

    again = import_file(
        actor=accountant_a,
        kind="journal",
        data=new_reading.encode(),
        filename="j2.csv",
        account_number=account_a.number,
    )

    assert again.status == "done", again.errors
    assert (again.lines_stored, again.lines_removed) == (0, 0)
    assert JournalEntry.objects.live().filter(account=account_a).count() == 2
    assert not JournalEntry.objects.retired().exists()
