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

from django.conf import settings

# Defined in base (the providers import them from there, so they need not import this module, which imports them).
from statements.sms.base import PORTAL_MARK as PORTAL_MARK
from statements.sms.base import TEMPLATE_TEXTS as TEMPLATE_TEXTS
from statements.sms.base import SmsBackend as SmsBackend
from statements.sms.base import SmsGatewayError as SmsGatewayError
from statements.sms.base import render_text as render_text

log = logging.getLogger("portal.sms")


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
    # aliyun / tencent / twilio: imported here so that the console build needs none of the gateway SDKs;
    # raises SmsGatewayError(code="backend_unavailable") when the configured gateway's SDK is missing.
    from statements.sms.providers import build_backend

    return build_backend(name)


def set_backend_for_tests(name: str, backend: SmsBackend | None) -> None:
    """Swap a gateway for a fake that speaks the same interface (tests only)."""
    if backend is None:
        _overrides.pop(name, None)
    else:
        _overrides[name] = backend
