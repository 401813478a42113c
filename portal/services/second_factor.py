"""Enrolment codes for the second factor: an administrator issues one out of band, the user types it before the
authenticator app's key is shown (``SECOND_FACTOR_ENROLMENT_CODE``, on in production).

Without it the first person to sign in with a not-yet-enrolled user's password enrols their own app ("first use
wins"): a stolen password would be enough for staff access. The code is shown once; only its HMAC is stored.
Issuing a code to a user who already has an app is a reset: the app is removed and the user enrols again.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.actors import Actor
from core.errors import ServiceError
from core.services.audit import audit_record
from portal.models import SecondFactorInvite, User

# No 0/O, 1/I/L: the code is read aloud or copied from a letter. 16 characters of 31: about 79 bits.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_LENGTH = 16
_MAX_INPUT = 64  # longer input is refused before it is hashed


def _code_hash(user: User, code: str) -> str:
    # Bound to the user: another user's code never matches.
    return salted_hmac("portal.second_factor_invite", f"{user.pk}:{code}", algorithm="sha256").hexdigest()


def normalise_code(raw: str) -> str:
    """As typed: spaces and dashes dropped, upper case (the code is printed in groups of four)."""
    return "".join(ch for ch in (raw or "") if ch not in " -\t").upper()


def invite_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.SECOND_FACTOR_INVITE_TTL_HOURS)


def second_factor_invite_issue(*, actor: Actor | None, user: User) -> str:
    """Issue ``user`` a new enrolment code, replacing an open one; returns the code (the only time it exists
    outside the holder's hands; ``open_invite`` gives its expiry). A user with an authenticator app loses it (a
    reset)."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    code = "-".join(raw[i : i + 4] for i in range(0, _LENGTH, 4))
    issued_by = actor if isinstance(actor, User) else None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one issue at a time per user
        replaced = SecondFactorInvite.objects.filter(user=user, used_at__isnull=True).delete()[0]
        devices = TOTPDevice.objects.filter(user=user)
        had_app = devices.filter(confirmed=True).exists()
        devices.delete()  # an unconfirmed one too: the next enrolment gets a new key
        invite = SecondFactorInvite.objects.create(
            user=user,
            code_hash=_code_hash(user, raw),
            issued_by=issued_by,
            expires_at=timezone.now() + invite_lifetime(),
        )
        events = []
        if had_app:
            events.append("user.second_factor_reset")
        for action in [*events, "user.second_factor_invited"]:
            audit_record(
                actor=actor,
                action=action,
                target=user,
                after={"invite_id": invite.pk, "expires_at": invite.expires_at.isoformat(), "replaced": replaced},
            )
    return code


def open_invite(user: User) -> SecondFactorInvite | None:
    return SecondFactorInvite.objects.filter(user=user, used_at__isnull=True).first()


def _refused() -> ServiceError:
    return ServiceError(
        code="bad_enrolment_code",
        message=_(
            "The enrolment code is not right or no longer valid. Type the code your administrator gave you (letters "
            "and digits, dashes optional); an expired or used code needs a new one from them."
        ),
    )


def second_factor_invite_check(*, user: User, code: str) -> SecondFactorInvite:
    """The user's open, unexpired invite when ``code`` is its code; else ServiceError ``bad_enrolment_code``
    (the same for wrong, expired, used and absent: nothing to learn from the difference). A refusal is audited
    (``user.second_factor_code_refused``, with why but never what was typed): someone trying codes with a stolen
    password shows in the audit log, not only in the throttle's pause."""
    if len(code or "") > _MAX_INPUT:
        raise _refused_audited(user, "too_long")
    typed = normalise_code(code)
    if not typed.isascii() or not typed.isalnum():
        raise _refused_audited(user, "not_a_code")
    invite = SecondFactorInvite.objects.filter(user=user, used_at__isnull=True).first()
    if invite is None:
        raise _refused_audited(user, "no_open_code")
    if invite.expires_at <= timezone.now():
        raise _refused_audited(user, "expired")
    if not constant_time_compare(invite.code_hash, _code_hash(user, typed)):
        raise _refused_audited(user, "wrong")
    return invite


def _refused_audited(user: User, why: str) -> ServiceError:
    with transaction.atomic():
        audit_record(actor=user, action="user.second_factor_code_refused", target=user, after={"why": why})
    return _refused()


def second_factor_invite_use(*, user: User, invite_id: int) -> SecondFactorInvite:
    """Mark the invite used; inside the transaction that confirms the device. Refused when it was used, replaced
    or expired meanwhile (the row is locked: two tabs cannot both enrol with one code)."""
    invite = (
        SecondFactorInvite.objects.select_for_update()
        .filter(pk=invite_id, user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if invite is None:
        raise _refused()
    invite.used_at = timezone.now()
    invite.save(update_fields=["used_at"])
    return invite
