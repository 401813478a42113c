"""The `Actor` protocol (core.actors) is what services read from a user: the portal's User must have all of it, as
a real user loaded from the database, with values of the declared kinds."""

from __future__ import annotations

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser

from core.actors import Actor, user_row
from core.roles import is_bank_staff, roles_of
from portal.auth import PortalBackend
from portal.models import User
from reconcile.models import BankAccount
from reconcile.selectors import scope_to_user

pytestmark = pytest.mark.django_db

# Each member of the protocol and the kind of value a user gives for it (get_username is the one method).
KINDS: dict[str, type | tuple[type, ...]] = {
    "pk": int,
    "username": str,
    "first_name": str,
    "last_name": str,
    "is_authenticated": bool,
    "is_active": bool,
    "is_superuser": bool,
    "roles": frozenset,
    "sees_all_customers": bool,
    "customer_id": (int, type(None)),
    "mobile": str,
}


def _members() -> set[str]:
    return {name for name in vars(Actor) if not name.startswith("_")}


def test_the_test_names_every_member_of_the_protocol():
    assert _members() == {*KINDS, "get_username"}


def test_the_user_model_has_every_member_as_a_class_attribute():
    for name in _members():
        inspect.getattr_static(User, name)  # raises AttributeError when missing; static: no property runs


@pytest.mark.parametrize("who", ["accountant_a", "ops"])
def test_a_real_user_is_an_actor(request, who):
    user = request.getfixturevalue(who)
    for loaded in (user, User.objects.get(pk=user.pk), PortalBackend().get_user(user.pk)):
        assert isinstance(loaded, Actor)
        for name, kind in KINDS.items():
            assert isinstance(getattr(loaded, name), kind), name
        assert loaded.get_username() == user.username
        assert loaded.is_authenticated is True


def test_the_roles_and_the_company_are_read_through_the_protocol(accountant_a, ops, customer_a):
    assert roles_of(accountant_a) == {"accountant"} and accountant_a.customer_id == customer_a.pk
    assert is_bank_staff(ops) and ops.customer_id is None and ops.sees_all_customers


def test_an_anonymous_visitor_is_no_actor_and_sees_nothing(account_a):
    visitor = AnonymousUser()
    assert not isinstance(visitor, Actor)  # no roles, company or mobile: hence ActorOrAnonymous where it may come
    assert roles_of(visitor) == frozenset() and not is_bank_staff(visitor)
    assert not scope_to_user(BankAccount.objects.all(), visitor).exists()


def test_user_row_gives_the_user_itself_for_a_user_column(accountant_a):
    assert user_row(accountant_a) is accountant_a
    assert user_row(None) is None  # the system: recorded as no one
    with pytest.raises(ValueError):
        user_row(AnonymousUser())  # only a stored user goes into a user column
