"""The second factor for bank staff: enrol an authenticator app once, then confirm each login with a code."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.services.audit import audit_record
from portal.services.api_tokens import second_factor_pause


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
            user=request.user, name="authenticator", confirmed=False
        )
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").replace(" ", "")
        wait = second_factor_pause(device=device)
        if wait is None and token.isdigit() and device.verify_token(token):
            with transaction.atomic():
                if enrolling:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                audit_record(
                    actor=request.user,
                    action="user.second_factor_enrolled" if enrolling else "user.second_factor_verified",
                    target=request.user,
                )
            otp_login(request, device)
            target = request.GET.get("next", "/")
            safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
            return redirect(target if safe else "/")
        elif wait is not None:  # the code was not checked: every code is refused for a while after a wrong one
            error = _(
                "After a wrong authenticator code the next one is checked only later: wait %(seconds)s seconds, then "
                "enter the 6 digits your app shows then."
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


def _b32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")
