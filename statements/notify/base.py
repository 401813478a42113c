"""What every notification channel provides, and the one error type its gateways raise.

A channel (SMS, WeChat, ...) is a `NotifyChannel`: how it is named and offered, which field of the agreement holds the
recipient's address on it, how that address is checked, and the gateway that sends on it. Every gateway speaks the
same `NotifyBackend` interface, so the outbox sender (statements/services/sms.py) claims, holds for quiet hours,
retries and settles rows of every channel the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class GatewayError(Exception):
    """A send that did not go through. `retryable` says whether the sender may try again later; the code "timeout"
    means the gateway may have accepted the message (the sender settles it by out-id rather than retrying)."""

    def __init__(self, message: str, *, code: str = "", retryable: bool = False) -> None:
        super().__init__(message)
        self.code, self.retryable = code, retryable


class NotifyBackend(Protocol):
    name: str

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        """Send one message to `phone` (the channel's address: a mobile number, a WeChat openid); return the
        provider's message id. The keyword keeps the name the SMS gateways had before there were other channels."""

    def lookup(self, out_id: str) -> str | None:
        """The provider id of a message sent earlier with this out-id, if the provider can tell."""


def _no_extra(statement: Any) -> dict[str, str]:
    return {}


def _no_link(path: str) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class NotifyChannel:
    name: str  # stored on agreements and outbox rows: never rename one in use
    label: Any  # a lazy translation: what forms, the admin and messages show
    # Values an import file may write for it (compared case-insensitively), besides `name`.
    aliases: tuple[str, ...]
    # The Agreement (and change request) field holding the contact's address on this channel.
    address_field: str
    # The address as stored, or django.core.exceptions.ValidationError naming the value.
    normalize_address: Callable[[str], str]
    # The gateway that sends on this channel (the configured one, or a test's fake).
    backend: Callable[[], NotifyBackend]
    # Parameters this channel adds to a statement's message (WeChat: the link to the statement). SMS adds none:
    # Chinese gateways refuse URLs in template variables.
    extra_params: Callable[[Any], Mapping[str, str]] = field(default=_no_extra)
    # The same for a notice about no statement (an answered inquiry): the parameters linking to the portal page at
    # ``path``. SMS adds none, as above.
    page_params: Callable[[str], Mapping[str, str]] = field(default=_no_link)

    def address_of(self, agreement: Any) -> str:
        return getattr(agreement, self.address_field, "") or ""
