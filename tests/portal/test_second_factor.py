from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def test_bank_staff_must_enrol_and_confirm_when_required(client, ops, settings):
    settings.BANK_STAFF_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp delays the try after a wrong code; the test retries at once
    client.force_login(ops)
    response = client.get(reverse("portal:ops"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))
    assert client.get("/api/v1/sms/").status_code == 403
    page = client.get(reverse("portal:second-factor"))
    assert "otpauth://totp/" in page.content.decode()
    device = TOTPDevice.objects.get(user=ops)
    wrong = client.post(reverse("portal:second-factor"), {"token": "000000"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    ok = client.post(reverse("portal:second-factor") + "?next=/ops/", {"token": f"{totp(device.bin_key):06d}"})
    assert ok.status_code == 302 and ok["Location"] == "/ops/"
    assert client.get(reverse("portal:ops")).status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_a_right_code_typed_during_the_pause_after_a_wrong_one_is_told_to_wait(client, ops, settings):
    from django.utils import translation

    settings.BANK_STAFF_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    client.force_login(ops)
    client.get(reverse("portal:second-factor"))
    device = TOTPDevice.objects.get(user=ops)
    client.post(reverse("portal:second-factor"), {"token": "000000"})
    with translation.override("en"):
        page = client.post(
            reverse("portal:second-factor"), {"token": f"{totp(device.bin_key):06d}"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    body = page.content.decode()
    assert page.status_code == 200 and "wait 30 seconds" in body and "not right" not in body
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed


def test_a_pause_of_one_second_reads_in_the_singular_on_the_page(client, ops, settings):
    import datetime as dt

    import time_machine
    from django.utils import translation

    settings.BANK_STAFF_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    client.force_login(ops)
    client.get(reverse("portal:second-factor"))
    device = TOTPDevice.objects.get(user=ops)
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        client.post(reverse("portal:second-factor"), {"token": "000000"})
        with translation.override("en"):
            page = client.post(
                reverse("portal:second-factor"), {"token": f"{totp(device.bin_key):06d}"}, HTTP_ACCEPT_LANGUAGE="en"
            )
    assert page.status_code == 200 and "wait 1 second, then" in page.content.decode()


def test_clients_are_not_asked(client, client_a, settings):
    settings.BANK_STAFF_REQUIRE_2FA = True
    client.force_login(client_a)
    assert client.get(reverse("portal:home")).status_code == 200


def test_off_by_default_in_the_embedded_mode(client, ops):
    client.force_login(ops)
    assert client.get(reverse("portal:ops")).status_code == 200


def test_a_bank_feed_token_pushes_lines_of_an_account_the_bank_has_not_onboarded_where_the_second_factor_is_required(
    settings,
):
    """Registering the account is a bank-side write that asks for the login's second factor: a token issued on the
    server stands for it (its authentication says so, as django-otp says it of a session)."""
    from rest_framework.test import APIClient

    from core.roles import Role
    from reconcile.models import BankAccount
    from tests.factories import api_key, make_user

    settings.BANK_STAFF_REQUIRE_2FA = True
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(make_user('corebank', [Role.BANK_FEED]))}")
    body = {
        "kind": "bank",
        "account_number": "31050161373600007777",
        "currency": "CNY",
        "lines": [{"date": "2026-09-03", "summary": "货款", "credit": "50.00", "counterparty": "ACME"}],
    }
    response = api.post("/api/v1/imports/push/", body, format="json")
    assert response.status_code == 201, response.json()
    assert BankAccount.objects.filter(number="31050161373600007777").exists()
