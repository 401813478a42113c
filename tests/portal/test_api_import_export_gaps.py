"""Through the API: a table without a recognisable header is refused with header examples in the request's language,
and an MT940 without balance lines goes into the account chosen, in that account's currency."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reconcile.models import Import, ImportStatus

pytestmark = pytest.mark.django_db

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _upload(user, account, name: str, data: bytes, callbacks) -> tuple[APIClient, Import]:
    api = APIClient()
    api.force_authenticate(user)
    with callbacks(execute=True):
        api.post(
            "/api/v1/imports/upload/",
            {"kind": "bank", "account": account.number, "file": SimpleUploadedFile(name, data)},
            format="multipart",
        )
    return api, Import.objects.get()


def test_the_no_header_refusal_gives_english_examples_to_an_english_request(
    accountant_a, account_a, django_capture_on_commit_callbacks
):
    data = b"Posted On,Memo,Sum\n2026-10-08,Invoice 17,100.00\n2026-10-09,Fee,-2.00\n"
    api, record = _upload(accountant_a, account_a, "export.csv", data, django_capture_on_commit_callbacks)
    assert record.status == ImportStatus.REFUSED
    en = api.get(f"/api/v1/imports/{record.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert "“Date” with “Debit”/“Credit” or “Amount”, and a “Description”" in en["message"]
    assert not _CJK.search(en["message"]), en["message"]


def test_an_mt940_without_balances_is_stored_in_the_chosen_accounts_currency(
    accountant_a, account_a, django_capture_on_commit_callbacks
):
    data = (
        f":20:STMT20261031\r\n:25:{account_a.number}\r\n:28C:00031/1\r\n"
        ":61:2610011001D12,50NTRFNONREF//B261001\r\n:86:Office supplies\r\n-\r\n"
    ).encode()
    api, record = _upload(accountant_a, account_a, "stmt.sta", data, django_capture_on_commit_callbacks)
    assert record.status == ImportStatus.DONE, record.errors
    en = api.get(f"/api/v1/imports/{record.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert f"read in the currency of account {account_a.number}, {account_a.currency}" in en["message"]
