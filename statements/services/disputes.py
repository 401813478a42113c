"""不符处理: ops take a dispute, write notes, and resolve it with a finding.

A bank error is corrected by re-issuing the statement as version n+1 (new PDF, new dispatch, new
10-working-day window; the old version is kept, linked and marked superseded). A client error or a
timing difference sends the same version back to the client to answer again, with a new window.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ConflictError, ServiceError
from core.roles import is_bank_staff, is_company_user_of
from core.services.audit import audit_record
from core.text import refuse_hidden_characters
from statements.calendar.rules import SHANGHAI, response_due_date
from statements.channels.registry import channel
from statements.models import (
    BalanceCorrection,
    BalanceStatement,
    CorrectionStatus,
    Dispute,
    DisputeNote,
    DisputeStatus,
    Finding,
    SmsTemplate,
    StatementStatus,
)
from statements.periods import parse_period
from statements.selectors import workday_calendar
from statements.services.outbox import notice_items, notice_params, notify_enqueue
from statements.services.statement_detail import detail_summaries
from statements.services.statement_docs import content_hash, verification_code
from statements.services.statement_pdfs import statement_pdfs_refresh_later


def _locked_dispute(dispute_id: int) -> Dispute:
    return (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("statement", "statement__account", "statement__agreement")
        .get(pk=dispute_id)
    )


def _require_bank(actor: Actor) -> None:
    if not is_bank_staff(actor):
        raise ServiceError(_("Only bank operations may do this."), code="forbidden")


def dispute_take(*, actor: Actor, dispute_id: int) -> Dispute:
    _require_bank(actor)
    with transaction.atomic():
        dispute = _locked_dispute(dispute_id)
        if dispute.status == DisputeStatus.RESOLVED:
            raise ConflictError(_("This dispute is already resolved."), code="resolved")
        if dispute.status == DisputeStatus.INVESTIGATING and dispute.assigned_to_id not in (None, actor.pk):
            raise ConflictError(
                _("%(user)s is already investigating this dispute.") % {"user": dispute.assigned_to}, code="taken"
            )
        before = {"status": dispute.status, "assigned_to": dispute.assigned_to_id}
        dispute.status, dispute.assigned_to = DisputeStatus.INVESTIGATING, user_row(actor)
        dispute.save(update_fields=["status", "assigned_to"])
        audit_record(
            actor=actor,
            action="dispute.taken",
            target=dispute,
            before=before,
            after={"status": dispute.status, "assigned_to": actor.pk},
        )
    return dispute


def dispute_note_add(*, actor: Actor, dispute_id: int, body: str, internal: bool = False) -> DisputeNote:
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write a note first."), code="empty_note")
    refuse_hidden_characters(body, where=_("The note"), code="bad_note", field="body")
    bank = is_bank_staff(actor)
    with transaction.atomic():
        # The caller's right first, read without a lock: another customer's request must not make this dispute wait.
        found = Dispute.objects.select_related("statement__account").get(pk=dispute_id)
        if not bank and not is_company_user_of(actor, found.statement.account):
            raise ServiceError(_("You cannot write in this dispute."), code="forbidden")
        dispute = _locked_dispute(dispute_id)
        note = DisputeNote.objects.create(
            dispute=dispute, author=user_row(actor), body=body[:5000], internal=internal and bank
        )
        audit_record(
            actor=actor,
            action="dispute.note_added",
            target=dispute,
            after={"note_id": note.pk, "internal": note.internal},
        )
    return note


def reissue_statement(statement: BalanceStatement, corrected: Decimal, actor: Actor) -> BalanceStatement:
    """The bank-error path: version n+1 with the corrected balance (the caller holds the statement's row lock).
    Settles any open balance correction of the statement (statements.services.corrections) with it."""
    now = timezone.now()
    online = channel(statement.channel).dispatched_on_publish
    version = statement.version + 1
    account = statement.account
    # The corrected version carries the detail the bank holds now (a bank error is often a line fed late).
    detail = detail_summaries(
        agreements=[statement.agreement],
        spec=parse_period(statement.period_end.strftime("%Y-%m")),
        closings={account.pk: corrected},
    ).get(account.pk)
    new = BalanceStatement.objects.create(
        account=account,
        agreement=statement.agreement,
        run=statement.run,
        period=statement.period,
        period_end=statement.period_end,
        number=statement.number,
        version=version,
        previous=statement,
        currency=statement.currency,
        balance=corrected,
        balance_source=statement.balance_source,
        channel=statement.channel,
        verification_code=verification_code(),
        content_hash=content_hash(
            number=statement.number,
            version=version,
            account_number=account.number,
            currency=statement.currency,
            period=statement.period,
            balance=corrected,
        ),
        status=StatementStatus.DISPATCHED if online else StatementStatus.PUBLISHED,
        dispatched_at=now if online else None,
        due_date=response_due_date(workday_calendar(), now.astimezone(SHANGHAI).date()) if online else None,
        opening_balance=detail.opening if detail else None,
        detail_lines=detail.lines if detail else None,
    )
    statement.status = StatementStatus.SUPERSEDED
    statement.save(update_fields=["status"])
    BalanceCorrection.objects.filter(statement=statement, status=CorrectionStatus.OPEN).update(
        status=CorrectionStatus.REISSUED, reissued_as=new, resolved_at=now, resolved_by=user_row(actor)
    )
    if online:
        notify_enqueue(template=SmsTemplate.STATEMENT_NOTICE, items=notice_items([new]))
    audit_record(
        actor=actor,
        action="statement.reissued",
        target=new,
        after={"previous_id": statement.pk, "version": version, "balance": corrected},
    )
    return new


def dispute_resolve(
    *, actor: Actor, dispute_id: int, finding: str, resolution: str, corrected_balance: Any = None
) -> Dispute:
    """Exactly one resolution wins when two officers act at once; the other is told who resolved it."""
    _require_bank(actor)
    if finding not in Finding.values:
        raise ServiceError(_("Choose a finding: bank error, client error or timing difference."), code="finding")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ServiceError(_("Explain the finding to the client."), code="resolution_required")
    refuse_hidden_characters(resolution, where=_("The explanation"), code="bad_resolution", field="resolution")
    corrected = None
    if finding == Finding.BANK_ERROR:
        typed = "" if corrected_balance is None else str(corrected_balance).strip()
        if not typed:
            raise ServiceError(
                _("A bank error needs the corrected balance (e.g. 1,200,000.00)."), code="corrected_balance"
            )
        try:
            corrected = Decimal(typed.replace(",", ""))
        except (InvalidOperation, ValueError) as exc:
            raise ServiceError(
                _("The corrected balance %(v)s is not an amount: write it as a number, e.g. 1,200,000.00.")
                % {"v": f"“{typed[:40]}”"},
                code="corrected_balance",
            ) from exc
        # The same bounds as a client's book balance: never rounded, never beyond what the column holds.
        if (
            not corrected.is_finite()
            or abs(corrected) >= Decimal("1e16")
            or corrected != corrected.quantize(Decimal("0.01"))
        ):
            raise ServiceError(
                _(
                    "The corrected balance must be an amount in yuan with at most 2 decimals, below "
                    "10,000,000,000,000,000 (got %(v)s)."
                )
                % {"v": corrected_balance},
                code="corrected_balance",
            )
        corrected = corrected.quantize(Decimal("0.01"))
    with transaction.atomic():
        dispute = _locked_dispute(dispute_id)
        if dispute.status == DisputeStatus.RESOLVED:
            raise ConflictError(
                _("%(user)s already resolved this dispute at %(when)s.")
                % {
                    "user": dispute.resolved_by,
                    "when": timezone.localtime(dispute.resolved_at).strftime("%Y-%m-%d %H:%M"),
                },
                code="resolved",
            )
        statement = BalanceStatement.objects.select_for_update().get(pk=dispute.statement_id)
        if statement.status != StatementStatus.DISPUTED:
            raise ConflictError(
                _("The statement is no longer disputed (it is %(s)s).")
                % {"s": StatementStatus(statement.status).label},
                code="not_disputed",
            )
        if finding == Finding.BANK_ERROR and corrected == statement.balance:
            raise ServiceError(
                _(
                    "%(b)s is the balance already on the statement. For a bank error enter the corrected "
                    "balance; otherwise choose client error or timing difference."
                )
                % {"b": f"{corrected:,.2f}"},
                code="same_balance",
            )
        now = timezone.now()
        dispute.status, dispute.finding, dispute.resolution = DisputeStatus.RESOLVED, finding, resolution[:5000]
        dispute.resolved_by, dispute.resolved_at = user_row(actor), now
        fields = ["status", "finding", "resolution", "resolved_by", "resolved_at"]
        if dispute.assigned_to_id is None:  # resolved without being taken first: the resolver was its officer
            dispute.assigned_to = dispute.resolved_by
            fields.append("assigned_to")
        dispute.save(update_fields=fields)
        if finding == Finding.BANK_ERROR:
            reissue_statement(statement, corrected, actor)
        else:
            statement.status = StatementStatus.RESOLVED
            statement.due_date = response_due_date(workday_calendar(), now.astimezone(SHANGHAI).date())
            statement.save(update_fields=["status", "due_date"])
            notify_enqueue(
                template=SmsTemplate.DISPUTE_UPDATE,
                items=[(statement, notice_params(statement))],
                key_extra=f":d{dispute.pk}",
            )
            # The stored PDF states the due date: it must state the new one.
            statement_id = statement.pk
            transaction.on_commit(lambda: statement_pdfs_refresh_later([statement_id]))
        audit_record(
            actor=actor,
            action="dispute.resolved",
            target=dispute,
            after={"finding": finding, "corrected_balance": corrected, "statement_id": statement.pk},
        )
    return dispute
