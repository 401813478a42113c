"""The receipt of a final answer, built from the stored records."""

from __future__ import annotations

from django.conf import settings
from core.documents import document_sign
from django.utils import timezone
from django.utils.translation import gettext as _

from reconcile.errors import ServiceError
from reconcile.people import person_name
from statements.calendar.rules import SHANGHAI
from statements.models import BalanceStatement, Confirmation, ConfirmationStatus, Decision, StatementStatus
from statements.render.receipt_pdf import ReceiptData, render_receipt_pdf


def receipt_pdf(statement: BalanceStatement) -> bytes:
    confirmation = (Confirmation.objects.filter(statement=statement, status=ConfirmationStatus.FINAL)
                    .select_related("submitted_by", "approved_by").order_by("-submitted_at").first())
    if confirmation is None:
        if statement.status == StatementStatus.DEEMED_CONFIRMED:
            raise ServiceError(_("No answer was given by the due date, so the balance was deemed confirmed; there is "
                                 "no receipt of an answer. Contact your branch if the balance is wrong."),
                               code="no_answer")
        raise ServiceError(_("This statement has no answer yet, so there is no receipt."), code="no_answer")
    answered = confirmation.approved_at or confirmation.submitted_at
    return document_sign(render_receipt_pdf(ReceiptData(
        bank_name=settings.PORTAL_BANK_NAME,
        customer_name=statement.account.customer.legal_name if statement.account.customer else "",
        account_number=statement.account.number, statement_number=statement.number, version=statement.version,
        period=statement.period, balance=statement.balance, currency=statement.currency,
        decision="相符" if confirmation.decision == Decision.AGREE else "不符",
        book_balance=confirmation.book_balance, reason=confirmation.reason,
        answered_by=person_name(confirmation.submitted_by),
        approved_by=person_name(confirmation.approved_by) if confirmation.approved_by else "",
        answered_at=timezone.localtime(answered, SHANGHAI), channel={"web": "网站", "api": "银企直联接口"}.get(
            confirmation.channel, confirmation.channel),
        statement_hash=statement.content_hash)), reason="余额对账回执")
