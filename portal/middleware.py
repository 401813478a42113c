"""Requiring a second factor from bank staff when the deployment asks for it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.permissions import must_use_second_factor

# Pages a half-logged-in officer may still reach: the second-factor page itself, logout, static files.
# The token endpoint checks its own credentials (password and authenticator code), whatever the session holds.
_ALLOWED_PREFIXES = ("/2fa/", "/logout/", "/static/", "/i18n/", "/api/v1/token/")


class BankStaffSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and must_use_second_factor(user)
            and not user.is_verified()
            and not request.path.startswith(_ALLOWED_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "second_factor_required",
                        # In the reader's language, as every other API refusal (LocaleMiddleware ran before this).
                        "message": _("Confirm the login with your authenticator app in the browser first."),
                    },
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
            return redirect(f"{reverse('portal:second-factor')}?next={request.get_full_path()}")
        return self.get_response(request)
