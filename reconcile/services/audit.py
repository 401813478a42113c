"""Writing audit events. Every service calls `audit_record` inside its own transaction."""

from __future__ import annotations

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
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the change it records")
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
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
    record = ChainRecord(
        seq=head.last_seq + 1,
        created_at=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actor_label=_label(actor),
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=jsonable(before),
        after=jsonable(after),
        prev_hash=head.last_hash,
    )
    digest = record_hash(record)
    event = AuditEvent.objects.create(
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
        hash=digest,
    )
    updated = AuditChainHead.objects.filter(pk=1, last_seq=head.last_seq).update(
        last_seq=record.seq, last_hash=digest
    )
    if updated != 1:
        raise RuntimeError("audit chain head moved while it was locked")
    return event
