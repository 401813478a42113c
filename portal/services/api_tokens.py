"""API tokens: issued after the password (and the second factor where one is required), expiring, revocable.

The key is shown once; only its SHA-256 is stored, so a copy of the database does not hand out credentials.
A token stops working when it expires, when it is revoked (by its holder, or on the server), when the user's
password changes (its ``auth_hash`` no longer matches) and when the user is deactivated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.roles import is_bank_staff
from core.services.audit import audit_record
from core.text import refuse_hidden_characters
from portal.models import ApiToken, User
from portal.permissions import can_administer, must_use_second_factor

KEY_PREFIX = "rp_"  # recognisable in logs and by secret scanners
MAX_LIVE_TOKENS = 50


class SecondFactorRequired(ServiceError):
    """A bank officer asked for a token without (or with a wrong) authenticator code."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # the only time the key exists outside the holder's hands


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_lifetime(user: User) -> dt.timedelta:
    staff = is_bank_staff(user) or can_administer(user)
    hours = settings.API_TOKEN_TTL_HOURS_BANK_STAFF if staff else settings.API_TOKEN_TTL_HOURS
    return dt.timedelta(hours=hours)


def api_token_issue(
    *, actor: Actor | None, user: User, name: str, second_factor: str, lifetime: dt.timedelta | None = None
) -> IssuedToken:
    """Issue a token for ``user``; ``second_factor`` says how the holder proved one ("" when not: refused for a user
    who must use one). ``lifetime`` may shorten, never lengthen, the user's maximum."""
    if "\x00" in (name or ""):
        raise ServiceError(code="invalid", message=_("The token name cannot contain a NUL character."))
    # Before folding the spaces: Python's split() takes some controls (U+0085, U+001C-U+001F) for spaces.
    refuse_hidden_characters(name or "", where=_("The token name"), field="name")
    name = " ".join((name or "").split())[:80] or _("API token")
    if must_use_second_factor(user) and not second_factor:
        raise SecondFactorRequired(
            code="second_factor_required",
            message=_(
                'Bank staff need their authenticator code for an API token: send it as "otp" with the username and '
                "password, or create the token on the API tokens page after signing in."
            ),
        )
    maximum = token_lifetime(user)
    lifetime = min(lifetime or maximum, maximum)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        # Lock the user row: two simultaneous logins cannot both slip under the cap.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if ApiToken.objects.live().filter(user=user).count() >= MAX_LIVE_TOKENS:
            raise ServiceError(
                code="too_many_tokens",
                message=_(
                    "You already hold %(n)d valid API tokens. Revoke the ones you no longer use (GET /api/v1/tokens/, "
                    "or the API tokens page) and reuse a token instead of asking for one on every run."
                )
                % {"n": MAX_LIVE_TOKENS},
            )
        token = ApiToken.objects.create(
            user=user,
            name=name,
            key_hash=hash_key(key),
            key_prefix=key[:10],
            auth_hash=user.get_session_auth_hash(),
            second_factor=second_factor,
            expires_at=timezone.now() + lifetime,
        )
        audit_record(
            actor=actor,
            action="api_token.issued",
            target=token,
            after={
                "user": user.username,
                "name": name,
                "key_prefix": token.key_prefix,
                "expires_at": token.expires_at.isoformat(),
                "second_factor": second_factor,
            },
        )
    return IssuedToken(token=token, key=key)


def api_token_login(
    *, request: HttpRequest, username: str, password: str, otp: str = "", name: str = ""
) -> IssuedToken:
    """``POST /api/v1/token/``: the password (through the login lockout), then the second factor where required."""
    user = authenticate(request=request, username=username, password=password)
    if user is None:
        raise ServiceError(code="invalid_credentials", message=_("Unable to log in with provided credentials."))
    second_factor = ""
    if must_use_second_factor(user):
        second_factor = _verify_totp(user, otp)
    return api_token_issue(actor=user, user=user, name=name or "API", second_factor=second_factor)


def second_factor_pause(*, device: TOTPDevice) -> int | None:
    """The seconds left of the pause after a wrong authenticator code (django-otp refuses every code meanwhile, the
    right one too), or None when a code is checked now. The API and the browser's page both say it."""
    allowed, held = device.verify_is_allowed()
    if allowed or not held or "locked_until" not in held:
        return None
    return max(1, math.ceil((held["locked_until"] - timezone.now()).total_seconds()))


def _verify_totp(user: User, otp: str) -> str:
    code = (otp or "").replace(" ", "")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise SecondFactorRequired(
            code="second_factor_required",
            message=_(
                "Sign in to the portal in a browser once and set up your authenticator app; then ask for the token "
                'with its code as "otp".'
            ),
        )
    if not code:
        raise SecondFactorRequired(
            code="second_factor_required",
            message=_('Bank staff need their authenticator code for an API token: send the 6 digits as "otp".'),
        )
    wait = second_factor_pause(device=device)
    if wait is not None:
        raise SecondFactorRequired(
            code="bad_second_factor",
            message=ngettext(
                "After a wrong authenticator code the next one is checked only later: wait %(seconds)s second, then "
                'send the 6 digits your app shows then as "otp".',
                "After a wrong authenticator code the next one is checked only later: wait %(seconds)s seconds, then "
                'send the 6 digits your app shows then as "otp".',
                wait,
            )
            % {"seconds": wait},
        )
    if not (code.isdigit() and device.verify_token(code)):
        with transaction.atomic():
            audit_record(actor=user, action="api_token.second_factor_failed", target=user)
        raise SecondFactorRequired(
            code="bad_second_factor",
            message=_('The authenticator code is not right. Send the 6 digits your app shows now as "otp".'),
        )
    return "totp"


def api_token_revoke(*, actor: Actor | None, token_id: int, reason: str) -> ApiToken:
    """Revoke one of the actor's own tokens (the server's ``api_token revoke`` passes ``actor=None`` for any)."""
    # The reason is shown to the token's holder (the token list, the API's revoked_reason), as its name is.
    refuse_hidden_characters(reason or "", where=_("The reason"), field="reason")
    with transaction.atomic():
        tokens = ApiToken.objects.select_for_update()
        if actor is not None:
            tokens = tokens.filter(user=user_row(actor))
        token = tokens.filter(pk=token_id).first()
        if token is None:
            raise ServiceError(code="not_found", message=_("No such API token."))
        if token.revoked_at is not None:
            return token  # revoking twice is harmless
        token.revoked_at = timezone.now()
        token.revoked_reason = " ".join((reason or "").split())[:200] or _("revoked by its holder")
        token.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(
            actor=actor,
            action="api_token.revoked",
            target=token,
            after={"user_id": token.user_id, "key_prefix": token.key_prefix, "reason": token.revoked_reason},
        )
    return token


def token_state(token: ApiToken, now: dt.datetime | None = None) -> str:
    """``active``, ``expired``, ``revoked`` or ``password_changed`` (for lists; authentication checks the same)."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= now:
        return "expired"
    if token.auth_hash != token.user.get_session_auth_hash():
        return "password_changed"
    return "active"
