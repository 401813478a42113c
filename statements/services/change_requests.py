"""Change requests: a client asks to change contact, mobile, address (with its postal code), contact phone, channel or
how it is notified (with its WeChat openid); bank operations decide."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ConflictError, ServiceError
from core.roles import can_answer, is_bank_staff, is_company_user_of
from core.services.audit import audit_record
from reconcile.models import BankAccount
from statements.channels.registry import REGISTRY as STATEMENT_CHANNELS
from statements.models import Agreement, AgreementChangeRequest, ChangeStatus
from statements.notify.registry import DEFAULT as DEFAULT_NOTIFY
from statements.notify.registry import validate_contact
from statements.services.agreements import agreement_replace
from statements.validators import normalize_cn_mobile, normalize_cn_phone, normalize_cn_postcode

FIELDS = ("contact_name", "mobile", "address", "postcode", "phone", "channel", "notify_channel", "wechat_openid")


def _refuse_unless_confirmer(actor: Actor, account: BankAccount) -> None:
    """Where the statements go is the company's confirmer's to change (the person who answers them): a user who only
    reads statements, keeps the books or reviews them could otherwise redirect the balance confirmations."""
    if not is_company_user_of(actor, account):
        raise ServiceError(_("You can only ask for changes to your own company's accounts."), code="forbidden")
    if not can_answer(actor, account):
        raise ServiceError(
            _("Only the company's confirmer may ask to change where its statements are sent."), code="forbidden"
        )


def change_request_submit(
    *,
    actor: Actor,
    account_id: int,
    contact_name: str,
    mobile: str,
    address: str,
    channel: str,
    postcode: str = "",
    phone: str = "",
    notify_channel: str = DEFAULT_NOTIFY,
    wechat_openid: str = "",
    written_request: str = "",
) -> AgreementChangeRequest:
    errors: dict[str, str] = {}
    if not (contact_name or "").strip():
        errors["contact_name"] = _("The contact name is required.")
    try:
        mobile = normalize_cn_mobile(mobile)
    except ValidationError as exc:
        errors["mobile"] = exc.messages[0]
    if channel not in STATEMENT_CHANNELS:
        errors["channel"] = _("Unknown channel %(value)s; use one of %(known)s.") % {
            "value": channel,
            "known": ", ".join(STATEMENT_CHANNELS),
        }
    elif STATEMENT_CHANNELS[channel].needs_postal_address and not (address or "").strip():
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
        # The caller's right first, read without a lock: another customer's request must not make this account wait.
        _refuse_unless_confirmer(actor, BankAccount.objects.get(pk=account_id))
        account = BankAccount.objects.select_for_update().get(pk=account_id)
        _refuse_unless_confirmer(actor, account)  # the account may have been given to another customer meanwhile
        current = Agreement.objects.current().filter(account=account).first()
        if current is None:
            raise ServiceError(_("This account has no agreement to change."), code="no_agreement")
        if channel != current.channel and not written_request:
            raise ValidationError(
                {"written_request": _("Changing the channel needs the signed written request (attach a scan).")}
            )
        try:
            with transaction.atomic():
                request = AgreementChangeRequest.objects.create(
                    account=account,
                    contact_name=contact_name.strip(),
                    mobile=mobile,
                    address=(address or "").strip(),
                    postcode=postcode,
                    phone=phone,
                    channel=channel,
                    notify_channel=notify_channel,
                    wechat_openid=addresses["wechat_openid"],
                    written_request=written_request,
                    requested_by=user_row(actor),
                )
        except IntegrityError as exc:
            raise ConflictError(
                _("A change request for this account is already waiting for the bank."), code="pending"
            ) from exc
        audit_record(
            actor=actor,
            action="change_request.submitted",
            target=request,
            after={f: getattr(request, f) for f in FIELDS},
        )
    return request


def change_request_decide(*, actor: Actor, request_id: int, approve: bool, note: str = "") -> AgreementChangeRequest:
    if not is_bank_staff(actor):
        raise ServiceError(_("Only bank operations may decide change requests."), code="forbidden")
    with transaction.atomic():
        request = (
            AgreementChangeRequest.objects.select_for_update(of=("self",))
            .select_related("account")
            .filter(pk=request_id)
            .first()
        )
        if request is None:
            raise ServiceError(
                _("Change request %(id)s does not exist; reload the page.") % {"id": request_id}, code="not_found"
            )
        if request.status != ChangeStatus.PENDING:
            raise ConflictError(_("This request was already decided."), code="decided")
        request.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        request.decided_by, request.decided_at, request.note = user_row(actor), timezone.now(), (note or "")[:300]
        request.save(update_fields=["status", "decided_by", "decided_at", "note"])
        if approve:
            agreement_replace(
                actor=actor,
                account=request.account,
                today=timezone.localdate(),
                terms={f: getattr(request, f) for f in FIELDS},
            )
        audit_record(
            actor=actor,
            action=f"change_request.{request.status}",
            target=request,
            after={"status": request.status, "note": request.note},
        )
    return request
