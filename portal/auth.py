"""Loading the signed-in user once per request with what every page needs: the customer and the roles.

Django's ``ModelBackend.get_user`` loads the bare user row; the header then loads the customer and the first
permission check the roles, three queries on every signed-in request. These load all three in one query.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from portal.models import ROLE_FLAGS, User, role_annotations


# Built once per process: resolving the four role subqueries cost more than running the query (about 1 ms of
# every signed-in request). Each request filters a clone, so these querysets themselves are never evaluated.
@cache
def _users_with_roles() -> QuerySet[User]:
    return User._default_manager.select_related("customer").annotate(**role_annotations())


@cache
def _tokens_with_roles() -> QuerySet[Token]:
    return Token.objects.select_related("user", "user__customer").annotate(**role_annotations("user_id"))


class PortalBackend(ModelBackend):
    """The password backend of the portal (after axes' lockout check); sessions name it."""

    def get_user(self, user_id):
        # No .first(): the primary key selects at most one row, and first() would add an ORDER BY to compile.
        user = next(iter(_users_with_roles().filter(pk=user_id)), None)
        return user if user is not None and self.user_can_authenticate(user) else None


class PortalTokenAuthentication(TokenAuthentication):
    """DRF token authentication that brings the user's customer and roles with the token (one query)."""

    def authenticate_credentials(self, key):
        token = next(iter(_tokens_with_roles().filter(key=key)), None)
        if token is None or not token.user.is_active:
            return super().authenticate_credentials(key)  # raises DRF's own (translated) refusal
        token.user.__dict__["roles"] = frozenset(role for role, flag in ROLE_FLAGS.items() if getattr(token, flag))
        return token.user, token
