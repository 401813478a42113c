"""勾对: matches between bank lines and journal entries, suggestions, matching runs, and closed periods."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reconcile.models.books import BankAccount
from reconcile.models.imports import BankLine, JournalEntry


class MatchKind(models.TextChoices):
    AUTO = "auto", _("Automatic")
    SUGGESTION = "suggestion", _("Accepted suggestion")
    MANUAL = "manual", _("Manual")


class MatchQuerySet(models.QuerySet["Match"]):
    def active(self) -> MatchQuerySet:
        """Matches in force (not undone): the only ones that explain lines."""
        return self.filter(undone_at__isnull=True)

    def undone(self) -> MatchQuerySet:
        return self.filter(undone_at__isnull=False)


class PeriodCloseQuerySet(models.QuerySet["PeriodClose"]):
    def in_force(self) -> PeriodCloseQuerySet:
        """Sign-offs not reopened: the periods that are closed (read-only) now."""
        return self.filter(reopened_at__isnull=True)


class Match(models.Model):
    """A group of N bank lines and M journal entries that explain each other. Undone, never deleted."""

    CUSTOMER_LOOKUP = "account__customer"
    # Not stored: the learned-name proposal (a MatchRule) ``match_manual`` made from this match, if any.
    alias_proposal: Any = None

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="matches")
    kind = models.CharField(_("kind"), max_length=12, choices=MatchKind.choices)
    rule = models.CharField(_("rule"), max_length=40)
    score = models.FloatField(_("score"))  # a confidence, never money
    reasons = models.JSONField(_("reasons"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_date = models.DateField(_("latest line date"))  # the period a match belongs to
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = models.CharField(_("undo reason"), max_length=300, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        indexes = [models.Index(fields=["account", "undone_at"])]


def active_link_q(prefix: str = "") -> models.Q:
    """Links of matches in force, reached through ``prefix`` (``"links__"``); on links themselves use ``.active()``."""
    return models.Q(**{f"{prefix}active": True})


class MatchLinkQuerySet(models.QuerySet["MatchLink"]):
    def active(self) -> MatchLinkQuerySet:
        """Links of matches in force (``active`` mirrors ``Match.undone_at``)."""
        return self.filter(active_link_q())


class MatchLink(models.Model):
    """One line in a match. `active` mirrors the match so one line is in at most one live match."""

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="links")
    bank_line = models.ForeignKey(BankLine, null=True, blank=True, on_delete=models.PROTECT, related_name="links")
    journal_entry = models.ForeignKey(
        JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="links"
    )
    active = models.BooleanField(default=True)

    objects = MatchLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bank_line"],
                condition=models.Q(active=True, bank_line__isnull=False),
                name="matchlink_bank_line_once",
            ),
            models.UniqueConstraint(
                fields=["journal_entry"],
                condition=models.Q(active=True, journal_entry__isnull=False),
                name="matchlink_journal_entry_once",
            ),
            models.CheckConstraint(
                condition=models.Q(bank_line__isnull=True) ^ models.Q(journal_entry__isnull=True),
                name="matchlink_one_side",
            ),
        ]


class Suggestion(models.Model):
    """A candidate group from the last matching run, for a person to accept or reject."""

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="suggestions")
    bank_line_ids = models.JSONField()
    journal_entry_ids = models.JSONField()
    rule = models.CharField(_("rule"), max_length=40)
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "pk"]


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MatchRun(models.Model):
    """One (re)matching of an account up to a period end; a task with progress."""

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="match_runs")
    period_end = models.DateField(_("period end"))
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    matched = models.PositiveIntegerField(_("groups matched"), default=0)
    suggested = models.PositiveIntegerField(_("suggestions"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the worker that claims the run; the claim's token too (a run taken over by the watchdog after its worker
    # died is finished by the new claim only).
    started_at = models.DateTimeField(null=True, blank=True)
    # When the job watchdog last enqueued it again (reconcile.services.jobs).
    requeued_at = models.DateTimeField(null=True, blank=True)
    # How often it did; after JOBS_MAX_REQUEUES the run is failed (given up) and ops see it as needing a person.
    requeues = models.PositiveIntegerField(default=0)
    given_up_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class PeriodClose(models.Model):
    """The sign-off of an account's period; read-only until reopened with a reason.

    Closed by a reviewer approving the accountant's submission (CloseReview: ``prepared_by`` submitted it,
    ``reviewed_by`` approved it at ``closed_at``), or directly by an accountant of a company without another reviewer
    (``reviewed_by`` empty).
    """

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="period_closes")
    period_end = models.DateField(_("period end"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.CharField(_("reopen reason"), max_length=300, blank=True)

    objects = PeriodCloseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period_end"],
                condition=models.Q(reopened_at__isnull=True),
                name="periodclose_one_open_close",
            )
        ]


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class CloseReview(models.Model):
    """复核: an accountant's request that a reviewer close a period (maker-checker). Kept after its decision."""

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="close_reviews")
    period_end = models.DateField(_("period end"))
    state = models.CharField(_("state"), max_length=10, choices=ReviewState.choices, default=ReviewState.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    note = models.CharField(_("reviewer's note"), max_length=300, blank=True)
    period_close = models.OneToOneField(
        PeriodClose, null=True, blank=True, on_delete=models.PROTECT, related_name="review"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period_end"], condition=models.Q(state="submitted"), name="closereview_one_pending"
            )
        ]
