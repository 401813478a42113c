"""The API answers as README "API" documents it, also to a browser or a client that gets an address slightly wrong:
every answer (errors included) is JSON, never an HTML page, and a write to an address missing (or carrying an
extra) trailing slash is a JSON 404 naming the address to use, not an empty HTML 301 that loses the body."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import api_key

pytestmark = pytest.mark.django_db

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _token_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {api_key(user)}")


@pytest.mark.parametrize("url", ["/api/v1/statements/999999/", "/api/v1/statements/?status=nonsense"])
def test_a_browser_gets_the_api_errors_as_json(client_a, url):
    response = _token_client(client_a).get(url, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) >= {"code", "message"}


def test_a_browser_without_a_token_gets_a_json_401(db):
    response = Client().get("/api/v1/statements/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_authenticated"


def test_a_list_asked_for_as_html_only_is_a_json_406(client_a):
    response = _token_client(client_a).get("/api/v1/statements/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_acceptable"


def test_a_browser_reading_a_list_gets_json(client_a):
    response = _token_client(client_a).get("/api/v1/statements/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "results" in response.json()


@pytest.mark.parametrize(
    ("url", "meant"),
    [
        ("/api/v1/imports/push", "/api/v1/imports/push/"),
        ("/api/v1/token", "/api/v1/token/"),
        ("/api/v1/statements/41/confirm/", "/api/v1/statements/41/confirm"),
    ],
)
def test_a_write_with_the_trailing_slash_wrong_is_a_json_404_naming_the_address(accountant_a, url, meant):
    response = _token_client(accountant_a).post(url, "{}", content_type="application/json")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    error = response.json()
    assert error["code"] == "not_found"
    assert meant in error["message"] and "/api/v1/docs/" in error["message"]


def test_a_read_without_its_trailing_slash_is_still_redirected(client_a):
    response = _token_client(client_a).get("/api/v1/statements")
    assert response.status_code == 301 and response["Location"] == "/api/v1/statements/"


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_redirect_of_a_read_missing_its_slash_is_json_naming_the_address(client_a, lang):
    # It was an empty text/html 301: the one answer under /api/ that was not JSON.
    response = _token_client(client_a).get("/api/v1/statements?period=2026-10", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 301 and response["Location"] == "/api/v1/statements/?period=2026-10"
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "moved_permanently" and "/api/v1/statements/?period=2026-10" in body["message"]
    if lang == "en":
        assert "ends with a slash" in body["message"]


def test_an_unknown_api_address_names_the_docs_only(client_a):
    response = _token_client(client_a).post("/api/v1/nothing-here", "{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["message"].count("/api/v1/") == 1  # the docs, no made-up address


def test_a_locked_out_token_request_says_when_to_try_again(ops):
    """README "API": a 429 carries Retry-After; the login lockout's 429 on the token endpoint did not."""
    client = Client()
    for _ in range(5):
        client.post("/api/v1/token/", {"username": "ops_user", "password": "wrong"}, content_type="application/json")
    response = client.post(
        "/api/v1/token/", {"username": "ops_user", "password": "wrong"}, content_type="application/json"
    )
    assert response.status_code == 429 and response.json()["code"] == "locked_out"
    assert response["Retry-After"] == "900"  # AXES_COOLOFF_TIME, 15 minutes


@pytest.mark.parametrize("period", ["202609", "2026/09", "2026-9", "2026-13", "September"])
def test_a_mistyped_period_filter_is_refused_not_an_empty_list(client_a, published, period):
    """GET /api/v1/statements/?period= takes 2026-09 or 2026-Q3; a typo answered 200 with no statements."""
    response = _token_client(client_a).get("/api/v1/statements/", {"period": period})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    message = response.json()["message"]
    assert message.startswith("period: ") and period in message
    assert "2026-Q3" in message or "01" in message  # the forms it takes, or the months


@pytest.mark.parametrize("period", ["2026-09", " 2026-09 "])
def test_the_period_filter_finds_the_month(client_a, published, period):
    response = _token_client(client_a).get("/api/v1/statements/", {"period": period})
    assert response.status_code == 200
    assert [row["period"] for row in response.json()["results"]] == ["2026-09"]


def test_a_quarter_filter_is_read_in_either_case(ops, paper_published):
    assert paper_published.period == "2026-Q3"
    upper = _token_client(ops).get("/api/v1/statements/", {"period": "2026-Q3"}).json()
    lower = _token_client(ops).get("/api/v1/statements/", {"period": "2026-q3"}).json()
    assert [row["id"] for row in upper["results"]] == [paper_published.pk] and upper == lower


def test_json_nested_too_deeply_is_a_400_not_a_500(accountant_a):
    body = "[" * 100_000 + "]" * 100_000
    response = _token_client(accountant_a).post("/api/v1/imports/push/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"kind": "journal", "account_number": "1234", "lines": [{"summary": "a\\u0000b"}]}', "lines[0].summary"),
        ('{"kind": "journal\\u0001", "lines": []}', "kind"),
        ('{"kind": "journal", "lines": [{"a\\u001fb": 1}]}', "lines[0].a?b"),
    ],
)
def test_an_escaped_nul_or_control_character_is_refused_naming_the_field(accountant_a, account_a, body, field):
    """A NUL in a pushed line reached the database (PostgreSQL refuses NUL in text: a 500 there)."""
    response = _token_client(accountant_a).post("/api/v1/imports/push/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["code"] == "unreadable_input" and f"“{field}”" in error["message"]


def test_a_backslash_before_u0000_is_text_not_a_nul(accountant_a):
    """The text \\u0000 (an escaped backslash, then u0000) is readable: refused, if at all, for other reasons."""
    body = '{"kind": "journal", "account_number": "", "lines": [{"summary": "C:\\\\u0000"}]}'
    response = _token_client(accountant_a).post("/api/v1/imports/push/", body, content_type="application/json")
    assert response.json().get("code") != "unreadable_input"


@pytest.mark.parametrize("url", ["/api/v1/accounts/999999/", "/api/v1/imports/999999/"])
def test_an_unknown_id_is_said_in_the_readers_language_without_a_class_name(accountant_a, url):
    response = _token_client(accountant_a).get(url)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    message = response.json()["message"]
    assert "matches the given query" not in message and "BankAccount" not in message and "Import " not in message


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(("fmt", "media_type"), [("xlsx", XLSX), ("pdf", "application/pdf")])
def test_a_format_parameter_wins_over_a_json_accept_header(books, accountant_a, fmt, media_type):
    """README: ?format= picks the file; an ERP client sending Accept: application/json on every call got 406."""
    url = f"/api/v1/accounts/{books.pk}/adjustment?date=2026-10-31&format={fmt}"
    response = _token_client(accountant_a).get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == media_type


def test_an_accept_header_alone_still_chooses_and_a_wrong_one_is_406(books, accountant_a):
    url = f"/api/v1/accounts/{books.pk}/adjustment?date=2026-10-31"
    assert _token_client(accountant_a).get(url, HTTP_ACCEPT=XLSX)["Content-Type"] == XLSX
    assert _token_client(accountant_a).get(url, HTTP_ACCEPT="image/png").status_code == 406


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/statements/?status=nonsense", "status"),
        ("/api/v1/statements/?period=202610", "period"),
        ("/api/v1/statements/1/lines?format=doc", "format"),
    ],
)
def test_errors_by_field_are_lists_of_messages_for_every_field(client_a, published, url, field):
    response = _token_client(client_a).get(url)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert isinstance(errors[field], list) and all(isinstance(m, str) and len(m) > 1 for m in errors[field])


def test_a_new_tokens_expiry_is_written_as_the_token_list_writes_it(client_a):
    client = Client()
    issued = client.post(
        "/api/v1/token/", {"username": client_a.username, "password": "Test@2026!"}, content_type="application/json"
    )
    assert issued.status_code == 200, issued.content
    token = issued.json()
    listed = Client(HTTP_AUTHORIZATION=f"Token {token['token']}").get("/api/v1/tokens/").json()
    mine = next(row for row in listed if row["id"] == token["id"])
    assert token["expires_at"] == mine["expires_at"] and token["expires_at"].endswith("+08:00")


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b'{"kind": "journal",\n "lines": [1,}', "2"),  # line 2
        (b'{"kind": "journal", "opening_balance": NaN}', "NaN"),
        (b'{"kind": "journal", "lines": [\xff\xfe]}', "UTF-8"),
    ],
)
def test_a_body_that_is_not_json_is_refused_in_the_readers_language(accountant_a, body, said):
    """README "Messages": no message quotes a Python exception; DRF's parse error did ("Expecting property name…")."""
    response = _token_client(accountant_a).post(
        "/api/v1/imports/push/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400 and response.json()["code"] == "parse_error"
    message = response.json()["message"]
    assert said in message
    assert not any(word in message for word in ("Expecting", "JSON parse error", "Out of range", "codec", "char "))


def test_a_json_number_too_long_for_python_is_a_400_naming_the_cure(accountant_a):
    # json.loads raised ValueError (Python's 4,300-digit limit on reading an integer), which no one caught: a 500.
    body = '{"kind": "journal", "lines": [{"date": "2026-10-08", "amount": %s}]}' % ("9" * 5000)
    response = _token_client(accountant_a).post(
        "/api/v1/imports/push/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and response.json()["code"] == "parse_error"
    assert "as strings" in response.json()["message"]


def test_an_upload_over_the_file_limit_is_a_413_too_large_naming_the_limit(accountant_a, account_a, settings):
    # It was a 400 with the code service_error, which names nothing a client can act on.
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_MAX_UPLOAD_MB = 1
    response = _token_client(accountant_a).post(
        "/api/v1/imports/upload/",
        {"kind": "bank", "account": account_a.number, "file": SimpleUploadedFile("big.csv", b"a" * (1024 * 1024 + 1))},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert "1 MB" in response.json()["message"]
