"""Shared pieces of the gateway providers: configuration from the environment, template specs, phone
formats and the table-driven error classification."""

from __future__ import annotations

import json
import os
import re
import string
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from statements.sms.base import TEMPLATE_TEXTS, SmsGatewayError

# Seconds; long enough for a slow gateway, short enough that a worker is not stuck on a dead connection.
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 15

E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def require_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise SmsGatewayError(f"environment variable {name} is not set", code="not_configured", retryable=False)
    return value


def optional_env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


@dataclass(frozen=True)
class TemplateSpec:
    """A provider template: its id, and the names of our params it takes, in the provider's order.

    `params` None means: every placeholder of our approved text (TEMPLATE_TEXTS), in order of appearance.
    A shorter list is for a template whose approved text has a part fixed (e.g. the portal URL, which
    Chinese gateways do not accept as a variable).
    """

    id: str
    params: tuple[str, ...] | None = None

    def names(self, template: str) -> tuple[str, ...]:
        return self.params if self.params is not None else placeholders(template)


def placeholders(template: str) -> tuple[str, ...]:
    """The named fields of our approved text, in order of appearance, each once."""
    seen: list[str] = []
    for _, field, _, _ in string.Formatter().parse(TEMPLATE_TEXTS[template]):
        if field and field not in seen:
            seen.append(field)
    return tuple(seen)


def load_templates(var: str) -> dict[str, TemplateSpec]:
    """`var` holds a JSON object: our template name -> provider template id, or -> {"id": ..., "params": [...]}."""
    raw = require_env(var)
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise SmsGatewayError(
            f"environment variable {var} is not valid JSON ({exc})", code="not_configured", retryable=False
        ) from None
    if not isinstance(data, dict):
        raise SmsGatewayError(
            f"environment variable {var} must be a JSON object of template name -> id",
            code="not_configured",
            retryable=False,
        )
    specs: dict[str, TemplateSpec] = {}
    for name, value in data.items():
        if name not in TEMPLATE_TEXTS:
            raise SmsGatewayError(
                f"{var}: unknown template {name!r} (known: {', '.join(TEMPLATE_TEXTS)})",
                code="not_configured",
                retryable=False,
            )
        params = None
        if isinstance(value, dict):
            params = value.get("params")
            value = value.get("id")
            if params is not None and (
                not isinstance(params, list) or not all(isinstance(p, str) and p for p in params)
            ):
                raise SmsGatewayError(
                    f"{var}: params of {name!r} must be a list of parameter names",
                    code="not_configured",
                    retryable=False,
                )
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise SmsGatewayError(f"{var}: template {name!r} has no id", code="not_configured", retryable=False)
        specs[name] = TemplateSpec(value.strip(), tuple(params) if params is not None else None)
    return specs


def template_spec(specs: Mapping[str, TemplateSpec], template: str, var: str) -> TemplateSpec:
    if template not in specs:
        raise SmsGatewayError(
            f"no provider template id for {template!r} in {var}", code="not_configured", retryable=False
        )
    return specs[template]


def param_values(template: str, names: Sequence[str], params: Mapping[str, object]) -> list[tuple[str, str]]:
    missing = [n for n in names if n not in params]
    if missing:
        raise SmsGatewayError(
            f"template {template!r} needs parameter(s) {', '.join(missing)}", code="bad_params", retryable=False
        )
    return [(n, str(params[n])) for n in names]  # the gateways accept string values only


def check_e164(phone: str) -> str:
    phone = (phone or "").strip()
    if not E164.match(phone):
        raise SmsGatewayError(
            f"phone number {phone!r} is not in E.164 form (+8613812345678)", code="bad_phone", retryable=False
        )
    return phone


def classify(code: str, exact: Mapping[str, bool], prefixes: Sequence[tuple[str, bool]], default: bool) -> bool:
    """Retryable flag of a provider error code: an exact entry, else the first matching prefix, else default."""
    if code in exact:
        return exact[code]
    for prefix, retryable in prefixes:
        if code.startswith(prefix):
            return retryable
    return default


def network_error(provider: str, exc: BaseException) -> SmsGatewayError:
    """A broken connection (code "network": the request never arrived, safe to retry) or a read timeout
    (code "timeout": the gateway may have accepted the message; the sender settles it by out-id instead of
    retrying). A timeout while connecting never reached the gateway, so it counts as "network"."""
    text = f"{type(exc).__name__} {exc}".lower()
    connecting = "connecttimeout" in text or "connect timeout" in text or "connection refused" in text
    timeout = not connecting and (isinstance(exc, TimeoutError) or "timeout" in text or "timed out" in text)
    return SmsGatewayError(
        f"{provider}: {type(exc).__name__}: {exc}"[:300], code="timeout" if timeout else "network", retryable=True
    )


class LazyGateway:
    """Configuration and SDK client are made on first use, so a missing variable surfaces as a
    `not_configured` error of that send (recorded on the message) rather than at import or start-up.
    A client passed in (a fake in tests, or one built by the caller) is used as it is."""

    def __init__(self, client: object | None = None) -> None:
        self._client_obj = client
        self._cfg: object | None = None
        self._lock = threading.RLock()

    def _load_config(self):  # pragma: no cover - every provider defines it
        raise NotImplementedError

    def _make_client(self):  # pragma: no cover - every provider defines it
        raise NotImplementedError

    def _config(self):
        with self._lock:
            if self._cfg is None:
                self._cfg = self._load_config()
            return self._cfg

    def _client(self):
        with self._lock:
            if self._client_obj is None:
                self._client_obj = self._make_client()
            return self._client_obj
