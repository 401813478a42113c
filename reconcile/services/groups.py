"""集团: parent and subsidiary customers, the group users' grants, and the customer's signed-answers setting.

A subsidiary has one parent; groups are two levels (a parent is no one's subsidiary). A group user is a company
user of the parent; ops grant it a subsidiary on that subsidiary's written authorisation, and withdraw it. The
grant is read at every request (``granted_customer_ids``), so a withdrawal, or the subsidiary leaving the group,
stops it at once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.request_scope import forget, kept
from core.roles import COMPANY_ROLES, Role, roles_of
from core.services.audit import audit_record
from core.tabular import Problems, read_table
from core.text import refuse_hidden_characters
from core.validators import normalize_credit_code
from reconcile.models import Customer, GroupGrant

MAX_ROWS = 10_000
COLUMNS: dict[str, tuple[str, ...]] = {
    "subsidiary_credit_code": ("子公司统一社会信用代码", "子公司信用代码"),
    "parent_credit_code": ("母公司统一社会信用代码", "母公司信用代码", "集团统一社会信用代码"),
}


def _customer(credit_code: str, *, where: str = "") -> Customer:
    code = normalize_credit_code(credit_code or "")
    customer = Customer.objects.filter(credit_code=code).first()
    if customer is None:
        raise ServiceError(
            _("%(where)sNo customer has the credit code %(c)s.") % {"where": where, "c": (credit_code or "")[:40]},
            code="not_found",
        )
    return customer


def customer_parent_set(
    *, actor: Actor | None, credit_code: str, parent_credit_code: str | None, where: str = ""
) -> Customer:
    """Make the customer a subsidiary of the parent (None: no longer in a group); audited."""
    with transaction.atomic():
        child = Customer.objects.select_for_update().get(pk=_customer(credit_code, where=where).pk)
        parent = _customer(parent_credit_code, where=where) if parent_credit_code else None
        if parent is not None:
            if parent.pk == child.pk:
                raise ServiceError(
                    _("%(where)s%(c)s cannot be its own parent.") % {"where": where, "c": child}, code="bad_group"
                )
            if parent.parent_id is not None:
                raise ServiceError(
                    _("%(where)s%(p)s is itself a subsidiary of another company: a group has two levels.")
                    % {"where": where, "p": parent},
                    code="bad_group",
                )
            if child.subsidiaries.exists():
                raise ServiceError(
                    _("%(where)s%(c)s is the parent of other companies and cannot become a subsidiary.")
                    % {"where": where, "c": child},
                    code="bad_group",
                )
        if child.parent_id == (parent.pk if parent else None):
            return child
        before = {"parent_id": child.parent_id}
        child.parent = parent
        child.save(update_fields=["parent"])
        audit_record(
            actor=actor,
            action="customer.parent_set",
            target=child,
            before=before,
            after={"parent_id": parent.pk if parent else None},
        )
        if before["parent_id"] is not None:
            _grants_end_on_leaving(actor=actor, subsidiary=child)
    forget()  # a subsidiary that leaves the group takes its grants with it, from this request on
    return child


def _grants_end_on_leaving(*, actor: Actor | None, subsidiary: Customer) -> None:
    """A subsidiary leaving its group withdraws the grants on it: the written authorisation was given within the
    group, so coming back (to that parent or another) needs a new grant, not the old one revived."""
    for grant in GroupGrant.objects.select_for_update().filter(subsidiary=subsidiary, withdrawn_at=None):
        _withdraw(actor=actor, grant=grant, left_group=True)


def _withdraw(*, actor: Actor | None, grant: GroupGrant, left_group: bool = False) -> None:
    """End one grant (locked by the caller), audited ``group.withdrawn``."""
    grant.withdrawn_at = timezone.now()
    grant.withdrawn_by = user_row(actor)
    grant.save(update_fields=["withdrawn_at", "withdrawn_by"])
    after = {"user_id": grant.user_id, "subsidiary_id": grant.subsidiary_id}
    audit_record(
        actor=actor,
        action="group.withdrawn",
        target=grant,
        after={**after, "left_group": True} if left_group else after,
    )


def groups_import(*, actor: Actor | None, data: bytes, filename: str = "groups.csv") -> int:
    """``subsidiary_credit_code,parent_credit_code`` rows (an empty parent: leaves its group); all or nothing. Read
    and refused as every uploaded table is (core.tabular): every bad row at once, nothing changed."""
    rows = read_table(data, filename, COLUMNS, tuple(COLUMNS))
    if len(rows) > MAX_ROWS:
        raise ServiceError(_("At most %(n)d rows at a time.") % {"n": MAX_ROWS}, code="bad_file")
    problems = Problems()
    changed = 0
    with transaction.atomic():
        for row in rows:
            subsidiary, parent = row.values["subsidiary_credit_code"], row.values["parent_credit_code"]
            before = Customer.objects.filter(credit_code=normalize_credit_code(subsidiary))
            old = before.values_list("parent_id", flat=True).first()
            try:
                # A row refused leaves nothing behind, and the rows after it are checked as if it were not there.
                with transaction.atomic():
                    new = customer_parent_set(actor=actor, credit_code=subsidiary, parent_credit_code=parent or None)
            except ServiceError as exc:
                problems.row(row.line, exc.message, code=exc.code)
                continue
            changed += int(old != new.parent_id)
        if problems:
            transaction.set_rollback(True)
            problems.raise_if_any()
    return changed


def group_grant(*, actor: Actor | None, user: Actor, subsidiary_credit_code: str, authorisation: str) -> GroupGrant:
    """Grant a group user (a company user of the parent) a subsidiary; idempotent while the grant is live."""
    authorisation = " ".join((authorisation or "").replace("\x00", "").split())[:200]
    if not authorisation:
        raise ServiceError(
            _("Name the subsidiary's written authorisation (its reference or date)."), code="authorisation_required"
        )
    # The reference is printed on every receipt of an answer given under the grant (书面授权): a hidden U+202E would
    # make the signed document read otherwise than what was stored.
    refuse_hidden_characters(authorisation, where=_("The written authorisation"), field="authorisation")
    subsidiary = _customer(subsidiary_credit_code)
    if subsidiary.parent_id is None or subsidiary.parent_id != getattr(user, "customer_id", None):
        raise ServiceError(
            _("%(u)s is not a user of the parent company of %(s)s.") % {"u": user, "s": subsidiary}, code="not_in_group"
        )
    if not roles_of(user) & COMPANY_ROLES:
        raise ServiceError(_("%(u)s has no company role.") % {"u": user}, code="not_in_group")
    with transaction.atomic():
        live = (
            GroupGrant.objects.select_for_update()
            .filter(user=user_row(user), subsidiary=subsidiary, withdrawn_at=None)
            .first()
        )
        if live is not None:
            return live
        grant = GroupGrant.objects.create(
            user=user_row(user),
            subsidiary=subsidiary,
            authorisation=authorisation,
            granted_by=user_row(actor),
            granted_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="group.granted",
            target=grant,
            after={"user_id": user.pk, "subsidiary_id": subsidiary.pk, "authorisation": authorisation},
        )
    forget()
    return grant


def group_grant_withdraw(*, actor: Actor | None, user: Actor, subsidiary_credit_code: str) -> int:
    subsidiary = _customer(subsidiary_credit_code)
    with transaction.atomic():
        grants = list(
            GroupGrant.objects.select_for_update().filter(user=user_row(user), subsidiary=subsidiary, withdrawn_at=None)
        )
        for grant in grants:
            _withdraw(actor=actor, grant=grant)
    forget()  # the rest of this request reads the grants again
    return len(grants)


def grant_answering_for(user: Actor, customer_id: int | None) -> GroupGrant | None:
    """The live grant under which ``user`` answers for another company (a subsidiary of the user's own), or None when
    the company is the user's own (or no grant holds: the answer's own checks refuse it)."""
    own = getattr(user, "customer_id", None)
    if own is None or customer_id is None or customer_id == own:
        return None
    return (
        GroupGrant.objects.select_related("subsidiary")
        .filter(user_id=user.pk, subsidiary_id=customer_id, subsidiary__parent_id=own, withdrawn_at=None)
        .order_by("-granted_at")
        .first()
    )


def group_grant_facts(grant: GroupGrant) -> dict[str, Any]:
    """What an answer given under a grant records and states: the grant, the subsidiary and its authorisation."""
    return {
        "grant_id": grant.pk,
        "subsidiary_id": grant.subsidiary_id,
        "authorisation": grant.authorisation,
        "granted_at": grant.granted_at,
    }


def granted_customer_ids(user: Actor) -> list[int]:
    """The subsidiaries a group user may see now: live grants to subsidiaries still in the user's group."""
    customer_id = getattr(user, "customer_id", None)
    if customer_id is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    # Read once per request at most (a list page asks for each statement), never kept beyond it: a grant withdrawn
    # while the user is signed in is gone from the next request on (core.request_scope).
    return kept(
        ("granted_customer_ids", user.pk, customer_id),
        lambda: list(
            GroupGrant.objects.filter(
                user_id=user.pk, withdrawn_at=None, subsidiary__parent_id=customer_id
            ).values_list("subsidiary_id", flat=True)
        ),
    )


def may_answer(user: Actor, account: Any) -> bool:
    """A confirmer of the account's company, or a group confirmer granted the account's company."""
    if Role.CLIENT_CONFIRMER not in roles_of(user):
        return False
    return getattr(user, "customer_id", None) == account.customer_id or (
        account.customer_id is not None and account.customer_id in granted_customer_ids(user)
    )


def customer_signed_answers_set(*, actor: Actor | None, credit_code: str, required: bool) -> Customer:
    """Whether the customer's API answers must be signed; audited."""
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=_customer(credit_code).pk)
        if customer.require_signed_answers != required:
            before = {"require_signed_answers": customer.require_signed_answers}
            customer.require_signed_answers = required
            customer.save(update_fields=["require_signed_answers"])
            audit_record(
                actor=actor,
                action="customer.signed_answers_changed",
                target=customer,
                before=before,
                after={"require_signed_answers": required},
            )
    return customer
