"""Roles and the access rules every layer shares (the user model itself lives in portal).

Kept here, at the bottom of the import flow (portal -> statements -> reconcile), so services of any app
can check who may do what without importing the site.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.actors import Actor, ActorOrAnonymous
from core.errors import ServiceError


class Role(models.TextChoices):
    CLIENT_VIEWER = "client_viewer", _("Client viewer")
    CLIENT_CONFIRMER = "client_confirmer", _("Client confirmer")
    ACCOUNTANT = "accountant", _("Accountant")
    # 复核人: the second person who approves (or returns) an accountant's period close and its 余额调节表.
    REVIEWER = "reviewer", _("Reviewer")
    BANK_OPS = "bank_ops", _("Bank operations")
    # A bank system (core banking, a statement hub) that feeds statement lines into accounts: it imports bank
    # statements for any account and sees nothing; its lines are the bank's own (bank-fed).
    BANK_FEED = "bank_feed", _("Bank system feed")


COMPANY_ROLES = frozenset({Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER, Role.ACCOUNTANT, Role.REVIEWER})
BANK_ROLES = frozenset({Role.BANK_OPS, Role.BANK_FEED})


def roles_of(user: ActorOrAnonymous | None) -> frozenset[str]:
    # None and an anonymous visitor have no roles (the default).
    return frozenset(getattr(user, "roles", ()) or ())


def is_bank_staff(user: ActorOrAnonymous | None) -> bool:
    # Asked of every request by the second-factor middleware, before anyone signs in.
    return bool(user is not None and getattr(user, "is_authenticated", False) and Role.BANK_OPS in roles_of(user))


def second_factor_done(user: ActorOrAnonymous | None) -> bool:
    """Whether the login this actor acts through proved the second factor, where the deployment asks bank staff for one
    (``BANK_STAFF_REQUIRE_2FA``). A signed-in session says so through django-otp's ``is_verified`` (the middleware
    installs it on the request's user), an API token through the one its authentication installs. A user without it
    (loaded by hand, or a password-only session) has not."""
    if not settings.BANK_STAFF_REQUIRE_2FA:
        return True
    verified = getattr(user, "is_verified", None)
    return bool(callable(verified) and verified())


def acts_for_bank(user: Actor | None) -> bool:
    """Whether a bank-side write (customers, accounts, paper batches ...) may run for this actor: the server itself
    (None: a command or a task), or bank operations or an administrator, signed in with the second factor where the
    deployment asks for it. Services check it before they lock anything; the pages' role checks are not the only
    guard (the admin, the onboarding import and the ops pages all reach these services)."""
    if user is None:
        return True
    return _bank_side(user) and bool(getattr(user, "is_active", False)) and second_factor_done(user)


def _bank_side(user: Actor | None) -> bool:
    # Bank operations, or an administrator (who enters the admin site, as portal.permissions.can_administer).
    administers = getattr(user, "is_superuser", False) or getattr(user, "is_staff", False)
    return is_bank_staff(user) or bool(administers and getattr(user, "is_authenticated", False))


def refuse_unless_bank(user: Actor | None) -> None:
    """``acts_for_bank`` or a refusal (code ``forbidden``) saying what is missing: the role, or the second factor."""
    if acts_for_bank(user):
        return
    if _bank_side(user) and not second_factor_done(user):
        raise ServiceError(
            gettext("Confirm the login with your authenticator app in the browser first."), code="forbidden"
        )
    raise ServiceError(gettext("Only bank operations may do this."), code="forbidden")


def supplies_bank_lines(user: Actor | None) -> bool:
    """Whether bank lines this actor imports are the bank's own (bank-fed): the server itself (no actor: the
    import_file command), bank operations, or a bank system feed. A company's upload is a company copy."""
    if user is None:
        return True
    return bool(getattr(user, "is_authenticated", False) and roles_of(user) & {Role.BANK_OPS, Role.BANK_FEED})


def is_bank_feed_only(user: Actor | None) -> bool:
    """A bank system feed that is nothing else: it imports the bank's own statements, never a company's books."""
    roles = roles_of(user)
    return Role.BANK_FEED in roles and Role.BANK_OPS not in roles


def is_company_user_of(user: Actor, account: Any) -> bool:
    customer_id = getattr(user, "customer_id", None)
    return customer_id is not None and customer_id == account.customer_id


def is_accountant_of(user: Actor, account: Any) -> bool:
    return is_company_user_of(user, account) and Role.ACCOUNTANT in roles_of(user)


def is_reviewer_of(user: Actor, account: Any) -> bool:
    return is_company_user_of(user, account) and Role.REVIEWER in roles_of(user)


def can_answer(user: Actor, account: Any) -> bool:
    return is_company_user_of(user, account) and Role.CLIENT_CONFIRMER in roles_of(user)
