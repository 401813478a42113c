"""A forged cross-site POST and a crafted ``?next=`` address, as an attacker would send them to a signed-in user: every
state-changing path of the portal, and the API through the browser's session, refuses a POST without the CSRF token
(403, nothing audited); the login, the second factor and the language switch never send the user to another site."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent
from tests.portal.test_every_path_tenancy_and_second_factor import _urls
from tests.portal.test_tenancy import accountant_b, data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
# Anyone may send these without a session of theirs (the login form has its own token, checked below as well).
OPEN = {"portal:verify", "portal:verify-document", "api:token", "api:schema", "api:docs"}
OFFSITE = ("https://evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example", "javascript:alert(1)")


def test_no_post_without_the_csrf_token_changes_anything(data, accountant_b, client_b, ops):
    strict = Client(enforce_csrf_checks=True)
    passed = []
    for user in (accountant_b, client_b, ops):
        strict.force_login(user)
        for name, url in _urls(data):
            if name in OPEN:
                continue
            before = AuditEvent.objects.count()
            response = strict.post(url, {"reason": "x", "confirm": "yes", "name": "x"})
            # The JSON-only push cannot read a form body at all: refused 415 before its CSRF check reads one (DRF's
            # CSRF check reads the form through the view's parsers); nothing is changed either way.
            refused = (403, 415) if name == "api:import-push" else (403,)
            if response.status_code not in refused or AuditEvent.objects.count() != before:
                passed.append(f"{user.username} {name}: {response.status_code}")
    assert passed == []


def test_the_login_form_refuses_a_post_without_its_token(client_a):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portal:login"), {"username": "client_a", "password": "Test@2026!"})
    assert response.status_code == 403 and "_auth_user_id" not in strict.session


@pytest.mark.parametrize("target", OFFSITE)
def test_the_login_never_sends_to_another_site(client, client_a, target):
    response = client.post(
        f"{reverse('portal:login')}?next={target}", {"username": "client_a", "password": "Test@2026!"}
    )
    assert (
        response.status_code == 302 and "evil" not in response["Location"] and "javascript" not in response["Location"]
    )


@pytest.mark.parametrize("target", OFFSITE)
def test_the_second_factor_never_sends_to_another_site(client, ops, settings, target):
    settings.BANK_STAFF_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=ops, name="authenticator", confirmed=True)
    client.force_login(ops)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post(f"{reverse('portal:second-factor')}?next={target}", {"token": code})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("target", OFFSITE)
def test_the_language_switch_never_sends_to_another_site(client, client_a, target):
    client.force_login(client_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": target}, HTTP_REFERER=target)
    assert (
        response.status_code == 302 and "evil" not in response["Location"] and "javascript" not in response["Location"]
    )


def test_the_push_refuses_a_json_post_without_the_csrf_token(accountant_b):
    """What the push does read (JSON, which a cross-site form cannot send without a preflight) still needs the token
    through the browser's session: 403, nothing audited."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(accountant_b)
    before = AuditEvent.objects.count()
    response = strict.post(reverse("api:import-push"), {"kind": "bank", "lines": []}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    assert AuditEvent.objects.count() == before
