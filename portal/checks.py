"""Deployment checks (``manage.py check --deploy``) for the portal's own security settings."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def second_factor_enrolment_checks(app_configs, **kwargs) -> list[checks.CheckMessage]:
    # Where a second factor is required, enrolling without an administrator's code lets a stolen password of a user
    # who has not enrolled yet enrol the thief's own authenticator app.
    if settings.BANK_STAFF_REQUIRE_2FA and not settings.SECOND_FACTOR_ENROLMENT_CODE:
        return [
            checks.Warning(
                "SECOND_FACTOR_ENROLMENT_CODE is off: a user who has not enrolled an authenticator app yet enrols "
                "one with the password alone.",
                hint="Set SECOND_FACTOR_ENROLMENT_CODE=1 and hand out codes with manage.py second_factor_invite.",
                id="portal.W001",
            )
        ]
    return []
