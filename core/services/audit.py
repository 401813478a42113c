"""Writing audit events. Every service calls `audit_record` inside its own transaction."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from core.actors import Actor
from core.audit_chain import ChainRecord, jsonable, record_hash, seal_hash, shard_for
from core.models import GENESIS_HASH, AuditChainHead, AuditEvent, AuditSeal
from core.prepared import PreparedQuery

# Every audited write locks its chain's head this way: compiled once per process (core.prepared).
_HEAD_LOCKED: PreparedQuery[AuditChainHead] = PreparedQuery(
    lambda pk: AuditChainHead.objects.select_for_update().filter(pk=pk).order_by("pk"), pk=int
)


def _label(actor: Actor | None) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "username", None) or str(actor)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited view of a row: the named fields as JSON-safe values."""
    return {name: jsonable(getattr(instance, name)) for name in fields}


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    return audit_record_many(
        actor=actor,
        entries=[
            {
                "action": action,
                "target": target,
                "target_type": target_type,
                "target_id": target_id,
                "before": before,
                "after": after,
            }
        ],
    )[0]


def audit_record_many(*, actor: Actor | None, entries: Sequence[dict[str, Any]]) -> list[AuditEvent]:
    """Append several events of one change, in order, under one lock of its chain's head.

    Each entry takes the keywords of :func:`audit_record` (``action`` and ``target`` or ``target_type`` /
    ``target_id``, ``before``, ``after``). The head row stays locked from here until the caller's transaction
    commits and every audited write of the same chain waits for it, so services call this as the *last* step of
    their transaction, once, with all of the change's events: one lock, one INSERT, one head UPDATE. The chain is
    the writer's own (:func:`audit_shard`): writers in other processes append to other chains and do not wait.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the change it records")
    if not entries:
        return []
    shard = audit_shard()
    # Lock the chain head: appends to one chain take turns, so no two events can link to the same parent.
    head = _HEAD_LOCKED.first(pk=shard)
    if head is None:
        # A fresh (or flushed) database starts the chain here. get_or_create settles a race between
        # two first writers; only the one that really created the head checks that no events exist,
        # so a deleted head row with events behind it is refused rather than silently restarted.
        _, created = AuditChainHead.objects.get_or_create(pk=shard)
        if created and AuditEvent.objects.filter(shard=shard).exists():
            raise RuntimeError(f"the head of audit chain {shard} is missing while events exist; run audit_verify")
        head = AuditChainHead.objects.select_for_update().get(pk=shard)
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
            shard=shard,
        )
        prev_hash = record_hash(record)
        events.append(
            AuditEvent(
                shard=shard,
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
            )
        )
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        events = AuditEvent.objects.bulk_create(events)
    updated = AuditChainHead.objects.filter(pk=shard, last_seq=head.last_seq).update(last_seq=seq, last_hash=prev_hash)
    if updated != 1:
        raise RuntimeError("audit chain head moved while it was locked")
    return events


def audit_shard() -> int:
    """The chain this process and thread append to (settings.AUDIT_CHAIN_SHARDS chains in all)."""
    return shard_for(
        process_id=os.getpid(), thread_id=threading.get_ident(), shards=int(getattr(settings, "AUDIT_CHAIN_SHARDS", 1))
    )


def audit_chain_seal() -> AuditSeal | None:
    """Record every chain's head in a new seal, when any head moved since the last seal (beat runs this).

    Reading the heads takes no lock: each committed head is a consistent tip of its chain, and writers keep
    appending meanwhile. Seals take turns on the seal table's own unique sequence (a racing sealer fails its
    INSERT and the next run seals again), so sealing never blocks a writer.
    """
    heads = {str(h.pk): [h.last_seq, h.last_hash] for h in AuditChainHead.objects.order_by("pk")}
    last = AuditSeal.objects.order_by("-seq").first()
    if last is not None and last.heads == heads:
        return None
    if last is None and not any(seq for seq, _ in heads.values()):
        return None
    seq = (last.seq if last else 0) + 1
    prev_hash = last.hash if last else GENESIS_HASH
    created_at = timezone.now()
    try:
        with transaction.atomic():
            return AuditSeal.objects.create(
                seq=seq,
                created_at=created_at,
                heads=heads,
                prev_hash=prev_hash,
                hash=seal_hash(seq=seq, created_at=created_at, heads=heads, prev_hash=prev_hash),
            )
    except IntegrityError:
        return None  # another sealer took this number; the next run seals what it missed
