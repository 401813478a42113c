"""Errors that services raise for callers (views, API, commands, tasks) to show to people."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out in the current state; the message says why and what to do."""

    code = "service_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class ConflictError(ServiceError):
    code = "conflict"
