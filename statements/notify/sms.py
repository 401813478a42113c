"""The SMS channel: the agreement's mobile, through the configured SMS gateway (statements/sms/)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from statements.notify.base import NotifyBackend, NotifyChannel
from statements.sms import backends
from statements.validators import normalize_cn_mobile


def _backend() -> NotifyBackend:
    return backends.get_backend()  # looked up on every send: settings and test overrides apply at once


CHANNEL = NotifyChannel(
    name="sms",
    label=_("SMS"),
    aliases=("sms", "短信", "手机短信"),
    address_field="mobile",
    normalize_address=normalize_cn_mobile,
    backend=_backend,
)
