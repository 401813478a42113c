"""Values read once per request and forgotten with it.

A page may ask the same question of the database many times (whether the user may answer each statement of a list
reads the user's group grants): the answer is kept for the rest of the request, and only there. It used to be kept on
the user object, which outlives a request wherever the object is reused (a test client's forced user, a job holding a
user): a grant withdrawn in between was still honoured. Outside a request (a command, a task, a test calling a
service) nothing is kept: every call reads again.

``portal.middleware.RequestScopeMiddleware`` opens the scope around each request; a context variable keeps each
thread's (and each asynchronous task's) scope its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_SCOPE: ContextVar[dict[Hashable, Any] | None] = ContextVar("request_scope", default=None)

__all__ = ["forget", "kept", "request_scope"]


@contextmanager
def request_scope() -> Iterator[None]:
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def kept(key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, once per request for ``key``; outside a request, every time."""
    scope = _SCOPE.get()
    if scope is None:
        return read()
    if key not in scope:
        scope[key] = read()
    return scope[key]


def forget() -> None:
    """Drop what this request kept: a write that changes what was read (a grant given or withdrawn) calls it, so the
    rest of the request reads the new state."""
    scope = _SCOPE.get()
    if scope is not None:
        scope.clear()
