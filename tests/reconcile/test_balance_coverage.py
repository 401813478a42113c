"""What the stored files cover (reconcile.balances.checkpoints.Coverage): the period a statement states, files without
balances, and months no file covers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from core.errors import ServiceError
from reconcile.balances.reads import balance_breaks, import_notices, table_notices
from tests.fixtures.continuity import (  # noqa: F401 (fixtures)
    NOVEMBER,
    OCTOBER,
    SEPTEMBER,
    bank_csv,
    journal,
    table_at,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def stated(period: str, data: bytes) -> bytes:
    """A bank export with its query period in a title row above the header (起止日期)."""
    return f"起止日期：{period}\n".encode() + data


# --- the period a statement states (:62F:, 截止日期) -------------------------------------------------------------

# September's last movement is on 09-20; October's export starts on 10-15 and misses a fee of 10-08.
SEPT_EARLY = [("2026-09-10", "100.00", "1100.00"), ("2026-09-20", "-0.45", "1099.55")]
OCT_LATE = [("2026-10-15", "-30.00", "1059.55")]  # 1,099.55 - 10.00 (the missing fee) - 30.00


def _refused(account, day: str) -> str:
    with pytest.raises(ServiceError) as refused:
        table_at(account, day)
    assert refused.value.code == "balance_gap"
    return refused.value.message


def test_a_gap_early_in_a_month_leaves_the_previous_months_stated_period_alone(account_a, upload, journal):
    upload("bank", "sep.csv", stated("2026-09-01 至 2026-09-30", bank_csv(SEPT_EARLY)))
    upload("bank", "oct.csv", bank_csv(OCT_LATE))
    assert table_at(account_a, "2026-09-30").bank_balance == Decimal("1099.55")
    message = _refused(account_a, "2026-10-31")
    assert "do not join up between 2026-10-01 and 2026-10-14" in message
    assert "sep.csv gives 1,099.55 at the end of 2026-09-20" in message
    assert "The stored files cover the days up to 2026-09-30, so the tables up to then stand." in message


def test_an_mt940_statement_period_is_its_62f_date(account_a, upload, journal):
    sep = (
        ":20:STMT0930\n:25:31050161373600001234\n:28C:9/1\n:60F:C260831CNY1000,00\n"
        ":61:2609100910C100,00NTRFNONREF//SN1\n:86:货款\n:61:2609200920D0,45NTRFNONREF//SN2\n:86:手续费\n"
        ":62F:C260930CNY1099,55\n-\n"
    )
    upload("bank", "sep.sta", sep.encode())
    upload("bank", "oct.csv", bank_csv(OCT_LATE))
    assert table_at(account_a, "2026-09-30").bank_balance == Decimal("1099.55")
    assert "between 2026-10-01 and 2026-10-14" in _refused(account_a, "2026-10-31")


def test_without_a_stated_period_the_previous_month_is_refused_as_before(account_a, upload, journal):
    upload("bank", "sep.csv", bank_csv(SEPT_EARLY))
    upload("bank", "oct.csv", bank_csv(OCT_LATE))
    assert "between 2026-09-21 and 2026-10-14" in _refused(account_a, "2026-09-30")


def test_a_period_stated_by_a_file_exported_before_it_ended_is_not_taken_as_covered(account_a, upload, journal):
    """Imported on 09-25, a September export with 起止日期 to 09-30 was made before the month was over."""
    with time_machine.travel(dt.datetime(2026, 9, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
        upload("bank", "sep-early.csv", stated("2026-09-01 至 2026-09-30", bank_csv(SEPT_EARLY)))
    upload("bank", "oct.csv", bank_csv(OCT_LATE))
    assert "between 2026-09-21 and 2026-10-14" in _refused(account_a, "2026-09-30")


# --- files without balances, and months no file covers -----------------------------------------------------------

OCT_FULL = [("2026-10-03", "-10.00", "1089.55"), ("2026-10-28", "-30.00", "1059.55")]
NOV_FEE = [("2026-11-12", "-4.00", "1055.55")]  # the missing month
DEC = [("2026-12-03", "5.55", "1061.10")]


def test_a_month_missing_after_a_file_without_balances_is_placed_after_that_file(account_a, upload, journal):
    """October's export has no balance column but states its month: the break between September's closing balance
    and December's opening balance lies in November, the month no file covers; October's table stands."""
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    upload("bank", "oct.csv", stated("2026-10-01 至 2026-10-31", bank_csv(OCT_FULL, balances=False)))
    upload("bank", "dec.csv", bank_csv(DEC))
    assert table_at(account_a, "2026-10-31").bank_balance == Decimal("1059.55")
    message = _refused(account_a, "2026-11-30")
    assert "do not join up between 2026-11-01 and 2026-12-02" in message
    assert "sep.csv gives 1,099.55 at the end of 2026-09-30" in message and "(a difference of -4.00)" in message
    upload("bank", "nov.csv", bank_csv(NOV_FEE))
    assert table_at(account_a, "2026-12-31").bank_balance == Decimal("1061.10")


def test_a_month_no_file_covers_before_the_first_balance_is_reported_not_refused(
    client, account_a, accountant_a, upload, journal
):
    """September's export has no balances, October is missing, November's statement opens with a balance: the
    balance at 09-30 is counted back across October as if it had no movements. Nothing can tell that from a month
    without movements (which no bank export holds), so it is said on the import page, the API and the workbench,
    and September's table is not refused."""
    upload("bank", "sep.csv", bank_csv(SEPTEMBER, balances=False))
    nov = upload("bank", "nov.csv", bank_csv(NOVEMBER))
    assert balance_breaks(account_a, "bank") == []
    [notice] = import_notices(nov)
    assert notice.startswith(
        "Not checked: no bank statement of account 31050161373600001234 covers 2026-10-01 to "
        "2026-11-01 (between sep.csv and nov.csv)"
    )
    assert "the balances before 2026-10-01 are counted back from those after 2026-11-01" in notice
    assert "upload the statement for those days" in notice and "if it had none, nothing needs doing" in notice
    assert table_at(account_a, "2026-09-30").bank_balance == Decimal("1069.55")  # October's -30.00 is not stored
    assert table_notices(account_a, dt.date(2026, 9, 30)) == [notice]
    assert table_notices(account_a, dt.date(2026, 11, 30)) == []  # counted from November's own balance
    client.force_login(accountant_a)
    page = client.get(reverse("portal:import-detail", args=[nov.pk]), headers={"accept-language": "en"}).text
    assert "Months no file covers" in page and "counted back from those after 2026-11-01" in page
    api = client.get(f"/api/v1/imports/{nov.pk}/", headers={"accept-language": "en"}).json()
    assert api["notices"] == [notice]
    workbench = client.get(f"/reconcile/{account_a.pk}/?period=2026-09-30", headers={"accept-language": "en"}).text
    assert "Not checked: no bank statement" in workbench
    # Uploading October settles it: the month is covered, and its balances now show the two files join.
    upload("bank", "oct.csv", bank_csv(OCTOBER))
    assert import_notices(nov) == [] and balance_breaks(account_a, "bank") == []
    assert table_at(account_a, "2026-09-30").bank_balance == Decimal("1099.55")


def test_a_month_no_file_covers_before_a_file_without_balances_is_reported(account_a, upload, journal):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    nov = upload("bank", "nov.csv", bank_csv(NOVEMBER, balances=False))
    [notice] = import_notices(nov)
    assert "the balances after 2026-11-01 are counted on from those before 2026-10-01" in notice
    assert table_notices(account_a, dt.date(2026, 11, 30)) == [notice]
    assert table_notices(account_a, dt.date(2026, 9, 30)) == []
    # December's statement brings a balance after the hole: now the balances are compared, and October is a gap.
    upload("bank", "dec.csv", bank_csv([("2026-12-03", "5.55", "1080.65")]))
    assert import_notices(nov) == []
    assert "between 2026-10-01 and 2026-12-02" in _refused(account_a, "2026-11-30")


def test_a_quiet_month_between_balances_that_join_is_neither_a_gap_nor_a_notice(account_a, upload, journal):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    quiet_nov = [("2026-11-02", "-30.00", "1069.55")]  # the account did not move in October
    nov = upload("bank", "nov.csv", bank_csv(quiet_nov))
    assert balance_breaks(account_a, "bank") == [] and import_notices(nov) == []


def test_a_short_stretch_no_file_covers_is_not_reported(account_a, upload, journal):
    """A first export without balances ending 09-30 and a statement from 10-10: ten quiet days are common."""
    upload("bank", "sep.csv", bank_csv(SEPTEMBER, balances=False))
    oct_ = upload("bank", "oct.csv", bank_csv(OCTOBER))
    assert import_notices(oct_) == [] and table_notices(account_a, dt.date(2026, 9, 30)) == []
