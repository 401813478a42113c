"""The client's answer: view, agree, disagree, approve (maker-checker), and the deemed-confirmation sweep."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ConflictError, ServiceError
from core.numbers import plain_amount
from core.prepared import PreparedQuery
from core.services.audit import audit_record, audit_record_many
from core.text import refuse_hidden_characters, sentences, shown_value
from reconcile.models import GroupGrant
from reconcile.services.groups import grant_answering_for, group_grant_facts, may_answer
from statements.answer_digest import answer_digest
from statements.calendar.rules import SHANGHAI
from statements.models import (
    OPEN_FOR_ANSWER,
    AnswerItem,
    BalanceStatement,
    Confirmation,
    ConfirmationStatus,
    Decision,
    Dispute,
    StatementStatus,
)
from statements.selectors import workday_calendar
from statements.selectors.answers import statement_status_label
from statements.services import answer_rights, answers
from statements.services.answer_signing import AnswerProof, signature_required_for

BANK_ANSWER_WORKDAYS = 5
SWEEP_CHUNK = 10_000


class LateAnswer(ServiceError):
    code = "late_answer"


def _shanghai_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(SHANGHAI).date()


# Compiled once per process (core.prepared): every answer, web or API, locks its statement this way.
_LOCKED: PreparedQuery[BalanceStatement] = PreparedQuery(
    lambda pk: (
        BalanceStatement.objects.select_for_update(of=("self",))
        .select_related("account", "account__customer")
        .filter(pk=pk)
    ),
    pk=int,
)


def _locked(statement_id: int) -> BalanceStatement:
    statement = _LOCKED.first(pk=statement_id)
    if statement is None:
        raise BalanceStatement.DoesNotExist("BalanceStatement matching query does not exist.")
    return statement


def statement_mark_viewed(*, actor: Actor, statement_id: int, now: dt.datetime | None = None) -> bool:
    """The client opened the statement: dispatched -> viewed, once (bank staff looking at it changes nothing).

    One guarded UPDATE instead of a row lock: it only matches a dispatched, never-viewed statement of the actor's own
    company within its answer window, so a repeat view (or a view racing a confirm) writes nothing, and the audit
    event is written only by the request whose UPDATE changed the row."""
    customer_id = getattr(actor, "customer_id", None)
    if customer_id is None:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        # The company's own users, or a group user granted the company (集团), as a subquery of the same UPDATE.
        granted = GroupGrant.objects.filter(
            user_id=actor.pk, withdrawn_at=None, subsidiary__parent_id=customer_id
        ).values("subsidiary_id")
        updated = BalanceStatement.objects.filter(
            Q(account__customer_id=customer_id) | Q(account__customer_id__in=granted),
            pk=statement_id,
            status=StatementStatus.DISPATCHED,
            viewed_at__isnull=True,
            due_date__gte=_shanghai_day(now),  # past its window the statement is deemed confirmed
        ).update(status=StatementStatus.VIEWED, viewed_at=now)
        if updated != 1:
            return False
        audit_record(
            actor=actor,
            action="statement.viewed",
            target_type=BalanceStatement._meta.label_lower,
            target_id=str(statement_id),
            before={"status": StatementStatus.DISPATCHED},
            after={"status": StatementStatus.VIEWED},
        )
    return True


def statement_open_check(*, statement: BalanceStatement, now: dt.datetime | None = None) -> None:
    """Refuse a statement that can no longer be answered (answered, re-issued, past its due date): every answer, and
    the answer pages before the client fills in a form."""
    now = now or timezone.now()
    if statement.status not in OPEN_FOR_ANSWER:
        label = statement_status_label(statement)
        if statement.status == StatementStatus.SUPERSEDED:
            hint = _("The bank re-issued it: answer the newest version in your list of statements.")
        elif statement.status in (StatementStatus.DRAFT, StatementStatus.PUBLISHED):
            hint = _("It has not been sent to you yet; you can answer once it arrives.")
        else:
            hint = _("It already has its answer; if the balance is wrong, contact your branch.")
        msg = _("This statement can no longer be answered: it is %(status)s.") % {"status": label}
        raise ConflictError(sentences(msg, hint), code="not_open")
    if statement.due_date is None or _shanghai_day(now) > statement.due_date:
        raise LateAnswer(
            _(
                "The answer period ended on %(due)s at 23:59:59 (Beijing time); without an answer the "
                "balance is deemed confirmed. Contact your branch if the balance is wrong."
            )
            % {"due": statement.due_date}
        )


def _clean_answer(decision: str, book_balance: Any, reason: str) -> tuple[Decimal | None, str]:
    if decision not in Decision.values:
        raise ServiceError(_("Answer with agree, agree after adjustment or disagree."), code="bad_decision")
    reason = (reason or "").strip()
    if "\x00" in reason:
        raise ServiceError(_("The reason contains a NUL character; remove it."), code="bad_reason")
    refuse_hidden_characters(reason, where=_("The reason"), code="bad_reason", field="reason")
    if decision == Decision.AGREE:
        return None, reason[:2000]
    if book_balance in (None, ""):
        raise ServiceError(
            _("Give your book balance (the journal's balance at the period end)."), code="bad_book_balance"
        )
    balance, typed = plain_amount(str(book_balance)), {"v": shown_value(book_balance)}
    if balance is None:
        raise ServiceError(
            _("Enter your own book balance as a number, e.g. 1,200,000.00 (got %(v)s).") % typed,
            code="bad_book_balance",
        )
    if not balance.is_finite() or abs(balance) >= Decimal("1e16") or balance != balance.quantize(Decimal("0.01")):
        raise ServiceError(
            _("The book balance must be an amount in yuan with at most 2 decimals (got %(v)s).") % typed,
            code="bad_book_balance",
        )
    if decision == Decision.DISAGREE and not reason:
        raise ServiceError(_("Say why the balances differ, so the bank can investigate."), code="reason_required")
    return balance.quantize(Decimal("0.01")), reason[:2000]


def _answer_kind(decision: str, book_balance: Any, items: list[answers.Item]) -> str:
    """An agreement that gives a book balance other than nothing, or items, is an agreement after adjustment."""
    if decision == Decision.AGREE and (items or book_balance not in (None, "")):
        return Decision.AGREE_ADJUSTED
    return decision


def _reconcile_items(
    statement: BalanceStatement, decision: str, book: Decimal | None, items: list[answers.Item]
) -> tuple[Decimal | None, list[Any]]:
    """The unexplained difference the items leave and the bank line each bank-side item is; refuses an agreement
    after adjustment that does not reconcile to the cent, and a disagreement the items fully explain."""
    if decision == Decision.AGREE or (decision == Decision.DISAGREE and not items):
        return None, []
    if decision == Decision.AGREE_ADJUSTED and book == statement.balance and not items:
        return None, []
    answers.check_dates(statement, items)
    unexplained = answers.unexplained_difference(bank_balance=statement.balance, book_balance=book, items=items)
    if decision == Decision.AGREE_ADJUSTED and unexplained != 0:
        raise answers.DoesNotReconcile(
            _(
                "The outstanding items do not explain the difference: bank balance %(bank)s adjusted by the items is "
                "%(unexplained)s away from your book balance %(book)s adjusted by the items. Check the items, or answer "
                "'disagree' with them: the unexplained difference is what the bank will investigate."
            )
            % {"bank": f"{statement.balance:,.2f}", "book": f"{book:,.2f}", "unexplained": f"{unexplained:,.2f}"}
        )
    if decision == Decision.DISAGREE and unexplained == 0:
        raise ServiceError(
            _(
                "The outstanding items explain the whole difference, so the balances agree after "
                "adjustment: answer 'agree after adjustment' with these items."
            ),
            code="explained",
        )
    return unexplained, answers.bank_lines_for(statement, items)


def _finalise(statement: BalanceStatement, confirmation: Confirmation, now: dt.datetime) -> list[dict[str, Any]]:
    """The final answer moves the statement; returns the audit entries for the caller to record last."""
    before = {"status": statement.status}
    entries: list[dict[str, Any]] = []
    if confirmation.decision in (Decision.AGREE, Decision.AGREE_ADJUSTED):
        statement.status = StatementStatus.CONFIRMED
    else:
        statement.status = StatementStatus.DISPUTED
        # The bank's own answer date: when it runs into next year before that year's schedule is loaded, it is
        # counted Monday-Friday (provisional) rather than refusing the client's disagreement.
        bank_due, provisional = workday_calendar().add_workdays_provisional(_shanghai_day(now), BANK_ANSWER_WORKDAYS)
        dispute = Dispute.objects.create(
            statement=statement, confirmation=confirmation, opened_at=now, bank_due_date=bank_due
        )
        entries.append(
            {
                "action": "dispute.opened",
                "target": dispute,
                "after": {
                    "statement_id": statement.pk,
                    "bank_due_date": bank_due,
                    **({"bank_due_date_provisional": True} if provisional else {}),
                },
            }
        )
    statement.answered_at = now
    updated = (
        BalanceStatement.objects.open_for_answer()
        .filter(pk=statement.pk)
        .update(status=statement.status, answered_at=now)
    )
    if updated != 1:  # the caller holds the row lock and checked the status, so this is a broken invariant
        raise RuntimeError(f"statement {statement.pk} left the open states while locked")
    entries.append(
        {
            "action": "statement.answered",
            "target": statement,
            "before": before,
            "after": {
                "status": statement.status,
                "confirmation_id": confirmation.pk,
                "book_balance": confirmation.book_balance,
            },
        }
    )
    return entries


@dataclass(frozen=True)
class CheckedAnswer:
    """An answer that passed every check under the statement's row lock, with the digest a signature binds."""

    decision: str
    book: Decimal | None
    reason: str
    items: list[answers.Item]
    unexplained: Decimal | None
    lines: list[Any]
    digest: str


def answer_parse(
    *, decision: str, book_balance: Any, reason: str, outstanding: Any
) -> tuple[str, Decimal | None, str, list[answers.Item]]:
    items = answers.items_parse(outstanding)
    decision = _answer_kind(decision, book_balance, items)
    book, reason = _clean_answer(decision, book_balance, reason)
    return decision, book, reason, items


def statement_digest_facts(statement: BalanceStatement) -> dict[str, Any]:
    return {
        "id": statement.pk,
        "version": statement.version,
        "currency": statement.currency,
        "balance": statement.balance,
    }


def answer_check_locked(
    *,
    actor: Actor,
    statement: BalanceStatement,
    decision: str,
    book: Decimal | None,
    reason: str,
    items: list[answers.Item],
    now: dt.datetime,
) -> CheckedAnswer:
    """Every check of an answer to the locked ``statement``; changes nothing. Used to submit the answer, and before
    a code is sent for it (so a code is never sent for an answer that would be refused)."""
    if not may_answer(actor, statement.account):
        raise answer_rights.not_answerer(statement)
    statement_open_check(statement=statement, now=now)
    if decision == Decision.DISAGREE and book == statement.balance:
        raise ServiceError(
            _(
                "Your book balance %(b)s is the same as the bank's. If the balances agree, answer "
                "'agree'; if something else differs, enter the balance as it is in your books."
            )
            % {"b": f"{book:,.2f}"},
            code="same_balance",
        )
    if Confirmation.objects.filter(statement=statement, status=ConfirmationStatus.AWAITING_APPROVAL).exists():
        raise ConflictError(_("An answer is already waiting for approval."), code="awaiting_approval")
    unexplained, lines = _reconcile_items(statement, decision, book, items)
    digest = answer_digest(
        statements=[statement_digest_facts(statement)],
        decision=decision,
        book_balance=book,
        reason=reason,
        items=[item.as_dict() for item in items],
    )
    if decision == Decision.AGREE_ADJUSTED and book == statement.balance and not items:
        decision, book = Decision.AGREE, None  # the same balance and nothing to explain: a plain agreement
    return CheckedAnswer(
        decision=decision, book=book, reason=reason, items=items, unexplained=unexplained, lines=lines, digest=digest
    )


def confirmation_submit(
    *,
    actor: Actor,
    statement_id: int,
    decision: str,
    book_balance: Any = None,
    reason: str = "",
    attachment: str = "",
    channel: str = "web",
    remote_addr: str | None = None,
    outstanding: Any = None,
    now: dt.datetime | None = None,
    proof: AnswerProof | None = None,
) -> BalanceStatement:
    """Agree, agree after adjustment (with outstanding items that explain the difference), or disagree (optionally
    with items). Exactly one answer wins a race; the loser gets a clear message.

    ``proof`` is the answer's signature (statements.services.answer_signing): a verified one-time code bound to
    this exact answer, or the company's key signature of the API request. The web pages and the API require one;
    it is bound here, under the statement's lock, and stored with the answer and in its audit event.

    The audit events are appended last, under one lock of the chain head, so the head (which every audited
    write in the system queues on) is held only for the append and the commit.
    """
    now = now or timezone.now()
    decision, book, reason, items = answer_parse(
        decision=decision, book_balance=book_balance, reason=reason, outstanding=outstanding
    )
    with transaction.atomic():
        answer_rights.refuse_foreign_answerer(actor=actor, statement_id=statement_id)  # before any lock
        statement = _locked(statement_id)
        checked = answer_check_locked(
            actor=actor, statement=statement, decision=decision, book=book, reason=reason, items=items, now=now
        )
        signature_required_for(statement=statement, proof=proof, channel=channel)
        decision, book, unexplained, lines = checked.decision, checked.book, checked.unexplained, checked.lines
        signed = proof.bind(actor=actor, statement=statement, digest=checked.digest, now=now) if proof else None
        needs_approval = statement.account.customer.requires_approval
        confirmation = Confirmation.objects.create(
            group_grant=(grant := grant_answering_for(actor, statement.account.customer_id)),
            statement=statement,
            decision=decision,
            book_balance=book,
            reason=reason,
            attachment=attachment,
            status=ConfirmationStatus.AWAITING_APPROVAL if needs_approval else ConfirmationStatus.FINAL,
            submitted_by=user_row(actor),
            submitted_at=now,
            channel=channel,
            remote_addr=remote_addr,
            unexplained_difference=unexplained,
            **(signed.fields if signed else {}),
        )
        if items:
            AnswerItem.objects.bulk_create(
                [
                    AnswerItem(
                        confirmation=confirmation,
                        position=n,
                        kind=item.kind,
                        date=item.date,
                        amount=item.amount,
                        summary=item.summary,
                        reference=item.reference,
                        bank_line=line,
                    )
                    for n, (item, line) in enumerate(zip(items, lines or [None] * len(items), strict=True), start=1)
                ]
            )
        entries = [
            {
                "action": "confirmation.submitted",
                "target": confirmation,
                "after": {
                    "statement_id": statement.pk,
                    "decision": decision,
                    "book_balance": book,
                    "status": confirmation.status,
                    "unexplained_difference": unexplained,
                    "outstanding": [
                        dict(item.as_dict(), bank_line_id=line.pk if line else None)
                        for item, line in zip(items, lines or [None] * len(items), strict=True)
                    ],
                    **({"signature": signed.audit} if signed else {}),
                    **({"group_grant": group_grant_facts(grant)} if grant else {}),
                },
            }
        ]
        if not needs_approval:
            entries += _finalise(statement, confirmation, now)
        audit_record_many(actor=actor, entries=entries)
    return statement


def confirmation_review(
    *, actor: Actor, confirmation_id: int, approve: bool, now: dt.datetime | None = None, proof: Any = None
) -> BalanceStatement:
    """复核: a second confirmer of the same company approves or rejects a pending answer. ``proof`` is the approver's
    verified code (statements.services.answer_review), stored with the answer and in the approval's audit event."""
    now = now or timezone.now()
    with transaction.atomic():
        answer_rights.refuse_foreign_approver(actor=actor, confirmation_id=confirmation_id)  # before any lock
        confirmation = Confirmation.objects.select_for_update().get(pk=confirmation_id)
        statement = _locked(confirmation.statement_id)
        if not may_answer(actor, statement.account):
            raise answer_rights.not_approver(statement)
        if confirmation.status != ConfirmationStatus.AWAITING_APPROVAL:
            raise ConflictError(_("This answer was already reviewed."), code="already_reviewed")
        if confirmation.submitted_by_id == actor.pk:
            raise ServiceError(
                _("The approver must be another person than the one who submitted the answer."), code="same_person"
            )
        if approve:
            statement_open_check(statement=statement, now=now)
        signed = proof.bind(actor=actor, confirmation=confirmation, statement=statement) if approve and proof else {}
        for name, value in signed.items():
            setattr(confirmation, name, value)
        confirmation.status = ConfirmationStatus.FINAL if approve else ConfirmationStatus.REJECTED
        confirmation.approved_by, confirmation.approved_at = user_row(actor), now
        confirmation.save(update_fields=["status", "approved_by", "approved_at", *signed])
        entries = [
            {
                "action": "confirmation.approved" if approve else "confirmation.rejected",
                "target": confirmation,
                "after": {
                    "status": confirmation.status,
                    **(
                        {
                            "signature": {
                                "method": signed["approval_signed_with"],
                                "phone": signed["approval_signed_phone"],
                                "challenge_id": signed["approval_challenge"].pk,
                            }
                        }
                        if signed
                        else {}
                    ),
                },
            }
        ]
        if approve:
            entries += _finalise(statement, confirmation, now)
        audit_record_many(actor=actor, entries=entries)
    return statement


def deadlines_sweep(*, as_of: dt.date, actor: Actor | None = None) -> int:
    """Statements whose due date passed without a final answer become deemed confirmed (视同相符).

    Set-based in chunks of ids, so a million statements are a few hundred UPDATEs; the WHERE clause
    re-checks the status, so a confirm that committed first wins and running the sweep twice changes nothing.
    """
    total = 0
    base = BalanceStatement.objects.open_for_answer().filter(due_date__lt=as_of)
    last_id = 0
    while True:
        ids = list(base.filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:SWEEP_CHUNK])
        if not ids:
            break
        last_id = ids[-1]
        with transaction.atomic():
            moved = list(
                BalanceStatement.objects.select_for_update()
                .open_for_answer()
                .filter(pk__in=ids, due_date__lt=as_of)
                .values_list("pk", flat=True)
            )
            if not moved:
                continue
            # Counted by the UPDATE's row count: what this run changed, not what it looked at.
            deemed = BalanceStatement.objects.filter(pk__in=moved).update(status=StatementStatus.DEEMED_CONFIRMED)
            # Nobody rejected these: the second confirmer did not approve in time, and silence counts as agreement.
            Confirmation.objects.filter(statement_id__in=moved, status=ConfirmationStatus.AWAITING_APPROVAL).update(
                status=ConfirmationStatus.EXPIRED
            )
            audit_record(
                actor=actor,
                action="statements.deemed_confirmed",
                target_type="statements.balancestatement",
                target_id=f"{moved[0]}..{moved[-1]}",
                after={"as_of": as_of, "statement_ids": moved},
            )
            total += deemed
    return total
