"""Who a service acts for: the `Actor` protocol, what services read from a signed-in user.

The user model lives in portal (``portal.models.User``), above every service in the import flow (portal ->
statements -> reconcile -> core), so services cannot name it. They describe instead what they read from it, and
the portal's User satisfies that by its shape (tests/core/test_actors.py holds it to that).

Members are read-only properties, not attributes: the User has some as model fields, some as properties
(``is_authenticated``) or cached properties (``roles``), and a read-only protocol member accepts all three. The
user's ``customer`` row is not a member (core cannot name reconcile's Customer): services compare ``customer_id``,
and the two that need the row (an answer key's upload, an import) read it with ``getattr``.

``None`` is the server itself: management commands and Celery tasks run as no one; services that accept it say
``Actor | None`` and the audit log records "system". ``request.user`` before sign-in is Django's ``AnonymousUser``,
which has none of the company members: only the checks that may meet it (the second-factor middleware's role check,
the scoping of querysets) take ``ActorOrAnonymous`` and read the rest with ``getattr`` defaults.

A user column (``created_by``, ``submitted_by``...) takes the user model's own row, which no protocol can promise:
services pass ``user_row(actor)``, the one checked place that says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeAlias, overload, runtime_checkable

from django.contrib.auth import get_user_model

if TYPE_CHECKING:
    # django-stubs' name for the model AUTH_USER_MODEL names (its plugin reads the setting): portal.models.User,
    # without importing portal.
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.auth.models import _User as UserRow

__all__ = ["Actor", "ActorOrAnonymous", "user_row"]


@runtime_checkable
class Actor(Protocol):
    """A signed-in user as services see it (portal.models.User in the running site)."""

    @property
    def pk(self) -> int:
        """The user's row: compared with ``*_by_id`` and ``user_id`` columns (an actor is a saved user)."""

    @property
    def username(self) -> str:
        """The login name: the audit log's label of the actor."""

    @property
    def first_name(self) -> str: ...

    @property
    def last_name(self) -> str: ...

    def get_username(self) -> str:
        """The login name, where a document names a person without a real name (reconcile.people)."""

    @property
    def is_authenticated(self) -> bool:
        """True for every real user (Django's AnonymousUser says False)."""

    @property
    def is_active(self) -> bool:
        """False for a deactivated user: scoped reads show them nothing."""

    @property
    def is_superuser(self) -> bool: ...

    @property
    def roles(self) -> frozenset[str]:
        """The user's role grants (core.roles.Role values): what core.roles checks."""

    @property
    def sees_all_customers(self) -> bool:
        """Bank staff and superusers: scoped reads are not narrowed to one customer (reconcile.selectors)."""

    @property
    def customer_id(self) -> int | None:
        """The company a company user belongs to; None for bank staff and bank system feeds."""

    @property
    def mobile(self) -> str:
        """The registered mobile the one-time codes that sign answers go to ("" when none)."""


# Whoever a request comes from before a view checks that someone signed in (``request.user``).
ActorOrAnonymous: TypeAlias = "Actor | AnonymousUser"


@overload
def user_row(actor: Actor) -> UserRow: ...
@overload
def user_row(actor: None) -> None: ...
def user_row(actor: Actor | None) -> UserRow | None:
    """The actor as the user model's row, for the user columns services write and filter on (``created_by``,
    ``submitted_by``, ``user``...); None (the system) stays None, recorded as no one.

    A foreign key takes the model instance, not anything of the actor's shape: this is the one place that says the
    actor is one, checked as Django checks an assignment to a foreign key (the same ValueError for anything else).
    """
    if actor is None:
        return None
    model = get_user_model()
    if not isinstance(actor, model):
        raise ValueError(f"{actor!r} is not a {model._meta.label} and cannot be recorded in a user column")
    return actor
