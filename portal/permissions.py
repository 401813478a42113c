"""Role checks for pages: who may open what, with a 403 that says which role is needed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from portal.models import Role


def user_has_any_role(user, roles: tuple[str, ...]) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.roles & set(roles)))


def roles_required(*roles: Role) -> Callable:
    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_has_any_role(request.user, roles):
                raise PermissionDenied(_("This page needs one of these roles: %(roles)s.")
                                       % {"roles": ", ".join(str(Role(r).label) for r in roles)})
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


UPLOADERS = (Role.ACCOUNTANT, Role.BANK_OPS)
