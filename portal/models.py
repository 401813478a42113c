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
    return {flag: models.Exists(RoleGrant.objects.filter(user_id=models.OuterRef(user_ref), role=role))
            for role, flag in ROLE_FLAGS.items()}


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
