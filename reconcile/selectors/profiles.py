"""Which mapping profiles a company or an import may see and use.

A profile belongs to one customer, or to the bank (``customer`` null, saved by bank staff, for every company). A
company user sees and uses its own and the bank-wide ones, never another company's; bank staff see all. A name is
unique per owner, so one name may exist for several companies; looked up for an import, the importing company's own
profile of that name wins over the bank-wide one.
"""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from core.actors import ActorOrAnonymous, user_row
from reconcile.models import BankAccount, Customer, MappingProfile
from reconcile.selectors import scope_to_user, sees_all_customers


def _usable_by(customer: Customer | int | None) -> Q:
    customer_id = getattr(customer, "pk", customer)
    return Q(customer__isnull=True) | (Q(customer_id=customer_id) if customer_id else Q(pk__in=[]))


def profiles_visible_to(user: ActorOrAnonymous | None) -> QuerySet[MappingProfile]:
    """The profiles a user's list shows: all for bank staff, the company's own and the bank-wide ones otherwise."""
    profiles = MappingProfile.objects.select_related("customer")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return profiles.none()
    if sees_all_customers(user):
        return profiles.order_by("name", "customer_id")
    return profiles.filter(_usable_by(getattr(user, "customer_id", None))).order_by("name", "customer_id")


def profile_named(*, name: str, customer: Customer | None) -> MappingProfile | None:
    """The profile an import names: the customer's own of that name, else the bank-wide one, else None (also when
    only another company has one of that name: indistinguishable from none)."""
    if not name:
        return None
    # Own first: NULLs sort last in ascending order on PostgreSQL and first on SQLite, so order explicitly.
    found = {p.customer_id: p for p in MappingProfile.objects.filter(_usable_by(customer), name=name)}
    return found.get(getattr(customer, "pk", None)) or found.get(None)


def profiles_for(*, kind: str, customer: Customer | None) -> QuerySet[MappingProfile]:
    """Profiles an import may try automatically: the customer's own and the bank-wide ones (own first)."""
    shared = ExpressionWrapper(Q(customer__isnull=True), output_field=BooleanField())  # False (own) sorts first
    return (
        MappingProfile.objects.filter(_usable_by(customer), kind=kind)
        .annotate(shared=shared)
        .order_by("shared", "name")
    )


def remembered_account(*, user: ActorOrAnonymous | None, kind: str, layout: str) -> BankAccount | None:
    """The account this user last chose for a file of this kind and layout (``Import.layout``: the format and the
    header the parsers read it by), if they may still use it; None without one.

    A file that does not name its account is an export of one layout (a bank's CSV, an ERP's XLSX), which a company
    uploads month after month for the same account; two banks' exports of one file type are two layouts. Only the
    user's own imports that went in with an account they chose are read.
    """
    from reconcile.models import Import, ImportStatus

    if not layout or user is None or not user.is_authenticated:
        return None
    chosen = (
        Import.objects.filter(
            uploaded_by=user_row(user), status=ImportStatus.DONE, kind=kind, layout=layout, account__isnull=False
        )
        .exclude(requested_account="")
        .order_by("-created_at", "-pk")
        .values_list("account_id", flat=True)
        .first()
    )
    if chosen is None:
        return None
    return scope_to_user(BankAccount.objects.filter(pk=chosen), user).first()
