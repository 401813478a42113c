"""The notification outbox (短信 first, hence the names): a row per message, written in the transaction of the event that
causes it. Each row carries its channel (statements/notify/registry.py); `phone` is the address on that channel."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from statements.models.statements import BalanceStatement
from statements.notify.registry import channel_choices


class SmsTemplate(models.TextChoices):
    STATEMENT_NOTICE = "statement_notice", _("Statement sent")
    REMINDER = "reminder", _("Reminder: 3 working days left")
    LAST_REMINDER = "last_reminder", _("Last reminder: due today")
    DISPUTE_UPDATE = "dispute_update", _("Dispute update")
    # The bank answered a "statement not received" inquiry: the row has no statement (there may be none yet).
    INQUIRY_ANSWERED = "inquiry_answered", _("Non-receipt inquiry answered")
    # The one-time code that signs an answer: sent at once (no quiet hours), never retried, its code scrubbed
    # from the row once the gateway has it (statements.services.answer_codes).
    ANSWER_CODE = "answer_code", _("Answer signing code")


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Not sent: no longer needed")


class SmsMessage(models.Model):
    CUSTOMER_LOOKUP = "statement__account__customer"

    key = models.CharField(_("idempotency key"), max_length=80, unique=True)
    template = models.CharField(_("template"), max_length=32, choices=SmsTemplate.choices)
    params = models.JSONField(_("parameters"), default=dict)
    # The channel's address: the mobile for SMS, the openid for WeChat.
    channel = models.CharField(_("channel"), max_length=16, choices=channel_choices, default="sms")
    phone = models.CharField(_("recipient"), max_length=64)
    statement = models.ForeignKey(
        BalanceStatement, null=True, blank=True, on_delete=models.PROTECT, related_name="sms_messages"
    )
    status = models.CharField(_("status"), max_length=10, choices=SmsStatus.choices, default=SmsStatus.QUEUED)
    not_before = models.DateTimeField(_("not before"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a sender last claimed the row (queued -> sending): a row is abandoned only if its claim is old.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=16, blank=True)
    provider_id = models.CharField(_("provider message id"), max_length=100, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "not_before"])]
