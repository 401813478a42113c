from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from statements.models import WorkdayOverride
from statements.selectors import workday_calendar

pytestmark = pytest.mark.django_db


def test_admin_loads_next_years_schedule(admin_client):
    page = admin_client.get(reverse("admin:statements_workdayoverride_changelist"))
    assert page.status_code == 200 and "导入节假日安排" in page.content.decode()
    english = admin_client.get(
        reverse("admin:statements_workdayoverride_changelist"), headers={"accept-language": "en"}
    )
    assert "Load a schedule" in english.content.decode()
    csv = (Path(__file__).parent / "calendar" / "data" / "workdays_2027_PLAUSIBLE_SYNTHETIC.csv").read_bytes()
    response = admin_client.post(
        reverse("admin:statements_workdayoverride_load"), {"file": SimpleUploadedFile("2027.csv", csv)}
    )
    assert response.status_code == 302
    loaded = WorkdayOverride.objects.count()
    assert loaded == 34 and workday_calendar().is_loaded(2027)
    bad = admin_client.post(
        reverse("admin:statements_workdayoverride_load"),
        {"file": SimpleUploadedFile("bad.csv", b"date,kind\n2027-01-32,holiday\n")},
    )
    body = bad.content.decode()
    assert bad.status_code == 200 and "未导入任何日期" in body and "第 2 行" in body and "日期格式不正确" in body
    assert WorkdayOverride.objects.count() == loaded
