"""The audit chain check: every chain walked in order, then the seals; the first broken link is reported.

``manage.py audit_verify``, the periodic task and the backup check all read the chain through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.audit_chain import ChainRecord, record_hash, seal_hash
from core.models import GENESIS_HASH, AuditChainHead, AuditEvent, AuditSeal


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    broken_shard: int | None = None


def _event_name(shard: int, seq: int) -> str:
    # Chain 1 alone reads as the single chain always did: "event #5".
    return f"event #{seq}" if shard == 1 else f"event #{seq} of chain {shard}"


def audit_chain_verify(*, chunk_size: int = 2000) -> ChainCheck:
    """Walk every chain in order, then the seals, and report the first broken link."""
    seals = list(AuditSeal.objects.order_by("seq"))
    sealed: dict[tuple[int, int], str] = {}
    for seal in seals:
        for shard, (seq, digest) in seal.heads.items():
            if seq:
                sealed[(int(shard), int(seq))] = digest
    heads = {h.pk: h for h in AuditChainHead.objects.all()}
    checked = 0
    shard, expected_seq, expected_prev = None, 1, GENESIS_HASH
    ends: dict[int, tuple[int, str]] = {}
    rows = AuditEvent.objects.order_by("shard", "seq").values_list(
        "shard",
        "seq",
        "created_at",
        "actor_id",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "before",
        "after",
        "prev_hash",
        "hash",
    )
    for (
        row_shard,
        seq,
        created_at,
        actor_id,
        actor_label,
        action,
        target_type,
        target_id,
        before,
        after,
        prev_hash,
        digest,
    ) in rows.iterator(chunk_size=chunk_size):
        if row_shard != shard:
            shard, expected_seq, expected_prev = row_shard, 1, GENESIS_HASH
        name = _event_name(shard, seq)
        if seq != expected_seq:
            return ChainCheck(
                False,
                checked,
                expected_seq,
                f"{_event_name(shard, expected_seq)} is missing (next present is #{seq}): a row was deleted",
                shard,
            )
        if prev_hash != expected_prev:
            return ChainCheck(
                False, checked, seq, f"{name} does not link to event #{seq - 1}: a row was deleted or replaced", shard
            )
        record = ChainRecord(
            seq, created_at, actor_id, actor_label, action, target_type, target_id, before, after, prev_hash, shard
        )
        if record_hash(record) != digest:
            return ChainCheck(False, checked, seq, f"{name} was edited after it was written", shard)
        if sealed.get((shard, seq), digest) != digest:
            return ChainCheck(
                False, checked, seq, f"{name} differs from the one a seal recorded: the chain was rewritten", shard
            )
        expected_prev = digest
        expected_seq += 1
        checked += 1
        ends[shard] = (seq, digest)
    for number in sorted(set(heads) | set(ends)):
        end_seq, end_hash = ends.get(number, (0, GENESIS_HASH))
        head = heads.get(number)
        if head is None:
            return ChainCheck(False, checked, None, f"the head row of chain {number} is missing", number)
        if head.last_seq != end_seq or head.last_hash != end_hash:
            return ChainCheck(
                False,
                checked,
                end_seq + 1,
                f"chain {number} ends at #{end_seq} but {head.last_seq} events were written: "
                "the newest rows were deleted",
                number,
            )
    for (number, seq), _digest in sealed.items():
        if ends.get(number, (0, ""))[0] < seq:
            return ChainCheck(
                False,
                checked,
                ends.get(number, (0, ""))[0] + 1,
                f"chain {number} ends before #{seq}, which a seal recorded: the newest rows and the head were cut back",
                number,
            )
    previous = GENESIS_HASH
    for index, seal in enumerate(seals, start=1):
        if (
            seal.seq != index
            or seal.prev_hash != previous
            or seal.hash
            != seal_hash(seq=seal.seq, created_at=seal.created_at, heads=seal.heads, prev_hash=seal.prev_hash)
        ):
            return ChainCheck(False, checked, None, f"seal #{index} was edited, deleted or replaced")
        previous = seal.hash
    return ChainCheck(True, checked)
