"""Users and roles of the portal."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from reconcile.roles import BANK_ROLES, COMPANY_ROLES, Role

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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def roles(self) -> frozenset[str]:
        if self.pk is None:
            return frozenset()
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
