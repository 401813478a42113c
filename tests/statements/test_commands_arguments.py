"""The statements commands as the README shows them: the same run prints its counts alike, `workdays status` counts
Beijing days and names the command that loads a missing year, a folder given for a file is named as one, and
`import_agreements --help` lists the columns the README documents."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

import statements.management.commands.run_deadlines as run_deadlines
from statements.models import SmsTemplate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_run_deadlines_prints_the_reminder_counts_in_one_order(monkeypatch):
    shapes = [
        {SmsTemplate.REMINDER: 2, "held": 1, SmsTemplate.LAST_REMINDER: 3},
        {SmsTemplate.REMINDER: 2, SmsTemplate.LAST_REMINDER: 3, "held": 1},
        {"held": 1, SmsTemplate.LAST_REMINDER: 3, SmsTemplate.REMINDER: 2},
    ]
    printed = set()
    for shape in shapes:
        monkeypatch.setattr(run_deadlines, "reminders_queue", lambda today, shape=shape: dict(shape))
        out = io.StringIO()
        with time_machine.travel(dt.datetime(2026, 10, 23, 10, tzinfo=BEIJING), tick=False):
            call_command("run_deadlines", stdout=out)
        printed.add(out.getvalue())
    assert printed == {
        "2026-10-23: 0 statements deemed confirmed; reminders queued: reminder 2, last reminder 3, "
        "held until the working-day calendar is loaded 1\n"
    }


def test_workdays_status_counts_the_beijing_day_and_names_the_load_command():
    # 30 November 17:00 UTC is already 1 December in Beijing: next year's schedule is due.
    with time_machine.travel(dt.datetime(2026, 11, 30, 17, tzinfo=dt.UTC), tick=False):
        out = io.StringIO()
        call_command("workdays", "status", stdout=out)
    text = out.getvalue()
    assert "The working-day calendar for 2027 is not loaded yet" in text
    assert "(python manage.py workdays load FILE)" in text
    # On 30 November in Beijing nothing is due yet.
    with time_machine.travel(dt.datetime(2026, 11, 30, 15, tzinfo=dt.UTC), tick=False):
        out = io.StringIO()
        call_command("workdays", "status", stdout=out)
    assert "not loaded" not in out.getvalue()


@pytest.mark.parametrize(
    "command",
    [["import_agreements"], ["import_balances"], ["workdays", "load"]],
)
def test_a_folder_given_for_a_file_is_named_as_one(tmp_path, command):
    with pytest.raises(CommandError) as refused:
        call_command(*command, str(tmp_path), stdout=io.StringIO())
    assert str(refused.value) == f"{tmp_path} is a folder, not a file: give the file itself."


def test_register_answer_key_given_a_folder_says_so(tmp_path, customer_a):
    with pytest.raises(CommandError) as refused:
        call_command(
            "register_answer_key",
            "--customer",
            customer_a.credit_code,
            "--public-key",
            str(tmp_path),
            stdout=io.StringIO(),
        )
    assert str(refused.value) == f"{tmp_path} is a folder, not a file: give the file itself."


def test_import_agreements_help_lists_every_documented_column():
    from statements.management.commands.import_agreements import Command

    help_text = Command.help
    for column in (
        "customer_name", "credit_code", "account_number", "branch", "cycle", "channel", "contact_name", "mobile",
        "currency", "address", "status", "valid_from", "postcode", "phone", "notify_channel", "wechat_openid",
        "detail_in_pdf", "risk_tier", "account_type", "status_since",
    ):  # fmt: skip
        assert column in help_text, column
