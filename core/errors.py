"""Errors that services raise for callers (views, API, commands, tasks) to show to people."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out in the current state; the message says why and what to do."""

    code = "service_error"

    def __init__(self, message: str, *, code: str | None = None, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        # The refused field as programs name it (the API's key, e.g. max_amount), for a message that names it in words.
        self.field = field
        if code:
            self.code = code


class ConflictError(ServiceError):
    code = "conflict"


class FactError(ServiceError):
    """A refusal stated as facts (a message key and its parameters, ``reconcile.parsers.messages.Msg``): what an import
    stores, so each reader sees it in their own language. ``message`` is rendered for whoever raised it."""

    def __init__(self, fact, *, code: str | None = None) -> None:  # fact: reconcile.parsers.messages.Msg
        super().__init__(fact.render(), code=code)
        self.fact = fact
