"""Reads shared by more than one caller: tenancy scoping, here; the reads of each area in its module (accounts, jobs,
matching, profiles, rates, review, rules, vouchers). The balance reads live with the balance arithmetic in
reconcile.balances (its docstring says why); the audit chain check is the shared kernel's (core.selectors.audit).

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
from reconcile.models import Import

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
