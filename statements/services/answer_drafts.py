"""“Answer with this table”: the accountant turns the workbench's 余额调节表 at the statement's period end into a
prepared answer (book balance + outstanding items) in one step; a confirmer then submits it (maker-checker)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.roles import is_accountant_of
from core.services.audit import audit_record
from reconcile.services.adjustment import adjustment_table_build
from statements.models import OPEN_FOR_ANSWER, AnswerDraft, BalanceStatement
from statements.services.answers import Item, unexplained_difference

_LISTS = ("journal_in_not_bank", "journal_out_not_bank", "bank_in_not_journal", "bank_out_not_journal")


def _require_accountant(actor: Actor, statement: BalanceStatement) -> None:
    if not is_accountant_of(actor, statement.account):
        raise ServiceError(
            _("Only an accountant of %(company)s may prepare its answer from the workbench.")
            % {"company": statement.account.customer},
            code="forbidden",
        )


def answer_draft_prepare(*, actor: Actor, statement_id: int) -> AnswerDraft:
    with transaction.atomic():
        # The caller's right first, read without a lock: another customer's request must not make this statement
        # (which its company's own answer locks) wait.
        _require_accountant(actor, BalanceStatement.objects.select_related("account__customer").get(pk=statement_id))
        statement = (
            BalanceStatement.objects.select_for_update(of=("self",))
            .select_related("account", "account__customer")
            .get(pk=statement_id)
        )
        _require_accountant(actor, statement)
        if statement.status not in OPEN_FOR_ANSWER:
            raise ServiceError(_("This statement is not waiting for an answer; nothing to prepare."), code="not_open")
        # The table refuses (naming the gap) when the account's history does not join up at the period end.
        table = adjustment_table_build(account=statement.account, period_end=statement.period_end)
        items = [
            Item(
                kind=kind,
                date=entry.date,
                amount=entry.amount,
                summary=entry.summary[:200],
                reference=entry.reference[:64],
            )
            for kind in _LISTS
            for entry in getattr(table, kind)
            if entry.amount > 0
        ]
        difference = unexplained_difference(
            bank_balance=statement.balance, book_balance=table.book_balance, items=items
        )
        draft = AnswerDraft.objects.create(
            statement=statement,
            prepared_by=user_row(actor),
            prepared_at=timezone.now(),
            book_balance=table.book_balance,
            items=[item.as_dict() for item in items],
            difference=difference,
        )
        audit_record(
            actor=actor,
            action="answer.prepared",
            target=draft,
            after={
                "statement_id": statement.pk,
                "book_balance": table.book_balance,
                "items": len(items),
                "difference": difference,
                "table_bank_balance": table.bank_balance,
            },
        )
    return draft
