"""Duplicates seen from the bank's side once they became each company's own (migration 0027): a bank system feed's
batch sent twice (a retry after a timeout) is still answered 409, as documented, not processed again and refused
422; and bank staff importing a file into the account they chose are refused only for that account's company's
copy, not for another company's copy of the same bytes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.roles import Role
from reconcile.models import BankLine, Import, ImportStatus
from reconcile.services.imports import import_file
from tests.factories import api_key, make_user

pytestmark = pytest.mark.django_db

# A statement that names no account: the account chosen at upload decides where it goes.
NO_ACCOUNT = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-09,手续费,15.00,,985.00\n".encode()


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


def test_a_feeds_batch_sent_twice_is_answered_409_and_nothing_is_kept(account_a):
    feed = _api(make_user("corebank", [Role.BANK_FEED]))
    batch = {
        "kind": "bank",
        "account_number": account_a.number,
        "lines": [{"date": "2026-10-08", "amount": "50.00", "direction": "in", "serial": "SN1"}],
    }
    first = feed.post("/api/v1/imports/push/", batch, format="json")
    assert first.status_code == 201, first.json()
    again = feed.post("/api/v1/imports/push/", batch, format="json")
    assert again.status_code == 409, again.json()
    assert again.json()["code"] == "duplicate_file" and f"#{first.json()['id']}" in again.json()["message"]
    assert Import.objects.count() == 1  # the retry kept no refused import
    assert BankLine.objects.filter(account=account_a).count() == 1


def test_bank_staff_import_a_file_into_the_account_chosen_although_another_company_holds_the_bytes(
    ops, account_a, account_b, django_capture_on_commit_callbacks
):
    theirs = import_file(
        actor=None, kind="bank", data=NO_ACCOUNT, filename="a.csv", account_number=account_a.number,
        customer=account_a.customer,
    )  # fmt: skip
    assert theirs.status == ImportStatus.DONE
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(ops).post(
            "/api/v1/imports/upload/",
            {"kind": "bank", "account": account_b.number, "file": SimpleUploadedFile("b.csv", NO_ACCOUNT)},
            format="multipart",
        )
    assert response.status_code == 202, response.json()
    mine = Import.objects.get(pk=response.json()["id"])
    assert mine.status == ImportStatus.DONE and mine.account_id == account_b.pk, mine.message_facts
    assert BankLine.objects.filter(account=account_b).count() == 1
    # The same file again into B's account is B's second copy: refused at once, naming B's import.
    response = _api(ops).post(
        "/api/v1/imports/upload/",
        {"kind": "bank", "account": account_b.number, "file": SimpleUploadedFile("b2.csv", NO_ACCOUNT)},
        format="multipart",
    )
    assert response.status_code == 409 and f"#{mine.pk}" in response.json()["message"]


def test_a_kept_file_cut_short_is_replaced_by_the_next_upload_of_its_bytes(account_a, settings, tmp_path):
    """The kept bytes are shared by every import of them, any company's: a copy cut short (the writer before the
    atomic one wrote in place; a crash mid-write left it) was never written again, and every later import of those
    bytes read the stump."""
    import hashlib

    from reconcile.services.imports.receive import storage_path

    settings.MEDIA_ROOT = tmp_path
    kept = storage_path(hashlib.sha256(NO_ACCOUNT).hexdigest())
    kept.parent.mkdir(parents=True)
    kept.write_bytes(NO_ACCOUNT[:30])
    record = import_file(
        actor=None, kind="bank", data=NO_ACCOUNT, filename="a.csv", account_number=account_a.number,
        customer=account_a.customer,
    )  # fmt: skip
    assert record.status == ImportStatus.DONE, record.message_facts
    assert kept.read_bytes() == NO_ACCOUNT
    assert BankLine.objects.filter(account=account_a).count() == 1
