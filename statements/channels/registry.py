"""The registry of statement channels: the one place that says which channels exist and how each behaves.

Everything that offers or branches on a channel reads this: the model fields' choices (hence the admin and the API),
the change-request form, the onboarding import file, publishing (dispatch at publish or by mailing batch), the
re-issue of a corrected statement, the statement's due terms and its detail pages.
"""

from __future__ import annotations

from django.utils.functional import Promise

from statements.channels import online_banking, paper, website
from statements.channels.base import StatementChannel

REGISTRY: dict[str, StatementChannel] = {
    online_banking.CHANNEL.name: online_banking.CHANNEL,
    website.CHANNEL.name: website.CHANNEL,
    paper.CHANNEL.name: paper.CHANNEL,
}
PAPER = paper.CHANNEL.name  # the mailing batches (services/paper.py) are this channel's own machinery

__all__ = ["PAPER", "REGISTRY", "StatementChannel", "channel", "channel_choices", "channel_from_text", "known_text"]


def channel_choices() -> list[tuple[str, str | Promise]]:
    """(name, label) of every channel: model and form choices (a callable: a new channel needs no migration)."""
    return [(c.name, c.label) for c in REGISTRY.values()]


def channel(name: str) -> StatementChannel:
    """The channel stored as ``name``; KeyError for a name no longer registered (a stored value always is)."""
    return REGISTRY[name]


def channel_from_text(text: str) -> str | None:
    """The channel an import file's cell names (its name or an alias such as 网银/纸质), or None."""
    wanted = (text or "").strip().lower()
    for item in REGISTRY.values():
        if wanted == item.name or wanted in (a.lower() for a in item.aliases):
            return item.name
    return None


def known_text() -> str:
    """How to write a channel, for messages: "online_banking (网银), website (网站), paper (纸质)"."""
    return ", ".join(f"{c.name} ({c.aliases[0]})" if c.aliases else c.name for c in REGISTRY.values())
