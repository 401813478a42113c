"""An import's page writes its opening and closing balances as money (1,000,000.00), as its summary does; they were
shown raw (1000000.00) beside a summary saying 1,000,000.00."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reconcile.models import Import

pytestmark = pytest.mark.django_db

CSV = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,1130000.00\n2026-10-09,手续费,15.00,,1129985.00\n"


def test_the_balances_are_written_as_money(client, accountant_a, account_a, django_capture_on_commit_callbacks):
    client.force_login(accountant_a)
    upload = SimpleUploadedFile("oct.csv", CSV.encode("gb18030"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:import-upload"), {"kind": "bank", "file": upload, "account": account_a.number})
    record = Import.objects.get()
    body = client.get(reverse("portal:import-detail", args=[record.pk])).content.decode()
    assert "<dd>1,100,000.00</dd>" in body and "<dd>1,129,985.00</dd>" in body
    assert "1100000.00" not in body
