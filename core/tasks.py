"""Celery tasks of the audit trail (beat seals the chains; the check runs on demand). Thin: call one read/service."""

from __future__ import annotations

from celery import shared_task

from core.selectors.audit import audit_chain_verify


@shared_task(name="core.audit_chain_verify")
def audit_chain_verify_task() -> dict:
    result = audit_chain_verify()
    return {
        "ok": result.ok,
        "checked": result.checked,
        "broken_seq": result.broken_seq,
        "broken_shard": result.broken_shard,
        "problem": result.problem,
    }


@shared_task(name="core.audit_chain_seal")
def audit_chain_seal_task() -> int | None:
    from core.services.audit import audit_chain_seal

    seal = audit_chain_seal()
    return seal.seq if seal else None
