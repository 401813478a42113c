"""Agreements: creating one for an account (bulk import and change requests come with issue 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reconcile.models import AccountStatus, BankAccount
from reconcile.services.audit import audit_record, snapshot
from statements.models import Agreement, Channel, Cycle
from statements.validators import normalize_cn_mobile

AGREEMENT_FIELDS = ["account_id", "cycle", "channel", "contact_name", "mobile", "address", "valid_from", "valid_to"]


def agreement_create(
    *,
    actor: Any,
    account: BankAccount,
    cycle: str,
    channel: str,
    contact_name: str,
    mobile: str,
    address: str = "",
    valid_from: dt.date,
) -> Agreement:
    errors: dict[str, str] = {}
    if cycle not in Cycle.values:
        errors["cycle"] = _("Unknown cycle %(value)s; use monthly or quarterly.") % {"value": cycle}
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel %(value)s; use one of %(known)s.") % {
            "value": channel, "known": ", ".join(Channel.values)}
    if not (contact_name or "").strip():
        errors["contact_name"] = _("The contact name is required.")
    try:
        e164 = normalize_cn_mobile(mobile)
    except ValidationError as exc:
        errors["mobile"] = exc.messages[0]
    if channel == Channel.PAPER and not (address or "").strip():
        errors["address"] = _("Paper mail needs a postal address.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = BankAccount.objects.select_for_update().get(pk=account.pk)
        if locked.status != AccountStatus.ACTIVE:
            raise ValidationError({"account": _("Account %(number)s is %(status)s; only active accounts get an "
                                                "agreement.") % {"number": locked.number, "status": locked.status}})
        if Agreement.objects.filter(account=locked, valid_to__isnull=True).exists():
            raise ValidationError({"account": _("Account %(number)s already has a current agreement; change it "
                                                "through a change request.") % {"number": locked.number}})
        agreement = Agreement.objects.create(
            account=locked, cycle=cycle, channel=channel, contact_name=contact_name.strip(), mobile=e164,
            address=(address or "").strip(), valid_from=valid_from,
        )
        audit_record(actor=actor, action="agreement.created", target=agreement,
                     after=snapshot(agreement, AGREEMENT_FIELDS))
    return agreement
