"""The client's answers, disputes with their thread, non-receipt inquiries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reconcile.models import BankAccount
from statements.models.statements import MONEY, BalanceStatement


class Decision(models.TextChoices):
    AGREE = "agree", _("Agree (balances match)")
    # 调节后相符: the books differ, and outstanding items explain the difference to the cent.
    AGREE_ADJUSTED = "agree_adjusted", _("Agree after adjustment")
    DISAGREE = "disagree", _("Disagree (balances differ)")


class ItemKind(models.TextChoices):
    """The four kinds of outstanding items (未达账项) of the 余额调节表."""

    JOURNAL_IN_NOT_BANK = "journal_in_not_bank", _("Received by the company, not yet by the bank")
    JOURNAL_OUT_NOT_BANK = "journal_out_not_bank", _("Paid by the company, not yet by the bank")
    BANK_IN_NOT_JOURNAL = "bank_in_not_journal", _("Received by the bank, not yet by the company")
    BANK_OUT_NOT_JOURNAL = "bank_out_not_journal", _("Paid by the bank, not yet by the company")


BANK_SIDE_KINDS = (ItemKind.BANK_IN_NOT_JOURNAL, ItemKind.BANK_OUT_NOT_JOURNAL)


class ConfirmationStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    FINAL = "final", _("Final")
    REJECTED = "rejected", _("Rejected by the approver")
    EXPIRED = "expired", _("Not approved before the due date")


class Confirmation(models.Model):
    """对账结果: one answer to one statement version (maker-checker: submitted, then approved)."""

    CUSTOMER_LOOKUP = "statement__account__customer"

    statement = models.ForeignKey(BalanceStatement, on_delete=models.PROTECT, related_name="confirmations")
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    book_balance = models.DecimalField(_("book balance"), null=True, blank=True, **MONEY)
    reason = models.TextField(_("reason"), blank=True)
    attachment = models.CharField(_("attachment"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ConfirmationStatus.choices)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=8, default="web")  # web / api
    remote_addr = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    # What the outstanding items leave unexplained: 0.00 for an answer after adjustment, what ops investigate for a
    # disagreement that lists items; null when no items were given.
    unexplained_difference = models.DecimalField(_("unexplained difference"), null=True, blank=True, **MONEY)
    # How the answer was signed (statements.services.answer_signing): a one-time code ("sms"/"totp", with the
    # masked mobile) or the company's key ("key": key, algorithm, signature and the exact signed body bytes).
    # ``answer_digest`` is the SHA-256 of the answer's canonical form the signature is bound to.
    signed_with = models.CharField(_("signed with"), max_length=8, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    answer_digest = models.CharField(_("answer digest"), max_length=64, blank=True)
    signed_phone = models.CharField(_("code sent to"), max_length=20, blank=True)
    challenge = models.ForeignKey(
        "statements.AnswerChallenge", null=True, blank=True, on_delete=models.PROTECT, related_name="confirmations"
    )
    signature_key = models.ForeignKey(
        "statements.AnswerKey", null=True, blank=True, on_delete=models.PROTECT, related_name="confirmations"
    )
    signature_algorithm = models.CharField(_("signature algorithm"), max_length=20, blank=True)
    signature = models.TextField(_("signature"), blank=True)
    signed_body = models.BinaryField(_("signed request body"), null=True, blank=True)
    # The approver's code (复核): the answer counts once a second confirmer approves it, signed the same way.
    # A group user's answer for a subsidiary (集团): the subsidiary's written authorisation it was given under.
    group_grant = models.ForeignKey(
        "reconcile.GroupGrant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written authorisation"),
    )
    approval_signed_with = models.CharField(_("approval signed with"), max_length=8, blank=True)
    approval_signed_phone = models.CharField(_("approval code sent to"), max_length=20, blank=True)
    approval_challenge = models.ForeignKey(
        "statements.AnswerChallenge", null=True, blank=True, on_delete=models.PROTECT, related_name="approvals"
    )

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["-submitted_at"]
        constraints = [
            # One answer at a time waits for its approver; final answers are serialised by the statement's
            # row lock and status check (after a dispute is settled the client answers the same version again).
            models.UniqueConstraint(
                fields=["statement"],
                condition=models.Q(status="awaiting_approval"),
                name="confirmation_one_pending_answer",
            ),
            models.CheckConstraint(
                condition=models.Q(decision="agree") | models.Q(book_balance__isnull=False),
                name="confirmation_disagree_needs_balance",
            ),
            # A signed request answers once: the same signature replayed is refused by the database too.
            # (per statement: one signed batch request answers each of its statements once)
            models.UniqueConstraint(
                fields=["signature_key", "signature", "statement"],
                condition=models.Q(signed_with="key"),
                name="confirmation_signature_once",
            ),
        ]


class AnswerItem(models.Model):
    """One outstanding item (未达账项) an answer gives. Written once with its answer and never changed: database
    triggers refuse UPDATE and DELETE, and the answer's audit event carries the same items."""

    CUSTOMER_LOOKUP = "confirmation__statement__account__customer"

    confirmation = models.ForeignKey(Confirmation, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=24, choices=ItemKind.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    # A bank-side item is one of the bank's own lines: the line it was found as (null for the company's side, and
    # for an account the bank does not feed, where it cannot be checked).
    bank_line = models.ForeignKey(
        "reconcile.BankLine", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("outstanding item")
        verbose_name_plural = _("outstanding items")
        ordering = ["confirmation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["confirmation", "position"], name="answeritem_unique_position"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="answeritem_amount_positive"),
            models.CheckConstraint(condition=models.Q(kind__in=ItemKind.values), name="answeritem_kind_valid"),
        ]


class AnswerDraft(models.Model):
    """An answer the company's accountant prepared from the workbench's 余额调节表 ("answer with this table"); a
    confirmer submits it (maker-checker). A newer draft for the same statement replaces the older."""

    CUSTOMER_LOOKUP = "statement__account__customer"

    statement = models.ForeignKey(BalanceStatement, on_delete=models.CASCADE, related_name="answer_drafts")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(_("prepared at"))
    book_balance = models.DecimalField(_("book balance"), **MONEY)
    items = models.JSONField(_("outstanding items"), default=list)
    difference = models.DecimalField(_("unexplained difference"), **MONEY)

    class Meta:
        verbose_name = _("prepared answer")
        verbose_name_plural = _("prepared answers")
        ordering = ["-prepared_at", "-id"]


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    INVESTIGATING = "investigating", _("Investigating")
    RESOLVED = "resolved", _("Resolved")


class Finding(models.TextChoices):
    BANK_ERROR = "bank_error", _("Bank error")
    CLIENT_ERROR = "client_error", _("Client error")
    TIMING = "timing", _("Timing difference")


class Dispute(models.Model):
    """不符处理: the investigation of a disagreement; the bank answers within 5 working days."""

    CUSTOMER_LOOKUP = "statement__account__customer"

    statement = models.ForeignKey(BalanceStatement, on_delete=models.PROTECT, related_name="disputes")
    confirmation = models.OneToOneField(Confirmation, on_delete=models.PROTECT, related_name="dispute")
    status = models.CharField(_("status"), max_length=16, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    bank_due_date = models.DateField(_("bank answer due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finding = models.CharField(_("finding"), max_length=16, choices=Finding.choices, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["bank_due_date", "opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement"], condition=~models.Q(status="resolved"), name="dispute_one_open_per_statement"
            )
        ]


class DisputeNote(models.Model):
    CUSTOMER_LOOKUP = "dispute__statement__account__customer"

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"))
    internal = models.BooleanField(_("bank-internal"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class InquiryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")


class NonReceiptInquiry(models.Model):
    """“I have not received a statement” for a period (the agreement's 5+2 working days rule)."""

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="inquiries")
    period = models.CharField(_("period"), max_length=8)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised at"))
    in_time = models.BooleanField(_("raised in time"))
    answer_due = models.DateField(_("bank answer due"))
    status = models.CharField(_("status"), max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.OPEN)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period"], condition=models.Q(status="open"), name="inquiry_one_open_per_period"
            )
        ]
