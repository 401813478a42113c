"""A balance from core banking that contradicts a statement already published: bank operations re-issue it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from statements.models.statements import MONEY, BalanceStatement


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Awaiting re-issue")
    REISSUED = "reissued", _("Re-issued")
    OBSOLETE = "obsolete", _("No longer needed")  # a later import brought the statement's balance back


class BalanceCorrection(models.Model):
    """A corrected period-end balance (import_balances) that differs from the balance of a published statement of
    that period end. Open until bank operations re-issue the statement as a new version (the bank-error path), or a
    later import brings the balance back to the statement's."""

    CUSTOMER_LOOKUP = "statement__account__customer"

    statement = models.ForeignKey(BalanceStatement, on_delete=models.PROTECT, related_name="balance_corrections")
    statement_balance = models.DecimalField(_("balance on the statement"), **MONEY)
    corrected_balance = models.DecimalField(_("corrected balance"), **MONEY)
    source_ref = models.CharField(_("source reference"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    flagged_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reissued_as = models.ForeignKey(BalanceStatement, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("balance correction")
        verbose_name_plural = _("balance corrections")
        ordering = ["flagged_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement"], condition=models.Q(status="open"), name="balancecorrection_one_open_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CorrectionStatus.values), name="balancecorrection_status"
            ),
        ]
