"""Balances from core banking, publishing runs and balance statements (余额对账单)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reconcile.models import BankAccount
from statements.channels.registry import channel_choices as statement_channel_choices
from statements.models.agreements import Agreement

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class BalanceSource(models.TextChoices):
    CORE_FEED = "core_feed", _("Core banking feed")
    BANK_LINES = "bank_lines", _("Derived from imported bank lines")


class PeriodBalance(models.Model):
    """The balance of an account at the end of a day, and where it came from."""

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="period_balances")
    as_of = models.DateField(_("as of"))
    balance = models.DecimalField(_("balance"), **MONEY)
    source = models.CharField(_("source"), max_length=16, choices=BalanceSource.choices)
    source_ref = models.CharField(_("source reference"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("period-end balance")
        verbose_name_plural = _("period-end balances")
        constraints = [models.UniqueConstraint(fields=["account", "as_of"], name="periodbalance_unique_day")]


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class StatementRun(models.Model):
    """One publishing of a period; chunks of accounts are processed by tasks and counted here."""

    period = models.CharField(_("period"), max_length=8, unique=True)  # 2026-09 or 2026-Q3
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    as_of = models.DateField(_("balance as of"))
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    accounts_due = models.PositiveIntegerField(_("accounts due"), default=0)
    statements_created = models.PositiveIntegerField(_("statements created"), default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    dispatch_deadline = models.DateField(_("dispatch deadline"))
    sms_deadline = models.DateField(_("SMS notice deadline"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # When a chunk last finished: a running run without progress for JOBS_STALL_SECONDS is stalled.
    progress_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    # When the job watchdog last enqueued a stalled run's open chunks again, and how often it did.
    resumed_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    resumes = models.PositiveIntegerField(_("automatic resumptions"), default=0)
    # Set when the watchdog stopped resuming it after JOBS_MAX_REQUEUES resumptions: it needs a person.
    given_up_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("publishing run")
        verbose_name_plural = _("publishing runs")
        ordering = ["-period_end"]

    def __str__(self) -> str:
        return self.period


class PaperBatch(models.Model):
    """One print run for paper-mail statements: a merged PDF in mailing order and a mailing list."""

    period = models.CharField(_("period"), max_length=8)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pdf_path = models.CharField(_("merged PDF"), max_length=300, blank=True)
    xlsx_path = models.CharField(_("mailing list"), max_length=300, blank=True)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    # When ops recorded the posting: a statement PDF of the batch rendered before it states no due date yet.
    posted_recorded_at = models.DateTimeField(_("posting recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("paper batch")
        verbose_name_plural = _("paper batches")
        ordering = ["-created_at"]


class RunChunk(models.Model):
    """A slice of a run's accounts; done once, so a re-run after a crash resumes without doubling."""

    run = models.ForeignKey(StatementRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    account_ids = models.JSONField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="runchunk_unique_index")]


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    DISPATCHED = "dispatched", _("Dispatched")
    VIEWED = "viewed", _("Viewed")
    CONFIRMED = "confirmed", _("Confirmed (agreed)")
    DISPUTED = "disputed", _("Disputed")
    DEEMED_CONFIRMED = "deemed_confirmed", _("Deemed confirmed")
    RESOLVED = "resolved", _("Resolved")
    SUPERSEDED = "superseded", _("Superseded")


# States in which the client may still answer (RESOLVED: a dispute settled as a client error or timing
# difference goes back to the client on the same version, with a new window).
OPEN_FOR_ANSWER = (StatementStatus.DISPATCHED, StatementStatus.VIEWED, StatementStatus.RESOLVED)


class BalanceStatementQuerySet(models.QuerySet["BalanceStatement"]):
    def open_for_answer(self) -> BalanceStatementQuerySet:
        """Statements the client may still answer (``OPEN_FOR_ANSWER``)."""
        return self.filter(status__in=OPEN_FOR_ANSWER)


class BalanceStatement(models.Model):
    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="statements")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="statements")
    run = models.ForeignKey(StatementRun, null=True, blank=True, on_delete=models.PROTECT, related_name="statements")
    period = models.CharField(_("period"), max_length=8)
    period_end = models.DateField(_("period end"))
    number = models.CharField(_("statement number"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    currency = models.CharField(_("currency"), max_length=3)
    balance = models.DecimalField(_("balance"), **MONEY)
    balance_source = models.CharField(_("balance source"), max_length=16, choices=BalanceSource.choices)
    channel = models.CharField(_("channel"), max_length=32, choices=statement_channel_choices)
    status = models.CharField(
        _("status"), max_length=20, choices=StatementStatus.choices, default=StatementStatus.PUBLISHED
    )
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    pdf_path = models.CharField(_("PDF"), max_length=300, blank=True)
    # When the stored PDF was rendered; the job watchdog renders again a posted paper statement's PDF that is older
    # than the recording of its posting (statements.services.jobs), queueing it again at most JOBS_MAX_REQUEUES times.
    pdf_rendered_at = models.DateTimeField(_("PDF rendered at"), null=True, blank=True)
    pdf_requeued_at = models.DateTimeField(_("PDF queued again at"), null=True, blank=True)
    pdf_requeues = models.PositiveIntegerField(_("PDF queued again"), default=0)
    pdf_given_up_at = models.DateTimeField(_("PDF given up at"), null=True, blank=True)
    paper_batch = models.ForeignKey(
        PaperBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="statements"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    viewed_at = models.DateTimeField(_("viewed at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The bank-fed detail (明细) as published: the balance the period opened with and how many of the bank's own
    # lines it holds. Null for an account the bank does not feed: then the statement is a bare balance.
    opening_balance = models.DecimalField(_("opening balance"), null=True, blank=True, **MONEY)
    detail_lines = models.PositiveIntegerField(_("lines in the detail"), null=True, blank=True)

    objects = BalanceStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("balance statement")
        verbose_name_plural = _("balance statements")
        ordering = ["-period_end", "account_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["account", "period", "version"], name="statement_unique_version"),
            models.UniqueConstraint(fields=["number", "version"], name="statement_unique_number_version"),
            models.CheckConstraint(condition=models.Q(status__in=StatementStatus.values), name="statement_status"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="statement_version_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["period", "status"]),
            models.Index(fields=["account", "-period_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} v{self.version}"
