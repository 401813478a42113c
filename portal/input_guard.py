"""Unreadable text in a request is refused before any view sees it.

A NUL byte (``%00``) in a query parameter reached PostgreSQL, which refuses it in text ("cannot contain NUL"), and
the page answered 500; bytes that are not UTF-8 were silently replaced. Every parameter of every page passes here
first: the query string (names and values, read from the raw bytes so that a broken UTF-8 sequence is seen), the
path, and the fields of a submitted form (pages only: the API's JSON and uploads are read by their parsers, whose
fields refuse NUL themselves). Anything unreadable is a 400 that names the parameter, in the reader's language: an
HTML page, or JSON ``{"code": "unreadable_input", "message"}`` under /api/.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# C0 control characters other than tab, line feed and carriage return (which forms legitimately carry).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
CODE = "unreadable_input"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _readable(text: str) -> bool:
    return not _CONTROL.search(text)


def _shown(name: str) -> str:
    """The parameter's name as the message shows it (itself possibly unreadable)."""
    clean = _CONTROL.sub("?", name)[:40]
    return clean or "?"


def _query_problem(raw: str) -> str | None:
    """The name of the first unreadable parameter of a query string, from its raw bytes."""
    # WSGI hands the query string over as latin-1 text: its bytes are the bytes the client sent.
    data = raw.encode("latin-1", errors="replace")
    for pair in data.split(b"&"):
        if not pair:
            continue
        name_raw, _sep, value_raw = pair.partition(b"=")
        try:
            name = unquote_to_bytes(name_raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return "?"
        try:
            value = unquote_to_bytes(value_raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return _shown(name)
        if not (_readable(name) and _readable(value)):
            return _shown(name)
    return None


def _form_problem(fields: Iterable[tuple[str, list[str]]]) -> str | None:
    for name, values in fields:
        if not _readable(name) or not all(_readable(v) for v in values if isinstance(v, str)):
            return _shown(name)
    return None


def unreadable_parameter(request: HttpRequest) -> str | None:
    """The name of the first unreadable parameter ('' for the path itself), or None when all is readable."""
    if not _readable(request.path_info):
        return ""
    problem = _query_problem(request.META.get("QUERY_STRING", ""))
    if problem is not None:
        return problem
    if (
        request.method == "POST"
        and not is_api(request)
        and request.META.get("CONTENT_TYPE", "").startswith(_FORM_TYPES)
    ):
        return _form_problem(request.POST.lists())
    return None


def refusal(request: HttpRequest, name: str) -> HttpResponse:
    if name:
        message = _(
            "The parameter “%(name)s” contains characters that cannot be read (such as a NUL byte, %%00, or "
            "text that is not UTF-8). Check the address, or go back and fill in the form again."
        ) % {"name": name}
    else:
        message = _(
            "The address contains characters that cannot be read (such as a NUL byte, %00). Check the "
            "address, or start again from the home page."
        )
    if is_api(request):
        return JsonResponse({"code": CODE, "message": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class UnreadableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = unreadable_parameter(request)
        if name is not None:
            return refusal(request, name)
        return self.get_response(request)
