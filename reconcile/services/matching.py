"""Matching in the product: runs of the engine over an account, manual match/unmatch, suggestions, period close."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ConflictError, ServiceError
from core.roles import is_accountant_of
from core.services.audit import audit_record
from core.text import refuse_hidden_characters
from reconcile.engine import Line, match
from reconcile.engine.fields import reference_in_text
from reconcile.models import (
    BankAccount,
    BankLine,
    JournalEntry,
    Match,
    MatchKind,
    MatchLink,
    MatchRun,
    PeriodClose,
    RunState,
    Suggestion,
)
from reconcile.queue import enqueue_in_thread_when_eager
from reconcile.selectors.matching import (
    closed_through,
    open_bank_lines,
    open_journal_entries,
    review_pending_through,
)
from reconcile.selectors.rules import engine_rules
from reconcile.services.match_engine import EngineFault, engine_result, match_run_fail
from reconcile.services.review import (
    refuse_awaiting_review,
    refuse_frozen,
    refuse_not_period_end,
    refuse_unended,
    review_required,
)
from reconcile.services.rules import alias_propose


def _require_accountant(actor: Actor | None, account: BankAccount) -> None:
    if actor is not None and not is_accountant_of(actor, account):  # None: commands and tasks run as the system
        raise ServiceError(_("Only an accountant of the account's company may change its matches."), code="forbidden")


def _account_for_change(actor: Actor | None, account_id: int) -> BankAccount:
    """The account locked for a change by ``actor``, after the right to change it is checked without a lock: another
    customer's request is refused without waiting for (or holding up) the account its company's own work holds."""
    _require_accountant(actor, BankAccount.objects.get(pk=account_id))
    account = BankAccount.objects.select_for_update().get(pk=account_id)
    _require_accountant(actor, account)  # the account may have been given to another customer meanwhile
    return account


def _signed(amount: Decimal, direction: str) -> Decimal:
    return amount if direction == "in" else -amount


def _engine_line(line: BankLine | JournalEntry, prefix: str, text: str) -> Line:
    # A cheque number written only in the 摘要 is the reference the other side's document number (bank 凭证号,
    # journal 结算号) has; a line's own serial (the bank's 流水号, the journal's 凭证字号) never appears on the other
    # side, so it comes last.
    return Line(
        id=f"{prefix}{line.pk}",
        date=line.booking_date,
        amount=line.amount,
        direction=line.direction,
        reference=line.voucher_no or reference_in_text(text) or line.serial,
        counterparty=line.counterparty_name,
        text=text,
    )


def _bank_line(line: BankLine) -> Line:
    return _engine_line(line, "b", " ".join(t for t in (line.summary, line.purpose) if t))  # a journal has no 用途


def _journal_line(entry: JournalEntry) -> Line:
    return _engine_line(entry, "j", entry.summary)


def match_run_start(*, actor: Actor | None, account_id: int, period_end: dt.date) -> MatchRun:
    account = BankAccount.objects.get(pk=account_id)
    _require_accountant(actor, account)
    frozen_until = closed_through(account)
    if frozen_until is not None and period_end <= frozen_until:  # nothing it could match may change
        raise ConflictError(
            _("The period up to %(d)s is closed; reopen it to change its matches.") % {"d": frozen_until},
            code="closed",
        )
    refuse_awaiting_review(account, period_end)
    with transaction.atomic():
        run = MatchRun.objects.create(account=account, period_end=period_end, started_by=user_row(actor))
        audit_record(actor=actor, action="match_run.started", target=run, after={"period_end": period_end})
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    # By name (reconcile.tasks imports this module). Never inside the request that starts the run, also without a
    # broker: the run page shows progress from 0 %.
    enqueue_in_thread_when_eager("reconcile.match_run", run_id)


def _progress(run_id: int, progress: int, **fields: Any) -> None:
    MatchRun.objects.filter(pk=run_id).update(progress=progress, **fields)


def match_run_execute(*, run_id: int) -> MatchRun:
    """Run the engine over the account's open lines up to the period end; store groups and suggestions."""
    started = timezone.now()
    claimed = MatchRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
        state=RunState.RUNNING, progress=5, started_at=started
    )
    if claimed != 1:
        return MatchRun.objects.get(pk=run_id)
    run = MatchRun.objects.select_related("account").get(pk=run_id)
    account = run.account
    bank = list(open_bank_lines(account, run.period_end))
    journal = list(open_journal_entries(account, run.period_end))
    _progress(run_id, 30)
    bank_lines, journal_lines = [_bank_line(b) for b in bank], [_journal_line(j) for j in journal]
    rules = engine_rules(account)  # the accountant's rules, applied before the engine's own stages
    try:
        result, note = engine_result(bank_lines, journal_lines, rules, engine=match)
    except EngineFault:
        return match_run_fail(run_id=run_id, started=started)
    _progress(run_id, 70)
    bank_by_id = {f"b{b.pk}": b for b in bank}
    journal_by_id = {f"j{j.pk}": j for j in journal}
    created = 0
    with transaction.atomic():
        # Lines may have been withdrawn while the engine ran (reconcile.services.withdraw, which takes the same
        # account lock before it retires anything): their groups and suggestions are dropped.
        BankAccount.objects.select_for_update().filter(pk=account.pk).first()
        # A closed period stays as it was signed off, a period awaiting review as it was submitted: read under the
        # account lock that a submission and a close take too, so one submitted while the engine ran is left alone.
        frozen_until = max(filter(None, (closed_through(account), review_pending_through(account))), default=None)
        # A run whose worker looked dead may have been handed to a new claim by the job watchdog: that claim stores it.
        if (
            not MatchRun.objects.select_for_update()
            .filter(pk=run_id, state=RunState.RUNNING, started_at=started)
            .exists()
        ):
            return MatchRun.objects.get(pk=run_id)
        gone = {f"b{pk}" for pk in BankLine.objects.retired().filter(account=account).values_list("pk", flat=True)}
        gone |= {f"j{pk}" for pk in JournalEntry.objects.retired().filter(account=account).values_list("pk", flat=True)}
        for group in result.groups:
            if gone and gone.intersection(group.bank_ids + group.journal_ids):
                continue
            lines_b = [bank_by_id[i] for i in group.bank_ids]
            lines_j = [journal_by_id[i] for i in group.journal_ids]
            last = max([b.booking_date for b in lines_b] + [j.booking_date for j in lines_j])
            if frozen_until is not None and last <= frozen_until:
                continue  # a closed or submitted period stays as it was
            try:
                with transaction.atomic():
                    _store_match(
                        account,
                        MatchKind.AUTO,
                        group.rule,
                        group.score,
                        list(group.reasons),
                        lines_b,
                        lines_j,
                        None,
                        last,
                    )
            except IntegrityError:
                continue  # a person matched one of these lines meanwhile; theirs stands
            created += 1
        Suggestion.objects.filter(account=account).delete()
        Suggestion.objects.bulk_create(
            [
                Suggestion(
                    account=account,
                    bank_line_ids=[int(i[1:]) for i in s.bank_ids],
                    journal_entry_ids=[int(i[1:]) for i in s.journal_ids],
                    rule=s.rule,
                    score=s.score,
                    reasons=list(s.reasons),
                )
                for s in result.suggestions
                if not (gone and gone.intersection(s.bank_ids + s.journal_ids))
            ],
            batch_size=2000,
        )
        MatchRun.objects.filter(pk=run_id).update(
            state=RunState.DONE,
            progress=100,
            matched=created,
            suggested=len(result.suggestions),
            message=note,
            finished_at=timezone.now(),
        )
        audit_record(
            actor=None,
            action="match_run.finished",
            target=run,
            after={"matched": created, "suggested": len(result.suggestions)},
        )
    return MatchRun.objects.get(pk=run_id)


def _store_match(
    account: BankAccount,
    kind: str,
    rule: str,
    score: float,
    reasons: list[str],
    bank: list[BankLine],
    journal: list[JournalEntry],
    actor: Actor | None,
    last: dt.date,
) -> Match:
    group = Match.objects.create(
        account=account,
        kind=kind,
        rule=rule,
        score=score,
        reasons=reasons,
        created_by=user_row(actor),
        last_date=last,
    )
    MatchLink.objects.bulk_create(
        [MatchLink(match=group, bank_line=b) for b in bank] + [MatchLink(match=group, journal_entry=j) for j in journal]
    )
    return group


NOTE_MAX = 300  # a person's note on a manual match, kept as its reason


def match_manual(
    *,
    actor: Actor | None,
    account_id: int,
    bank_line_ids: list[int],
    journal_entry_ids: list[int],
    kind: str = MatchKind.MANUAL,
    rule: str = "manual",
    score: float = 1.0,
    reasons: list[str] | None = None,
    note: str = "",
) -> Match:
    """Match bank lines and journal entries that balance. ``note`` (why they belong together, e.g. from an ERP) is
    kept as the match's reason and in the audit event."""
    note = refuse_hidden_characters((note or "").strip()[:NOTE_MAX], where=_("The note"), field="note")
    reasons = [*(reasons or []), *([note] if note else [])]
    if not bank_line_ids or not journal_entry_ids:
        raise ServiceError(_("Select at least one bank line and one journal entry."), code="empty_selection")
    with transaction.atomic():
        account = _account_for_change(actor, account_id)
        bank = list(BankLine.objects.select_for_update().live().filter(pk__in=bank_line_ids, account=account))
        journal = list(
            JournalEntry.objects.select_for_update().live().filter(pk__in=journal_entry_ids, account=account)
        )
        if len(bank) != len(set(bank_line_ids)) or len(journal) != len(set(journal_entry_ids)):
            raise ServiceError(_("Some selected lines do not belong to this account."), code="foreign_lines")
        if (
            MatchLink.objects.active().filter(bank_line__in=bank).exists()
            or MatchLink.objects.active().filter(journal_entry__in=journal).exists()
        ):
            raise ConflictError(
                _("Some selected lines were matched meanwhile; refresh the workbench."), code="already_matched"
            )
        difference = sum((_signed(b.amount, b.direction) for b in bank), Decimal("0")) - sum(
            (_signed(j.amount, j.direction) for j in journal), Decimal("0")
        )
        if difference != 0:
            raise ServiceError(
                _("The selection does not balance: bank minus journal is %(d)s.") % {"d": f"{difference:,.2f}"},
                code="unbalanced",
            )
        last = max([b.booking_date for b in bank] + [j.booking_date for j in journal])
        refuse_frozen(account, last)
        group = _store_match(account, kind, rule, score, reasons, bank, journal, actor, last)
        audit_record(
            actor=actor,
            action="match.created",
            target=group,
            after={
                "kind": kind,
                "bank_lines": sorted(bank_line_ids),
                "journal_entries": sorted(journal_entry_ids),
                **({"note": note} if note else {}),
            },
        )
        # Matched by a person across two names: propose the bank's name as an alias of the journal's (learned names).
        group.alias_proposal = alias_propose(actor=actor, group=group, bank=bank, journal=journal)
    return group


def match_undo(*, actor: Actor | None, match_id: int, reason: str) -> Match:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the match is undone."), code="reason_required")
    refuse_hidden_characters(reason, where=_("The reason"), field="reason")
    with transaction.atomic():
        # The caller's right first, read without a lock: another customer's request must not make this account wait.
        found = Match.objects.select_related("account").filter(pk=match_id).first()
        if found is None:
            raise Match.DoesNotExist(match_id)
        _require_accountant(actor, found.account)
        # Then the account, as a submission for review (复核) and a close lock it: an undo that started before the
        # submission waits for it and then sees the period awaiting review, instead of changing the submitted table.
        BankAccount.objects.select_for_update().filter(pk=found.account_id).first()
        group = Match.objects.select_for_update(of=("self",)).select_related("account").get(pk=match_id)
        if group.undone_at is not None:
            raise ConflictError(_("This match was already undone."), code="already_undone")
        refuse_frozen(group.account, group.last_date)
        group.undone_at, group.undone_by, group.undo_reason = timezone.now(), user_row(actor), reason[:300]
        group.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        MatchLink.objects.filter(match=group).update(active=False)
        audit_record(actor=actor, action="match.undone", target=group, after={"reason": reason[:300]})
    return group


def _suggestion_gone() -> ConflictError:
    return ConflictError(
        _(
            "This suggestion is no longer offered: it was accepted or rejected, or a newer matching run "
            "replaced it. Load the suggestions again."
        ),
        code="suggestion_gone",
    )


def _suggestion(suggestion_id: int) -> Suggestion:
    try:
        return Suggestion.objects.select_related("account").get(pk=suggestion_id)
    except Suggestion.DoesNotExist as exc:  # accepted, rejected or replaced by a newer run meanwhile
        raise _suggestion_gone() from exc


def suggestion_accept(*, actor: Actor | None, suggestion_id: int) -> Match:
    suggestion = _suggestion(suggestion_id)
    group = match_manual(
        actor=actor,
        account_id=suggestion.account_id,
        bank_line_ids=suggestion.bank_line_ids,
        journal_entry_ids=suggestion.journal_entry_ids,
        kind=MatchKind.SUGGESTION,
        rule=suggestion.rule,
        score=suggestion.score,
        reasons=suggestion.reasons,
    )
    Suggestion.objects.filter(pk=suggestion_id).delete()
    return group


def suggestion_reject(*, actor: Actor | None, suggestion_id: int, reason: str = "") -> None:
    """Take a suggestion off the list: its lines stay unmatched. Audited with what it proposed.

    Suggestions are the last run's proposals, so a later run may propose the same lines again.
    """
    reason = refuse_hidden_characters((reason or "").strip()[:NOTE_MAX], where=_("The reason"), field="reason")
    with transaction.atomic():
        suggestion = _suggestion(suggestion_id)
        _require_accountant(actor, suggestion.account)
        BankAccount.objects.select_for_update().filter(pk=suggestion.account_id).first()  # one writer per account
        # A closed period's or a submitted one's suggestions stay as they were, as its matches do.
        days = [
            *BankLine.objects.filter(pk__in=suggestion.bank_line_ids).values_list("booking_date", flat=True),
            *JournalEntry.objects.filter(pk__in=suggestion.journal_entry_ids).values_list("booking_date", flat=True),
        ]
        if days:
            refuse_frozen(suggestion.account, max(days))
        if Suggestion.objects.filter(pk=suggestion_id).delete()[0] != 1:
            raise _suggestion_gone()
        audit_record(
            actor=actor,
            action="suggestion.rejected",
            target=suggestion,
            before={
                "account_id": suggestion.account_id,
                "bank_lines": suggestion.bank_line_ids,
                "journal_entries": suggestion.journal_entry_ids,
                "rule": suggestion.rule,
                "score": suggestion.score,
            },
            after={"reason": reason} if reason else None,
        )


def _line_keys(bank_ids: list[int], journal_ids: list[int]) -> list[tuple[str, int]]:
    return [("b", i) for i in bank_ids] + [("j", i) for i in journal_ids]


def suggestions_accept_above(*, actor: Actor | None, account_id: int, min_score: float) -> tuple[int, int]:
    """Bulk-accept: (accepted, skipped).

    Only a suggestion that is the clear best for every one of its lines is accepted: when another suggestion
    for one of the same lines scores as high (a tie, e.g. two equal payments on one day whose names do not
    decide), the choice is left to a person, since taking them in any order would pair some of them wrongly.
    A suggestion that overlaps one accepted before is skipped, not forced.
    """
    if not math.isfinite(min_score):
        raise ServiceError(_("Give the threshold as a number between 0 and 1, e.g. 0.8."), code="bad_threshold")
    # Refused up front: another customer must not learn how many suggestions the account has from the skipped count.
    _require_accountant(actor, BankAccount.objects.get(pk=account_id))
    everything = sorted(
        Suggestion.objects.filter(account_id=account_id).values_list(
            "pk", "bank_line_ids", "journal_entry_ids", "score"
        ),
        key=lambda s: (-s[3], s[0]),
    )
    scores: dict[tuple[str, int], list[float]] = {}
    for _pk, bank_ids, journal_ids, score in everything:
        for key in _line_keys(bank_ids, journal_ids):
            scores.setdefault(key, []).append(score)
    # The second-best score offered for each line: a suggestion scoring no higher than that is not the clear best.
    runner_up = {
        key: sorted(values, reverse=True)[1] if len(values) > 1 else -math.inf for key, values in scores.items()
    }
    accepted = skipped = 0
    for pk, bank_ids, journal_ids, score in everything:
        if score < min_score:
            break  # sorted by score, best first
        if any(runner_up[key] >= score for key in _line_keys(bank_ids, journal_ids)):
            skipped += 1  # tied with (or beaten by) an alternative for one of its lines
            continue
        try:
            suggestion_accept(actor=actor, suggestion_id=pk)
            accepted += 1
        except ServiceError:
            skipped += 1
    return accepted, skipped


def period_close(*, actor: Actor, account_id: int, period_end: dt.date) -> PeriodClose:
    """Close a period directly, without a second person: only for a company without a reviewer other than the
    actor (reconcile.services.review; otherwise the period is submitted for review and the approval closes it). The
    same period ends as a submission: a month's last day that has come."""
    refuse_not_period_end(period_end)
    refuse_unended(period_end)
    with transaction.atomic():
        account = _account_for_change(actor, account_id)
        through = closed_through(account)  # its own close, or a later one: everything up to a close is read-only
        if through is not None and period_end <= through:
            raise ConflictError(_("This period is already closed."), code="already_closed")
        if actor is not None and review_required(account, actor):
            raise ServiceError(
                _("This company has a reviewer: submit the period for review; the reviewer's approval closes it."),
                code="review_required",
            )
        close = PeriodClose.objects.create(
            account=account,
            period_end=period_end,
            closed_by=user_row(actor),
            closed_at=timezone.now(),
            prepared_by=user_row(actor),
        )
        audit_record(actor=actor, action="period.closed", target=close, after={"period_end": period_end})
    return close


def period_reopen(*, actor: Actor | None, account_id: int, period_end: dt.date, reason: str) -> PeriodClose:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the period is reopened."), code="reason_required")
    with transaction.atomic():
        account = _account_for_change(actor, account_id)
        close = PeriodClose.objects.in_force().filter(account=account, period_end=period_end).first()
        if close is None:
            raise ConflictError(_("This period is not closed."), code="not_closed")
        close.reopened_by, close.reopened_at, close.reopen_reason = user_row(actor), timezone.now(), reason[:300]
        close.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
        audit_record(actor=actor, action="period.reopened", target=close, after={"reason": reason[:300]})
    return close
