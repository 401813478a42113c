"""Requiring a second factor from bank staff when the deployment asks for it; the trailing slash of API writes; the
request's own scope of values read once."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.common import CommonMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.request_scope import request_scope
from portal.input_guard import is_api
from portal.permissions import must_use_second_factor

# Pages a half-logged-in officer may still reach: the second-factor page itself, logout, static files.
# The token endpoint checks its own credentials (password and authenticator code), whatever the session holds.
_ALLOWED_PREFIXES = ("/2fa/", "/logout/", "/static/", "/i18n/", "/api/v1/token/")


class RequestScopeMiddleware:
    """Each request reads what it keeps for itself (core.request_scope: the user's group grants ...) afresh, and
    nothing it kept outlives it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self.get_response(request)


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


class ApiAwareCommonMiddleware(CommonMiddleware):
    """Django's CommonMiddleware, except that a write to an API address without its trailing slash is not redirected.

    ``APPEND_SLASH`` answers ``POST /api/v1/imports/push`` with an empty HTML ``301`` to ``…/push/``; HTTP clients
    follow a 301 as a GET, so the body is lost and the caller sees ``405`` for a call it never made. Such a request
    now gets the API's JSON ``404`` naming the address to use (``portal.views.errors.page_not_found``). Reads are
    still redirected, which loses nothing.
    """

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        if is_api(request) and request.method not in ("GET", "HEAD"):
            return False
        return super().should_redirect_with_slash(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if is_api(request) and response.status_code == 301:
            # The API answers JSON only: the redirect of a read missing its slash says where to go in the body too.
            location = response["Location"]
            response = JsonResponse(
                {
                    "code": "moved_permanently",
                    "message": _("This API address ends with a slash: %(path)s.") % {"path": location},
                },
                status=301,
                json_dumps_params={"ensure_ascii": False},
            )
            response["Location"] = location
        return response
