"""A lost database connection is not a server error: reads are tried once more, the rest is a 503 with a message.

Persistent connections are health-checked before a request reuses them (CONN_HEALTH_CHECKS, config.env), which
covers a database restarted or a backend killed between requests. A connection lost *during* a request (the server
restarting, a failover, a backend terminated mid-query) surfaces as an OperationalError or InterfaceError from
wherever the query was: a view, a middleware loading the user, the session save. Django turns it into a 500 and
sends `got_request_exception`; the receiver below marks the request, and `DatabaseFaultMiddleware` (first in
MIDDLEWARE, so around everything) replaces that 500:

* GET and HEAD are idempotent: the request runs once more on a new connection;
* anything else (or a read that fails again) gets a 503 page in the reader's language, or JSON
  ``{"code": "database_unavailable", "message": ...}`` under /api/, with Retry-After. A write may or may not have
  been committed when its connection broke, so the message says to check before repeating it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

_FAULT = "_portal_database_fault"
_SAFE_METHODS = ("GET", "HEAD")
# SQLSTATE classes of a connection that is gone: 08 connection exception; 57P01-57P03 the server shutting down,
# crashing or starting up (a terminated backend is 57P01 admin_shutdown).
_LOST_STATES = ("08", "57P01", "57P02", "57P03")
RETRY_AFTER_SECONDS = 10


def lost_database(exc: BaseException | None) -> bool:
    """True for an error meaning "no usable database connection", not for a bad query or a lock timeout."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, InterfaceError):
            return True
        if isinstance(exc, OperationalError):
            state = getattr(exc.__cause__, "sqlstate", None)
            # No SQLSTATE: the client lost the socket or could not connect (server closed the connection
            # unexpectedly, connection refused).
            return state is None or state.startswith(_LOST_STATES)
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _note_fault(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    exc = sys.exc_info()[1]
    if request is not None and lost_database(exc):
        setattr(request, _FAULT, exc)


def _drop_connections() -> None:
    """Close this thread's connections so the next query opens a new one (a broken one would fail again).

    A connection inside an atomic block belongs to whoever opened it (a test's transaction); requests never leave one
    open (ATOMIC_REQUESTS is off).
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def database_unavailable(request: HttpRequest) -> HttpResponse:
    read = request.method in _SAFE_METHODS
    with translation.override(translation.get_language_from_request(request)):
        if read:
            message = _(
                "The portal cannot reach its database at the moment, so this page cannot be shown. Try "
                "again in a minute."
            )
        else:
            message = _(
                "The portal lost its database connection while doing this, so it may not have been "
                "completed. In a minute, reload the page to check whether it was recorded before you try "
                "again."
            )
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"code": "database_unavailable", "message": message}, status=503)
        else:
            response = HttpResponse(
                render_to_string(
                    "503.html",
                    {"lang": translation.get_language(), "title": _("Temporarily unavailable"), "message": message},
                ),
                status=503,
            )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseFaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_note_fault, dispatch_uid="portal.faults")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _FAULT, None) is None:
            return response
        _drop_connections()
        if request.method in _SAFE_METHODS:
            logger.warning("Lost the database connection during %s %s; trying once more", request.method, request.path)
            setattr(request, _FAULT, None)
            response = self.get_response(request)
            if getattr(request, _FAULT, None) is None:
                return response
            _drop_connections()
        logger.error("Answered 503 to %s %s: no database connection", request.method, request.path)
        return database_unavailable(request)
