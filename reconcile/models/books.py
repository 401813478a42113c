"""The books' base: customers and their bank accounts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_account_number, validate_credit_code


class Customer(models.Model):
    """企业客户: a corporate client of the bank."""

    # The path from this model to the customer it belongs to; used by the tenancy scoping helper.
    CUSTOMER_LOOKUP = "pk"

    legal_name = models.CharField(_("legal name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    # Companies that require a second person (复核) to approve every answer before it counts.
    requires_approval = models.BooleanField(_("answers need a second approver"), default=False)
    # API answers must carry the company's signature (X-Answer-Signature); ops change it, audited
    # (reconcile.services.groups.customer_signed_answers_set).
    require_signed_answers = models.BooleanField(_("API answers must be signed"), default=True)
    # 集团: the parent company of a subsidiary (set by ops from a file or the admin, audited); a group user of the
    # parent answers the statements of the subsidiaries it is granted (GroupGrant).
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsidiaries",
        verbose_name=_("parent company"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.legal_name


class GroupGrant(models.Model):
    """A group user (a confirmer of the parent company) may see and answer one subsidiary's statements, granted by
    ops on the subsidiary's written authorisation; withdrawing it stops both at once."""

    CUSTOMER_LOOKUP = "subsidiary"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="group_grants")
    subsidiary = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="group_grants")
    authorisation = models.CharField(_("written authorisation"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("group grant")
        verbose_name_plural = _("group grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "subsidiary"],
                condition=models.Q(withdrawn_at=None),
                name="groupgrant_one_live_per_subsidiary",
            )
        ]


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    CLOSED = "closed", _("Closed")


class RiskTier(models.TextChoices):
    """The account's risk tier for reconciliation follow-up (set by bank operations): the supervisory return rate
    is broken down by it, and high-risk accounts lead the follow-up list."""

    HIGH = "high", _("High risk")
    NORMAL = "normal", _("Normal")


class AccountType(models.TextChoices):
    """人民币银行结算账户 types. Blank: not recorded (never excluded by type from the supervisory return rate)."""

    BASIC = "basic", _("Basic deposit account")
    GENERAL = "general", _("General deposit account")
    SPECIAL = "special", _("Special deposit account")
    TEMPORARY = "temporary", _("Temporary deposit account")
    MARGIN = "margin", _("Margin (guarantee deposit) account")


class BankAccount(models.Model):
    """对公账户: a corporate account held by a customer at one of the bank's branches."""

    CUSTOMER_LOOKUP = "customer"

    number = models.CharField(_("account number"), max_length=34, unique=True, validators=[validate_account_number])
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    # Null for an account first seen in a file imported by bank staff or a command: only bank staff
    # see it until it is assigned to its customer.
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        verbose_name=_("customer"),
    )
    branch = models.CharField(_("opening branch"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    # The day the current status took effect (made dormant, closed, reactivated): the supervisory return rate leaves
    # out a dormant or closed account's statements for periods ending on or after it. Null on a dormant or closed
    # account: the date is unknown, so every period is left out.
    status_since = models.DateField(_("status since"), null=True, blank=True)
    account_type = models.CharField(
        _("account type"), max_length=16, choices=AccountType.choices, blank=True, default=""
    )
    risk_tier = models.CharField(_("risk tier"), max_length=8, choices=RiskTier.choices, default=RiskTier.NORMAL)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=models.Q(currency__regex=r"^[A-Z]{3}$"), name="bankaccount_currency_iso"),
            models.CheckConstraint(
                condition=models.Q(status__in=AccountStatus.values), name="bankaccount_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(risk_tier__in=RiskTier.values), name="bankaccount_risk_tier_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(account_type__in=["", *AccountType.values]), name="bankaccount_type_valid"
            ),
        ]
        indexes = [models.Index(fields=["customer", "status"])]

    def __str__(self) -> str:
        return f"{self.number} ({self.currency})"
