"""The second factor for bank staff: enrol an authenticator app once, then confirm each login with a code.

Where ``SECOND_FACTOR_ENROLMENT_CODE`` is on, enrolling first asks for the one-time enrolment code an administrator
issued (``manage.py second_factor_invite``): the app's key is shown only after it, so a password alone enrols nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.errors import ServiceError
from core.services.audit import audit_record
from portal.models import SecondFactorInvite
from portal.services.api_tokens import second_factor_pause
from portal.services.second_factor import second_factor_invite_check, second_factor_invite_use

# The invite whose code this session typed: the key is shown, and the enrolment accepted, only for it.
INVITE_SESSION_KEY = "second_factor_invite"


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
            user=request.user, name="authenticator", confirmed=False
        )
    invite_id = _accepted_invite(request) if enrolling and settings.SECOND_FACTOR_ENROLMENT_CODE else None
    if enrolling and settings.SECOND_FACTOR_ENROLMENT_CODE and invite_id is None:
        return _ask_enrolment_code(request, device)
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").replace(" ", "")
        wait = second_factor_pause(device=device)
        if wait is None and token.isdigit() and device.verify_token(token):
            try:
                with transaction.atomic():
                    if enrolling:
                        if invite_id is not None:  # single use, in the transaction that confirms the app
                            second_factor_invite_use(user=request.user, invite_id=invite_id)
                        device.confirmed = True
                        device.save(update_fields=["confirmed"])
                    audit_record(
                        actor=request.user,
                        action="user.second_factor_enrolled" if enrolling else "user.second_factor_verified",
                        target=request.user,
                    )
            except ServiceError:  # the code was used, replaced or expired since it was typed: ask for it again
                request.session.pop(INVITE_SESSION_KEY, None)
                return redirect(request.get_full_path())
            request.session.pop(INVITE_SESSION_KEY, None)
            otp_login(request, device)
            target = request.GET.get("next", "/")
            safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
            return redirect(target if safe else "/")
        elif wait is not None:  # the code was not checked: every code is refused for a while after a wrong one
            error = ngettext(
                "After a wrong authenticator code the next one is checked only later: wait %(seconds)s second, then "
                "enter the 6 digits your app shows then.",
                "After a wrong authenticator code the next one is checked only later: wait %(seconds)s seconds, then "
                "enter the 6 digits your app shows then.",
                wait,
            ) % {"seconds": wait}
        else:
            error = _("The code is not right. Enter the 6 digits your authenticator app shows now.")
    return render(
        request,
        "registration/second_factor.html",
        {
            "enrolling": enrolling,
            "error": error,
            "config_url": device.config_url if enrolling else "",
            "secret": _b32(device) if enrolling else "",
        },
    )


def _accepted_invite(request: HttpRequest) -> int | None:
    """The invite this session typed the code of, while it is still open and unexpired."""
    invite_id = request.session.get(INVITE_SESSION_KEY)
    if not isinstance(invite_id, int):
        return None
    still_open = SecondFactorInvite.objects.filter(
        pk=invite_id, user=request.user, used_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()
    if not still_open:
        request.session.pop(INVITE_SESSION_KEY, None)
        return None
    return invite_id


def _ask_enrolment_code(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    """The first step of enrolling: the enrolment code, throttled as the app's codes are (django-otp's pause on the
    device being enrolled, growing after each wrong try). No key is shown here."""
    error = ""
    if request.method == "POST":
        wait = second_factor_pause(device=device)
        if wait is not None:
            error = ngettext(
                "After a wrong enrolment code the next one is checked only later: wait %(seconds)s second, then try "
                "again.",
                "After a wrong enrolment code the next one is checked only later: wait %(seconds)s seconds, then try "
                "again.",
                wait,
            ) % {"seconds": wait}
        else:
            try:
                invite = second_factor_invite_check(user=request.user, code=request.POST.get("enrolment_code", ""))
            except ServiceError as exc:
                device.throttle_increment()
                error = exc.message
            else:
                device.throttle_reset()
                request.session[INVITE_SESSION_KEY] = invite.pk
                return redirect(request.get_full_path())
    return render(request, "registration/second_factor.html", {"asking_code": True, "enrolling": True, "error": error})


def _b32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")
