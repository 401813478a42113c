"""Logging helpers referenced from settings.LOGGING."""

from __future__ import annotations

import logging


class OneLine(logging.Filter):
    """The exception's message on the record's line instead of a traceback.

    For errors that are expected during an outage and logged on every request (the cache's, ignored while its Redis
    is down): one line each tells ops what is down without burying the log in identical tracebacks.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()}: {type(error).__name__}: {error}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True
