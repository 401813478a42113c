"""Error answers Django gives before or around a view: JSON ``{"code", "message"}`` under /api/, pages elsewhere.

Django refuses some requests itself (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a Host not in
ALLOWED_HOSTS, a missing CSRF token, an unknown address) with its own bare HTML; an API client then gets a page it
cannot read. These handlers (``handler400`` ... in ``config.urls``, ``CSRF_FAILURE_VIEW``) and the API's exception
handler share one mapping from the refusal to a code and a message in the reader's language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import defaults

from portal.input_guard import is_api

DOCS = "/api/v1/docs/"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def refusal_for(exc: BaseException | None, path: str = "") -> tuple[int, str, str]:
    """(status, code, message) for a request to ``path`` Django refused as malformed (a SuspiciousOperation) or for
    None."""
    if isinstance(exc, RequestDataTooBig):
        mb = {"mb": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
        if not path.endswith("/imports/push/"):  # only a push is split into parts that add up
            return (
                413,
                "too_large",
                _("The request body is larger than the limit of %(mb)s MB and was not processed.") % mb,
            )
        return (
            413,
            "too_large",
            _(
                "The request body is larger than the limit of %(mb)s MB and was not processed. Split the lines into "
                "several pushes (in date order, for example 10,000 lines or one day each) and send them one after the "
                "other; a batch sent twice is recognised and never stored twice."
            )
            % mb,
        )
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return (
            400,
            "too_many_fields",
            _("The request has more than %(n)s parameters, fields or files and was not processed; send fewer.")
            % {
                "n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
                if isinstance(exc, TooManyFieldsSent)
                else settings.DATA_UPLOAD_MAX_NUMBER_FILES
            },
        )
    if isinstance(exc, DisallowedHost):
        return (
            400,
            "bad_host",
            _(
                "This portal does not serve the host named in the request (its Host header); "
                "use the portal's own address."
            ),
        )
    return 400, "bad_request", _("The request could not be read (it is malformed) and was not processed.")


def api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    status, code, message = refusal_for(exception, request.path)
    if is_api(request):
        return api_error(status, code, message)
    return render(request, "400.html", {"message": message}, status=status)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """django-axes' answer to a locked (username, address) pair (``AXES_LOCKOUT_CALLABLE``): the lockout page, or
    JSON under /api/ (the token endpoint answered its HTML page)."""
    if is_api(request):
        response = api_error(
            429,
            "locked_out",
            _(
                "This username is locked for 15 minutes after repeated wrong passwords. Try again later, or ask your "
                "administrator to reset the password."
            ),
        )
        # As every 429 of the API (the upload throttle's too): when to try again, in seconds.
        response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
        return response
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(
            403,
            "forbidden",
            str(exception) if exception and str(exception) else _("You may not use this address."),
        )
    return defaults.permission_denied(request, exception)


def _other_slash(path: str) -> str | None:
    """The address with its trailing slash added or removed, when that is an API address (a confused client's typo:
    ``/api/v1/imports/push`` for ``/api/v1/imports/push/``, ``/api/v1/statements/41/confirm/`` for ``…/confirm``)."""
    other = path[:-1] if path.endswith("/") else f"{path}/"
    try:
        resolve(other)
    except Resolver404:
        return None
    return other


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    if is_api(request):
        other = _other_slash(request.path_info)
        if other is not None:
            return api_error(
                404,
                "not_found",
                _("There is no API address %(path)s; use %(other)s (the endpoints are listed at %(docs)s).")
                % {"path": request.path_info, "other": other, "docs": DOCS},
            )
        return api_error(
            404, "not_found", _("There is no such API address; the endpoints are listed at %(docs)s.") % {"docs": DOCS}
        )
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return api_error(
            500,
            "server_error",
            _(
                "The request failed on the portal's side; the error was recorded. "
                "Check whether it took effect before sending it again."
            ),
        )
    return defaults.server_error(request)


def csrf_message() -> str:
    return _(
        "This call carries the portal's session cookie but no valid CSRF token (the X-CSRFToken header). "
        "Programs authenticate with a token instead: Authorization: Token <key>."
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if is_api(request):
        return api_error(403, "csrf_failed", csrf_message())
    return render(
        request,
        "403.html",
        {
            "exception": _(
                "The form was out of date or your browser did not send the portal's cookie. Reload the page and submit the "
                "form again."
            ),
            # Not the roles paragraph: no role is named, and reloading the form is what helps.
            "stale_form": True,
        },
        status=403,
    )
