"""Login throttling, security headers, CSRF on forms, password hashing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_is_locked_after_repeated_failures(client, client_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("portal:login"), {"username": "client_a", "password": "wrong"})
    locked = client.post(reverse("portal:login"), {"username": "client_a", "password": "Test@2026!"})
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    assert not client.session.get("_auth_user_id")


def test_pages_send_a_content_security_policy(client):
    response = client.get(reverse("portal:login"))
    policy = response["Content-Security-Policy"]
    assert (
        "default-src 'self'" in policy
        and "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert response["X-Frame-Options"] == "DENY"


def test_templates_carry_no_inline_script_or_handler():
    from pathlib import Path

    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text and " onchange=" not in text and " onclick=" not in text, template


def test_forms_are_csrf_protected(client_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(client_a)
    assert strict.post(reverse("portal:logout")).status_code == 403


def test_passwords_are_hashed_with_argon2_outside_tests():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


# Behind a reverse proxy every request comes from the proxy's address; the client's own address is in the header the
# proxy appends (X-Forwarded-For). The lockout must key on (username, that address).
PROXY = "10.0.0.1"
ATTACKER, VICTIM_ADDRESS = "203.0.113.5", "198.51.100.7"


def _login(client, username: str, password: str, forwarded: str):
    return client.post(
        reverse("portal:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"


def test_behind_a_proxy_an_attacker_cannot_lock_out_another_user(behind_one_proxy, client_a, ops):
    from django.test import Client

    attacker = Client()
    for username in ("client_a", "ops_user"):
        for _ in range(settings.AXES_FAILURE_LIMIT + 2):
            _login(attacker, username, "wrong", ATTACKER)
    victim = Client()
    response = _login(victim, "client_a", "Test@2026!", VICTIM_ADDRESS)
    assert response.status_code == 302 and victim.session.get("_auth_user_id") == str(client_a.pk)
    officer = Client()
    response = _login(officer, "ops_user", "Test@2026!", "198.51.100.8")
    assert response.status_code == 302 and officer.session.get("_auth_user_id") == str(ops.pk)


def test_behind_a_proxy_the_same_user_and_address_is_still_locked(behind_one_proxy, client_a):
    from django.test import Client

    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "client_a", "wrong", ATTACKER)
    assert _login(attacker, "client_a", "Test@2026!", ATTACKER).status_code == 429
    # An address the client writes into the header itself does not help: the proxy appends the real one last.
    assert _login(attacker, "client_a", "Test@2026!", f"192.0.2.77, {ATTACKER}").status_code == 429
    assert not attacker.session.get("_auth_user_id")


def test_without_a_trusted_proxy_the_header_is_ignored(client_a):
    from django.test import Client

    attacker = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        # A client talking to the portal directly cannot pick a fresh address per attempt with a forged header.
        attacker.post(
            reverse("portal:login"),
            {"username": "client_a", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}",
        )
    locked = attacker.post(
        reverse("portal:login"), {"username": "client_a", "password": "Test@2026!"}, HTTP_X_FORWARDED_FOR="192.0.2.200"
    )
    assert locked.status_code == 429


def test_an_answer_records_the_clients_address_behind_the_proxy(behind_one_proxy):
    from django.test import RequestFactory

    from portal.client_ip import client_address

    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.77, {ATTACKER}")
    assert client_address(request) == ATTACKER
    assert client_address(RequestFactory().get("/", REMOTE_ADDR=PROXY)) == PROXY


def test_the_verification_upload_cap_keys_on_the_client_address_behind_the_proxy(behind_one_proxy, settings):
    from django.test import RequestFactory

    from portal.views.verify import _too_many_uploads

    settings.VERIFY_PDF_CHECKS_PER_HOUR = 2

    def upload(address: str):
        return RequestFactory().post("/verify/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)

    assert [_too_many_uploads(upload(ATTACKER)) for _ in range(3)] == [False, False, True]
    assert _too_many_uploads(upload(VICTIM_ADDRESS)) is False  # another client behind the same proxy
