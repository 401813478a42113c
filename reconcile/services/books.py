"""Services for customers and bank accounts: every write, validated and audited.

Each checks the actor first, before it validates or locks anything: these are the bank's writes (the admin, the ops
pages, the onboarding import and the commands call them), refused to a company user and to bank staff whose login has
not passed the second factor the deployment asks for (``core.roles.refuse_unless_bank``). Registering an account on
first sight is also a bank system feed's right (its statements name accounts the bank did not onboard yet)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor
from core.roles import acts_for_bank, refuse_unless_bank, second_factor_done, supplies_bank_lines
from core.services.audit import audit_record, snapshot
from core.validators import (
    normalize_account_number,
    normalize_credit_code,
    validate_account_number,
    validate_credit_code,
)
from reconcile.models import AccountStatus, AccountType, BankAccount, Customer, RiskTier

CUSTOMER_FIELDS = ["legal_name", "credit_code"]
ACCOUNT_FIELDS = [
    "number",
    "currency",
    "customer_id",
    "branch",
    "status",
    "status_since",
    "account_type",
    "risk_tier",
    "opened_on",
]


def _clean_name(legal_name: str) -> str:
    name = " ".join((legal_name or "").replace("\u3000", " ").split())
    if not name:
        raise ValidationError({"legal_name": _("The customer's legal name is required.")})
    if len(name) > 200:
        raise ValidationError({"legal_name": _("The legal name is longer than 200 characters.")})
    return name


def customer_create(*, actor: Actor | None, legal_name: str, credit_code: str) -> Customer:
    refuse_unless_bank(actor)
    name = _clean_name(legal_name)
    code = normalize_credit_code(credit_code)
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        raise ValidationError({"credit_code": exc.messages}) from exc
    with transaction.atomic():
        if Customer.objects.filter(credit_code=code).exists():
            raise ValidationError(
                {"credit_code": _("A customer with credit code %(code)s already exists.") % {"code": code}}
            )
        try:
            with transaction.atomic():
                customer = Customer.objects.create(legal_name=name, credit_code=code)
        except IntegrityError as exc:  # a concurrent create won the race
            raise ValidationError(
                {"credit_code": _("A customer with credit code %(code)s already exists.") % {"code": code}}
            ) from exc
        audit_record(actor=actor, action="customer.created", target=customer, after=snapshot(customer, CUSTOMER_FIELDS))
    return customer


def customer_update(*, actor: Actor | None, customer_id: int, legal_name: str) -> Customer:
    refuse_unless_bank(actor)
    name = _clean_name(legal_name)
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer_id)
        before = snapshot(customer, CUSTOMER_FIELDS)
        if customer.legal_name == name:
            return customer
        customer.legal_name = name
        customer.save(update_fields=["legal_name"])
        audit_record(
            actor=actor,
            action="customer.updated",
            target=customer,
            before=before,
            after=snapshot(customer, CUSTOMER_FIELDS),
        )
    return customer


def _clean_currency(currency: str) -> str:
    code = (currency or "").strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise ValidationError(
            {"currency": _("Currency %(value)s must be a 3-letter ISO code such as CNY.") % {"value": currency}}
        )
    return code


def _clean_account(
    number: str, branch: str, currency: str, status: str, *, branch_required: bool = True
) -> tuple[str, str, str]:
    """(number, branch, currency) checked and normalised, or a ValidationError naming the field. An account registered
    from an imported file has no branch yet (the file does not name it; onboarding does)."""
    compact = normalize_account_number(number)
    try:
        validate_account_number(compact)
    except ValidationError as exc:
        raise ValidationError({"number": exc.messages}) from exc
    if status not in AccountStatus.values:
        raise ValidationError(
            {"status": _("Unknown account status %(value)s; use active, dormant or closed.") % {"value": status}}
        )
    branch_name = (branch or "").strip()
    if not branch_name and branch_required:
        raise ValidationError({"branch": _("The opening branch is required.")})
    return compact, branch_name, _clean_currency(currency)


def _insert_account(
    *,
    actor: Actor | None,
    customer: Customer | None,
    number: str,
    branch: str,
    currency: str,
    status: str,
    opened_on: dt.date | None,
) -> BankAccount:
    """INSERT in a savepoint (an IntegrityError leaves the caller's transaction usable), audited."""
    with transaction.atomic():
        account = BankAccount.objects.create(
            number=number, currency=currency, customer=customer, branch=branch, status=status, opened_on=opened_on
        )
        audit_record(
            actor=actor, action="bank_account.created", target=account, after=snapshot(account, ACCOUNT_FIELDS)
        )
    return account


def bank_account_create(
    *,
    actor: Actor | None,
    customer: Customer | None,
    number: str,
    branch: str,
    currency: str = "CNY",
    status: str = AccountStatus.ACTIVE,
    opened_on: dt.date | None = None,
) -> BankAccount:
    refuse_unless_bank(actor)
    compact, branch_name, currency_code = _clean_account(number, branch, currency, status)
    with transaction.atomic():
        if BankAccount.objects.filter(number=compact).exists():
            raise ValidationError(
                {"number": _("Account number %(number)s is already registered.") % {"number": compact}}
            )
        try:
            return _insert_account(
                actor=actor,
                customer=customer,
                number=compact,
                branch=branch_name,
                currency=currency_code,
                status=status,
                opened_on=opened_on,
            )
        except IntegrityError as exc:
            raise ValidationError(
                {"number": _("Account number %(number)s is already registered.") % {"number": compact}}
            ) from exc


def bank_account_register(
    *, actor: Actor | None, customer: Customer | None, number: str, branch: str, currency: str = "CNY"
) -> tuple[BankAccount, bool]:
    """The account of a number, registered on first sight: (account, whether this call registered it).

    Safe when two imports meet a new number at once (an ERP pushing two batches in parallel): both read "no such
    account", both insert; the unique number lets one insert through and makes the other wait for its transaction
    and then fail, inside a savepoint, after which it reads the account the first one registered. Before, the
    second import was refused ("account ... already registered").
    """
    if not (acts_for_bank(actor) or (supplies_bank_lines(actor) and second_factor_done(actor))):
        refuse_unless_bank(actor)  # a company's upload takes an account the bank registered (imports.accounts)
    compact, branch_name, currency_code = _clean_account(
        number, branch, currency, AccountStatus.ACTIVE, branch_required=False
    )
    for _attempt in range(3):
        account = BankAccount.objects.filter(number=compact).first()
        if account is not None:
            return account, False
        try:
            return _insert_account(
                actor=actor,
                customer=customer,
                number=compact,
                branch=branch_name,
                currency=currency_code,
                status=AccountStatus.ACTIVE,
                opened_on=None,
            ), True
        except IntegrityError:
            continue  # registered by a concurrent import since our read: read it (or, if that one rolled back, retry)
    raise ValidationError(
        {"number": _("Account number %(number)s could not be registered; try again.") % {"number": compact}}
    )


def bank_account_set_status(
    *, actor: Actor | None, account_id: int, status: str, since: dt.date | None = None
) -> BankAccount:
    """Change the account's status; ``since`` is the day it took effect (today when not given). The supervisory
    return rate leaves out a dormant or closed account's statements for the periods ending on or after that day."""
    refuse_unless_bank(actor)
    if status not in AccountStatus.values:
        raise ValidationError(
            {"status": _("Unknown account status %(value)s; use active, dormant or closed.") % {"value": status}}
        )
    effective = since or timezone.localdate()
    if effective > timezone.localdate():
        raise ValidationError(
            {
                "status_since": _(
                    "The status date %(value)s is in the future; a status takes effect on a past day or today."
                )
                % {"value": effective.isoformat()}
            }
        )
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().get(pk=account_id)
        if account.status == status and (since is None or account.status_since == since):
            return account
        if account.status == AccountStatus.CLOSED and status != AccountStatus.CLOSED:
            raise ValidationError(
                {
                    "status": _("Account %(number)s is closed; a closed account cannot be reopened.")
                    % {"number": account.number}
                }
            )
        before = snapshot(account, ACCOUNT_FIELDS)
        account.status = status
        account.status_since = effective
        account.save(update_fields=["status", "status_since"])
        audit_record(
            actor=actor,
            action="bank_account.status_changed",
            target=account,
            before=before,
            after=snapshot(account, ACCOUNT_FIELDS),
        )
    return account


def bank_account_classify(
    *, actor: Actor | None, account_id: int, risk_tier: str | None = None, account_type: str | None = None
) -> BankAccount:
    """Set the account's risk tier and/or its account type (None: leave as is), audited. A value outside the
    choices is refused naming it and the values allowed."""
    refuse_unless_bank(actor)
    changes: dict[str, str] = {}
    if risk_tier is not None:
        if risk_tier not in RiskTier.values:
            raise ValidationError(
                {
                    "risk_tier": _("Unknown risk tier %(value)s; use %(allowed)s.")
                    % {"value": risk_tier, "allowed": ", ".join(RiskTier.values)}
                }
            )
        changes["risk_tier"] = risk_tier
    if account_type is not None:
        if account_type not in ("", *AccountType.values):
            raise ValidationError(
                {
                    "account_type": _("Unknown account type %(value)s; use %(allowed)s or leave it blank.")
                    % {"value": account_type, "allowed": ", ".join(AccountType.values)}
                }
            )
        changes["account_type"] = account_type
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().get(pk=account_id)
        changed = {name: value for name, value in changes.items() if getattr(account, name) != value}
        if not changed:
            return account
        before = snapshot(account, ACCOUNT_FIELDS)
        for name, value in changed.items():
            setattr(account, name, value)
        account.save(update_fields=list(changed))
        audit_record(
            actor=actor,
            action="bank_account.classified",
            target=account,
            before=before,
            after=snapshot(account, ACCOUNT_FIELDS),
        )
    return account


def bank_account_update(*, actor: Actor | None, account_id: int, branch: str) -> BankAccount:
    refuse_unless_bank(actor)
    branch_name = (branch or "").strip()
    if not branch_name:
        raise ValidationError({"branch": _("The opening branch is required.")})
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().get(pk=account_id)
        if account.branch == branch_name:
            return account
        before = snapshot(account, ACCOUNT_FIELDS)
        account.branch = branch_name
        account.save(update_fields=["branch"])
        audit_record(
            actor=actor,
            action="bank_account.updated",
            target=account,
            before=before,
            after=snapshot(account, ACCOUNT_FIELDS),
        )
    return account
