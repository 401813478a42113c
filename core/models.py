"""操作日志: an append-only, hash-chained audit log.

Each row carries the hash of the previous row of its chain, so editing, deleting or reordering any row breaks
the chain at that point and `manage.py audit_verify` names it. There are several chains (shards, setting
AUDIT_CHAIN_SHARDS): a writer appends to the chain of its own process and thread, so writers in different processes
do not queue behind one head row. A periodic seal (AuditSeal, its own hash chain) records every chain's head, so a
chain cut back or rewritten behind a seal is caught too. The database refuses UPDATE and
DELETE on the table (triggers installed by the migration); the chain catches what a superuser
could still do by disabling them.

The tables keep the names they were created under (``reconcile_audit*``): the rows, their indexes and the
append-only triggers stay where they are, whichever app declares the models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    # Chain 1 is the original single chain; events written before the chains were sharded stay in it unchanged.
    shard = models.PositiveSmallIntegerField(_("chain"), default=1)
    seq = models.PositiveBigIntegerField(_("sequence"))
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    # The actor's username at the time; kept so the record reads the same after renames.
    actor_label = models.CharField(_("actor label"), max_length=150)
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target id"), max_length=64)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        db_table = "reconcile_auditevent"
        ordering = ["id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="reconcile_a_target__5410cf_idx")]
        constraints = [models.UniqueConstraint(fields=["shard", "seq"], name="auditevent_one_seq_per_chain")]

    def __str__(self) -> str:
        return f"#{self.shard}.{self.seq} {self.action} {self.target_type}:{self.target_id}"


class AuditChainHead(models.Model):
    """The row that serialises appends to one chain (its id is the chain's number) and remembers its tip.

    Locking it (SELECT ... FOR UPDATE) makes concurrent appends to that chain take turns, so two transactions
    can never both link to the same previous row. Its last_seq/last_hash also reveal a deleted
    tail, which no link inside the chain could show.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        db_table = "reconcile_auditchainhead"
        constraints = [models.CheckConstraint(condition=models.Q(id__gte=1), name="auditchainhead_numbered")]


class AuditSeal(models.Model):
    """A periodic record of every chain's head, itself hash-chained (append-only like the events).

    A head row alone cannot prove itself: whoever cuts the newest events can lower the head too. A seal pins the
    heads' hashes at its time, so verification catches a chain that no longer reaches, or no longer matches, a
    sealed head.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    heads = models.JSONField()  # {"<chain>": [last_seq, last_hash], ...}
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        db_table = "reconcile_auditseal"
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"seal #{self.seq}"
