"""Withdrawing an import (撤销导入): a file uploaded by mistake (another month, another account's export, the same
statement twice under fingerprints that differ) is taken back with its lines, its balances and its matches.

Nothing is deleted: the lines it brought are retired (``removed_at``, as a journal re-export retires the entries it
drops), the matches they were in are undone with the reason, what it replaced comes back, and the import keeps its
record with the status ``withdrawn``, so the same file can be imported again later (its retired lines then come
back).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.roles import Role, is_bank_staff, roles_of
from core.services.audit import audit_record_many
from core.text import refuse_hidden_characters
from reconcile.models import (
    BalanceCheckpoint,
    BankAccount,
    BankLine,
    Import,
    ImportKind,
    ImportStatus,
    JournalEntry,
    Match,
    MatchLink,
    Suggestion,
)
from reconcile.models.imports import live_q
from reconcile.selectors.matching import closed_through
from reconcile.services.review import refuse_awaiting_review


def _require_uploader(actor: Actor | None, record: Import) -> None:
    if actor is None or is_bank_staff(actor):
        return  # commands and tasks run as the system; bank operations import for any customer
    if record.bank_fed:
        raise ServiceError(
            _(
                "This statement was fed by the bank itself: only bank operations can withdraw it. "
                "Contact your branch if its lines are wrong."
            ),
            code="forbidden",
        )
    same_company = record.customer_id is not None and getattr(actor, "customer_id", None) == record.customer_id
    if not (same_company and Role.ACCOUNTANT in roles_of(actor)):
        raise ServiceError(
            _("Only an accountant of the company that imported the file, or bank operations, may withdraw it."),
            code="forbidden",
        )


def _refuse_closed(lines: list[tuple[int, Any, Any]]) -> None:
    """(account id, date, row) of each line: none may lie in a closed period."""
    for account in BankAccount.objects.filter(pk__in={line[0] for line in lines}):
        frozen_until = closed_through(account)
        inside = sorted((day, row) for a, day, row in lines if a == account.pk and frozen_until and day <= frozen_until)
        if inside:
            raise ServiceError(
                ngettext(
                    "%(count)s line of this file lies in the period of account %(account)s up to "
                    "%(end)s, which is closed (first: row %(row)s, dated %(date)s). Reopen the period "
                    "first.",
                    "%(count)s lines of this file lie in the period of account %(account)s up to "
                    "%(end)s, which is closed (first: row %(row)s, dated %(date)s). Reopen the period "
                    "first.",
                    len(inside),
                )
                % {
                    "count": len(inside),
                    "account": account.number,
                    "end": frozen_until,
                    "row": inside[0][1],
                    "date": inside[0][0],
                },
                code="period_closed",
            )
        days = [day for a, day, _row in lines if a == account.pk]
        if days:
            refuse_awaiting_review(account, min(days))


def _refuse_later_overlap(record: Import, lines: list[tuple[int, int, Any, Any]]) -> None:
    """A file imported later may list some of this file's lines too (it found them "already known" and kept them as
    this file's): withdrawing this one would take them from that one as well, silently. Refused, naming it."""
    if not lines:
        return
    days = [when for _, _, when, _ in lines]
    later = (
        Import.objects.filter(
            kind=record.kind,
            status=ImportStatus.DONE,
            pk__gt=record.pk,
            lines_known__gt=0,
            period_start__lte=max(days),
            period_end__gte=min(days),
        )
        .filter(Q(account_id__in={account for _, account, _, _ in lines}) | Q(account__isnull=True))
        .order_by("pk")
        .first()
    )
    if later is not None:
        raise ServiceError(
            _(
                "%(file)s (import #%(id)s), imported later, covers the same days and may list lines of "
                "this file too; withdrawing this file would take them from it as well. Withdraw "
                "%(file)s first if it is wrong too; otherwise keep this file: lines both files list are "
                "stored once."
            )
            % {"file": later.filename or "-", "id": later.pk},
            code="later_overlap",
        )


def import_withdraw(*, actor: Actor | None, import_id: int, reason: str) -> Import:
    """Take back a finished import: retire the lines it brought, undo their matches, drop its balance checkpoints,
    and bring back what it replaced (the entries a journal export dropped, the checkpoints it superseded).

    Lines another file brought first are not this import's and stay.
    """
    why = (reason or "").strip()
    if not why:
        raise ServiceError(_("Say why the file is withdrawn."), code="reason_required")
    refuse_hidden_characters(why, where=_("The reason"), code="bad_reason", field="reason")
    with transaction.atomic():
        # The caller's right first, read without a lock: another customer's request must not make this file (and,
        # behind it, the company's accounts) wait.
        _require_uploader(actor, Import.objects.get(pk=import_id))
        record = Import.objects.select_for_update().get(pk=import_id)
        _require_uploader(actor, record)
        if record.status != ImportStatus.DONE:
            raise ServiceError(
                _("Only an imported file can be withdrawn; this one is %(status)s.")
                % {"status": record.get_status_display()},
                code="not_done",
            )
        bank = record.kind == ImportKind.BANK
        model = BankLine if bank else JournalEntry
        # The accounts first, as a matching run does before it stores its groups (the same order on both sides, so
        # neither waits for the other while holding what the other needs).
        touched = set(
            model.objects.filter(Q(source_import=record) | Q(removed_by=record))
            .values_list("account_id", flat=True)
            .distinct()
        )
        list(BankAccount.objects.select_for_update().filter(pk__in=touched).order_by("pk"))
        mine = model.objects.select_for_update().live().filter(source_import=record)
        lines = list(mine.values_list("pk", "account_id", "booking_date", "row"))
        dropped = model.objects.select_for_update().retired().filter(removed_by=record)
        back = list(dropped.values_list("pk", "account_id", "booking_date", "row"))
        _refuse_later_overlap(record, lines)
        _refuse_closed([(account, when, row) for _, account, when, row in lines + back])
        ids = [pk for pk, *_ in lines]
        # Through the import rather than a list of ids: a file has up to hundreds of thousands of lines.
        side = "bank_line" if bank else "journal_entry"
        line_links = MatchLink.objects.filter(live_q(f"{side}__"), **{f"{side}__source_import": record})
        # A subquery, not a join: PostgreSQL refuses FOR UPDATE together with the DISTINCT a join would need.
        live_groups = Match.objects.active().filter(pk__in=line_links.values("match_id"))
        groups = list(live_groups.select_for_update())
        now = timezone.now()
        note = _("file withdrawn: %(reason)s") % {"reason": why}
        if groups:
            MatchLink.objects.filter(match__in=live_groups).update(active=False)
            live_groups.update(undone_at=now, undone_by=user_row(actor), undo_reason=note[:300])
        key = "bank_line_ids" if bank else "journal_entry_ids"
        retiring = set(ids)
        stale = {
            s.pk
            for s in Suggestion.objects.filter(account_id__in={a for _, a, _, _ in lines}).only("pk", key)
            if retiring.intersection(getattr(s, key))
        }
        Suggestion.objects.filter(pk__in=stale).delete()
        # What this import had replaced comes back: the entries a journal re-export dropped, and the balances of the
        # files it superseded. (Before its own lines are retired, which then carry its mark.)
        dropped.update(removed_at=None, removed_by=None)
        model.objects.live().filter(source_import=record).update(removed_at=now, removed_by=record)
        BalanceCheckpoint.objects.filter(superseded_by=record).update(superseded_by=None)
        record.checkpoints.all().delete()
        Import.objects.filter(pk=record.pk, status=ImportStatus.DONE).update(status=ImportStatus.WITHDRAWN)
        record.status = ImportStatus.WITHDRAWN
        audit_record_many(
            actor=actor,
            entries=[
                *({"action": "match.undone", "target": group, "after": {"reason": note[:300]}} for group in groups),
                {
                    "action": "import.withdrawn",
                    "target": record,
                    "after": {
                        "reason": why,
                        "lines_retired": len(ids),
                        "lines_restored": len(back),
                        "matches_undone": len(groups),
                    },
                },
            ],
        )
    return record
