"""Roles and the access rules every layer shares (the user model itself lives in portal).

Kept here, at the bottom of the import flow (portal -> statements -> reconcile), so services of any app
can check who may do what without importing the site.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.actors import Actor, ActorOrAnonymous


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
