"""A refusal quoting what the caller typed or the file states (an account number, a mapping profile's name) shows a
direction override or a control character as U+FFFD: quoted as it came, U+202E reversed the rest of the message on
the page and in the API's answer ("number 1234... must be" read backwards), as the other refusals already avoid."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework.test import APIClient

from core.roles import Role
from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankAccount, Import, ImportStatus
from reconcile.services.imports import import_file
from tests.factories import api_key, make_user

pytestmark = pytest.mark.django_db

OVERRIDE = "\u202e"
HOSTILE = f"{OVERRIDE}6222020200112233445"


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


def _shown_safely(text: str) -> bool:
    return OVERRIDE not in text and "\ufffd" in text


@pytest.mark.parametrize("who", ["accountant", "feed"])
def test_a_pushed_account_number_with_an_override_is_refused_quoting_it_harmlessly(who, accountant_a):
    user = accountant_a if who == "accountant" else make_user("corebank", [Role.BANK_FEED])
    lines = [{"date": "2026-10-08", "credit": "5.00"}]
    response = _api(user).post(
        "/api/v1/imports/push/", {"kind": "bank", "account_number": HOSTILE, "lines": lines}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_account", response.json()
    assert _shown_safely(response.json()["message"]), response.json()
    assert not Import.objects.exists()


def test_an_unknown_profile_name_with_an_override_is_refused_quoting_it_harmlessly(accountant_a, account_a):
    response = _api(accountant_a).post(
        "/api/v1/imports/upload/",
        {"kind": "bank", "profile": f"p{OVERRIDE}q", "file": SimpleUploadedFile("s.csv", b"a,b\n1,2\n")},
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["code"] == "unknown_profile", response.json()
    assert _shown_safely(response.json()["message"]), response.json()
    assert not Import.objects.exists()


def test_a_files_account_with_an_override_is_refused_quoting_it_harmlessly(ops):
    data = (
        f":20:STMT1\n:25:{HOSTILE}\n:28C:1/1\n:60F:C261008CNY1000,00\n"
        ":61:2610091009D20,00NTRFNONREF//S1\n:86:fee\n:62F:C261009CNY980,00\n-\n"
    ).encode()
    record = import_file(actor=ops, kind="bank", data=data, filename="h.sta")
    assert record.status == ImportStatus.REFUSED and [e["code"] for e in record.errors] == ["bad_account"]
    with translation.override("en"):
        assert _shown_safely(import_message(record))
        assert all(OVERRIDE not in row["message"] for row in error_rows(record))
    assert OVERRIDE not in str(record.message_facts) and OVERRIDE not in str(record.errors)
    assert not BankAccount.objects.exists()
