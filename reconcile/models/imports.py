"""Imports (导入批次) and the lines they bring: bank lines (银行对账单明细) and journal entries (日记账明细)."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reconcile.models.books import BankAccount, Customer

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class Direction(models.TextChoices):
    IN = "in", _("In")
    OUT = "out", _("Out")


class ImportKind(models.TextChoices):
    BANK = "bank", _("Bank statement")
    JOURNAL = "journal", _("Bank journal")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Processing")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")  # taken back after import: its lines retired, the file may come again


# Import.source values that change how an import's lines count (the others: upload / api / command).
SOURCE_PUSH = "push"  # a JSON batch pushed over the ERP direct link: adds lines, never stands for a whole period
SOURCE_OPENING = "opening"  # a file of opening outstanding items (初始未达账): listed, never moving a balance
SOURCE_OPENING_ENTRY = "opening_entry"  # one opening item typed into the workbench: a new item each time it is entered
OPENING_SOURCES = (SOURCE_OPENING, SOURCE_OPENING_ENTRY)
# Imports that add lines and never stand for a whole period (they retire nothing and replace no balance).
ADDING_SOURCES = (SOURCE_PUSH, *OPENING_SOURCES)


class Import(models.Model):
    """One uploaded file or API push. A refused import keeps its error report and stores no line."""

    CUSTOMER_LOOKUP = "customer"

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    # upload / api / command, or one of the SOURCE_* above
    source = models.CharField(_("source"), max_length=16, default="upload")
    format = models.CharField(_("format"), max_length=16, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="imports")
    account = models.ForeignKey(BankAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    profile_name = models.CharField(_("mapping profile"), max_length=100, blank=True)
    # The account chosen by the person uploading, for files that do not name their account.
    requested_account = models.CharField(_("requested account"), max_length=34, blank=True)
    # The layout the parsers read the file as (ParsedFile.layout: its format and header), once it is read: the upload
    # offers the account chosen last time for a file of the same layout.
    layout = models.CharField(_("layout"), max_length=64, blank=True)
    # Bank lines the bank supplies itself (an import by bank staff, a bank system feed or the server) are bank-fed:
    # a published statement shows them as its detail; a company's upload of a statement is a company copy.
    bank_fed = models.BooleanField(_("bank-fed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When the job watchdog last enqueued a still-pending import again (reconcile.services.jobs).
    requeued_at = models.DateTimeField(_("queued again at"), null=True, blank=True)
    # How often it did; after JOBS_MAX_REQUEUES the watchdog gives up and ops see the import as needing a person.
    requeues = models.PositiveIntegerField(_("times queued again"), default=0)
    given_up_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    lines_in_file = models.PositiveIntegerField(_("lines in file"), default=0)
    lines_stored = models.PositiveIntegerField(_("lines stored"), default=0)
    lines_known = models.PositiveIntegerField(_("lines already known"), default=0)
    lines_removed = models.PositiveIntegerField(_("lines removed"), default=0)
    total_in = models.DecimalField(_("total in"), default=0, **MONEY)
    total_out = models.DecimalField(_("total out"), default=0, **MONEY)
    opening_balance = models.DecimalField(_("opening balance"), null=True, blank=True, **MONEY)
    closing_balance = models.DecimalField(_("closing balance"), null=True, blank=True, **MONEY)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    accounts_registered = models.JSONField(_("accounts registered"), default=list, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("error count"), default=0)
    # Imports before message facts existed keep their summary or refusal here, as it was written; newer ones state
    # it as facts (below), rendered in each reader's language (reconcile.import_messages).
    message = models.TextField(_("summary"), blank=True)
    # Why the import was refused, as a message key and parameters (reconcile.parsers.messages.Msg as JSON).
    message_facts = models.JSONField(_("refusal facts"), default=dict, blank=True)
    # What a finished import tells beyond its counts (bookings of 0.00 not stored, a statement without movements ...),
    # as a list of messages in the same form.
    notes = models.JSONField(_("notes"), default=list, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same file is imported once by its owner: a company (another company's copy of the same bytes is
            # its own), or the bank for imports that belong to no company (their own scope). A refused attempt does
            # not block a corrected retry. Two conditional constraints, not nulls_distinct=False: SQLite (the
            # embedded default) has no NULLS NOT DISTINCT, and Django would skip it there.
            models.UniqueConstraint(
                fields=["customer", "sha256", "kind"],
                condition=models.Q(status="done"),
                name="import_unique_company_file",
            ),
            models.UniqueConstraint(
                fields=["sha256", "kind"],
                condition=models.Q(status="done", customer__isnull=True),
                name="import_unique_bank_file",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "-created_at"]),
            # Bank staff's duplicate check looks at every company's copies (refusal.ANY_OWNER): the company
            # constraint's index leads with the customer and cannot serve it.
            models.Index(fields=["sha256", "kind"], name="import_sha256_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename or self.sha256[:12]} ({self.status})"


def live_q(prefix: str = "") -> models.Q:
    """Lines (bank lines or journal entries) not retired, reached through ``prefix`` (``"bank_line__"``): the one
    place the condition is written, for lookups across a relation; on the lines themselves use ``.live()``. A test
    (tests/architecture/test_live_rows.py) refuses the raw condition anywhere else."""
    return models.Q(**{f"{prefix}removed_at__isnull": True})


class LineQuerySet(models.QuerySet[Any]):
    """Bank lines and journal entries: a withdrawn import or a re-export retires lines (``removed_at``) instead of
    deleting them, so every read of the books starts from ``.live()``."""

    def live(self) -> Self:
        """Not retired by a withdrawn import or a newer export."""
        return self.filter(live_q())

    def live_at(self, when: Any) -> Self:
        """Live at the moment ``when`` (retired later, or not at all): what a document published then showed."""
        return self.filter(live_q() | models.Q(removed_at__gt=when))

    def retired(self) -> Self:
        """Retired lines (kept so matches and the audit history keep their rows)."""
        return self.exclude(live_q())


class BankLineQuerySet(LineQuerySet):
    def fed(self) -> BankLineQuerySet:
        """The bank's own lines (bank-fed), live."""
        return self.live().filter(bank_fed=True)


class BankLine(models.Model):
    """银行对账单明细: one movement on the bank statement, direction already normalised (in/out)."""

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="bank_lines")
    source_import = models.ForeignKey(Import, on_delete=models.PROTECT, related_name="bank_lines")
    row = models.PositiveIntegerField(_("row"))
    booking_date = models.DateField(_("booking date"))
    value_date = models.DateField(_("value date"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    balance = models.DecimalField(_("balance"), null=True, blank=True, **MONEY)
    counterparty_name = models.CharField(_("counterparty"), max_length=200, blank=True)
    counterparty_account = models.CharField(_("counterparty account"), max_length=64, blank=True)
    counterparty_bank = models.CharField(_("counterparty bank"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    serial = models.CharField(_("bank serial"), max_length=64, blank=True)
    voucher_no = models.CharField(_("voucher no"), max_length=64, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    # The bank's own line (see Import.bank_fed). A company copy of it becomes bank-fed when the bank feeds it too.
    bank_fed = models.BooleanField(_("bank-fed"), default=False)
    # Set when the import that brought the line is withdrawn; kept (not deleted) for the match history.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(Import, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = BankLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank line")
        verbose_name_plural = _("bank lines")
        ordering = ["account", "booking_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "fingerprint"], name="bankline_unique_fingerprint"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="bankline_amount_positive"),
            models.CheckConstraint(condition=models.Q(direction__in=Direction.values), name="bankline_direction"),
        ]
        indexes = [
            models.Index(fields=["account", "booking_date"]),
            models.Index(
                fields=["account", "booking_date"], condition=models.Q(bank_fed=True), name="bankline_fed_by_day"
            ),
        ]


class JournalEntry(models.Model):
    """银行存款日记账明细: one line of the company's bank journal (journal 借方 = money in)."""

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="journal_entries")
    source_import = models.ForeignKey(Import, on_delete=models.PROTECT, related_name="journal_entries")
    row = models.PositiveIntegerField(_("row"))
    # The same names as a bank line's for the same concept (the parsers give both sides one line shape); the labels
    # stay the journal's own words.
    booking_date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    balance = models.DecimalField(_("balance"), null=True, blank=True, **MONEY)
    serial = models.CharField(_("voucher"), max_length=64, blank=True)  # 凭证字号: the entry's own number in the ledger
    settlement_method = models.CharField(_("settlement method"), max_length=64, blank=True)
    voucher_no = models.CharField(_("settlement no"), max_length=64, blank=True)  # 结算号 / 票号: cheque, settlement no
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    counterparty_name = models.CharField(_("counterparty"), max_length=200, blank=True)
    counter_subject = models.CharField(_("counter subject"), max_length=200, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    # Set when a re-export of the period no longer contains the entry; kept (not deleted) for the history.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    # The import that retired it (a re-export that dropped it, or its own import withdrawn): withdrawing that import
    # brings it back.
    removed_by = models.ForeignKey(Import, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = LineQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["account", "booking_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "fingerprint"], name="journalentry_unique_fingerprint"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="journalentry_amount_positive"),
            models.CheckConstraint(condition=models.Q(direction__in=Direction.values), name="journalentry_direction"),
        ]
        indexes = [models.Index(fields=["account", "booking_date"])]


class CheckpointRole(models.TextChoices):
    OPENING = "opening", _("Opening balance")
    CLOSING = "closing", _("Closing balance")


class BalanceCheckpoint(models.Model):
    """A balance an imported file states (or its running balances imply) at the end of a day.

    An opening balance is the balance at the end of the day before the file's first day; a closing balance the one
    at the end of its last day (only for files that end before the day they were imported, since a file exported
    during its last day may not hold all of it). The stored movements must join consecutive checkpoints; where they
    do not, a file is missing or out of date (reconcile.balances).
    """

    CUSTOMER_LOOKUP = "account__customer"

    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="checkpoints")
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    source_import = models.ForeignKey(Import, on_delete=models.PROTECT, related_name="checkpoints")
    role = models.CharField(_("role"), max_length=8, choices=CheckpointRole.choices)
    as_of = models.DateField(_("balance at the end of"))
    balance = models.DecimalField(_("balance"), **MONEY)
    # Set when a later import replaced it (a journal re-export of its period, or a file with more lines for its last
    # day); withdrawing that import brings it back.
    superseded_by = models.ForeignKey(Import, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("balance checkpoint")
        verbose_name_plural = _("balance checkpoints")
        constraints = [
            models.UniqueConstraint(fields=["source_import", "account", "role"], name="checkpoint_unique_per_file"),
            models.CheckConstraint(condition=models.Q(role__in=CheckpointRole.values), name="checkpoint_role"),
        ]
        indexes = [models.Index(fields=["account", "kind", "as_of"])]


class MappingProfile(models.Model):
    """A saved column mapping for a bank or ERP layout that detection alone does not read.

    It belongs to one customer, or (customer null) to the bank, for every company; names are unique per owner
    (reconcile.selectors.profiles says who sees and uses which)."""

    CUSTOMER_LOOKUP = "customer"

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="mapping_profiles"
    )
    # The header texts of the layout, so an upload with the same headers uses it automatically.
    header_signature = models.CharField(_("header signature"), max_length=64, blank=True)
    columns = models.JSONField(_("columns"), default=dict)
    flag_values = models.JSONField(_("direction flag values"), default=dict, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mapping profile")
        verbose_name_plural = _("mapping profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "name"],
                condition=models.Q(customer__isnull=False),
                name="mappingprofile_unique_name_per_customer",
            ),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(customer__isnull=True), name="mappingprofile_unique_bank_wide_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
