"""Where a file's balances stand (reconcile.services.import_store): the days its checkpoints are dated by, the period
it states, ERP pushes of one day arriving in any order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.models import BalanceCheckpoint
from reconcile.selectors_balances import balance_breaks
from tests.fixtures.continuity import (  # noqa: F401 (fixtures)
    SEPTEMBER,
    bank_csv,
    journal,
    mt940,
    table_at,
    upload,
)
from tests.reconcile.parsers.test_parsers_values import MT940_THEN_MT942

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _checkpoints(record) -> list[tuple[str, dt.date, Decimal]]:
    return sorted(BalanceCheckpoint.objects.filter(source_import=record).values_list("role", "as_of", "balance"))


def test_an_mt942_after_an_mt940_leaves_the_closing_balance_at_the_statements_last_day(account_a, upload, journal):
    """The :62F: balance of 10-08 is not the balance at the end of 10-09, the day of the MT942's interim lines."""
    both = upload("bank", "d1-intraday.sta", MT940_THEN_MT942.encode())
    assert _checkpoints(both) == [("closing", dt.date(2026, 10, 8), Decimal("1100.00")),
                                  ("opening", dt.date(2026, 10, 7), Decimal("1000.00"))]
    # The next day's statement lists the fee again (known) and one more line: everything joins up.
    upload("bank", "d2.sta", (":20:STMT091009\n:25:31050161373600001234\n:28C:2/1\n:60F:C261008CNY1100,00\n"
                              ":61:2610091009D20,00NTRFNONREF//SN2\n:86:手续费\n"
                              ":61:2610091009C5,00NTRFNONREF//SN3\n:86:利息\n:62F:C261009CNY1085,00\n-\n").encode())
    assert balance_breaks(account_a, "bank") == []
    assert table_at(account_a, "2026-10-09").bank_balance == Decimal("1085.00")


def test_an_interim_line_on_the_statements_own_day_leaves_no_closing_checkpoint(account_a, upload):
    same_day = MT940_THEN_MT942.replace(":13D:2610091015", ":13D:2610082215").replace("2610091009D20", "2610081008D20")
    record = upload("bank", "d1-late.sta", same_day.encode())
    assert [role for role, _day, _balance in _checkpoints(record)] == ["opening"]
