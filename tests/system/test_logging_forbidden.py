"""The 403 line (``system.logging.ForbiddenFilter``) as an attacker or a failing database meets it: a logging filter
that raises makes the log call itself raise, in the middle of answering the request; and the line's escapes must be
told apart from what the client sent."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from config.observability import logging_config


@pytest.fixture
def forbidden_log():
    stream = io.StringIO()
    config = logging_config(fmt="plain", level="INFO")
    config["handlers"]["console"]["stream"] = stream
    config.pop("root")
    config["loggers"] = {
        "django.request": {
            **config["loggers"]["django.request"], "handlers": ["console"], "level": "INFO", "propagate": False,
        }
    }  # fmt: skip
    logging.config.dictConfig(config)
    yield stream
    logger = logging.getLogger("django.request")
    logger.handlers, logger.filters, logger.propagate = [], [], True
    logger.setLevel(logging.NOTSET)


def _log_403(request) -> None:
    logging.getLogger("django.request").warning(
        "Forbidden: %s", request.path, extra={"status_code": 403, "request": request}
    )


def test_a_user_that_cannot_be_loaded_does_not_make_the_log_call_raise(forbidden_log):
    """A 403 answered before anything read ``request.user`` (the /metrics address check) with the database gone: the
    lazy user's session query raised out of the filter, and so out of Django's ``log_response``."""

    def unreachable():
        raise OperationalError("the database is gone")

    request = RequestFactory().get("/metrics")
    request.user = SimpleLazyObject(unreachable)
    _log_403(request)
    assert "Forbidden: GET /metrics user=- reason=-" in forbidden_log.getvalue()


def test_a_backslash_sent_is_not_read_as_an_escape(forbidden_log):
    """The path "/x\\x0ay" (a backslash the client typed) and "/x<LF>y" must not give the same line."""
    typed, decoded = RequestFactory().get("/"), RequestFactory().get("/")
    typed.path, decoded.path = "/x\\x0ay", "/x\ny"
    _log_403(typed)
    _log_403(decoded)
    first, second = forbidden_log.getvalue().splitlines()
    assert first != second
    assert "/x\\x0ay" in second
