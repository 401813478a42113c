"""The registry of notification channels: the one place that says which channels exist.

Adding a channel is one new module here (its `CHANNEL`, see base.NotifyChannel, and its gateway) plus one row in
REGISTRY. Everything that offers or uses a channel reads this registry: the agreement's field choices (hence the admin
and the API), the change-request form, the onboarding import file, the outbox enqueue and its sender. README: "How to
add a notification channel".
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from statements.notify import sms, wechat
from statements.notify.base import GatewayError, NotifyBackend, NotifyChannel

DEFAULT = "sms"

REGISTRY: dict[str, NotifyChannel] = {
    sms.CHANNEL.name: sms.CHANNEL,
    wechat.CHANNEL.name: wechat.CHANNEL,
}

__all__ = [
    "DEFAULT",
    "REGISTRY",
    "GatewayError",
    "NotifyBackend",
    "NotifyChannel",
    "channel_choices",
    "channel_from_text",
    "get_channel",
    "notice_channel",
    "validate_contact",
]


def channel_choices() -> list[tuple[str, str]]:
    """(name, label) of every registered channel: the choices of the model fields and forms (a callable, so a channel
    added to the registry is offered without a migration or a form change)."""
    return [(c.name, c.label) for c in REGISTRY.values()]


def get_channel(name: str) -> NotifyChannel:
    try:
        return REGISTRY[name]
    except KeyError:
        raise GatewayError(
            f"unknown notification channel {name!r} (known: {', '.join(REGISTRY)})",
            code="unknown_channel",
            retryable=False,
        ) from None


def notice_channel(preferred: str, has_address: Callable[[NotifyChannel], bool]) -> NotifyChannel | None:
    """The channel a contact's notice goes on: the preferred one when the contact has an address on it, else SMS (a
    notice is never lost to a half-configured contact); None when the contact has no address on that either.
    ``has_address`` says whether the contact has an address on a channel. The outbox sends by this rule and the
    publishing step counts by it, so what ops confirm is what goes out."""
    channel = REGISTRY.get(preferred)
    if channel is None or not has_address(channel):
        channel = REGISTRY[DEFAULT]
    return channel if has_address(channel) else None


def channel_from_text(text: str) -> str | None:
    """The channel an import file's cell names (its name or an alias such as 短信/微信), or None."""
    wanted = (text or "").strip().lower()
    for channel in REGISTRY.values():
        if wanted == channel.name or wanted in (a.lower() for a in channel.aliases):
            return channel.name
    return None


def known_text() -> str:
    """How to write a channel, for messages: "sms (短信), wechat (微信)"."""
    return ", ".join(
        f"{c.name} ({'/'.join(c.aliases[1:2] or c.aliases[:1])})" if c.aliases else c.name for c in REGISTRY.values()
    )


def validate_contact(*, notify_channel: str, addresses: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Check the preferred channel and the address it needs.

    `addresses` maps an address field (``wechat_openid``...) to the value given; returns (normalized addresses,
    errors by field). The mobile is checked by the caller as before (it is required whatever the channel: the SMS
    one-time codes of signed answers go to it).
    """
    errors: dict[str, str] = {}
    normalized: dict[str, str] = {}
    for channel in REGISTRY.values():
        if channel.address_field not in addresses:
            continue
        value = (addresses[channel.address_field] or "").strip()
        if not value:
            normalized[channel.address_field] = ""
            continue
        try:
            normalized[channel.address_field] = channel.normalize_address(value)
        except ValidationError as exc:
            errors[channel.address_field] = exc.messages[0]
    if notify_channel not in REGISTRY:
        errors["notify_channel"] = _("Unknown notification channel %(value)s; use one of %(known)s.") % {
            "value": notify_channel,
            "known": known_text(),
        }
    else:
        field = REGISTRY[notify_channel].address_field
        if field in addresses and not normalized.get(field) and field not in errors:
            errors[field] = _("Notices by %(channel)s need this address.") % {"channel": REGISTRY[notify_channel].label}
    return normalized, errors
