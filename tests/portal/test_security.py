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
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split(
        "script-src")[1].split(";")[0]
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
