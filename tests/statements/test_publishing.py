from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from core.errors import ServiceError
from reconcile.models import AccountStatus
from statements.models import BalanceStatement, RunStatus, SmsMessage, StatementRun
from statements.services.publishing import statement_chunk_publish, statement_run_start
from tests.fixtures.statements import PUBLISH_AT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_publish_creates_dispatches_and_notifies(published, customer_a, customer_b, settings):
    a, b = published[customer_a.pk], published[customer_b.pk]
    assert (a.period, a.version, a.balance, a.status) == ("2026-09", 1, Decimal("1250000.00"), "dispatched")
    assert (b.period, b.balance) == ("2026-Q3", Decimal("88000.50"))  # quarterly account at a quarter end
    # Dispatched on Fri 10-09; 10 working days later counts the make-up Saturday 10-10: due 10-22.
    assert a.due_date == dt.date(2026, 10, 22)
    run = StatementRun.objects.get()
    assert (run.status, run.statements_created, run.accounts_due) == (RunStatus.DONE, 2, 2)
    assert run.dispatch_deadline == dt.date(2026, 10, 10)  # 3rd working day: 10-08, 10-09, make-up Sat 10-10
    a.refresh_from_db()
    pdf = Path(settings.MEDIA_ROOT) / a.pdf_path
    assert pdf.read_bytes().startswith(b"%PDF")
    notices = SmsMessage.objects.filter(template="statement_notice")
    assert notices.count() == 2
    assert all("1250000" not in str(m.params) and "88000" not in str(m.params) for m in notices)


def test_publishing_again_creates_nothing_and_says_so(published, django_capture_on_commit_callbacks):
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        outcome = statement_run_start(actor=None, period="2026-Q3")  # the same month end
    assert not outcome.created and "already published" in outcome.message
    assert BalanceStatement.objects.count() == 2 and SmsMessage.objects.count() == 2


def test_publishing_a_quarter_again_names_the_quarter_and_the_month_end_published(published):
    """A quarter typed (2026-Q3) was answered "Period 2026-09 was already published", naming a month never typed."""
    with time_machine.travel(PUBLISH_AT, tick=False):
        quarter = statement_run_start(actor=None, period="2026-q3")
        month = statement_run_start(actor=None, period="2026-09")
    assert quarter.message.startswith("2026-Q3 ends with 2026-09, which was already published")
    assert "quarterly statements" in quarter.message
    assert month.message.startswith("Period 2026-09 was already published")


def test_a_crashed_chunk_is_resumed_without_duplicates(
    agreement_a, agreement_b, balances, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.MEDIA_ROOT, settings.PUBLISH_CHUNK_SIZE = tmp_path, 1
    with time_machine.travel(PUBLISH_AT, tick=False):
        with django_capture_on_commit_callbacks(execute=False):  # the worker "dies" before running any chunk
            outcome = statement_run_start(actor=None, period="2026-09")
        run = outcome.run
        first_chunk = run.chunks.order_by("index").first()
        statement_chunk_publish(chunk_id=first_chunk.pk)  # one chunk ran, then the crash
        assert statement_chunk_publish(chunk_id=first_chunk.pk) == 0  # a redelivered task is harmless
        with django_capture_on_commit_callbacks(execute=True):
            again = statement_run_start(actor=None, period="2026-09")
    assert "resuming the 1 unfinished" in again.message
    run.refresh_from_db()
    assert (run.status, run.chunks_done, run.statements_created) == (RunStatus.DONE, 2, 2)
    assert BalanceStatement.objects.count() == 2


def test_publishing_without_balances_is_refused_and_names_the_accounts(agreement_a, account_a):
    with time_machine.travel(PUBLISH_AT, tick=False), pytest.raises(ServiceError) as info:
        statement_run_start(actor=None, period="2026-09")
    assert account_a.number in info.value.message and "import_balances" in info.value.message
    assert StatementRun.objects.count() == 0


def test_balance_derived_from_imported_bank_lines_names_its_source(
    agreement_a, account_a, tmp_path, settings, django_capture_on_commit_callbacks
):
    from reconcile.services.imports import import_file

    settings.MEDIA_ROOT = tmp_path
    csv = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-09-29,货款,,100.00,5100.00\n2026-09-30,手续费,1.00,,5099.00\n"
    import_file(actor=None, kind="bank", data=csv.encode(), filename="sep.csv", account_number=account_a.number)
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        statement_run_start(actor=None, period="2026-09")
    statement = BalanceStatement.objects.get()
    assert (statement.balance, statement.balance_source) == (Decimal("5099.00"), "bank_lines")


@pytest.mark.parametrize(
    ("period", "message"),
    [("2026-13", "month must be"), ("2026/09", "not a period"), ("2026-11", "has not ended"), ("2027-Q1", "not ended")],
)
def test_bad_periods_are_refused(db, period, message):
    with time_machine.travel(PUBLISH_AT, tick=False), pytest.raises(ServiceError, match=message):
        statement_run_start(actor=None, period=period)


def test_unloaded_next_year_is_refused_with_how_to_load(agreement_a, account_a):
    from statements.models import BalanceSource, PeriodBalance

    PeriodBalance.objects.create(
        account=account_a, as_of=dt.date(2026, 12, 31), balance=Decimal("1.00"), source=BalanceSource.CORE_FEED
    )
    with time_machine.travel(dt.datetime(2027, 1, 4, 10, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ServiceError, match="2027.*/ops/workdays/"):
            statement_run_start(actor=None, period="2026-Q4")
    assert StatementRun.objects.count() == 0


def test_dormant_and_closed_accounts_get_no_statement(published, account_b, customer_b):
    from reconcile.services.books import bank_account_set_status

    bank_account_set_status(actor=None, account_id=account_b.pk, status=AccountStatus.DORMANT)
    from statements.periods import parse_period
    from statements.services.publishing import due_agreements

    assert list(due_agreements(parse_period("2026-09")).values_list("account_id", flat=True)) == [
        published[next(k for k in published if k != customer_b.pk)].account_id
    ]


def test_command_reports_and_fails_clearly(published, capsys):
    with time_machine.travel(PUBLISH_AT, tick=False):
        call_command("publish_statements", "--period", "2026-09")
        assert "already published" in capsys.readouterr().out
        with pytest.raises(CommandError, match="not a period"):
            call_command("publish_statements", "--period", "Sept")
