"""The upload page's lists (what the file is, the account) refuse a value not offered quoting it as refusals do:
Django's own message quoted it whole and raw, so a forged form's 100,000-character value filled the page and a
direction override (U+202E) reversed the rest of the sentence. Nothing is imported either way."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reconcile.models import Import

pytestmark = pytest.mark.django_db

CSV = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-09,手续费,15.00,,985.00\n".encode()


@pytest.mark.parametrize(
    "field,value",
    [("account", "\u202e31050161373600001234"), ("account", "9" * 100_000), ("kind", "bank\u202e")],
)
def test_a_value_not_offered_is_refused_quoted_harmlessly(accountant_a, account_a, field, value):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(accountant_a)
    data = {"kind": "bank", "account": account_a.number, "file": SimpleUploadedFile("s.csv", CSV)}
    data[field] = value
    response = client.post("/imports/upload/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert len(errors) == 1 and "is not one of the available choices" in errors[0], errors
    assert "\u202e" not in errors[0] and len(errors[0]) < 300, errors[0][:300]
    assert not Import.objects.exists()


def test_the_account_chosen_for_a_waiting_file_is_refused_quoted_harmlessly(
    accountant_a, account_a, django_capture_on_commit_callbacks
):
    from reconcile.services.imports.pipeline import import_start

    with django_capture_on_commit_callbacks(execute=True):
        waiting = import_start(actor=accountant_a, kind="bank", data=CSV, filename="x.csv")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(accountant_a)
    response = client.post(f"/imports/{waiting.pk}/account/", {"account": "\u202e" + account_a.number + "9" * 5_000})
    errors = response.context["account_form"].errors["account"]
    assert len(errors) == 1 and "is not one of the available choices" in errors[0], errors
    assert "\u202e" not in errors[0] and len(errors[0]) < 300, errors[0][:300]
    assert Import.objects.count() == 1
