"""Logging, metrics instrumentation and error reporting, configured from settings (no Django models here).

Kept apart from ``config/settings/*.py`` so that the settings only name what they want: ``logging_config()``,
``instrument_databases()``/``instrument_caches()`` (django-prometheus' timing backends) and ``init_sentry()``.
"""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

# Phone numbers: Chinese mobiles (with or without +86 / 0086, spaces or dashes) and other E.164 numbers.
# ASCII word boundaries ((?a)): Chinese text runs straight into the digits ("发送至13812345678失败"), and a CJK
# character is a word character to a Unicode ``\w``.
_PHONE = re.compile(
    r"(?a)(?<![\w.])(?:\+|00)?(?:86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\w)|"
    r"(?<![\w.])\+(?!86)(\d{1,3})[ -]?(\d{2,4})[ -]?(\d{3,4})[ -]?(\d{2,4})(?!\w)"
)
# Money: digits with a decimal part of exactly two places (1,250,000.00, -80000.00, 1200000.5 is not money-like).
_AMOUNT = re.compile(r"(?a)(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?(?![\w.])|(?<![\w.,])-?\d+\.\d{2}(?![\w.])")
# key=value / key: value / "key": "value" for names that hold secrets, and Authorization-style headers.
_SECRET = re.compile(
    r"(?i)(\b(?:password|passwd|pwd|secret(?:_key)?|token|api[_-]?key|access[_-]?key|authorization|sessionid|"
    r"csrftoken|csrfmiddlewaretoken|dsn|otp|totp|code_secret)\b[\"']?\s*[:=]\s*[\"']?(?:(?:Token|Bearer|Basic)\s+)?)"
    r"([^\s\"',;&}]+)"
)
_HEADER_TOKEN = re.compile(r"(?i)\b(Token|Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}")
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+@")


def _mask_phone(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}****{match.group(3)}"
    return f"+{match.group(4)}****{match.group(7)}"


def mask(text: str) -> str:
    """The text with secrets, phone numbers (all but the first 3 and last 4 digits) and amounts masked."""
    if not text:
        return text
    text = _URL_PASSWORD.sub(r"\1***@", text)
    text = _SECRET.sub(r"\1***", text)
    text = _HEADER_TOKEN.sub(r"\1 ***", text)
    text = _PHONE.sub(_mask_phone, text)
    return _AMOUNT.sub("***.**", text)


def package_version() -> str:
    try:
        return metadata.version("bankrec-portal")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s u=%(user_id)s c=%(customer_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s %(customer_id)s"


def logging_config(*, fmt: str, level: str) -> dict[str, Any]:
    """``LOGGING``: one console handler, plain readable lines or one JSON object per line, always through the
    request-context filter (request id, user id, customer id) and the masking filter."""
    formatter: dict[str, Any]
    if fmt == "json":
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "json_ensure_ascii": False,
        }
    else:
        formatter = {"format": PLAIN_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "system.logging.RequestContextFilter"},
            "mask": {"()": "system.logging.MaskingFilter"},
            "bad_host": {"()": "system.logging.BadHostFilter"},
            "forbidden": {"()": "system.logging.ForbiddenFilter"},
        },
        "formatters": {"main": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "main", "filters": ["context", "mask"]}
        },
        "root": {"handlers": ["console"], "level": level},
        # django.server's own handler would bypass the filters: send its lines through ours.
        "loggers": {
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # A bad Host header: a WARNING line without the traceback (system.logging.BadHostFilter).
            "django.security.DisallowedHost": {"filters": ["bad_host"]},
            # A refused request (403): one line, method, path, user id and reason, without the traceback.
            "django.request": {"filters": ["forbidden"]},
        },
    }


def instrument_databases(databases: dict[str, dict[str, Any]]) -> None:
    """django-prometheus' database backends: the same Django backends, timing every query."""
    for config in databases.values():
        engine = config.get("ENGINE", "")
        if engine.startswith("django.db.backends."):
            config["ENGINE"] = engine.replace("django.db.backends.", "django_prometheus.db.backends.", 1)


_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache": "system.cache.LocMemCache",
    "django.core.cache.backends.redis.RedisCache": "system.cache.RedisCache",
    "django_redis.cache.RedisCache": "system.cache.DjangoRedisCache",
}


def instrument_caches(caches: dict[str, dict[str, Any]]) -> None:
    """Django's cache backends with get/hit/miss counters (system/cache.py)."""
    for config in caches.values():
        config["BACKEND"] = _CACHE_BACKENDS.get(config.get("BACKEND", ""), config.get("BACKEND", ""))


# Keys whose values Sentry must never receive, on top of its own list (passwords, tokens, cookies ...).
SENTRY_EXTRA_DENYLIST = [
    "balance",
    "book_balance",
    "amount",
    "mobile",
    "phone",
    "contact_mobile",
    "secret_key",
    "verification_code",
    "otp",
    "token",
    "key",
]


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Masks phone numbers, amounts and secrets in messages and exception texts (what the denylist cannot see)."""
    logentry = event.get("logentry") or {}
    for field in ("message", "formatted"):
        if isinstance(logentry.get(field), str):
            logentry[field] = mask(logentry[field])
    if isinstance(logentry.get("params"), list):
        logentry["params"] = [mask(str(p)) for p in logentry["params"]]
    for exc in (event.get("exception") or {}).get("values") or []:
        if isinstance(exc.get("value"), str):
            exc["value"] = mask(exc["value"])
    if isinstance(event.get("message"), str):
        event["message"] = mask(event["message"])
    return event


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float, **extra: Any) -> None:
    """Error reporting (sentry-sdk) with the Django and Celery integrations; no personal data sent."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        release=f"bankrec-portal@{package_version()}",
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        event_scrubber=EventScrubber(denylist=DEFAULT_DENYLIST + SENTRY_EXTRA_DENYLIST, recursive=True),
        before_send=sentry_before_send,
        traces_sample_rate=traces_sample_rate,
        max_request_body_size="never",  # uploads and answers carry balances
        include_local_variables=False,  # frames' locals would carry balances and phone numbers
        **extra,
    )
