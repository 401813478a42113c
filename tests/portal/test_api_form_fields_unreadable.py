"""README "API": a NUL byte or another control character in a parameter is a 400 ``unreadable_input`` naming it.
The fields of a multipart upload (``account``, ``profile``) and of a form body answered ``invalid`` "Null characters
are not allowed." (or, for other control characters, reached the import), not the code the README promises."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reconcile.models import Import
from tests.factories import api_key

pytestmark = pytest.mark.django_db

CSV = b"date,amount,direction,summary\n2026-10-08,100.00,in,x\n"


def _api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize(("field", "value"), [("account", "3105\x0016137"), ("profile", "bank\x01profile")])
def test_a_control_character_in_an_upload_field_is_unreadable_input_naming_it(accountant_a, account_a, field, value):
    data = {"kind": "journal", "account": account_a.number, "file": SimpleUploadedFile("j.csv", CSV)}
    data[field] = value
    response = _api(accountant_a).post("/api/v1/imports/upload/", data)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "unreadable_input"
    assert f"The field “{field}” contains a character that cannot be stored" in response.json()["message"]
    assert not Import.objects.exists()


def test_a_control_character_in_a_form_body_is_unreadable_input(accountant_a):
    response = _api(accountant_a).post(
        "/api/v1/match-rules/",
        "kind=never&pattern=a%00b",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unreadable_input"
    assert "“pattern”" in response.json()["message"]


def test_tabs_and_line_breaks_in_a_field_are_readable(accountant_a, account_a):
    data = {"kind": "journal", "account": account_a.number, "file": SimpleUploadedFile("j.csv", CSV)}
    response = _api(accountant_a).post("/api/v1/imports/upload/", {**data, "profile": "\t"})
    assert response.json().get("code") != "unreadable_input"


def test_an_unreadable_multipart_body_is_a_parse_error_in_the_readers_language(accountant_a):
    # Written by hand: the test client cuts a file's name to 255 characters, a browser or an ERP does not.
    body = (
        b"--BOUNDARY\r\n"
        b'Content-Disposition: form-data; name="kind"\r\n\r\njournal\r\n'
        b"--BOUNDARY\r\n"
        b'Content-Disposition: form-data; name="file"; filename="' + b"x" * 5000 + b'.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + CSV + b"\r\n--BOUNDARY--\r\n"
    )
    response = _api(accountant_a).post(
        "/api/v1/imports/upload/", body, content_type="multipart/form-data; boundary=BOUNDARY"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "parse_error",
        "message": "The upload could not be read as a multipart form (a part's headers, such as the file name, may be "
        "too long): send it again with a shorter file name.",
    }
