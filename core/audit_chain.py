"""Pure hashing rules of the audit chain (no ORM), shared by the writer and the verifier."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


def jsonable(value: Any) -> Any:
    """Convert a value to plain JSON types so the stored JSON and the hashed JSON are the same."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        # Floats are never money here; keep them exact as text so hashing is stable.
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return str(value)


@dataclass(frozen=True)
class ChainRecord:
    seq: int
    created_at: dt.datetime
    actor_id: int | None
    actor_label: str
    action: str
    target_type: str
    target_id: str
    before: Any
    after: Any
    prev_hash: str
    shard: int = 1


def record_hash(record: ChainRecord) -> str:
    created = record.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    payload = {
        "seq": record.seq,
        "created_at": created,
        "actor_id": record.actor_id,
        "actor_label": record.actor_label,
        "action": record.action,
        "target_type": record.target_type,
        "target_id": record.target_id,
        "before": record.before,
        "after": record.after,
        "prev_hash": record.prev_hash,
    }
    if record.shard != 1:
        # Chain 1 hashes as the single chain always did, so events written before sharding still verify; every
        # other chain binds its number into each hash, so an event cannot be moved from one chain to another.
        payload["shard"] = record.shard
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal_hash(*, seq: int, created_at: dt.datetime, heads: dict[str, Any], prev_hash: str) -> str:
    """The hash of one seal: its number, time, the chains' heads and the previous seal's hash."""
    payload = {
        "seq": seq,
        "created_at": created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "heads": heads,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def shard_for(*, process_id: int, thread_id: int, shards: int) -> int:
    """The chain (1..shards) a writer appends to: fixed per process and thread.

    One transaction runs on one thread, so it only ever locks one chain head (no lock-order deadlocks between
    chains), while writers in other processes (web workers, Celery workers) mostly take other chains.
    """
    if shards <= 1:
        return 1
    digest = hashlib.blake2b(f"{process_id}:{thread_id}".encode(), digest_size=8).digest()
    return 1 + int.from_bytes(digest, "big") % shards
