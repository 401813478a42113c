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
