"""Agreements: creating one for an account (bulk import and change requests come with issue 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.errors import ServiceError
from core.services.audit import audit_record, snapshot
from reconcile.models import AccountStatus, BankAccount
from statements.channels.registry import REGISTRY as STATEMENT_CHANNELS
from statements.models import Agreement, BalanceStatement, Cycle
from statements.notify.registry import DEFAULT as DEFAULT_NOTIFY
from statements.notify.registry import validate_contact
from statements.validators import normalize_cn_mobile, normalize_cn_phone, normalize_cn_postcode

AGREEMENT_FIELDS = [
    "account_id",
    "cycle",
    "channel",
    "contact_name",
    "mobile",
    "address",
    "postcode",
    "phone",
    "detail_in_pdf",
    "notify_channel",
    "wechat_openid",
    "valid_from",
    "valid_to",
]
# The terms a new version carries over from the one it replaces unless given.
TERMS = (
    "cycle",
    "channel",
    "contact_name",
    "mobile",
    "address",
    "postcode",
    "phone",
    "detail_in_pdf",
    "notify_channel",
    "wechat_openid",
)


def agreement_create(
    *,
    actor: Actor | None,
    account: BankAccount,
    cycle: str,
    channel: str,
    contact_name: str,
    mobile: str,
    address: str = "",
    postcode: str = "",
    phone: str = "",
    detail_in_pdf: bool = False,
    notify_channel: str = DEFAULT_NOTIFY,
    wechat_openid: str = "",
    valid_from: dt.date,
) -> Agreement:
    errors: dict[str, str] = {}
    if cycle not in Cycle.values:
        errors["cycle"] = _("Unknown cycle %(value)s; use monthly or quarterly.") % {"value": cycle}
    if channel not in STATEMENT_CHANNELS:
        errors["channel"] = _("Unknown channel %(value)s; use one of %(known)s.") % {
            "value": channel,
            "known": ", ".join(STATEMENT_CHANNELS),
        }
    if not (contact_name or "").strip():
        errors["contact_name"] = _("The contact name is required.")
    try:
        e164 = normalize_cn_mobile(mobile)
    except ValidationError as exc:
        errors["mobile"] = exc.messages[0]
    if (
        channel in STATEMENT_CHANNELS
        and STATEMENT_CHANNELS[channel].needs_postal_address
        and not (address or "").strip()
    ):
        errors["address"] = _("%(channel)s needs a postal address.") % {"channel": STATEMENT_CHANNELS[channel].label}
    try:
        postcode = normalize_cn_postcode(postcode)
    except ValidationError as exc:
        errors["postcode"] = exc.messages[0]
    try:
        phone = normalize_cn_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    addresses, contact_errors = validate_contact(
        notify_channel=notify_channel, addresses={"wechat_openid": wechat_openid}
    )
    errors.update(contact_errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = BankAccount.objects.select_for_update().get(pk=account.pk)
        if locked.status != AccountStatus.ACTIVE:
            raise ValidationError(
                {
                    "account": _("Account %(number)s is %(status)s; only active accounts get an agreement.")
                    % {"number": locked.number, "status": locked.status}
                }
            )
        if Agreement.objects.current().filter(account=locked).exists():
            raise ValidationError(
                {
                    "account": _(
                        "Account %(number)s already has a current agreement; change it through a change request."
                    )
                    % {"number": locked.number}
                }
            )
        agreement = Agreement.objects.create(
            account=locked,
            cycle=cycle,
            channel=channel,
            contact_name=contact_name.strip(),
            mobile=e164,
            address=(address or "").strip(),
            postcode=postcode,
            phone=phone,
            detail_in_pdf=bool(detail_in_pdf),
            notify_channel=notify_channel,
            wechat_openid=addresses["wechat_openid"],
            valid_from=valid_from,
        )
        audit_record(
            actor=actor, action="agreement.created", target=agreement, after=snapshot(agreement, AGREEMENT_FIELDS)
        )
    return agreement


def agreement_replace(*, actor: Actor | None, account: BankAccount, terms: dict[str, Any], today: dt.date) -> str:
    """New terms from `today` on: the current version ends yesterday and a new one starts (history is kept).

    Returns "created", "changed" or "" (nothing to change). A second change on the same day corrects that
    day's version in place: no statement can have used it yet.
    """
    current = Agreement.objects.select_for_update().current().filter(account=account).first()
    if current is None:
        agreement_create(actor=actor, account=account, valid_from=today, **terms)
        return "created"
    if all(getattr(current, k) == value for k, value in terms.items()):
        return ""
    before = snapshot(current, AGREEMENT_FIELDS)
    if current.valid_from == today:
        for k, value in terms.items():
            setattr(current, k, value)
        current.save(update_fields=list(terms))
        audit_record(
            actor=actor,
            action="agreement.corrected",
            target=current,
            before=before,
            after=snapshot(current, AGREEMENT_FIELDS),
        )
    else:
        current.valid_to = today - dt.timedelta(days=1)
        current.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="agreement.ended",
            target=current,
            before=before,
            after=snapshot(current, AGREEMENT_FIELDS),
        )
        unchanged = {k: getattr(current, k) for k in TERMS}
        agreement_create(actor=actor, account=account, valid_from=today, **(unchanged | terms))
    return "changed"


def agreement_start_correct(
    *, actor: Actor | None, agreement_id: int, valid_from: dt.date, terms: dict[str, Any], today: dt.date
) -> Agreement:
    """Correct the start date (and terms) of an agreement no statement was issued under, in place (audited).

    Only for an account's one and only agreement: with a statement issued under it, its start (which decided that
    the statement was due) is history; with earlier versions, moving the start would overlap them.
    """
    if valid_from > today:
        raise ServiceError(_("The agreement cannot start in the future."), code="future_start")
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().select_related("account").get(pk=agreement_id)
        issued = (
            BalanceStatement.objects.filter(account_id=agreement.account_id)
            .order_by("period_end", "version")
            .values_list("number", "period")
            .first()
        )
        if issued is not None:
            raise ServiceError(
                _(
                    "statements were already issued for account %(account)s (the first: %(number)s for "
                    "%(period)s), so the start date of its agreement (%(start)s) can no longer change; "
                    "leave valid_from empty or write %(start)s"
                )
                % {
                    "account": agreement.account.number,
                    "number": issued[0],
                    "period": issued[1],
                    "start": agreement.valid_from,
                },
                code="start_has_statements",
            )
        if Agreement.objects.filter(account_id=agreement.account_id).exclude(pk=agreement.pk).exists():
            first = Agreement.objects.filter(account_id=agreement.account_id).order_by("valid_from").first()
            raise ServiceError(
                _(
                    "the agreement of account %(account)s has changed since it started on %(start)s, so "
                    "its start date can no longer move; leave valid_from empty or write %(start)s"
                )
                % {"account": agreement.account.number, "start": first.valid_from},
                code="start_has_history",
            )
        before = snapshot(agreement, AGREEMENT_FIELDS)
        agreement.valid_from = valid_from
        for key, value in terms.items():
            setattr(agreement, key, value)
        agreement.save(update_fields=["valid_from", *terms])
        audit_record(
            actor=actor,
            action="agreement.start_corrected",
            target=agreement,
            before=before,
            after=snapshot(agreement, AGREEMENT_FIELDS),
        )
    return agreement
