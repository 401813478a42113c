"""Statements and journal exports must join up before a 余额调节表 is built on them (reconcile.balances)."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from core.errors import ServiceError
from reconcile.models import BalanceCheckpoint, JournalEntry
from reconcile.services.imports import import_file
from tests.fixtures.continuity import (  # noqa: F401 (fixtures)
    NOVEMBER,
    OCTOBER,
    SEPTEMBER,
    bank_csv,
    journal,
    journal_csv,
    mt940,
    table_at,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_missing_month_refuses_the_tables_after_it_and_names_the_days(account_a, upload, journal):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    nov = upload("bank", "nov.csv", bank_csv(NOVEMBER))
    assert table_at(account_a, "2026-09-30").bank_balance == Decimal("1099.55")
    for day in ("2026-10-31", "2026-11-30", "2027-01-31"):
        with pytest.raises(ServiceError) as refused:
            table_at(account_a, day)
        assert refused.value.code == "balance_gap"
    message = refused.value.message
    assert "do not join up between 2026-10-01 and 2026-11-01" in message
    assert "sep.csv gives 1,099.55 at the end of 2026-09-30" in message
    assert "nov.csv gives 1,069.55 (a difference of -30.00)" in message
    assert "A statement for those days is missing or incomplete: upload it." in message

    upload("bank", "oct.csv", bank_csv(OCTOBER))
    table = table_at(account_a, "2026-11-30")
    assert (table.bank_balance, table.book_balance) == (Decimal("1075.10"), Decimal("1075.10"))
    assert table.agreed
    assert nov.pk  # the November file itself was never refused: the gap is closed by uploading October


def test_a_first_file_without_balances_is_not_counted_twice(account_a, upload, journal):
    upload("bank", "sep-no-balance.csv", bank_csv(SEPTEMBER, balances=False))
    upload("bank", "oct.csv", bank_csv(OCTOBER))
    assert table_at(account_a, "2026-10-31").bank_balance == Decimal("1069.55")
    # Before October's opening balance the balance is counted back from it, not forward from nothing.
    assert table_at(account_a, "2026-09-30").bank_balance == Decimal("1099.55")
    assert table_at(account_a, "2026-09-15").bank_balance == Decimal("1100.00")


def test_statements_imported_in_any_order_join_up(account_a, upload, journal):
    for name, rows in (("nov.csv", NOVEMBER), ("sep.csv", SEPTEMBER), ("oct.csv", OCTOBER)):
        upload("bank", name, bank_csv(rows))
    for day, balance in (("2026-09-30", "1099.55"), ("2026-10-31", "1069.55"), ("2026-11-30", "1075.10")):
        table = table_at(account_a, day)
        assert table.bank_balance == table.book_balance == Decimal(balance)


def test_an_out_of_date_journal_export_is_named_until_exported_again(account_a, upload):
    upload("bank", "bank.csv", bank_csv(SEPTEMBER + OCTOBER))
    upload("journal", "j-sep.csv", journal_csv("2026-09-01", "1000.00", SEPTEMBER))
    upload("journal", "j-oct.csv", journal_csv("2026-10-01", "1099.55", OCTOBER))
    assert table_at(account_a, "2026-10-31").book_balance == Decimal("1069.55")

    # A voucher is posted late into September and September is exported again: October's export is now stale.
    late = [*SEPTEMBER, ("2026-09-30", "-10.00", "1089.55")]
    upload("journal", "j-sep-2.csv", journal_csv("2026-09-01", "1000.00", late))
    assert table_at(account_a, "2026-09-30").book_balance == Decimal("1089.55")
    with pytest.raises(ServiceError) as refused:
        table_at(account_a, "2026-10-31")
    assert "The journal exports of account 31050161373600001234 do not join up" in refused.value.message
    assert "j-sep-2.csv gives 1,089.55 at the end of 2026-09-30" in refused.value.message
    assert "export the journal for those days again and upload it" in refused.value.message

    upload("journal", "j-oct-2.csv", journal_csv("2026-10-01", "1089.55", [("2026-10-10", "-30.00", "1059.55")]))
    assert table_at(account_a, "2026-10-31").book_balance == Decimal("1059.55")


def test_the_import_page_and_the_api_show_the_gap(client, account_a, accountant_a, upload, journal):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    nov = upload("bank", "nov.csv", bank_csv(NOVEMBER))
    client.force_login(accountant_a)
    page = client.get(reverse("portal:import-detail", args=[nov.pk]), headers={"accept-language": "en"})
    assert page.status_code == 200
    assert "The stored history does not join up" in page.text
    assert "do not join up between 2026-10-01 and 2026-11-01" in page.text
    body = client.get(f"/api/v1/imports/{nov.pk}/").json()
    assert len(body["gaps"]) == 1 and "2026-10-01" in body["gaps"][0]
    workbench = client.get(f"/reconcile/{account_a.pk}/?period=2026-11-30", headers={"accept-language": "en"})
    assert "A statement for those days is missing" in workbench.text


def test_the_data_migration_records_what_imports_record(account_a, upload):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    upload("bank", "d1.sta", mt940("1", "2026-10-08", "2026-10-07", "1099.55", "100.00", "1199.55"))
    upload("bank", "d2.sta", mt940("2", "2026-10-09", "2026-10-08", "1199.55", "5.00", "1204.55"))
    upload("journal", "j-sep.csv", journal_csv("2026-09-01", "1000.00", SEPTEMBER))
    resent = upload(
        "journal",
        "j-sep-2.csv",
        journal_csv("2026-09-01", "1000.00", [*SEPTEMBER, ("2026-09-30", "-10.00", "1089.55")]),
    )
    fields = ("account_id", "kind", "source_import_id", "role", "as_of", "balance")
    live = sorted(BalanceCheckpoint.objects.filter(superseded_by__isnull=True).values_list(*fields))
    assert len(live) == 8  # two per bank file, and the re-export's two (they replaced the first export's)
    BalanceCheckpoint.objects.all().delete()
    migration = importlib.import_module("reconcile.migrations.0007_balance_checkpoints")
    migration.checkpoints_from_imports(django_apps, None)
    # The re-export brought only one line of its own (the others were known), so its first and last line are no
    # longer known: it gets no checkpoint rather than a misdated one. Everything else is recorded as on import.
    assert resent.lines_known == 2
    assert sorted(BalanceCheckpoint.objects.values_list(*fields)) == [c for c in live if c[2] != resent.pk]
    from reconcile.balances.reads import balance_breaks

    assert balance_breaks(account_a, "bank") == [] and balance_breaks(account_a, "journal") == []


@pytest.mark.parametrize("opening_dated", ["the day before", "the statement day"])
def test_daily_mt940_statements_join_up_however_the_bank_dates_the_opening_balance(account_a, upload, opening_dated):
    # Banks date :60F: either with the previous statement's day or with the statement's own day.
    def opening_date(day: str) -> str:
        previous = dt.date.fromisoformat(day) - dt.timedelta(days=1)
        return previous.isoformat() if opening_dated == "the day before" else day

    upload("bank", "d1.sta", mt940("1", "2026-10-08", opening_date("2026-10-08"), "1000.00", "100.00", "1100.00"))
    upload("bank", "d2.sta", mt940("2", "2026-10-09", opening_date("2026-10-09"), "1100.00", "5.00", "1105.00"))
    from reconcile.balances.reads import balance_breaks

    assert balance_breaks(account_a, "bank") == []
    as_of = sorted(BalanceCheckpoint.objects.values_list("as_of", "balance"))
    assert as_of[0] == (dt.date(2026, 10, 7), Decimal("1000.00"))  # the end of the day before the first line
    assert as_of[-1] == (dt.date(2026, 10, 9), Decimal("1105.00"))


def test_the_accountants_home_page_warns_of_a_gap_and_the_other_company_sees_nothing(
    client, account_a, accountant_a, upload, journal, customer_b
):
    from portal.models import Role
    from tests.factories import make_user

    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    client.force_login(accountant_a)
    assert "do not join up" not in client.get("/", headers={"accept-language": "en"}).text
    upload("bank", "nov.csv", bank_csv(NOVEMBER))
    home = client.get("/", headers={"accept-language": "en"}).text
    assert "Some statements or journal exports do not join up" in home
    assert "do not join up between 2026-10-01 and 2026-11-01" in home
    client.force_login(make_user("accountant_b", [Role.ACCOUNTANT], customer_b))
    assert "do not join up" not in client.get("/", headers={"accept-language": "en"}).text


def test_the_home_page_reads_gaps_in_a_constant_number_of_queries(client, customer_a, accountant_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import BankAccountFactory

    def account_with_a_gap(number: str) -> None:
        BankAccountFactory(customer=customer_a, number=number)
        for name, rows in (("sep.csv", SEPTEMBER), ("nov.csv", NOVEMBER)):
            assert (
                import_file(
                    actor=accountant_a,
                    kind="bank",
                    data=bank_csv(rows, tag=number[-4:]),
                    filename=f"{number}-{name}",
                    account_number=number,
                    customer=customer_a,
                ).status
                == "done"
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert "do not join up between" in client.get("/", headers={"accept-language": "en"}).text
        return len(ctx.captured_queries)

    client.force_login(accountant_a)
    account_with_a_gap("31050161373600002001")
    one = queries()
    account_with_a_gap("31050161373600002002")
    account_with_a_gap("31050161373600002003")
    assert queries() == one


def test_a_statement_exported_during_its_last_day_is_completed_by_the_full_one(account_a, upload, journal):
    morning = [("2026-09-10", "100.00", "1100.00"), ("2026-09-30", "1.00", "1101.00")]
    full = [*morning, ("2026-09-30", "-1.45", "1099.55")]  # the afternoon's fee was not booked yet at export
    upload("bank", "sep-part.csv", bank_csv(morning))
    upload("bank", "oct.csv", bank_csv(OCTOBER))
    with pytest.raises(ServiceError, match="do not join up"):  # the afternoon's fee is indeed missing
        table_at(account_a, "2026-10-31")
    upload("bank", "sep-full.csv", bank_csv(full))
    # The full month's new 09-30 line shows the first file ended before 09-30 did: its closing balance goes.
    assert table_at(account_a, "2026-10-31").bank_balance == Decimal("1069.55")


def test_several_erp_pushes_in_one_day_do_not_make_a_gap(account_a, accountant_a, upload, journal):
    from reconcile.balances.reads import balance_breaks
    from reconcile.services.imports import PUSH, import_push

    def push(lines):
        record = import_push(
            actor=accountant_a, kind="bank", account_number=account_a.number, source=PUSH, payload={"lines": lines}
        )
        assert record.status == "done", record.errors

    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    push(
        [
            {
                "date": "2026-10-10",
                "amount": "20.00",
                "direction": "out",
                "balance": "1079.55",
                "summary": "上午",
                "serial": "P1",
            }
        ]
    )
    push(
        [
            {
                "date": "2026-10-10",
                "amount": "10.00",
                "direction": "out",
                "balance": "1069.55",
                "summary": "下午",
                "serial": "P2",
            }
        ]
    )
    assert balance_breaks(account_a, "bank") == []
    assert table_at(account_a, "2026-10-31").bank_balance == Decimal("1069.55")


def test_cents_summed_in_one_day_are_exact_on_every_database(account_a, upload):
    # SQLite sums the signed amounts in floating point: 9.55 - 10.00 is -0.4500000000000002 there.
    from reconcile.balances.reads import balance_breaks

    upload("bank", "sep.csv", bank_csv([("2026-09-30", "9.55", "1009.55"), ("2026-09-30", "-10.00", "999.55")]))
    assert balance_breaks(account_a, "bank") == []


def test_a_journal_re_export_retires_a_voucher_deleted_before_its_first_entry(account_a, upload):
    # The October export starts with its 期初余额 row on 10-01; the voucher of 10-03 is then deleted in the ERP.
    upload("bank", "bank.csv", bank_csv(SEPTEMBER + [("2026-10-08", "200.00", "1299.55")]))
    upload("journal", "j-sep.csv", journal_csv("2026-09-01", "1000.00", SEPTEMBER))
    upload(
        "journal",
        "j-oct.csv",
        journal_csv("2026-10-01", "1099.55", [("2026-10-03", "50.00", "1149.55"), ("2026-10-08", "200.00", "1349.55")]),
    )
    again = upload(
        "journal", "j-oct-2.csv", journal_csv("2026-10-01", "1099.55", [("2026-10-08", "200.00", "1299.55")])
    )
    # Removed: the deleted voucher, and the 10-08 line as first exported (its running balance changed with it).
    assert again.lines_removed == 2 and again.period_start == dt.date(2026, 10, 1)
    assert not JournalEntry.objects.filter(booking_date=dt.date(2026, 10, 3), removed_at__isnull=True).exists()
    table = table_at(account_a, "2026-10-31")
    assert (table.book_balance, table.agreed) == (Decimal("1299.55"), True)
