"""Request ids, user and customer ids on every log line, carried into the Celery tasks a request starts; masking.

``RequestIdMiddleware`` takes a sane incoming ``X-Request-ID`` (nginx sets one, see deploy/nginx) or makes one,
and sends it back in the response. Tasks enqueued while it is set carry it in their message headers; the worker
logs the task's lines under it (or under the task id for work beat started).
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from config.observability import mask

HEADER = "X-Request-ID"
TASK_HEADER = "portal_request_id"
TASK_USER_HEADER = "portal_user_id"
TASK_CUSTOMER_HEADER = "portal_customer_id"
_SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("request", default=None)
_task_ids: contextvars.ContextVar[tuple[Any, Any] | None] = contextvars.ContextVar("task_ids", default=None)


def sane_request_id(value: str | None) -> str:
    """The caller's id when it is 8-64 plain characters (no spaces, quotes or control characters), else a new one."""
    if value and _SANE.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = sane_request_id(request.headers.get(HEADER))
        request.request_id = rid  # type: ignore[attr-defined]
        # Cleared when the response is closed (request_finished), not here: Django logs 4xx/5xx responses
        # ("Forbidden: /metrics") after the middleware has returned, and those lines need the id too.
        request_id.set(rid)
        _request.set(request)
        response = self.get_response(request)
        response[HEADER] = rid
        return response


def _request_finished(**_: Any) -> None:
    request_id.set(None)
    _request.set(None)


_resolving: contextvars.ContextVar[bool] = contextvars.ContextVar("resolving_user", default=False)


def current_ids() -> tuple[Any, Any]:
    """(user id, customer id) of the request or task being served, where known."""
    task_ids = _task_ids.get()
    if task_ids is not None:
        return task_ids
    request = _request.get()
    if request is None or _resolving.get():
        return None, None
    user = request.__dict__.get("user")
    if user is None:
        return None, None
    # request.user is lazy: a view that never looked at it (a 403 from /metrics) has not loaded it yet. Loading it
    # here costs the session's query once, only for a request that logs; a failure (the database is down) or a
    # log line written while loading it leaves the ids out.
    token = _resolving.set(True)
    try:
        if not user.is_authenticated:
            return None, None
        return user.pk, getattr(user, "customer_id", None)
    except Exception:  # noqa: BLE001 - logging must never fail
        return None, None
    finally:
        _resolving.reset(token)


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        user_id, customer_id = current_ids()
        record.request_id = request_id.get() or "-"
        record.user_id = user_id if user_id is not None else "-"
        record.customer_id = customer_id if customer_id is not None else "-"
        return True


class MaskingFilter(logging.Filter):
    """No secret, full phone number or balance leaves the process in a log line (``config.observability.mask``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is logged as written, masked
            message = str(record.msg)
        record.msg, record.args = mask(message), None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class BadHostFilter(logging.Filter):
    """A request naming a host the portal does not serve (``django.security.DisallowedHost``) is a scanner or a
    misrouted client, not a fault of the portal: one WARNING line, without Django's ERROR and its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


# Characters that would break a log line or reorder it (a %0A or a direction override in a path): shown escaped. The
# backslash too, so that an escape in the line is always one the filter wrote: a client typing "\x0a" (%5Cx0a) into
# the path gave the same line as a real line feed.
_UNSAFE_IN_LINE = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _in_line(text: str, limit: int = 300) -> str:
    text = _UNSAFE_IN_LINE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else "\ufffd", text)
    return text if len(text) <= limit else text[:limit] + "…"


def _user_id(request: Any) -> Any:
    """The refused request's user id, or None. ``request.user`` is lazy: a 403 answered before anything read it (the
    /metrics address check) loads it here, and a failure to (the database gone) must not leave the filter: an
    exception in a logging filter is raised by the log call itself, inside Django's answer to the request."""
    try:
        return getattr(getattr(request, "user", None), "pk", None)
    except Exception:  # noqa: BLE001 - logging must never fail
        return None


class ForbiddenFilter(logging.Filter):
    """A refused request (403, ``django.request``) is one WARNING line: method, path, user id and the reason, without
    the traceback Django attaches to a raised ``PermissionDenied`` (a role check refusing is the product working, and
    each refusal was some twenty lines). Other records pass as they are."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        error = record.exc_info[1] if record.exc_info else None
        reason = (str(error) or type(error).__name__) if error is not None else "-"
        user = _user_id(request)
        record.msg = "Forbidden: %s %s user=%s reason=%s"
        record.args = (
            _in_line(getattr(request, "method", None) or "-", 16),
            _in_line(getattr(request, "path", None) or "-"),
            user if user is not None else "-",
            _in_line(reason),
        )
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


# -- Celery: the request's ids travel in the task message's headers ------------------------------------------------


def _publish_headers(headers: dict[str, Any] | None = None, **_: Any) -> None:
    rid = request_id.get()
    if headers is None or rid is None:
        return
    user_id, customer_id = current_ids()
    headers.setdefault(TASK_HEADER, rid)
    if user_id is not None:
        headers.setdefault(TASK_USER_HEADER, user_id)
    if customer_id is not None:
        headers.setdefault(TASK_CUSTOMER_HEADER, customer_id)


def _header(task: Any, name: str) -> Any:
    value = getattr(task.request, name, None)
    if value is None:
        value = (getattr(task.request, "headers", None) or {}).get(name)
    return value


_task_tokens: dict[str, list[contextvars.Token]] = {}


def _task_started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    rid = _header(task, TASK_HEADER) if task is not None else None
    if rid is None and request_id.get() is not None:
        return  # an eager task inside a request: it already runs under the request's id
    tokens = [request_id.set(sane_request_id(rid) if rid else f"task-{task_id}")]
    if task is not None:
        tokens.append(_task_ids.set((_header(task, TASK_USER_HEADER), _header(task, TASK_CUSTOMER_HEADER))))
    _task_tokens[task_id or ""] = tokens


def _task_finished(task_id: str | None = None, **_: Any) -> None:
    tokens = _task_tokens.pop(task_id or "", None)
    if tokens:
        request_id.reset(tokens[0])
        if len(tokens) > 1:
            _task_ids.reset(tokens[1])


def connect_signals() -> None:
    from celery.signals import before_task_publish, task_postrun, task_prerun
    from django.core.signals import request_finished

    request_finished.connect(_request_finished, weak=False, dispatch_uid="system.request_id.finished")
    before_task_publish.connect(_publish_headers, weak=False, dispatch_uid="system.request_id.publish")
    task_prerun.connect(_task_started, weak=False, dispatch_uid="system.request_id.prerun")
    task_postrun.connect(_task_finished, weak=False, dispatch_uid="system.request_id.postrun")
