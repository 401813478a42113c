"""Where a file's balances stand (reconcile.services.imports.checkpoints): the days its checkpoints are dated by, the period
it states, ERP pushes of one day arriving in any order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.balances.reads import balance_breaks
from reconcile.models import BalanceCheckpoint
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
    assert _checkpoints(both) == [
        ("closing", dt.date(2026, 10, 8), Decimal("1100.00")),
        ("opening", dt.date(2026, 10, 7), Decimal("1000.00")),
    ]
    # The next day's statement lists the fee again (known) and one more line: everything joins up.
    upload(
        "bank",
        "d2.sta",
        (
            ":20:STMT091009\n:25:31050161373600001234\n:28C:2/1\n:60F:C261008CNY1100,00\n"
            ":61:2610091009D20,00NTRFNONREF//SN2\n:86:手续费\n"
            ":61:2610091009C5,00NTRFNONREF//SN3\n:86:利息\n:62F:C261009CNY1085,00\n-\n"
        ).encode(),
    )
    assert balance_breaks(account_a, "bank") == []
    assert table_at(account_a, "2026-10-09").bank_balance == Decimal("1085.00")


def test_an_interim_line_on_the_statements_own_day_leaves_no_closing_checkpoint(account_a, upload):
    same_day = MT940_THEN_MT942.replace(":13D:2610091015", ":13D:2610082215").replace("2610091009D20", "2610081008D20")
    record = upload("bank", "d1-late.sta", same_day.encode())
    assert [role for role, _day, _balance in _checkpoints(record)] == ["opening"]


# --- ERP pushes of one day, in any order -------------------------------------------------------------------------

MORNING = {
    "date": "2026-10-10",
    "amount": "20.00",
    "direction": "out",
    "balance": "1079.55",
    "summary": "上午",
    "serial": "P1",
}
MIDDAY = {
    "date": "2026-10-10",
    "amount": "5.00",
    "direction": "out",
    "balance": "1074.55",
    "summary": "中午",
    "serial": "P2",
}
AFTERNOON = {
    "date": "2026-10-10",
    "amount": "10.00",
    "direction": "out",
    "balance": "1064.55",
    "summary": "下午",
    "serial": "P3",
}


@pytest.fixture
def push(account_a, accountant_a):
    from reconcile.services.imports import PUSH, import_push

    def _push(*lines, **header):
        record = import_push(
            actor=accountant_a,
            kind="bank",
            account_number=account_a.number,
            source=PUSH,
            payload={"lines": list(lines), **header},
        )
        assert record.status == "done", record.errors
        return record

    return _push


def _live(account) -> list[tuple[str, dt.date, Decimal]]:
    return sorted(
        BalanceCheckpoint.objects.filter(account=account, kind="bank", superseded_by__isnull=True).values_list(
            "role", "as_of", "balance"
        )
    )


@pytest.mark.parametrize(
    "order",
    [
        (MORNING, MIDDAY, AFTERNOON),
        (AFTERNOON, MORNING, MIDDAY),
        (AFTERNOON, MIDDAY, MORNING),
        (MIDDAY, AFTERNOON, MORNING),
    ],
    ids=["in-order", "afternoon-first", "backwards", "midday-first"],
)
def test_pushes_of_a_past_day_join_up_whatever_order_they_arrive_in(account_a, upload, journal, push, order):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    for line in order:
        push(line)
    assert balance_breaks(account_a, "bank") == []
    assert table_at(account_a, "2026-10-31").bank_balance == Decimal("1064.55")
    # The day's own balances are checkpoints: its start (the end of 10-09) and its end.
    assert {(role, day, balance) for role, day, balance in _live(account_a) if day >= dt.date(2026, 10, 9)} == {
        ("opening", dt.date(2026, 10, 9), Decimal("1099.55")),
        ("closing", dt.date(2026, 10, 10), Decimal("1064.55")),
    }


def test_pushes_without_running_balances_chain_by_their_stated_balances(account_a, upload, journal, push):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    bare = [{k: v for k, v in line.items() if k != "balance"} for line in (MORNING, AFTERNOON)]
    push(bare[1], opening_balance="1074.55", closing_balance="1064.55")  # the afternoon first
    push(bare[0], MIDDAY | {"balance": None}, opening_balance="1099.55", closing_balance="1074.55")
    assert balance_breaks(account_a, "bank") == []
    assert ("opening", dt.date(2026, 10, 9), Decimal("1099.55")) in _live(account_a)


def test_a_push_missing_between_two_of_a_day_is_still_a_gap(account_a, upload, journal, push):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    push(AFTERNOON)
    push(MORNING)  # the midday push never came: the day's lines do not chain, so they give no balance
    assert balance_breaks(account_a, "bank") == []  # nothing to compare yet: less checking, never a false gap
    push({"date": "2026-10-12", "amount": "1.00", "direction": "in", "balance": "1065.55", "serial": "P4"})
    [gap] = balance_breaks(account_a, "bank")
    assert (gap.earlier.as_of, gap.later.as_of, gap.difference) == (
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 11),
        Decimal("-5.00"),
    )
