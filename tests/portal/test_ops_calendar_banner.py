"""The ops pages tell the officer what to do in the browser when next year's working-day schedule is missing: the page
that loads it, never a shell command in backticks (``manage.py doctor`` names the command, for the person at a shell).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tests.fixtures.language import language_restored  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
DECEMBER = dt.datetime(2026, 12, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # 2027 not in the library
SHELL = re.compile(r"manage\.py|`")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_dashboard_banner_sends_the_officer_to_the_calendar_page(client, ops, language):
    with time_machine.travel(DECEMBER, tick=False):
        client.force_login(ops)
        body = client.get(reverse("portal:ops"), headers={"accept-language": language}).content.decode()
    banner = re.search(r'<p class="error" role="alert">(.*?)</p>', body, re.S)
    assert banner is not None and "2027" in banner.group(1)
    assert "/ops/workdays/" in banner.group(1) and not SHELL.search(banner.group(1)), banner.group(1)
    if language == "en":
        assert "before 1 January on the Working-day calendar page (/ops/workdays/)." in banner.group(1)
    else:  # one language: nothing English but the page's address
        assert not re.search(r"[A-Za-z]{3,}", banner.group(1).replace("/ops/workdays/", "").split("<a ")[0])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_calendar_page_itself_shows_no_shell_command(client, ops, language):
    with time_machine.travel(DECEMBER, tick=False):
        client.force_login(ops)
        body = client.get(reverse("portal:ops-workdays"), headers={"accept-language": language}).content.decode()
    assert "2027" in body and not SHELL.search(body)
