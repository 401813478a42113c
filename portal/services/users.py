"""Creating users and granting roles: validated, idempotent, audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.services.audit import audit_record
from core.text import hidden_character
from portal.models import BANK_ROLES, COMPANY_ROLES, Role, RoleGrant, User
from reconcile.models import Customer
from statements.services.answer_codes import mask_phone
from statements.validators import normalize_cn_mobile


def _check_roles(roles: set[str], customer: Customer | None) -> None:
    unknown = sorted(roles - set(Role.values))
    if unknown:
        raise ValidationError(
            {
                "role": _("Unknown role %(roles)s; use one of %(known)s.")
                % {"roles": ", ".join(unknown), "known": ", ".join(Role.values)}
            }
        )
    if not roles:
        raise ValidationError({"role": _("A user needs at least one role.")})
    if roles & BANK_ROLES and roles & COMPANY_ROLES:
        raise ValidationError({"role": _("Bank staff roles cannot be combined with company roles.")})
    if roles & COMPANY_ROLES and customer is None:
        raise ValidationError({"customer": _("Company roles need the customer's credit code (--customer).")})
    if roles & BANK_ROLES and customer is not None:
        raise ValidationError({"customer": _("Bank staff do not belong to a customer; leave --customer out.")})


def user_ensure(
    *,
    actor: Actor | None,
    username: str,
    roles: Iterable[str],
    password: str | None = None,
    customer: Customer | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    mobile: str | None = None,
) -> tuple[User, bool]:
    """Create the user, or bring an existing one up to the given roles; never duplicates.

    Roles are granted additively: running onboarding twice, or with a second role, never removes
    a role someone granted by hand. The name (printed as 编制人 and 回复人 on documents) is set when given
    and left as it is when not. Returns (user, created).
    """
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("A username is required.")})
    wanted = {str(r) for r in roles}
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        all_roles = wanted | (set(user.role_grants.values_list("role", flat=True)) if user else set())
        _check_roles(all_roles, customer if created else user.customer)
        if not created and customer is not None and user.customer_id != customer.pk:
            raise ValidationError(
                {
                    "customer": _(
                        "User %(username)s already belongs to another customer; a user cannot move between customers."
                    )
                    % {"username": username}
                }
            )
        if password is not None:
            validate_password(password, user=user)
        if created:
            user = User(username=username, customer=customer)
            user.set_password(password) if password else user.set_unusable_password()
            user.save()
            audit_record(
                actor=actor,
                action="user.created",
                target=user,
                after={"username": username, "customer_id": customer.pk if customer else None},
            )
        elif password is not None and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            audit_record(actor=actor, action="user.password_set", target=user)
        _set_name(actor, user, first_name, last_name)
        if mobile is not None:
            _set_mobile(actor, user, mobile)
        existing = set(user.role_grants.values_list("role", flat=True))
        new_roles = sorted(wanted - existing)
        if new_roles:
            RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in new_roles])
            audit_record(
                actor=actor,
                action="user.roles_granted",
                target=user,
                before={"roles": sorted(existing)},
                after={"roles": sorted(existing | set(new_roles))},
            )
        if Role.BANK_OPS in wanted | existing:
            _grant_bank_admin(actor, user)
        user.__dict__.pop("roles", None)
    return user, created


def _set_mobile(actor: Actor | None, user: User, mobile: str) -> None:
    """The registered mobile the codes that sign answers go to (audited, masked in the log)."""
    mobile = "".join(mobile.split()).replace("-", "")
    if mobile:
        try:
            normalize_cn_mobile(mobile)  # the validator agreements' mobiles pass: a mainland mobile, 1[3-9]X...
        except ValidationError:
            raise ValidationError(
                {
                    "mobile": _(
                        "%(value)s is not a mainland China mobile number: give 11 digits starting with 13 to 19 "
                        "(optionally +86 first), e.g. 13812345678."
                    )
                    % {"value": mobile[:30]}
                }
            ) from None
    if user.mobile == mobile or (mobile and _same_mobile(user.mobile, mobile)):
        # Idempotent as README says: 13812345678 again after +8613812345678 is the same phone, no change to audit.
        return
    before = user.mobile
    user.mobile = mobile
    user.save(update_fields=["mobile"])
    audit_record(
        actor=actor,
        action="user.mobile_set",
        target=user,
        before={"mobile": mask_phone(before) if before else ""},
        after={"mobile": mask_phone(mobile) if mobile else ""},
    )


def _same_mobile(stored: str, given: str) -> bool:
    try:
        return normalize_cn_mobile(stored) == normalize_cn_mobile(given)
    except ValidationError:  # a stored value from before the mainland check
        return False


def _set_name(actor: Actor | None, user: User, first_name: str | None, last_name: str | None) -> None:
    wanted = {
        field: value.strip()
        for field, value in (("first_name", first_name), ("last_name", last_name))
        if value is not None
    }
    for field, value in wanted.items():
        limit = User._meta.get_field(field).max_length
        if len(value) > limit:
            raise ValidationError({field: _("The name is longer than %(limit)s characters.") % {"limit": limit}})
        hidden = hidden_character(value)
        if hidden is not None:  # documents print it (编制人, 回复人): a U+202E would reverse what a reader sees
            raise ValidationError(
                {
                    field: _("%(where)s contains a hidden control character (%(char)s); type the text without it.")
                    % {"where": _("The name"), "char": hidden}
                }
            )
    changed = {field: value for field, value in wanted.items() if getattr(user, field) != value}
    if not changed:
        return
    before = {field: getattr(user, field) for field in changed}
    for field, value in changed.items():
        setattr(user, field, value)
    user.save(update_fields=list(changed))
    audit_record(actor=actor, action="user.name_set", target=user, before=before, after=changed)


# What bank operations maintain in the admin site: the working-day schedule (next year's holidays, 调休).
BANK_ADMIN_PERMISSIONS = (
    "view_workdayoverride",
    "add_workdayoverride",
    "change_workdayoverride",
    "delete_workdayoverride",
)


def _grant_bank_admin(actor: Actor | None, user: User) -> None:
    """Bank operations may sign in to the admin site for the calendar; nothing else there unless granted."""
    from django.contrib.auth.models import Permission

    wanted = set(Permission.objects.filter(content_type__app_label="statements", codename__in=BANK_ADMIN_PERMISSIONS))
    missing = wanted - set(user.user_permissions.all())
    if user.is_staff and not missing:
        return
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.user_permissions.add(*missing)
    audit_record(
        actor=actor,
        action="user.admin_granted",
        target=user,
        after={"is_staff": True, "permissions": sorted(p.codename for p in missing)},
    )
