"""A refusal quotes what was sent by its beginning (core.text.quoted_value), never a whole pasted document: an
upload's 5,000-character account or profile name came back whole in the message."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import api_key

pytestmark = pytest.mark.django_db

CSV = b"date,amount,direction,summary\n2026-10-08,100.00,in,x\n"


@pytest.mark.parametrize(
    ("field", "code", "start"),
    [
        ("account", "bad_account", "Account number 9999"),
        ("profile", "unknown_profile", "No mapping profile named 9999"),
    ],
)
def test_an_overlong_account_or_profile_is_quoted_by_its_beginning(accountant_a, account_a, field, code, start):
    data = {"kind": "journal", "account": account_a.number, "file": SimpleUploadedFile("j.csv", CSV)}
    data[field] = "9" * 5000
    api = Client(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    response = api.post("/api/v1/imports/upload/", data)
    assert response.status_code == 400 and response.json()["code"] == code
    message = response.json()["message"]
    assert message.startswith(start) and "9" * 40 + "…" in message and len(message) < 300
