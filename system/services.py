"""The one write of this app: a heartbeat's time (not audited: it is liveness, not a business change)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from system.models import Heartbeat

BEAT = "beat"


def queue_heartbeat_name(queue: str) -> str:
    return f"queue:{queue}"


def heartbeat_record(*, name: str, at: dt.datetime | None = None) -> None:
    """Upsert: the unique name makes two writers at once (two beat instances, two workers) harmless."""
    at = at or timezone.now()
    if not Heartbeat.objects.filter(name=name).update(seen_at=at):
        Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": at})
