"""Loading a year's schedule: refused unless plausible, `--force` accepts it, audited and shown to ops."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import AuditEvent
from statements.calendar import YearNotLoaded
from statements.models import WorkdayOverride
from statements.selectors import workday_calendar

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
PLAUSIBLE = Path(__file__).parent / "calendar" / "data" / "workdays_2027_PLAUSIBLE_SYNTHETIC.csv"


@pytest.fixture
def one_line(tmp_path) -> Path:
    path = tmp_path / "2027.csv"
    path.write_text("date,kind\n2027-01-01,holiday\n")
    return path


def test_a_one_line_year_is_refused_and_leaves_the_year_unloaded(one_line, capsys):
    with pytest.raises(CommandError) as info:
        call_command("workdays", "load", str(one_line))
    message = str(info.value)
    assert "Nothing was loaded" in message and "Spring Festival" in message and "National Day" in message
    assert "--force" in message
    assert WorkdayOverride.objects.count() == 0 and not workday_calendar().is_loaded(2027)
    # The Spring Festival week is not turned into working days: the year is still not loaded.
    with pytest.raises(CommandError, match="2027"):
        call_command("workdays", "is-workday", "2027-02-08")


def test_force_accepts_it_audited_and_shown_on_the_dashboard(one_line, capsys, client, ops):
    call_command("workdays", "load", str(one_line), "--force")
    out = capsys.readouterr().out
    assert "accepted with --force although" in out and "Spring Festival" in out
    assert workday_calendar().is_loaded(2027)
    event = AuditEvent.objects.get(action="calendar.loaded_forced")
    assert event.after["forced"] is True and any("Spring Festival" in p for p in event.after["problems"])
    call_command("workdays", "status")
    assert "Not a complete schedule: 2027" in capsys.readouterr().out
    client.force_login(ops)
    body = client.get(reverse("portal:ops"), headers={"accept-language": "en"}).content.decode()
    assert "accepted although it does not look complete" in body and "Spring Festival" in body


def test_a_plausible_schedule_loads_without_force_and_clears_the_warning(one_line, client, ops):
    call_command("workdays", "load", str(one_line), "--force")
    call_command("workdays", "load", str(PLAUSIBLE))
    calendar = workday_calendar()
    assert not calendar.is_workday(dt.date(2027, 2, 8)) and calendar.is_workday(dt.date(2027, 2, 14))
    assert AuditEvent.objects.filter(action="calendar.loaded").count() == 1
    client.force_login(ops)
    body = client.get(reverse("portal:ops"), headers={"accept-language": "en"}).content.decode()
    assert "does not look complete" not in body


def test_an_emergency_change_to_a_library_year_is_checked_on_the_whole_year(tmp_path):
    # Moving one day in 2026 keeps the year plausible; cancelling the Spring Festival does not.
    fine = tmp_path / "fine.csv"
    fine.write_text("date,kind\n2026-12-31,holiday\n")
    call_command("workdays", "load", str(fine))
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind\n" + "".join(f"2026-02-{d},workday\n" for d in range(16, 21)))
    with pytest.raises(CommandError, match="Spring Festival"):
        call_command("workdays", "load", str(bad))
    assert WorkdayOverride.objects.count() == 1


def test_a_make_up_day_on_a_weekday_is_refused(tmp_path):
    rows = PLAUSIBLE.read_text() + "2027-03-03,workday,typo\n"
    path = tmp_path / "typo.csv"
    path.write_text(rows)
    with pytest.raises(CommandError, match="2027-03-03 is a Wednesday"):
        call_command("workdays", "load", str(path))


def test_the_admin_screen_applies_the_same_rule(admin_client):
    url = reverse("admin:statements_workdayoverride_load")
    refused = admin_client.post(
        url,
        {"file": SimpleUploadedFile("2027.csv", b"date,kind\n2027-01-01,holiday\n")},
        headers={"accept-language": "en"},
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and "Nothing was loaded" in body and "Spring Festival" in body
    assert WorkdayOverride.objects.count() == 0
    forced = admin_client.post(
        url, {"file": SimpleUploadedFile("2027.csv", b"date,kind\n2027-01-01,holiday\n"), "force": "on"}
    )
    assert forced.status_code == 302 and workday_calendar().is_loaded(2027)
    assert AuditEvent.objects.filter(action="calendar.loaded_forced").count() == 1
    page = admin_client.get(reverse("admin:statements_workdayoverride_changelist"), headers={"accept-language": "en"})
    assert "Not a complete schedule:" in page.content.decode()
    admin_client.post(url, {"file": SimpleUploadedFile("2027.csv", PLAUSIBLE.read_bytes())})
    assert not workday_calendar().is_workday(dt.date(2027, 2, 8))


def test_year_not_loaded_is_still_an_error_for_deadlines():
    with pytest.raises(YearNotLoaded):
        workday_calendar().add_workdays(dt.date(2026, 12, 30), 3)


def test_the_official_schedule_replaces_a_wrong_one_accepted_with_force(tmp_path, capsys, client, ops):
    """A schedule forced in with a stray make-up day (Saturday 2027-10-16 a working day: one weekday off too few):
    the official schedule merged with it stays implausible, so it replaces the year's rows instead, and says which
    days it removed."""
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(PLAUSIBLE.read_text() + "2027-10-16,workday,stray\n")
    call_command("workdays", "load", str(wrong), "--force")
    assert workday_calendar().is_workday(dt.date(2027, 10, 16))
    capsys.readouterr()
    call_command("workdays", "load", str(PLAUSIBLE))  # refused before: merged, the stray day stayed
    out = capsys.readouterr().out
    assert "Replaced the rows stored before for 2027: 1 day the schedule does not list was removed (2027-10-16)." in out
    assert not workday_calendar().is_workday(dt.date(2027, 10, 16))
    event = AuditEvent.objects.get(action="calendar.loaded")
    assert event.after["removed"] == ["2027-10-16"] and "forced" not in event.after
    client.force_login(ops)
    body = client.get(reverse("portal:ops"), headers={"accept-language": "en"}).content.decode()
    assert "does not look complete" not in body


def test_an_incomplete_file_never_replaces_the_stored_year(tmp_path):
    call_command("workdays", "load", str(PLAUSIBLE))
    stored = WorkdayOverride.objects.count()
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind\n2027-10-01,workday\n")  # National Day a working day: implausible either way
    with pytest.raises(CommandError, match="National Day"):
        call_command("workdays", "load", str(bad))
    assert WorkdayOverride.objects.count() == stored and not workday_calendar().is_workday(dt.date(2027, 10, 1))


def test_an_emergency_row_is_merged_into_the_year_not_replacing_it(tmp_path):
    call_command("workdays", "load", str(PLAUSIBLE))
    stored = WorkdayOverride.objects.count()
    one = tmp_path / "one.csv"
    one.write_text("date,kind\n2027-12-31,holiday\n")
    call_command("workdays", "load", str(one))
    assert WorkdayOverride.objects.count() == stored + 1
    assert not workday_calendar().is_workday(dt.date(2027, 2, 8))


def test_the_upload_page_says_which_stored_days_the_schedule_replaced(admin_client):
    url = reverse("admin:statements_workdayoverride_load")
    wrong = PLAUSIBLE.read_bytes() + b"2027-10-16,workday,stray\n"
    admin_client.post(url, {"file": SimpleUploadedFile("forced.csv", wrong), "force": "on"})
    page = admin_client.post(
        url,
        {"file": SimpleUploadedFile("2027.csv", PLAUSIBLE.read_bytes())},
        follow=True,
        headers={"accept-language": "en"},
    )
    body = page.content.decode()
    assert (
        "Replaced the rows stored before for 2027: 1 day the schedule does not list was removed (2027-10-16)." in body
    )
    assert not workday_calendar().is_workday(dt.date(2027, 10, 16))


def test_loading_the_same_schedule_again_changes_nothing_and_records_nothing(tmp_path, capsys):
    """Idempotent by content: the days stored are compared, not the file's name or the day it was loaded."""
    call_command("workdays", "load", str(PLAUSIBLE))
    stored = sorted(WorkdayOverride.objects.values_list("date", "kind", "updated_at"))
    events = AuditEvent.objects.count()
    capsys.readouterr()
    again = tmp_path / "same-days-another-name.csv"
    again.write_bytes(PLAUSIBLE.read_bytes())
    for path in (PLAUSIBLE, again):
        call_command("workdays", "load", str(path))
        out = capsys.readouterr().out
        assert (
            f"{path.name} is unchanged: its {len(stored)} days are loaded already as they are; nothing was written."
            in out
        )
        assert "new," not in out
    assert AuditEvent.objects.count() == events
    assert sorted(WorkdayOverride.objects.values_list("date", "kind", "updated_at")) == stored
    # One day changed is a change again: loaded and audited.
    changed = tmp_path / "changed.csv"
    changed.write_text(PLAUSIBLE.read_text() + "2027-12-31,holiday\n")
    call_command("workdays", "load", str(changed))
    assert "1 new, 0 changed" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="calendar.loaded").count() == 2


def test_a_forced_schedule_loaded_again_is_not_recorded_twice(one_line, capsys):
    call_command("workdays", "load", str(one_line), "--force")
    capsys.readouterr()
    call_command("workdays", "load", str(one_line), "--force")
    out = capsys.readouterr().out
    assert "2027.csv is unchanged: its 1 day is loaded already as it is" in out and "accepted with --force" not in out
    assert AuditEvent.objects.filter(action__startswith="calendar.").count() == 1


def test_the_ops_page_says_an_unchanged_schedule_is_unchanged(admin_client):
    url = reverse("admin:statements_workdayoverride_load")
    admin_client.post(url, {"file": SimpleUploadedFile("2027.csv", PLAUSIBLE.read_bytes())})
    events = AuditEvent.objects.count()
    again = admin_client.post(
        url,
        {"file": SimpleUploadedFile("2027.csv", PLAUSIBLE.read_bytes())},
        headers={"accept-language": "en"},
        follow=True,
    )
    assert "2027.csv is unchanged:" in again.content.decode()
    assert AuditEvent.objects.count() == events
