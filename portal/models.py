"""Users and roles of the portal."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.roles import BANK_ROLES, COMPANY_ROLES, Role

__all__ = ["BANK_ROLES", "COMPANY_ROLES", "Role", "RoleGrant", "User"]


class User(AbstractUser):
    """A person who signs in: a company user of exactly one customer, or bank staff (no customer)."""

    customer = models.ForeignKey(
        "reconcile.Customer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("customer"),
    )
    # The registered mobile the one-time codes that sign answers are sent to (statements.services.answer_codes).
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def roles(self) -> frozenset[str]:
        if self.pk is None:
            return frozenset()
        flags = [(role, self.__dict__.get(flag)) for role, flag in ROLE_FLAGS.items()]
        if all(value is not None for _, value in flags):  # loaded with role_annotations(): no query
            return frozenset(role for role, value in flags if value)
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_bank_staff(self) -> bool:
        return Role.BANK_OPS in self.roles

    @property
    def sees_all_customers(self) -> bool:
        # Read by reconcile.selectors.scope_to_user: bank staff and superusers see every customer.
        return self.is_superuser or self.is_bank_staff


# One boolean per role, annotated onto the user by role_annotations() so the roles come with the user's row.
ROLE_FLAGS = {role: f"has_role_{role}" for role in Role.values}


def role_annotations(user_ref: str = "pk") -> dict[str, models.Exists]:
    """``.annotate(**role_annotations())`` on a User queryset (or ``role_annotations("user_id")`` on a queryset
    with a user foreign key): the roles in the same query, read by ``User.roles`` instead of a query of its own."""
    return {
        flag: models.Exists(RoleGrant.objects.filter(user_id=models.OuterRef(user_ref), role=role))
        for role, flag in ROLE_FLAGS.items()
    }


def group_grant_annotation(user_ref: str = "pk") -> dict[str, models.Exists]:
    """``has_group_grant``: whether the user holds any live 集团 grant, in the same query as the roles. Almost no
    user does, and for them the statement list's scope is their own company alone: a plain indexed filter instead of
    an OR with the grants' subquery, which PostgreSQL can only answer by scanning every statement."""
    from reconcile.models import GroupGrant

    return {
        "has_group_grant": models.Exists(
            GroupGrant.objects.filter(user_id=models.OuterRef(user_ref), withdrawn_at__isnull=True)
        )
    }


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique_user_role"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="rolegrant_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        """Not revoked and not expired; a password change is checked per token (it needs the user's hash)."""
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A credential for the REST API, shown once when issued and stored only as its SHA-256.

    It expires (``expires_at``), can be revoked, and stops working when the user's password changes (``auth_hash``
    is the user's session hash when it was issued, the same check Django makes for sessions) or the user is
    deactivated. ``second_factor`` records how the holder proved a second factor when it was issued (empty when
    they did not): a user who must use one cannot use a token issued without it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(_("key begins with"), max_length=12)
    auth_hash = models.CharField(max_length=128)
    second_factor = models.CharField(_("second factor"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=200, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_created")]

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.name})"


class SecondFactorInvite(models.Model):
    """A one-time enrolment code an administrator hands a user out of band, needed to enrol an authenticator app
    where ``SECOND_FACTOR_ENROLMENT_CODE`` is on: a stolen password alone cannot enrol the thief's own app.

    Only an HMAC of the code is stored (keyed by SECRET_KEY and bound to the user). A user has at most one open
    (unused) invite; issuing a new one replaces it.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="second_factor_invites", verbose_name=_("user")
    )
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(used_at__isnull=True), name="secondfactorinvite_one_open_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.issued_at:%Y-%m-%d %H:%M}"
