"""A bank system feed sees nothing of the customers, but reads back the imports it made itself: an upload answers
``202`` ``pending`` where workers import it, and the README tells the caller to read ``GET /api/v1/imports/{id}/``
until it is ``done`` or ``refused`` (that was a 404 for the feed, so it could never learn how its file went)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.roles import Role
from tests.factories import api_key, make_user

pytestmark = pytest.mark.django_db

BANK_CSV = "交易日期,收入金额,支出金额,余额,摘要\n2026-10-08,50.00,,,货款\n".encode()


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


def test_a_bank_feed_reads_back_its_own_imports_and_no_others(
    account_a, accountant_a, django_capture_on_commit_callbacks
):
    feed = _api(make_user("corebank", [Role.BANK_FEED]))
    with django_capture_on_commit_callbacks(execute=True):  # the import task, queued on commit
        uploaded = feed.post(
            "/api/v1/imports/upload/",
            {"kind": "bank", "account": account_a.number, "file": SimpleUploadedFile("s.csv", BANK_CSV)},
            format="multipart",
        )
    assert uploaded.status_code == 202, uploaded.json()
    mine = uploaded.json()["id"]
    read = feed.get(f"/api/v1/imports/{mine}/")
    assert read.status_code == 200 and read.json()["status"] == "done"
    theirs = _api(accountant_a).post(
        "/api/v1/imports/push/",
        {"kind": "journal", "account_number": account_a.number, "lines": [{"date": "2026-10-08", "credit": "5.00"}]},
        format="json",
    )
    assert theirs.status_code == 201, theirs.json()
    assert feed.get(f"/api/v1/imports/{theirs.json()['id']}/").status_code == 404
    assert [row["id"] for row in feed.get("/api/v1/imports/").json()["results"]] == [mine]
    assert feed.get("/api/v1/accounts/").json()["count"] == 0  # still nothing of the customers
    # Another bank system's feed reads none of this feed's imports; a hostile id is not found (a NUL byte in the
    # address is refused as a bad request before any view), never a 500.
    other = _api(make_user("paymenthub", [Role.BANK_FEED]))
    assert other.get(f"/api/v1/imports/{mine}/").status_code == 404
    assert other.get("/api/v1/imports/").json()["results"] == []
    for hostile, status in (("9" * 40, 404), ("=1+1", 404), ("%00", 400)):
        assert feed.get(f"/api/v1/imports/{hostile}/").status_code == status


def test_a_push_in_another_currency_than_the_accounts_names_the_mismatch_by_its_own_code(accountant_a, account_a):
    # It carried the catch-all code service_error, which names nothing a client can act on.
    pushed = _api(accountant_a).post(
        "/api/v1/imports/push/",
        {
            "kind": "journal",
            "account_number": account_a.number,
            "currency": "USD",
            "lines": [{"date": "2026-10-08", "credit": "5.00"}],
        },
        format="json",
    )
    assert pushed.status_code == 422, pushed.json()
    assert [e["code"] for e in pushed.json()["errors"]] == ["currency_mismatch"]
