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

from statements.notify.base import GatewayError, NotifyBackend

log = logging.getLogger("portal.sms")

# Texts as approved with the gateways (the signature is added by the provider). No balance, no secret.
# The portal link is part of the approved text, not a parameter: Chinese gateways refuse URLs in template
# variables (Aliyun isv.PARAM_NOT_SUPPORT_URL, Tencent ProhibitedUseUrlInTemplateParameter). PORTAL_MARK
# stands for the deployment's PORTAL_BASE_URL when we render the text ourselves (console, Twilio).
PORTAL_MARK = "[PORTAL]"
TEMPLATE_TEXTS = {
    "statement_notice": f"您的{{period}}余额对账单已发出（编号{{number}}），请登录{PORTAL_MARK}核对并在截止日前回复。",
    "reminder": f"您的余额对账单（编号{{number}}）尚未回复，距截止日还有3个工作日，请登录{PORTAL_MARK}处理。",
    "last_reminder": f"您的余额对账单（编号{{number}}）今天到期，逾期未回复视同相符，请登录{PORTAL_MARK}处理。",
    "dispute_update": f"您对余额对账单（编号{{number}}）提出的不符已有处理结果，请登录{PORTAL_MARK}查看。",
}


class SmsGatewayError(GatewayError):
    """An SMS gateway's error: a notification gateway error like any channel's (the outbox sender catches those)."""


class SmsBackend(NotifyBackend, Protocol):
    """The notification gateway interface (statements.notify.base.NotifyBackend), `phone` a mobile number."""


def render_text(template: str, params: dict[str, str]) -> str:
    text = TEMPLATE_TEXTS[template].format(**params).replace(PORTAL_MARK, settings.PORTAL_BASE_URL.rstrip("/"))
    return f"【{settings.SMS_SIGNATURE}】" + text


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
