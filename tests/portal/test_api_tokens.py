"""API tokens: no credential without the second factor where one is required; expiry; revocation; listing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from core.models import AuditEvent
from portal.models import ApiToken
from tests.factories import api_key
from tests.fixtures.hostile import HIDDEN_TEXTS

pytestmark = pytest.mark.django_db
PASSWORD = "Test@2026!"


def _token_call(username: str, **extra) -> tuple[int, dict]:
    response = APIClient().post(
        reverse("api:token"),
        {"username": username, "password": PASSWORD, **extra},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    return response.status_code, response.json()


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def _get(key: str, url: str = "/api/v1/statements/"):
    return APIClient().get(url, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def require_2fa(settings):
    settings.BANK_STAFF_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_bank_staff_get_no_token_with_the_password_alone(require_2fa, ops):
    status, body = _token_call("ops_user")
    assert status == 403 and body["code"] == "second_factor_required"
    _device(ops)
    status, body = _token_call("ops_user")
    assert status == 403 and body["code"] == "second_factor_required" and "otp" in body["message"]
    status, body = _token_call("ops_user", otp="000000")
    assert status == 403 and body["code"] == "bad_second_factor"
    assert not ApiToken.objects.exists()
    assert AuditEvent.objects.filter(action="api_token.second_factor_failed").count() == 1


@pytest.mark.parametrize("admin_flag", ["is_superuser", "is_staff"])
def test_an_administrator_without_a_bank_role_needs_the_second_factor_too(require_2fa, client, published, admin_flag):
    """The superuser the production install creates (``manage.py createsuperuser``, README) has no bank role: with
    its password alone it got every ops page, the admin site and a 30-day API token reading every statement."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_user("root", password=PASSWORD, **{admin_flag: True})
    status, body = _token_call("root")
    assert status == 403 and body["code"] == "second_factor_required"
    assert not ApiToken.objects.exists()
    client.post(reverse("portal:login"), {"username": "root", "password": PASSWORD})
    for path in ("/ops/", "/statements/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))
    assert client.get("/api/v1/statements/").status_code == 403
    device = _device(admin)
    status, body = _token_call("root", otp=f"{totp(device.bin_key):06d}")
    assert status == 200
    assert ApiToken.objects.get(pk=body["id"]).expires_at - timezone.now() <= dt.timedelta(hours=8)


def test_bank_staff_get_a_token_with_the_authenticator_code(require_2fa, ops):
    device = _device(ops)
    status, body = _token_call("ops_user", otp=f"{totp(device.bin_key):06d}", name="ops script")
    assert status == 200 and body["token"].startswith("rp_") and body["name"] == "ops script"
    token = ApiToken.objects.get(pk=body["id"])
    assert token.second_factor == "totp"
    assert token.expires_at - timezone.now() <= dt.timedelta(hours=8)
    assert _get(body["token"], "/api/v1/sms/").status_code == 200


def test_a_right_code_sent_too_soon_after_a_wrong_one_is_told_to_wait_not_that_it_is_wrong(require_2fa, ops, settings):
    # django-otp refuses every code for a while after a wrong one: the right code was answered "not right".
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    device = _device(ops)
    status, body = _token_call("ops_user", otp="000000")
    assert status == 403 and body["code"] == "bad_second_factor"
    status, body = _token_call("ops_user", otp=f"{totp(device.bin_key):06d}")
    assert status == 403 and body["code"] == "bad_second_factor"
    assert "wait 30 seconds" in body["message"] and "not right" not in body["message"]


def test_a_pause_of_one_second_is_told_in_the_singular(require_2fa, ops, settings):
    """The wait is counted in whole seconds: one second reads "wait 1 second", not "wait 1 seconds"."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 1  # a pause of 1 second after the first wrong code
    device = _device(ops)
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        _token_call("ops_user", otp="000000")
        status, body = _token_call("ops_user", otp=f"{totp(device.bin_key):06d}")
    assert status == 403 and body["code"] == "bad_second_factor"
    assert "wait 1 second, then" in body["message"]


def test_an_unenrolled_officer_is_told_to_enrol_in_the_browser(require_2fa, ops):
    status, body = _token_call("ops_user", otp="123456")
    assert status == 403 and body["code"] == "second_factor_required" and "browser" in body["message"]


def _schema_calls() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    calls = []
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete"}:
                calls.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return calls


def test_a_password_only_bank_staff_token_opens_no_api_path(require_2fa, ops, published):
    """A token issued without the second factor (before it was required, or by the earlier scheme) is refused on
    every path of the schema, the token endpoint aside (it checks its own credentials)."""
    key = "rp_issued-before-the-second-factor-was-required"
    ApiToken.objects.create(
        user=ops,
        name="old",
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
        key_prefix=key[:10],
        auth_hash=ops.get_session_auth_hash(),
        expires_at=timezone.now() + dt.timedelta(hours=8),
    )
    calls = _schema_calls()
    assert len(calls) >= 15
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for method, path in calls:
        if path == "/api/v1/token/":
            continue
        response = getattr(api, method)(path, {}, format="json")
        assert response.status_code in (401, 403), (method, path, response.status_code)
        assert response.json()["code"] == "second_factor_required", (method, path)
    # the same officer's token with the factor opens them
    assert _get(api_key(ops, second_factor="totp"), "/api/v1/sms/").status_code == 200


def test_without_the_requirement_staff_tokens_work_as_before(ops):
    status, body = _token_call("ops_user")
    assert status == 200 and _get(body["token"], "/api/v1/sms/").status_code == 200


def test_tokens_expire_after_their_lifetime(client_a, ops, settings):
    settings.API_TOKEN_TTL_HOURS = 24
    client_key, ops_key = api_key(client_a), api_key(ops)
    now = timezone.now()
    with time_machine.travel(now + dt.timedelta(hours=7, minutes=59)):
        assert _get(ops_key).status_code == 200
    with time_machine.travel(now + dt.timedelta(hours=8, minutes=1)):
        response = _get(ops_key)
        assert response.status_code == 401 and response.json()["code"] == "token_expired"
        assert _get(client_key).status_code == 200
    with time_machine.travel(now + dt.timedelta(hours=24, minutes=1)):
        assert _get(client_key).status_code == 401


def test_default_lifetimes_are_eight_hours_and_thirty_days(client_a, ops):
    staff = ApiToken.objects.get(key_hash=hashlib.sha256(api_key(ops).encode()).hexdigest())
    company = ApiToken.objects.get(key_hash=hashlib.sha256(api_key(client_a).encode()).hexdigest())
    assert dt.timedelta(hours=7, minutes=59) < staff.expires_at - staff.created_at <= dt.timedelta(hours=8)
    assert dt.timedelta(days=29, hours=23) < company.expires_at - company.created_at <= dt.timedelta(days=30)


def test_a_password_change_revokes_every_token(client_a):
    key = api_key(client_a)
    assert _get(key).status_code == 200
    client_a.set_password("Another@2026!")
    client_a.save()
    response = _get(key)
    assert response.status_code == 401 and response.json()["code"] == "password_changed"


def test_deactivation_revokes(client_a):
    key = api_key(client_a)
    client_a.is_active = False
    client_a.save(update_fields=["is_active"])
    assert _get(key).status_code == 401


def test_logout_from_the_api_revokes_the_token_in_use(client_a):
    key = api_key(client_a)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    tokens = api.get(reverse("api:token-list")).json()
    assert len(tokens) == 1 and tokens[0]["current"] is True and tokens[0]["state"] == "active"
    assert "token" not in tokens[0] and "key_hash" not in tokens[0]
    assert api.delete(reverse("api:token-detail", args=[tokens[0]["id"]])).status_code == 204
    response = api.get(reverse("api:statement-list"))
    assert response.status_code == 401 and response.json()["code"] == "token_revoked"
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_nobody_sees_or_revokes_another_users_token(client_a, client_b, ops):
    theirs = ApiToken.objects.get(key_hash=hashlib.sha256(api_key(client_b).encode()).hexdigest())
    for user in (client_a, ops):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
        assert api.get(reverse("api:token-detail", args=[theirs.pk])).status_code == 404
        assert api.delete(reverse("api:token-detail", args=[theirs.pk])).status_code == 404
        assert all(row["id"] != theirs.pk for row in api.get(reverse("api:token-list")).json())
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_only_the_hash_of_a_key_is_stored(client_a):
    status, body = _token_call("client_a")
    assert status == 200
    stored = ApiToken.objects.get(pk=body["id"])
    assert body["token"] not in {stored.key_hash, stored.key_prefix, stored.auth_hash}
    assert stored.key_hash == hashlib.sha256(body["token"].encode()).hexdigest()


def test_wrong_password_and_hostile_names(client_a):
    response = APIClient().post(reverse("api:token"), {"username": "client_a", "password": "wrong"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_credentials"
    status, body = _token_call("client_a", name='=HYPERLINK("http://x","y")')
    assert status == 200
    status, body = _token_call("client_a", name="erp\x00")
    assert status == 400 and body["code"] == "unreadable_input"  # refused by the JSON parser, naming the field
    response = APIClient().post(
        reverse("api:token"), {"username": "client_a", "password": PASSWORD, "name": "x" * 5000}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("text", HIDDEN_TEXTS)
def test_a_token_name_with_a_hidden_character_is_refused(client_a, text):
    status, body = _token_call("client_a", name=f"erp {text}")
    assert status == 400, body  # an escaped C0 control by the JSON parser, the others naming the character
    assert body["code"] == "unreadable_input" or "U+" in body["message"], body
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("header", ["Token ", "Token two words", "Token caf\u00e9"], ids=["empty", "spaces", "latin1"])
def test_a_malformed_token_header_is_an_invalid_token_in_the_readers_language(client_a, header):
    # DRF's own refusal of the header's shape said authentication_failed, a code the API does not document.
    response = APIClient().get("/api/v1/statements/", HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"code": "invalid_token", "message": "Invalid token."}


def test_a_stale_token_header_does_not_block_asking_for_a_new_one(client_a):
    response = APIClient().post(
        reverse("api:token"),
        {"username": "client_a", "password": PASSWORD},
        format="json",
        HTTP_AUTHORIZATION="Token rp_revoked",
    )
    assert response.status_code == 200


def test_live_tokens_are_capped_per_user(client_a, monkeypatch):
    import portal.services.api_tokens as tokens

    monkeypatch.setattr(tokens, "MAX_LIVE_TOKENS", 3)
    for _ in range(3):
        assert _token_call("client_a")[0] == 200
    status, body = _token_call("client_a")
    assert status == 409 and body["code"] == "too_many_tokens"


def test_the_token_page_creates_shows_once_and_revokes(client, client_a, client_b):
    client.force_login(client_a)
    page = client.post(reverse("portal:api-tokens"), {"name": "Kingdee ERP"})
    key = re.search(r"rp_[A-Za-z0-9_-]{20,}", page.content.decode()).group(0)
    assert _get(key).status_code == 200
    token = ApiToken.objects.get(user=client_a)
    assert key not in client.get(reverse("portal:api-tokens")).content.decode()
    client.force_login(client_b)
    assert client.post(reverse("portal:api-token-revoke", args=[token.pk])).status_code == 404
    client.force_login(client_a)
    assert client.post(reverse("portal:api-token-revoke", args=[token.pk])).status_code == 302
    assert _get(key).status_code == 401


def test_the_token_page_gives_verified_staff_a_token_with_the_factor(client, ops, require_2fa):
    client.force_login(ops)
    assert client.get(reverse("portal:api-tokens")).status_code == 302  # to the second-factor page first
    assert client.post(reverse("portal:api-tokens"), {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()
    device = _device(ops)
    client.post(reverse("portal:second-factor"), {"token": f"{totp(device.bin_key):06d}"})
    page = client.post(reverse("portal:api-tokens"), {"name": "ops script"})
    key = re.search(r"rp_[A-Za-z0-9_-]{20,}", page.content.decode()).group(0)
    assert ApiToken.objects.get(user=ops).second_factor == "totp"
    assert _get(key, "/api/v1/sms/").status_code == 200


def test_the_server_command_issues_lists_and_revokes(ops, require_2fa):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token", "issue", "ops_user", "--name", "core banking feed", "--hours", "2", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    assert key.startswith("rp_") and _get(key, "/api/v1/sms/").status_code == 200
    token = ApiToken.objects.get(user=ops)
    assert token.second_factor == "server" and token.expires_at - token.created_at <= dt.timedelta(hours=2)
    listing = io.StringIO()
    call_command("api_token", "list", "ops_user", stdout=listing)
    assert "core banking feed" in listing.getvalue() and "active" in listing.getvalue()
    # Times as the API writes them (local time with its offset), not the stored UTC.
    local = timezone.localtime(token.expires_at).isoformat(timespec="minutes")
    assert local.endswith("+08:00") and local in listing.getvalue() and local in err.getvalue()
    call_command("api_token", "revoke", str(token.pk), stdout=io.StringIO())
    assert _get(key, "/api/v1/sms/").status_code == 401


def test_tokens_of_the_earlier_scheme_are_carried_over_hashed_and_expiring(client_a, ops, require_2fa):
    from importlib import import_module

    migration = import_module("portal.migrations.0003_api_tokens")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id integer)")
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s), (%s, %s, %s)",
            ["a" * 40, timezone.now(), client_a.pk, "b" * 40, timezone.now(), ops.pk],
        )
    # The migration uses only the editor's connection and execute(); SQLite's real editor cannot open inside the
    # test's transaction.
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    migration.carry_over_legacy_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert _get("a" * 40).status_code == 200  # the ERP keeps working until it rotates
    assert ApiToken.objects.get(user=client_a).expires_at <= timezone.now() + dt.timedelta(days=30)
    assert _get("b" * 40, "/api/v1/sms/").status_code == 401  # bank staff: no second factor, no access


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", "请先在浏览器中用身份验证器应用确认登录"), ("en", "authenticator app in the browser")],
)
def test_a_half_signed_in_officer_on_the_api_is_told_in_the_readers_language(require_2fa, ops, client, language, words):
    """A password-only session of bank staff reaching an API path: JSON, in the reader's language."""
    client.force_login(ops)
    response = client.get("/api/v1/statements/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "second_factor_required" and words in body["message"]


def test_the_signing_keys_hint_is_one_message_with_its_link(client, client_a):
    """The link and its sentence are one message, so a language writes its own separator (Chinese "：", not the
    ASCII ": " the template put between two messages on the Chinese page)."""
    from pathlib import Path

    from django.conf import settings

    glued = re.compile(r"\{% translate [^%]*%\}</a>: \{% translate")
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if glued.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    client.force_login(client_a)
    body = client.get(reverse("portal:api-tokens"), headers={"accept-language": "en"}).content.decode()
    link = f'<a href="{reverse("portal:answer-keys")}">Answer signing keys</a>'
    assert f"{link}: answers sent over the API are signed with your company" in body
