"""Real SMS gateways behind `statements.sms.backends.SmsBackend`: Alibaba Cloud, Tencent Cloud, Twilio.

Each provider module reads its settings from environment variables (listed in its docstring) on first
use and maps the gateway's error codes to retryable/permanent with a table. A provider's SDK is imported
only when that provider is configured (`SMS_BACKEND`), so a build without it still runs the console.
"""

from __future__ import annotations

import importlib
import threading

from statements.sms.base import SmsBackend, SmsGatewayError

# SMS_BACKEND value -> (module, class, the PyPI package the module needs)
PROVIDERS: dict[str, tuple[str, str, str]] = {
    "aliyun": ("statements.sms.providers.aliyun_sms", "AliyunSmsBackend", "alibabacloud_dysmsapi20170525"),
    "tencent": ("statements.sms.providers.tencent_sms", "TencentSmsBackend", "tencentcloud-sdk-python-sms"),
    "twilio": ("statements.sms.providers.twilio_sms", "TwilioSmsBackend", "twilio"),
}

_instances: dict[str, SmsBackend] = {}
_lock = threading.Lock()


def build_backend(name: str) -> SmsBackend:
    """The process-wide instance of gateway `name` (its SDK client is reused across sends)."""
    with _lock:
        if name in _instances:
            return _instances[name]
        if name not in PROVIDERS:
            raise SmsGatewayError(f"unknown SMS_BACKEND={name!r}", code="backend_unavailable", retryable=False)
        module_name, class_name, package = PROVIDERS[name]
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise SmsGatewayError(
                f"SMS_BACKEND={name} needs the {package} package, which is not installed "
                f"({exc}): install the extra, `pip install -r requirements-{name}.lock`",
                code="backend_unavailable",
                retryable=False,
            ) from exc
        backend = getattr(module, class_name)()
        _instances[name] = backend
        return backend


def reset_backends() -> None:
    """Forget the built instances, so the next send reads the environment again (tests, reconfiguration)."""
    with _lock:
        _instances.clear()
