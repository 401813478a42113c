"""SMS gateway backends behind one interface.

Chinese gateways send only pre-approved templates with a signature, so a message is always
(template, params). `send` passes our idempotency key as the provider's out-id where the provider has
one, and raises `SmsGatewayError` with `retryable` set from the provider's error code.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings

log = logging.getLogger("portal.sms")

# Texts as approved with the gateways (the signature is added by the provider). No balance, no secret.
TEMPLATE_TEXTS = {
    "statement_notice": "您的{period}余额对账单已发出（编号{number}），请登录{url}核对并在截止日前回复。",
    "reminder": "您的余额对账单（编号{number}）尚未回复，距截止日还有3个工作日，请登录{url}处理。",
    "last_reminder": "您的余额对账单（编号{number}）今天到期，逾期未回复视同相符，请登录{url}处理。",
    "dispute_update": "您对余额对账单（编号{number}）提出的不符已有处理结果，请登录{url}查看。",
}


class SmsGatewayError(Exception):
    def __init__(self, message: str, *, code: str = "", retryable: bool = False) -> None:
        super().__init__(message)
        self.code, self.retryable = code, retryable


class SmsBackend(Protocol):
    name: str

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        """Send one message; return the provider's message id."""

    def lookup(self, out_id: str) -> str | None:
        """The provider id of a message sent earlier with this out-id, if the provider can tell."""


def render_text(template: str, params: dict[str, str]) -> str:
    return f"【{settings.SMS_SIGNATURE}】" + TEMPLATE_TEXTS[template].format(**params)


@dataclass
class ConsoleBackend:
    """The embedded default: writes the message to the log and keeps it in memory (the 'outbox' view)."""

    name: str = "console"
    sent: dict[str, tuple[str, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        text = render_text(template, params)
        with self._lock:
            if out_id in self.sent:
                return self.sent[out_id][0]
            provider_id = f"console-{len(self.sent) + 1}"
            self.sent[out_id] = (provider_id, text)
        log.info("SMS to %s: %s", phone, json.dumps(text, ensure_ascii=False))
        return provider_id

    def lookup(self, out_id: str) -> str | None:
        with self._lock:
            found = self.sent.get(out_id)
        return found[0] if found else None


_console = ConsoleBackend()
_overrides: dict[str, SmsBackend] = {}


def get_backend() -> SmsBackend:
    name = settings.SMS_BACKEND
    if name in _overrides:
        return _overrides[name]
    if name == "console":
        return _console
    raise SmsGatewayError(f"SMS_BACKEND={name} is configured but its gateway client is not installed in this "
                          "build; use console", code="backend_unavailable", retryable=False)


def set_backend_for_tests(name: str, backend: SmsBackend | None) -> None:
    """Swap a gateway for a fake that speaks the same interface (tests only)."""
    if backend is None:
        _overrides.pop(name, None)
    else:
        _overrides[name] = backend
