"""The confirmation process: agreements (对账协议) so far; statements follow."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reconcile.models import BankAccount
from statements.channels.registry import channel_choices as statement_channel_choices
from statements.notify.registry import channel_choices


class Cycle(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Channel(models.TextChoices):
    """The names of the channels this code base ships (for code and tests that name one). Which channels exist, their
    labels and how each behaves is statements/channels/registry.py: fields and forms take their choices from there."""

    ONLINE_BANKING = "online_banking", _("Online banking + self-service")
    WEBSITE = "website", _("Website + self-service")
    PAPER = "paper", _("Paper mail")


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def current(self) -> AgreementQuerySet:
        """The version in force now: the one not yet closed (at most one per account, a constraint says so)."""
        return self.filter(valid_to__isnull=True)

    def valid_on(self, day: dt.date) -> AgreementQuerySet:
        """The versions whose terms held on ``day`` (a statement uses the terms valid at its period end)."""
        return self.filter(valid_from__lte=day).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))


class Agreement(models.Model):
    """对账协议: how and how often one account's balance is confirmed.

    Versioned by valid_from/valid_to so a statement can use the terms valid on its date; a change
    closes the current row and opens a new one instead of editing history.
    """

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(
        BankAccount, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("account")
    )
    cycle = models.CharField(_("cycle"), max_length=16, choices=Cycle.choices)
    channel = models.CharField(_("channel"), max_length=32, choices=statement_channel_choices)
    contact_name = models.CharField(_("contact name"), max_length=100)
    mobile = models.CharField(_("mobile"), max_length=20)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    # For the paper mailing list: the post code of the address and a number the courier can call (a landline or
    # any number; the mobile above is the one SMS notices go to).
    postcode = models.CharField(_("postal code"), max_length=6, blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    # The statement PDF carries the period's bank-fed lines as extra pages. A paper letter always prints them (the
    # client has no other way to see them); online, the client sees them on the statement's page and downloads them.
    detail_in_pdf = models.BooleanField(
        _("detail in the PDF"),
        default=False,
        help_text=_(
            "Print the period’s transaction detail as pages after the statement (paper letters always carry it)."
        ),
    )
    # How the contact is told of statements, reminders and dispute results (the registry's channels; the mobile above
    # stays required: signing codes go by SMS whatever the channel), and the contact's address on WeChat.
    notify_channel = models.CharField(_("notices by"), max_length=16, choices=channel_choices, default="sms")
    wechat_openid = models.CharField(_("WeChat openid"), max_length=64, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["account", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["account", "valid_from"], name="agreement_unique_account_start"),
            models.UniqueConstraint(
                fields=["account"], condition=models.Q(valid_to__isnull=True), name="agreement_one_current_per_account"
            ),
            models.CheckConstraint(condition=models.Q(cycle__in=Cycle.values), name="agreement_cycle_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.cycle} {self.channel}"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the bank")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AgreementChangeRequest(models.Model):
    """A client's request to change contact, mobile, address or channel; ops approve it before it applies."""

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="change_requests")
    contact_name = models.CharField(_("contact name"), max_length=100)
    mobile = models.CharField(_("mobile"), max_length=20)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    postcode = models.CharField(_("postal code"), max_length=6, blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    channel = models.CharField(_("channel"), max_length=32, choices=statement_channel_choices)
    notify_channel = models.CharField(_("notices by"), max_length=16, choices=channel_choices, default="sms")
    wechat_openid = models.CharField(_("WeChat openid"), max_length=64, blank=True)
    # The agreement requires a written request to change the channel: the signed letter, scanned.
    written_request = models.CharField(_("written request"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["status", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=models.Q(status="pending"), name="changerequest_one_pending_per_account"
            )
        ]
