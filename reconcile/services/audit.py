"""Writing audit events. Every service calls `audit_record` inside its own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from reconcile.audit_chain import ChainRecord, jsonable, record_hash
from reconcile.models import AuditChainHead, AuditEvent


def _label(actor: Any) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "username", None) or str(actor)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited view of a row: the named fields as JSON-safe values."""
    return {name: jsonable(getattr(instance, name)) for name in fields}


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    return audit_record_many(actor=actor, entries=[{
        "action": action, "target": target, "target_type": target_type, "target_id": target_id,
        "before": before, "after": after}])[0]


def audit_record_many(*, actor: Any, entries: Sequence[dict[str, Any]]) -> list[AuditEvent]:
    """Append several events of one change, in order, under one lock of the chain head.

    Each entry takes the keywords of :func:`audit_record` (``action`` and ``target`` or ``target_type`` /
    ``target_id``, ``before``, ``after``). The head row stays locked from here until the caller's transaction
    commits and every audited write in the system waits for it, so services call this as the *last* step of
    their transaction, once, with all of the change's events: one lock, one INSERT, one head UPDATE.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the change it records")
    if not entries:
        return []
    # Lock the chain head: appends take turns, so no two events can link to the same parent.
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # A fresh (or flushed) database starts the chain here. get_or_create settles a race between
        # two first writers; only the one that really created the head checks that no events exist,
        # so a deleted head row with events behind it is refused rather than silently restarted.
        _, created = AuditChainHead.objects.get_or_create(pk=1)
        if created and AuditEvent.objects.exists():
            raise RuntimeError("the audit chain head is missing while events exist; run audit_verify")
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    seq, prev_hash = head.last_seq, head.last_hash
    events = []
    for entry in entries:
        target = entry.get("target")
        target_type, target_id = entry.get("target_type", ""), entry.get("target_id", "")
        if target is not None:
            target_type = target._meta.label_lower
            target_id = str(target.pk)
        seq += 1
        record = ChainRecord(
            seq=seq,
            created_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_label=_label(actor),
            action=entry["action"],
            target_type=target_type,
            target_id=target_id,
            before=jsonable(entry.get("before")),
            after=jsonable(entry.get("after")),
            prev_hash=prev_hash,
        )
        prev_hash = record_hash(record)
        events.append(AuditEvent(
            seq=record.seq,
            created_at=record.created_at,
            actor_id=record.actor_id,
            actor_label=record.actor_label,
            action=record.action,
            target_type=record.target_type,
            target_id=record.target_id,
            before=record.before,
            after=record.after,
            prev_hash=record.prev_hash,
            hash=prev_hash,
        ))
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        events = AuditEvent.objects.bulk_create(events)
    updated = AuditChainHead.objects.filter(pk=1, last_seq=head.last_seq).update(
        last_seq=seq, last_hash=prev_hash
    )
    if updated != 1:
        raise RuntimeError("audit chain head moved while it was locked")
    return events
