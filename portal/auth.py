"""Loading the signed-in user once per request with what every page needs: the customer and the roles.

Django's ``ModelBackend.get_user`` loads the bare user row; the header then loads the customer and the first
permission check the roles, three queries on every signed-in request. These load all three in one query.
"""

from __future__ import annotations

import datetime as dt
import functools
from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from core.prepared import PreparedQuery
from portal.models import ROLE_FLAGS, ApiToken, User, group_grant_annotation, role_annotations
from portal.permissions import must_use_second_factor
from portal.services.api_tokens import hash_key

# last_used_at is written at most this often per token: a busy integration does not turn every read into a write.
_LAST_USED_EVERY = dt.timedelta(minutes=1)


# Built once per process: resolving the four role subqueries cost more than running the query (about 1 ms of
# every signed-in request). Each request filters a clone, so these querysets themselves are never evaluated.
@cache
def _users_with_roles() -> QuerySet[User]:
    return User._default_manager.select_related("customer").annotate(**role_annotations(), **group_grant_annotation())


@cache
def _tokens_with_roles() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user", "user__customer").annotate(
        **role_annotations("user_id"), **group_grant_annotation("user_id")
    )


# Compiled to SQL once per process as well (core.prepared): every signed-in page and API call runs one of these.
_USER_BY_PK: PreparedQuery[User] = PreparedQuery(lambda pk: _users_with_roles().filter(pk=pk), pk=int)
_TOKEN_BY_HASH: PreparedQuery[ApiToken] = PreparedQuery(
    lambda key_hash: _tokens_with_roles().filter(key_hash=key_hash), key_hash=str
)


class PortalBackend(ModelBackend):
    """The password backend of the portal (after axes' lockout check); sessions name it."""

    def get_user(self, user_id):
        try:  # the session stores the id as text; a value that is no id is nobody
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _USER_BY_PK.first(pk=pk)
        return user if user is not None and self.user_can_authenticate(user) else None


class PortalTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``: the token with its user, customer and roles in one query, refused when it is
    expired, revoked, older than the user's password, of a deactivated user, or issued without the second factor
    the user must use."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed as exc:  # DRF's refusals of the header's shape (empty, spaces, not ASCII)
            if exc.get_codes() != "authentication_failed":
                raise
            raise AuthenticationFailed(_("Invalid token."), code="invalid_token") from exc

    def authenticate_credentials(self, key):
        token = _TOKEN_BY_HASH.first(key_hash=hash_key(key))
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("Invalid token."), code="invalid_token")
        now = timezone.now()
        if token.revoked_at is not None:
            raise AuthenticationFailed(_("This token was revoked. Ask for a new one."), code="token_revoked")
        if token.expires_at <= now:
            raise AuthenticationFailed(_("This token has expired. Ask for a new one."), code="token_expired")
        user = token.user
        if not constant_time_compare(token.auth_hash, user.get_session_auth_hash()):
            raise AuthenticationFailed(
                _("The password was changed after this token was issued. Ask for a new one."), code="password_changed"
            )
        user.__dict__["roles"] = frozenset(role for role, flag in ROLE_FLAGS.items() if getattr(token, flag))
        user.has_group_grant = token.has_group_grant
        if must_use_second_factor(user) and not token.second_factor:
            raise AuthenticationFailed(
                _(
                    "This token was issued without the second factor bank staff must use. Ask "
                    "for a new one with your authenticator code."
                ),
                code="second_factor_required",
            )
        # What the services read of the login (core.roles.second_factor_done), as django-otp installs it on a session's
        # user: this request proved the second factor when its token was issued with it.
        setattr(user, "is_verified", functools.partial(bool, token.second_factor))  # noqa: B010
        if token.last_used_at is None or token.last_used_at < now - _LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token
