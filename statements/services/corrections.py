"""Re-issuing a published statement whose balance core banking corrected (a flag from import_balances)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.errors import ConflictError, ServiceError
from core.roles import is_bank_staff
from core.services.audit import audit_record
from statements.models import BalanceCorrection, BalanceStatement, CorrectionStatus, StatementStatus
from statements.services.disputes import reissue_statement


def balance_correction_reissue(*, actor: Actor, correction_id: int) -> BalanceStatement:
    """Re-issue the flagged statement as version n+1 with the corrected balance (the bank-error path: new PDF, new
    dispatch and answer window, a notice to the client); the old version is superseded. Once only."""
    if not is_bank_staff(actor):
        raise ServiceError(_("Only bank operations may re-issue a statement."), code="forbidden")
    with transaction.atomic():
        correction = BalanceCorrection.objects.select_for_update().get(pk=correction_id)
        if correction.status != CorrectionStatus.OPEN:
            raise ConflictError(
                _("This correction is already settled (%(status)s).") % {"status": correction.get_status_display()},
                code="settled",
            )
        statement = (
            BalanceStatement.objects.select_for_update(of=("self",))
            .select_related("account", "agreement")
            .get(pk=correction.statement_id)
        )
        if statement.status == StatementStatus.DISPUTED:
            raise ServiceError(
                _(
                    "The client disputes statement %(number)s: resolve its dispute as a bank error with "
                    "the corrected balance %(balance)s; that re-issues it and settles this correction."
                )
                % {"number": statement.number, "balance": f"{correction.corrected_balance:,.2f}"},
                code="disputed",
            )
        new = reissue_statement(statement, correction.corrected_balance, actor)
        audit_record(
            actor=actor,
            action="balance_correction.reissued",
            target=correction,
            after={"statement_id": statement.pk, "reissued_as": new.pk, "balance": correction.corrected_balance},
        )
    return new
