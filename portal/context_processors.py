from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request: HttpRequest) -> dict:
    """Role-aware navigation: each audience sees the entries that are theirs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        (reverse("portal:home"), _("Home")),
        (reverse("portal:statements"), _("Statements")),
        (reverse("portal:accounts"), _("Accounts")),
    ]
    if user.is_superuser or user.roles & {"accountant", "reviewer"}:  # the reviewer (复核人) reviews there
        items.append((reverse("portal:reconcile"), _("Reconciliation")))
    if user.is_superuser or user.roles & {"accountant", "bank_ops"}:
        items.append((reverse("portal:imports"), _("Imports")))
    if user.is_superuser or user.is_bank_staff:
        items.append((reverse("portal:ops"), _("Operations")))
        items.append((reverse("admin:index"), _("Administration")))
    return {"nav_items": items}
