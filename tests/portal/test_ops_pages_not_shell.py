"""Ops are sent to pages of the product, not to a shell (issue 22 item 9); the command stays named for administrators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from statements.calendar import YearNotLoaded
from statements.models import WorkdayOverride
from statements.selectors import workday_calendar
from tests.fixtures.language import language_restored  # noqa: F401,E402 (autouse fixture)

pytestmark = pytest.mark.django_db
URL = reverse("portal:ops-workdays")


def _one_line_csv(year: int) -> bytes:
    """A schedule of one holiday: not a plausible year, so refused unless forced (issue 22 item 3)."""
    return f"date,kind\n{year}-01-01,holiday\n".encode()


def test_the_workdays_page_is_for_ops_only(client, accountant_a, client_a, ops):
    for user in (accountant_a, client_a):
        client.force_login(user)
        assert client.get(URL).status_code in (302, 403, 404)
    client.force_login(ops)
    body = client.get(URL, headers={"accept-language": "en"}).content.decode()
    assert "Load a year's schedule" in body and "manage.py" not in body  # the page is the way, not a shell
    assert 'aria-describedby="id_file_helptext"' in body and 'id="id_file_helptext"' in body


def test_an_incomplete_schedule_is_refused_beside_the_field_then_forced_with_an_audit(client, ops):
    client.force_login(ops)
    year = dt.date.today().year + 5
    body = client.post(
        URL, {"file": SimpleUploadedFile("one-line.csv", _one_line_csv(year))}, headers={"accept-language": "en"}
    ).content.decode()
    assert 'id="id_file_error"' in body and not WorkdayOverride.objects.exists()
    response = client.post(URL, {"file": SimpleUploadedFile("one-line.csv", _one_line_csv(year)), "force": "on"})
    assert response.status_code == 302 and response["Location"] == URL
    assert WorkdayOverride.objects.filter(date=dt.date(year, 1, 1)).exists()
    assert AuditEvent.objects.filter(action="calendar.loaded_forced").exists()


def test_hostile_file_content_is_refused_cleanly(client, ops):
    client.force_login(ops)
    response = client.post(
        URL, {"file": SimpleUploadedFile("evil.csv", b"date,kind\n=1+1,holiday\n")}, headers={"accept-language": "en"}
    )
    assert response.status_code == 200 and 'id="id_file_error"' in response.content.decode()
    assert not WorkdayOverride.objects.exists()


def test_the_missing_year_message_names_the_page_not_the_command(english):
    message = str(YearNotLoaded(2099))
    assert "/ops/workdays/" in message and "manage.py" not in message
    warning = workday_calendar().missing_year_warning(dt.date(2099, 3, 1))
    assert "Working-day calendar page (/ops/workdays/)" in warning and "manage.py" not in warning


def test_the_dashboard_links_the_calendar_page(client, ops):
    client.force_login(ops)
    body = client.get(reverse("portal:ops")).content.decode()
    assert f'href="{URL}"' in body


def test_publishing_without_balances_links_the_balances_upload(client, ops, account_a):
    from statements.models import Channel
    from statements.services.agreements import agreement_create

    agreement_create(
        actor=None,
        account=account_a,
        cycle="monthly",
        channel=Channel.ONLINE_BANKING,
        contact_name="王丽",
        mobile="13812345678",
        valid_from=dt.date(2026, 1, 1),
    )
    client.force_login(ops)
    body = client.post(
        reverse("portal:ops-publish"), {"period": "2026-09"}, headers={"accept-language": "en"}
    ).content.decode()
    assert "Upload agreements and balances" in body and "import_balances" in body
    assert f'href="{reverse("portal:ops-onboarding")}#balances"' in body
    assert "/ops/runs/" not in body
