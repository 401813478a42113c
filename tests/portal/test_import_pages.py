from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from reconcile.models import BankLine, Import, ImportStatus

pytestmark = pytest.mark.django_db

CSV = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,130000.00\n2026-10-09,手续费,15.00,,129985.00\n"


def test_accountant_uploads_and_sees_the_result(client, accountant_a, account_a, django_capture_on_commit_callbacks):
    client.force_login(accountant_a)
    upload = SimpleUploadedFile("oct.csv", CSV.encode("gb18030"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:import-upload"), {"kind": "bank", "file": upload, "account": account_a.number}
        )
    record = Import.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:import-detail", args=[record.pk])
    assert record.status == ImportStatus.DONE and BankLine.objects.count() == 2
    body = client.get(response["Location"]).content.decode()
    assert "已导入" in body and "oct.csv" in body and "新入库 2 行" in body
    english = client.get(response["Location"], headers={"accept-language": "en"}).content.decode()
    assert "2 lines stored, 0 already known" in english and "新入库" not in english  # in the reader's language
    history = client.get(reverse("portal:imports")).content.decode()
    assert "oct.csv" in history


def test_refused_upload_shows_rows_to_fix(client, accountant_a, account_a, django_capture_on_commit_callbacks):
    client.force_login(accountant_a)
    bad = CSV + "2026-10-10,付款,12a.00,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("bad.csv", bad.encode()), "account": account_a.number},
        )
    body = client.get(response["Location"]).content.decode()
    assert "已拒绝" in body and "需要修改的行" in body and "12a.00" in body
    assert BankLine.objects.count() == 0


def test_duplicate_upload_is_refused_on_the_form(client, accountant_a, account_a, django_capture_on_commit_callbacks):
    client.force_login(accountant_a)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("portal:import-upload"),
                {"kind": "bank", "file": SimpleUploadedFile("oct.csv", CSV.encode()), "account": account_a.number},
            )
    assert response.status_code == 200
    assert "已经导入过" in response.content.decode()
    assert Import.objects.count() == 1


def test_clients_cannot_upload(client, client_a):
    client.force_login(client_a)
    assert client.get(reverse("portal:import-upload")).status_code == 403
    assert client.get(reverse("portal:imports")).status_code == 403


def test_api_upload_returns_the_import(accountant_a, account_a, django_capture_on_commit_callbacks):
    api = APIClient()
    api.force_authenticate(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            reverse("api:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("oct.csv", CSV.encode()), "account": account_a.number},
            format="multipart",
        )
    assert response.status_code == 202 and response.json()["status"] == "pending"
    detail = api.get(reverse("api:import-detail", args=[response.json()["id"]])).json()
    assert detail["status"] == "done" and detail["lines_stored"] == 2 and detail["total_out"] == "15.00"
    again = api.post(
        reverse("api:import-upload"),
        {"kind": "bank", "file": SimpleUploadedFile("oct.csv", CSV.encode()), "account": account_a.number},
        format="multipart",
    )
    assert again.status_code == 409 and "message" in again.json()
    api.force_authenticate(None)


def test_erp_push_stores_a_batch_and_refuses_bad_lines(accountant_a, account_a):
    api = APIClient()
    api.force_authenticate(accountant_a)
    batch = {
        "kind": "journal",
        "account_number": account_a.number,
        "lines": [
            {"date": "2026-10-08", "voucher_no": "记-12", "summary": "收货款", "debit": "30000.00"},
            {"date": "2026-10-10", "voucher_no": "记-15", "summary": "付货款", "credit": "80,000.00"},
        ],
    }
    response = api.post(reverse("api:import-push"), batch, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["lines_stored"] == 2 and response.json()["total_in"] == "30000.00"
    assert api.post(reverse("api:import-push"), batch, format="json").status_code == 409
    bad = {
        "kind": "journal",
        "account_number": account_a.number,
        "lines": [
            {"date": "2026-10-11", "summary": "ok", "debit": "1.00"},
            {"date": "2026-02-30", "summary": "bad date", "debit": "1.00"},
            {"date": "2026-10-12", "summary": "bad amount", "debit": "1.0.0"},
        ],
    }
    response = api.post(reverse("api:import-push"), bad, format="json")
    assert response.status_code == 422
    assert {e["row"] for e in response.json()["errors"]} == {2, 3}
    from reconcile.models import JournalEntry

    assert JournalEntry.objects.count() == 2


def test_clients_cannot_push(client_a):
    api = APIClient()
    api.force_authenticate(client_a)
    assert api.post(reverse("api:import-push"), {"kind": "bank", "lines": [{}]}, format="json").status_code == 403


def test_profile_page_saves_and_explains_errors(client, accountant_a):
    client.force_login(accountant_a)
    response = client.post(
        reverse("portal:profiles"), {"name": "某农商行", "kind": "bank", "columns": "date = 入账日\nbogus = 金额"}
    )
    assert response.status_code == 200 and "bogus" in response.content.decode()
    response = client.post(
        reverse("portal:profiles"),
        {
            "name": "某农商行",
            "kind": "bank",
            "columns": "date = 入账日\namount = 金额(元)",
            "flag_values": "1 = in\n0 = out",
        },
    )
    assert response.status_code == 302
    from reconcile.models import MappingProfile

    profile = MappingProfile.objects.get()
    assert profile.columns == {"date": "入账日", "amount": "金额(元)"} and profile.customer == accountant_a.customer


def test_profile_api(accountant_a, accountant_b_user=None):
    api = APIClient()
    api.force_authenticate(accountant_a)
    created = api.post(
        reverse("api:profile-list"),
        {"name": "SAP", "kind": "journal", "columns": {"date": "Posting Date", "amount": "Amount"}},
        format="json",
    )
    assert created.status_code == 201
    bad = api.post(
        reverse("api:profile-list"), {"name": "X", "kind": "journal", "columns": {"nope": "a"}}, format="json"
    )
    assert bad.status_code == 400 and "nope" in bad.json()["message"]
    assert [p["name"] for p in api.get(reverse("api:profile-list")).json()] == ["SAP"]
