"""After an upload the import's page said "File received; it is being checked and imported." above a status that
already read Refused (or Imported): the note was written before the import ran. The page's status says where the
import stands (and, while it runs, that it is being checked)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

CSV = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,130000.00\n"


@pytest.mark.parametrize(
    ("data", "status"), [(CSV + "2026-10-10,付款,12a.00,,\n", "Refused"), (CSV, "Imported")], ids=["refused", "done"]
)
def test_a_finished_import_is_not_said_to_be_still_checked(
    client, accountant_a, account_a, django_capture_on_commit_callbacks, data, status
):
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("oct.csv", data.encode()), "account": account_a.number},
        )
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<strong>{status}</strong>" in page
    assert "being checked" not in page and "Checking and importing" not in page
    assert "正在校验并导入" not in page  # the note as written when the upload (in Chinese) was received
