"""Reads shared by more than one caller: tenancy scoping and the audit chain check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404

from reconcile.audit_chain import ChainRecord, record_hash
from reconcile.models import AuditChainHead, AuditEvent
from reconcile.models.audit import GENESIS_HASH

M = TypeVar("M", bound=models.Model)


def sees_all_customers(user: Any) -> bool:
    return bool(getattr(user, "sees_all_customers", False))


def scope_to_user(queryset: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    """The one helper every customer-scoped read goes through.

    Bank staff see every customer; a company user sees only rows of their own customer; anyone
    else sees nothing. Each scoped model declares CUSTOMER_LOOKUP, the ORM path to its customer,
    so a model that forgot to declare it fails loudly instead of leaking.
    """
    lookup = getattr(queryset.model, "CUSTOMER_LOOKUP", None)
    if lookup is None:
        raise ImproperlyConfigured(f"{queryset.model.__name__} declares no CUSTOMER_LOOKUP")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if sees_all_customers(user):
        return queryset
    customer_id = getattr(user, "customer_id", None)
    if customer_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: customer_id})


def get_scoped_or_404(queryset: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """One row the user may see, or 404: another customer's row is indistinguishable from none."""
    try:
        return scope_to_user(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from exc


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


def audit_chain_verify(*, chunk_size: int = 2000) -> ChainCheck:
    """Walk the chain in order and report the first broken link."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    rows = AuditEvent.objects.order_by("seq").values_list(
        "seq", "created_at", "actor_id", "actor_label", "action", "target_type",
        "target_id", "before", "after", "prev_hash", "hash",
    )
    for (seq, created_at, actor_id, actor_label, action, target_type, target_id,
         before, after, prev_hash, digest) in rows.iterator(chunk_size=chunk_size):
        if seq != expected_seq:
            return ChainCheck(False, checked, expected_seq,
                              f"event #{expected_seq} is missing (next present is #{seq}): a row was deleted")
        if prev_hash != expected_prev:
            return ChainCheck(False, checked, seq,
                              f"event #{seq} does not link to event #{seq - 1}: a row was deleted or replaced")
        record = ChainRecord(seq, created_at, actor_id, actor_label, action, target_type,
                             target_id, before, after, prev_hash)
        if record_hash(record) != digest:
            return ChainCheck(False, checked, seq, f"event #{seq} was edited after it was written")
        expected_prev = digest
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        if checked == 0:
            return ChainCheck(True, 0)
        return ChainCheck(False, checked, None, "the chain head row is missing")
    if head.last_seq != checked or head.last_hash != expected_prev:
        return ChainCheck(False, checked, checked + 1,
                          f"the chain ends at #{checked} but {head.last_seq} events were written: "
                          "the newest rows were deleted")
    return ChainCheck(True, checked)
