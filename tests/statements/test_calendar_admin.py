from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from statements.models import WorkdayOverride
from statements.selectors import workday_calendar

pytestmark = pytest.mark.django_db


def test_admin_loads_next_years_schedule(admin_client):
    page = admin_client.get(reverse("admin:statements_workdayoverride_changelist"))
    assert page.status_code == 200 and "Load a schedule" in page.content.decode()
    csv = b"date,kind\n2027-01-01,holiday\n2027-02-06,workday\n"
    response = admin_client.post(reverse("admin:statements_workdayoverride_load"),
                                 {"file": SimpleUploadedFile("2027.csv", csv)})
    assert response.status_code == 302
    assert WorkdayOverride.objects.count() == 2 and workday_calendar().is_loaded(2027)
    bad = admin_client.post(reverse("admin:statements_workdayoverride_load"),
                            {"file": SimpleUploadedFile("bad.csv", b"date,kind\n2027-01-32,holiday\n")})
    assert bad.status_code == 200 and "line 2" in bad.content.decode()
    assert WorkdayOverride.objects.count() == 2
