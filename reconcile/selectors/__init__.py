"""Reads shared by more than one caller: tenancy scoping and the audit chain check, here; the reads of each area in
its module (accounts, jobs, matching, profiles, rates, review, rules, vouchers). The balance reads live with the
balance arithmetic in reconcile.balances (its docstring says why).

The modules import scoping from this package and it imports none of them, so there is no import circle: import a
module's reads from the module (``from reconcile.selectors.matching import outstanding_at``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404

from core.actors import ActorOrAnonymous
from core.audit_chain import ChainRecord, record_hash, seal_hash
from reconcile.models import AuditChainHead, AuditEvent, AuditSeal, Import
from reconcile.models.audit import GENESIS_HASH

M = TypeVar("M", bound=models.Model)


def sees_all_customers(user: ActorOrAnonymous | None) -> bool:
    return bool(getattr(user, "sees_all_customers", False))


@dataclass(frozen=True)
class Scope:
    """What tenancy scoping reads of a user, and nothing else: the one place that turns a user into the facts
    every customer-scoped read filters by (``scope_to``, ``statements.selectors.statements_in``).

    Being plain facts, a scope can also stand for a *shape* of user (``shape()``: the ids left out), which is how
    the hot reads compile their SQL once per shape (``core.prepared``) instead of once per request.
    """

    signed_in: bool  # authenticated and active
    sees_all: bool  # bank staff and the bank's own systems: every customer
    customer_id: int | None
    user_id: int | None
    # A group user (集团) also sees the subsidiaries it is granted; a user loaded without this fact is assumed
    # to have grants (the subquery is then always right, only slower).
    has_group_grant: bool
    unrestricted: bool  # bank staff or a superuser: also statements not yet dispatched

    @classmethod
    def of(cls, user: ActorOrAnonymous | None) -> Scope:
        from core.roles import is_bank_staff

        signed_in = bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)
        return cls(
            signed_in=signed_in,
            sees_all=signed_in and sees_all_customers(user),
            customer_id=getattr(user, "customer_id", None) if signed_in else None,
            user_id=getattr(user, "pk", None) if signed_in else None,
            has_group_grant=bool(getattr(user, "has_group_grant", True)),
            unrestricted=bool(is_bank_staff(user) or getattr(user, "is_superuser", False)),
        )

    def shape(self) -> Scope:
        """The same facts without the ids: users of one shape share one compiled query."""
        return replace(self, customer_id=None if self.customer_id is None else 0, user_id=None)

    def bind(self, *, user_id: int, customer_id: int) -> Scope:
        """A shape with ids again (the inverse of ``shape`` for the ids it kept a place for)."""
        return replace(self, user_id=user_id, customer_id=None if self.customer_id is None else customer_id)


def scope_to(queryset: models.QuerySet[M], scope: Scope) -> models.QuerySet[M]:
    """The one helper every customer-scoped read goes through.

    Bank staff see every customer; a company user sees only rows of their own customer; anyone
    else sees nothing. Each scoped model declares CUSTOMER_LOOKUP, the ORM path to its customer,
    so a model that forgot to declare it fails loudly instead of leaking.
    """
    lookup = getattr(queryset.model, "CUSTOMER_LOOKUP", None)
    if lookup is None:
        raise ImproperlyConfigured(f"{queryset.model.__name__} declares no CUSTOMER_LOOKUP")
    if not scope.signed_in:
        return queryset.none()
    if scope.sees_all:
        return queryset
    if scope.customer_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: scope.customer_id})


def scope_to_user(queryset: models.QuerySet[M], user: ActorOrAnonymous | None) -> models.QuerySet[M]:
    """``scope_to`` for a user (see there)."""
    return scope_to(queryset, Scope.of(user))


def imports_visible_to(user: ActorOrAnonymous | None) -> models.QuerySet[Import]:
    """The imports a user may read: a customer's (``scope_to``), or for a bank system feed, which sees no customer,
    the files it imported itself, so that it can follow an upload to ``done`` or ``refused``."""
    from core.roles import is_bank_feed_only

    rows = Import.objects.select_related("account")
    if is_bank_feed_only(user) and not sees_all_customers(user):
        return rows.filter(uploaded_by_id=getattr(user, "pk", None))
    return scope_to_user(rows, user)


def get_scoped_or_404(queryset: models.QuerySet[M], user: ActorOrAnonymous | None, **lookup: Any) -> M:
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
