"""Typed readers for environment variables.

Every reader names the variable in its error so a misconfigured deployment stops at start-up
with a message an operator can act on, instead of failing later in some request.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ImproperlyConfigured):
    """A missing or malformed environment variable."""


def _raw(name: str, default: object) -> str | object:
    value = os.environ.get(name)
    if value is None:
        if default is _MISSING:
            raise EnvError(f"Environment variable {name} is required but not set.")
        return default
    return value


def _typed(name: str, default: object, convert: Callable[[str], T], expected: str) -> T:
    value = _raw(name, default)
    if not isinstance(value, str):
        return value  # type: ignore[return-value]  # the default, already typed
    try:
        return convert(value)
    except (ValueError, TypeError) as exc:
        raise EnvError(f"Environment variable {name}={value!r} is not {expected}: {exc}") from exc


def env_str(name: str, default: str | object = _MISSING) -> str:
    return _typed(name, default, str, "a string")


def env_bool(name: str, default: bool | object = _MISSING) -> bool:
    def convert(value: str) -> bool:
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError("use one of 1/0, true/false, yes/no, on/off")

    return _typed(name, default, convert, "a boolean")


def env_int(name: str, default: int | object = _MISSING) -> int:
    return _typed(name, default, lambda v: int(v.strip()), "an integer")


def env_float(name: str, default: float | object = _MISSING) -> float:
    return _typed(name, default, lambda v: float(v.strip()), "a number")


def env_list(name: str, default: list[str] | object = _MISSING) -> list[str]:
    def convert(value: str) -> list[str]:
        items = [item.strip() for item in value.split(",")]
        if any(not item for item in items):
            raise ValueError("empty item in comma-separated list")
        return items

    return _typed(name, default, convert, "a comma-separated list")


def env_choice(name: str, choices: tuple[str, ...], default: str | object = _MISSING) -> str:
    def convert(value: str) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return value

    return _typed(name, default, convert, "a known choice")


def env_database(name: str, default: str | object = _MISSING) -> dict:
    def convert(value: str) -> dict:
        if "://" not in value:
            raise ValueError("expected a URL such as postgres://user@host:5432/dbname")
        # Persistent connections are checked before each request reuses them: a connection the database closed
        # (a restart, a killed backend, a failover) is replaced instead of failing the request.
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
        if not config.get("ENGINE"):
            raise ValueError("unknown database scheme")
        if "postgresql" in config["ENGINE"] and not config.get("NAME"):
            raise ValueError("the URL names no database")
        if "postgresql" in config["ENGINE"]:
            config.setdefault("OPTIONS", {}).update(postgres_prepared_options())
        return config

    return _typed(name, default, convert, "a database URL")


def postgres_prepared_options() -> dict[str, object]:
    """PostgreSQL connection options for server-side prepared statements (``DATABASE_PREPARE_THRESHOLD``).

    Django binds parameters on the client and never prepares, so PostgreSQL plans every query afresh: for the
    short queries of a page that planning costs more than running them (the statement page's 5 queries replayed by
    pgbench: 766 transactions/s as sent today, 3,633/s prepared; bench/README.md). With server-side binding psycopg
    prepares a query on a connection once it has run ``threshold`` times there, and persistent connections
    (``conn_max_age``) keep the plans. ``0`` keeps Django's default (client-side binding, nothing prepared): needed
    behind a pooler in transaction mode (PgBouncer before 1.21), where a prepared statement may meet another
    server connection.
    """
    threshold = env_int("DATABASE_PREPARE_THRESHOLD", 5)
    if threshold < 0:
        raise EnvError("Environment variable DATABASE_PREPARE_THRESHOLD must be 0 (off) or a positive integer.")
    if threshold == 0:
        return {}
    return {"server_side_binding": True, "prepare_threshold": threshold}


# SMS_BACKEND -> (the module its SDK provides, the extra that installs it).
SMS_SDKS: dict[str, tuple[str, str]] = {
    "aliyun": ("alibabacloud_dysmsapi20170525", "aliyun"),
    "tencent": ("tencentcloud.sms", "tencent"),
    "twilio": ("twilio", "twilio"),
}


def sms_sdk_missing(backend: str, find_spec: Callable[[str], object] | None = None) -> str | None:
    """Why the gateway SMS_BACKEND selects cannot work in this installation, or None.

    Checked when the settings load, so a worker without the SDK stops at start-up with what to install instead of
    failing every SMS later. ``find_spec`` does not import the SDK (they are slow to import).
    """
    if backend not in SMS_SDKS:
        return None
    if find_spec is None:
        from importlib.util import find_spec
    module, extra = SMS_SDKS[backend]
    try:
        found = find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    if found:
        return None
    return (
        f"Environment variable SMS_BACKEND={backend} selects a gateway whose SDK is not installed (no module "
        f"{module}). Install it with the project's extra: `make install-prod SMS={extra}` or "
        f"`pip install -r requirements-{extra}.lock`; or set SMS_BACKEND=console."
    )
