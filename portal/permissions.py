"""Role checks for pages: who may open what, with a 403 that says which role is needed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.roles import is_bank_staff
from portal.models import Role


def user_has_any_role(user, roles: tuple[str, ...]) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.roles & set(roles)))


def roles_required(*roles: Role) -> Callable:
    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_has_any_role(request.user, roles):
                raise PermissionDenied(
                    _("This page needs one of these roles: %(roles)s.")
                    # The list separator is translated too: a Chinese sentence lists with "，", not ", ".
                    % {"roles": _(", ").join(str(Role(r).label) for r in roles)}
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


UPLOADERS = (Role.ACCOUNTANT, Role.BANK_OPS, Role.BANK_FEED)


def can_administer(user) -> bool:
    """Whoever may enter the admin site: a superuser (``manage.py createsuperuser`` in the production install) passes
    every role check and sees everything, with or without a bank role."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (getattr(user, "is_superuser", False) or getattr(user, "is_staff", False))
    )


def must_use_second_factor(user) -> bool:
    """Whether this user's logins (sessions and API tokens) need a second factor: bank staff, administrators and bank
    system feeds, when the deployment asks for it (``BANK_STAFF_REQUIRE_2FA``, on in production)."""
    # A bank system feed has no one to type a code: it gets its token on the server (manage.py api_token issue).
    return bool(
        settings.BANK_STAFF_REQUIRE_2FA
        and (is_bank_staff(user) or can_administer(user) or Role.BANK_FEED in getattr(user, "roles", ()))
    )
