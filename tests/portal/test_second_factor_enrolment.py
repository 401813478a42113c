"""Enrolling an authenticator app needs an administrator's one-time enrolment code (SECOND_FACTOR_ENROLMENT_CODE)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent
from core.roles import Role
from portal.models import SecondFactorInvite
from portal.services.second_factor import second_factor_invite_issue
from tests.factories import make_user

pytestmark = pytest.mark.django_db

URL = reverse("portal:second-factor")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def required(settings):
    settings.BANK_STAFF_REQUIRE_2FA = True
    settings.SECOND_FACTOR_ENROLMENT_CODE = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # most tests retry at once; the throttle has its own test
    return settings


def _post(client, data, **extra):
    with translation.override("en"):
        return client.post(URL, data, **EN, **extra)


def _enrol(client, user, code):
    """Type the enrolment code, then the app's code; returns the last response."""
    step1 = _post(client, {"enrolment_code": code})
    if step1.status_code != 302:
        return step1
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return _post(client, {"token": f"{totp(device.bin_key):06d}"})


def test_a_password_alone_shows_no_key_and_enrols_nothing(client, ops, required):
    client.force_login(ops)
    page = client.get(URL)
    body = page.content.decode()
    assert page.status_code == 200 and "otpauth://" not in body and 'name="enrolment_code"' in body
    device = TOTPDevice.objects.get(user=ops)
    assert device.key not in body
    # The app's right code without an enrolment code is not even checked.
    answer = _post(client, {"token": f"{totp(device.bin_key):06d}"})
    assert answer.status_code == 200 and "otpauth://" not in answer.content.decode()
    assert not TOTPDevice.objects.filter(user=ops, confirmed=True).exists()
    assert client.get(reverse("portal:ops")).status_code == 302


def test_the_right_code_enrols_once(client, ops, required):
    code = second_factor_invite_issue(actor=None, user=ops)
    client.force_login(ops)
    step1 = _post(client, {"enrolment_code": code.lower().replace("-", " ")})  # as typed from a letter
    assert step1.status_code == 302
    page = client.get(URL)
    assert "otpauth://totp/" in page.content.decode()
    device = TOTPDevice.objects.get(user=ops)
    done = _post(client, {"token": f"{totp(device.bin_key):06d}"})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert SecondFactorInvite.objects.get(user=ops).used_at is not None
    assert AuditEvent.objects.filter(action="user.second_factor_enrolled").count() == 1
    assert client.get(reverse("portal:ops")).status_code == 200
    # A second use of the same code: the admin resets the app, but the old code is gone with its invite.
    TOTPDevice.objects.filter(user=ops).delete()
    other = client.__class__()
    other.force_login(ops)
    again = _post(other, {"enrolment_code": code})
    assert again.status_code == 200 and "not right or no longer valid" in again.content.decode()


def test_a_wrong_code_is_refused_and_throttled(client, ops, required):
    required.OTP_TOTP_THROTTLE_FACTOR = 30
    code = second_factor_invite_issue(actor=None, user=ops)
    client.force_login(ops)
    wrong = _post(client, {"enrolment_code": "AAAA-BBBB-CCCC-DDDD"})
    body = wrong.content.decode()
    assert wrong.status_code == 200 and "not right or no longer valid" in body and "otpauth://" not in body
    # The right code during the pause is not checked.
    paused = _post(client, {"enrolment_code": code})
    assert paused.status_code == 200 and "wait 30 seconds" in paused.content.decode()
    assert client.session.get("second_factor_invite") is None
    assert SecondFactorInvite.objects.get(user=ops).used_at is None
    # The wrong try is in the audit log (the paused one was never checked): why, never what was typed.
    refused = AuditEvent.objects.filter(action="user.second_factor_code_refused")
    assert [(e.target_id, e.after) for e in refused] == [(str(ops.pk), {"why": "wrong"})]
    assert "AAAA" not in json.dumps([e.after for e in refused]) + str(refused[0].before)


def test_an_expired_code_is_refused(client, ops, required):
    code = second_factor_invite_issue(actor=None, user=ops)
    SecondFactorInvite.objects.filter(user=ops).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(ops)
    answer = _post(client, {"enrolment_code": code})
    assert answer.status_code == 200 and "not right or no longer valid" in answer.content.decode()
    assert "otpauth://" not in answer.content.decode()
    refused = AuditEvent.objects.get(action="user.second_factor_code_refused")
    assert refused.after == {"why": "expired"}


def test_a_used_code_is_refused(client, ops, required):
    code = second_factor_invite_issue(actor=None, user=ops)
    client.force_login(ops)
    assert _enrol(client, ops, code).status_code == 302
    # Another session of the same user (a thief with the password and the old letter) once the app is removed.
    TOTPDevice.objects.filter(user=ops).delete()
    thief = client.__class__()
    thief.force_login(ops)
    answer = _post(thief, {"enrolment_code": code})
    assert answer.status_code == 200 and "otpauth://" not in answer.content.decode()


def test_a_code_typed_before_it_was_replaced_does_not_enrol(client, ops, required):
    code = second_factor_invite_issue(actor=None, user=ops)
    client.force_login(ops)
    assert _post(client, {"enrolment_code": code}).status_code == 302
    second_factor_invite_issue(actor=None, user=ops)  # a new code replaces it (and the key being enrolled)
    page = client.get(URL)
    assert "otpauth://" not in page.content.decode() and 'name="enrolment_code"' in page.content.decode()
    assert not TOTPDevice.objects.filter(user=ops, confirmed=True).exists()


def test_another_users_code_does_not_work(client, ops, required):
    colleague = make_user("ops_two", [Role.BANK_OPS])
    theirs = second_factor_invite_issue(actor=None, user=colleague)
    second_factor_invite_issue(actor=None, user=ops)
    client.force_login(ops)
    answer = _post(client, {"enrolment_code": theirs})
    assert answer.status_code == 200 and "not right or no longer valid" in answer.content.decode()
    assert SecondFactorInvite.objects.filter(used_at__isnull=False).count() == 0


def test_one_open_invite_per_user(ops, required):
    second_factor_invite_issue(actor=None, user=ops)
    second_factor_invite_issue(actor=None, user=ops)
    assert SecondFactorInvite.objects.filter(user=ops, used_at__isnull=True).count() == 1


def test_the_command_prints_a_working_code_and_audits_without_it(client, ops, required, caplog):
    out, err = StringIO(), StringIO()
    with caplog.at_level(logging.DEBUG):
        call_command("second_factor_invite", ops.username, stdout=out, stderr=err)
    code = out.getvalue().strip()
    assert len(code.replace("-", "")) == 16 and ops.username in err.getvalue()
    event = AuditEvent.objects.get(action="user.second_factor_invited")
    recorded = json.dumps([event.before, event.after], default=str)
    assert code not in recorded and code.replace("-", "") not in recorded
    assert code not in caplog.text and code.replace("-", "") not in caplog.text
    client.force_login(ops)
    assert _enrol(client, ops, code).status_code == 302
    assert TOTPDevice.objects.get(user=ops).confirmed


def test_a_reset_removes_the_old_app(client, ops, required):
    client.force_login(ops)
    assert _enrol(client, ops, second_factor_invite_issue(actor=None, user=ops)).status_code == 302
    old = TOTPDevice.objects.get(user=ops, confirmed=True)
    assert client.get(reverse("portal:ops")).status_code == 200
    code = second_factor_invite_issue(actor=None, user=ops)
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(action="user.second_factor_reset").count() == 1
    # The session verified with the removed app is no longer verified: it must enrol again, with the new code.
    assert client.get(reverse("portal:ops")).status_code == 302
    assert _enrol(client, ops, code).status_code == 302
    assert TOTPDevice.objects.get(user=ops, confirmed=True).pk != old.pk


@pytest.mark.parametrize("hostile", ["AAAA\x00BBBB", "A" * 10_000, "ＡＢＣＤ-１２３４", "\u202eABCD"])
def test_hostile_codes_get_a_clear_answer(client, ops, required, hostile):
    second_factor_invite_issue(actor=None, user=ops)
    client.force_login(ops)
    answer = _post(client, {"enrolment_code": hostile})
    assert answer.status_code in (200, 400)  # a NUL is refused by the input guard, naming the field
    body = answer.content.decode()
    assert "otpauth://" not in body
    if answer.status_code == 200:
        assert "not right or no longer valid" in body
        why = AuditEvent.objects.get(action="user.second_factor_code_refused").after["why"]
        assert why == ("too_long" if len(hostile) > 64 else "not_a_code")
    else:
        assert "enrolment_code" in body


def test_off_the_demo_enrols_as_before(client, ops, settings):
    settings.BANK_STAFF_REQUIRE_2FA = True
    assert settings.SECOND_FACTOR_ENROLMENT_CODE is False  # the embedded default
    client.force_login(ops)
    assert "otpauth://totp/" in client.get(URL).content.decode()


def test_check_deploy_warns_when_off(settings):
    from portal.checks import second_factor_enrolment_checks

    settings.BANK_STAFF_REQUIRE_2FA = True
    settings.SECOND_FACTOR_ENROLMENT_CODE = False
    assert [m.id for m in second_factor_enrolment_checks(None)] == ["portal.W001"]
    settings.SECOND_FACTOR_ENROLMENT_CODE = True
    assert second_factor_enrolment_checks(None) == []


def test_a_company_confirmer_enrolling_an_app_needs_a_code_too(client, client_a, required):
    """The enrolled app also signs answers instead of an SMS to the registered mobile: no enrolling by password."""
    client.force_login(client_a)
    page = client.get(URL)
    assert page.status_code == 200 and "otpauth://" not in page.content.decode()


def test_the_admin_action_issues_a_code_and_resets(admin_client, ops, required):
    required.BANK_STAFF_REQUIRE_2FA = False  # the administrator's own second factor is not what this tests
    TOTPDevice.objects.create(user=ops, name="authenticator", confirmed=True)
    with translation.override("en"):
        answer = admin_client.post(
            reverse("admin:portal_user_changelist"),
            {"action": "issue_enrolment_code", "_selected_action": [ops.pk]},
            follow=True,
            **EN,
        )
    assert answer.status_code == 200 and "Enrolment code for ops_user" in answer.content.decode()
    assert not TOTPDevice.objects.filter(user=ops).exists()
    invite = SecondFactorInvite.objects.get(user=ops, used_at__isnull=True)
    assert invite.issued_by is not None and invite.issued_by.is_superuser
