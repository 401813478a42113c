"""Who may answer a statement, or approve an answer to it, asked before anything is locked.

The statement's row is locked by its company's own answer, approval and code requests; a request of another customer
(or of someone without the confirmer's role) naming it is refused from an unlocked read, so it never waits for that
lock nor makes the company's own answer wait. The check is repeated under the lock by the services themselves.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.actors import Actor
from core.errors import ServiceError
from reconcile.services.groups import may_answer
from statements.models import BalanceStatement, Confirmation


def not_answerer(statement: BalanceStatement) -> ServiceError:
    return ServiceError(
        _("Only a confirmer of %(company)s may answer this statement.") % {"company": statement.account.customer},
        code="forbidden",
    )


def not_approver(statement: BalanceStatement) -> ServiceError:
    return ServiceError(
        _("Only a confirmer of %(company)s may approve answers.") % {"company": statement.account.customer},
        code="forbidden",
    )


def refuse_foreign_answerer(*, actor: Actor, statement_id: int) -> None:
    """A statement that does not exist is left to the locked read, which says so as before."""
    statement = BalanceStatement.objects.select_related("account", "account__customer").filter(pk=statement_id).first()
    if statement is not None and not may_answer(actor, statement.account):
        raise not_answerer(statement)


def refuse_foreign_approver(*, actor: Actor, confirmation_id: int) -> None:
    found = (
        Confirmation.objects.select_related("statement", "statement__account", "statement__account__customer")
        .filter(pk=confirmation_id)
        .first()
    )
    if found is not None and not may_answer(actor, found.statement.account):
        raise not_approver(found.statement)
