"""The import's duplicate lookup reads the account's lines of the file's dates at once, or looks fingerprints up in
chunks when the account holds many more lines in those dates: both ways find the same known and retired lines."""

from __future__ import annotations

import pytest

from reconcile.models import BankLine
from reconcile.services.imports import dedupe, import_file
from reconcile.services.withdraw import import_withdraw

pytestmark = pytest.mark.django_db

SEPTEMBER = """交易日期,摘要,对方户名,借方发生额,贷方发生额,余额,交易流水号
2026-09-03,收恒瑞货款,上海恒瑞贸易有限公司,,"200,000.00","1,368,500.00",SEP0001
2026-09-10,支付货款,北京中科信达科技有限公司,"120,000.00",,"1,248,500.00",SEP0002
2026-09-28,手续费,,150.00,,"1,248,350.00",SEP0003
"""
# Overlaps September's last line, adds two of its own.
LATE_SEPTEMBER = """交易日期,摘要,对方户名,借方发生额,贷方发生额,余额,交易流水号
2026-09-28,手续费,,150.00,,"1,248,350.00",SEP0003
2026-09-30,结息,,,"1,650.00","1,250,000.00",SEP0004
2026-10-02,收支票,上海恒瑞贸易有限公司,,"30,000.00","1,280,000.00",OCT0001
"""


def _import(actor, account, data: str, name: str):
    return import_file(actor=actor, kind="bank", data=data.encode(), filename=name, account_number=account.number)


@pytest.mark.parametrize("range_factor", [4, 0], ids=["read-the-dates", "look-up-in-chunks"])
def test_known_and_withdrawn_lines_are_found_either_way(monkeypatch, range_factor, accountant_a, account_a):
    monkeypatch.setattr(dedupe, "RANGE_READ_FACTOR", range_factor)
    first = _import(accountant_a, account_a, SEPTEMBER, "sep.csv")
    assert first.lines_stored == 3
    overlap = _import(accountant_a, account_a, LATE_SEPTEMBER, "late-sep.csv")
    assert (overlap.lines_stored, overlap.lines_known) == (2, 1)
    import_withdraw(actor=accountant_a, import_id=overlap.pk, reason="wrong file")
    assert BankLine.objects.live().filter(account=account_a).count() == 3  # 09-28 stays: the first file has it
    again = _import(accountant_a, account_a, LATE_SEPTEMBER + "\n", "late-sep-again.csv")
    # The two lines only the withdrawn file had come back (restored, not stored twice); 09-28 is known.
    assert again.lines_known == 1
    assert BankLine.objects.filter(account=account_a).count() == 5
    assert BankLine.objects.live().filter(account=account_a).count() == 5


@pytest.mark.parametrize("range_factor", [4, 0], ids=["read-the-dates", "look-up-in-chunks"])
def test_a_company_copy_the_bank_then_feeds_is_known_and_becomes_the_banks(
    monkeypatch, range_factor, accountant_a, account_a
):
    monkeypatch.setattr(dedupe, "RANGE_READ_FACTOR", range_factor)
    copy = _import(accountant_a, account_a, SEPTEMBER, "sep.csv")
    assert not BankLine.objects.fed().filter(account=account_a).exists()
    feed = _import(None, account_a, SEPTEMBER + "\n", "sep-feed.csv")  # the server itself: the bank's own lines
    assert (feed.lines_stored, feed.lines_known) == (0, 3)
    assert set(BankLine.objects.filter(account=account_a).values_list("bank_fed", "source_import")) == {(True, feed.pk)}
    assert copy.pk != feed.pk


@pytest.mark.parametrize("range_factor", [4, 0], ids=["read-the-dates", "look-up-in-chunks"])
def test_opening_items_entered_then_listed_in_an_opening_file_are_known_there(
    monkeypatch, range_factor, accountant_a, account_a
):
    """Items entered in the workbench (each a new copy of its details) are "already known" to an opening-items file
    listing them, whose stored dates are those of its fingerprints: the dates' read finds them as the lookup does."""
    from reconcile.services.imports import OPENING
    from reconcile.services.imports.opening import opening_item_add

    monkeypatch.setattr(dedupe, "RANGE_READ_FACTOR", range_factor)
    for form in ("form-1", "form-2"):  # two equal fees on one day: two items
        opening_item_add(
            actor=accountant_a,
            account_id=account_a.pk,
            kind="bank",
            date="2026-09-29",
            amount="15.00",
            direction="out",
            summary="手续费",
            entry=form,
        )
    listed = "交易日期,摘要,借方发生额,贷方发生额,对方户名\n2026-09-29,手续费,15.00,,\n2026-09-29,手续费,15.00,,\n"
    listed += "2026-09-30,结息,,1650.00,\n"
    record = import_file(
        actor=None,
        kind="bank",
        data=listed.encode(),
        filename="opening.csv",
        account_number=account_a.number,
        source=OPENING,
    )
    assert (record.lines_stored, record.lines_known) == (1, 2)
    stored = BankLine.objects.filter(account=account_a)
    assert stored.count() == 3
    assert all(line.booking_date.isoformat() in ("2026-09-29", "2026-09-30") for line in stored)
