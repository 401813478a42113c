"""What new users met on the pages: a text file named .xlsx answered "no header row", a PDF uploaded as a journal
advised downloading it from online banking, and import refusals written as clauses (a lowercase start, no stop)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reconcile.models import Import, ImportStatus

pytestmark = pytest.mark.django_db


def _refusal(client, account, kind, name, data, capture) -> str:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with capture(execute=True):
        client.post(
            reverse("portal:import-upload"),
            {"kind": kind, "file": SimpleUploadedFile(name, data), "account": account.number},
        )
    record = Import.objects.get()
    assert record.status == ImportStatus.REFUSED
    return client.get(reverse("portal:import-detail", args=[record.pk])).content.decode()


@pytest.mark.parametrize("kind", ["bank", "journal"])
def test_a_text_file_named_xlsx_is_said_to_be_no_excel_file(
    client, account_a, accountant_a, django_capture_on_commit_callbacks, kind
):
    client.force_login(accountant_a)
    body = _refusal(
        client, account_a, kind, "statement.xlsx", b"Hello,\nthis is a note\n", django_capture_on_commit_callbacks
    )
    assert "statement.xlsx is not an Excel file: it is plain text (it begins “Hello,”)" in body
    assert "header row" not in body
    if kind == "journal":
        assert "Kingdee" in body and "online banking" not in body
    else:
        assert "online banking" in body


def test_a_csv_named_xlsx_is_still_read(client, account_a, accountant_a, django_capture_on_commit_callbacks):
    data = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,1130000.00\n".encode()
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("one.xlsx", data), "account": account_a.number},
        )
    assert Import.objects.get().status == ImportStatus.DONE


@pytest.mark.parametrize("kind", ["bank", "journal"])
def test_a_pdf_gets_the_advice_of_its_kind_as_a_sentence(
    client, account_a, accountant_a, django_capture_on_commit_callbacks, kind
):
    client.force_login(accountant_a)
    body = _refusal(client, account_a, kind, "oct.pdf", b"%PDF-1.4\n%...", django_capture_on_commit_callbacks)
    if kind == "journal":
        assert "<dd>The file is a PDF: a journal printed to PDF cannot be imported; export the bank journal" in body
        assert "(Kingdee, Yonyou) as Excel (.xlsx, .xls) or CSV and upload that.</dd>" in body
        assert "online banking" not in body
    else:
        assert "<dd>The file is a PDF: a statement printed to PDF cannot be imported; download" in body
        assert "CSV, MT940 or camt.053 and upload that.</dd>" in body
