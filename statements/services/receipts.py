"""The receipt of a final answer, built from the stored records."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import document_sign
from core.errors import ServiceError
from reconcile.people import person_name
from statements.calendar.rules import SHANGHAI
from statements.models import (
    BalanceStatement,
    Confirmation,
    ConfirmationStatus,
    Decision,
    ItemKind,
    StatementStatus,
)
from statements.render.receipt_pdf import ReceiptData, ReceiptItem, render_receipt_pdf

# The receipt is a Chinese document whatever the reader's language (as the statement and the 余额调节表 are).
DECISION_TEXT = {Decision.AGREE: "相符", Decision.AGREE_ADJUSTED: "调节后相符", Decision.DISAGREE: "不符"}
ITEM_TEXT = {
    ItemKind.JOURNAL_IN_NOT_BANK: "企业已收银行未收",
    ItemKind.JOURNAL_OUT_NOT_BANK: "企业已付银行未付",
    ItemKind.BANK_IN_NOT_JOURNAL: "银行已收企业未收",
    ItemKind.BANK_OUT_NOT_JOURNAL: "银行已付企业未付",
}


METHOD_TEXT = {"sms": "短信验证码", "totp": "身份验证器动态码", "key": "企业密钥数字签名"}


def signature_rows(confirmation: Confirmation) -> tuple[tuple[str, str], ...]:
    """How the answer was signed, as the receipt prints it (key id or masked mobile, time, the answer's digest)."""
    if not confirmation.signed_with:
        return (("签署方式", "未签署"),)
    rows = [("签署方式", METHOD_TEXT.get(confirmation.signed_with, confirmation.signed_with))]
    if confirmation.signed_with == "key":
        rows += [
            ("密钥编号", confirmation.signature_key.key_id if confirmation.signature_key else "—"),
            ("签名算法", confirmation.signature_algorithm),
            ("数字签名", confirmation.signature),
        ]
    elif confirmation.signed_phone:
        rows.append(("验证码发送至", confirmation.signed_phone))
    if confirmation.signed_at:
        rows.append(
            (
                "签署时间",
                timezone.localtime(confirmation.signed_at, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") + "（北京时间）",
            )
        )
    rows.append(("回复摘要值 SHA-256", confirmation.answer_digest))
    if confirmation.approval_signed_with:
        rows.append(
            ("复核签署方式", METHOD_TEXT.get(confirmation.approval_signed_with, confirmation.approval_signed_with))
        )
        if confirmation.approval_signed_phone:
            rows.append(("复核验证码发送至", confirmation.approval_signed_phone))
    return tuple(rows)


def group_rows(confirmation: Confirmation) -> tuple[tuple[str, str], ...]:
    """An answer a group user gave for a subsidiary (集团): who answered for which company, under which written
    authorisation (its reference and the day ops registered it)."""
    grant = confirmation.group_grant
    if grant is None:
        return ()
    parent = confirmation.submitted_by.customer
    granted = timezone.localtime(grant.granted_at, SHANGHAI)
    return (
        ("回复人单位", parent.legal_name if parent else "—"),
        ("代为回复", f"集团用户代 {grant.subsidiary.legal_name} 回复"),
        ("书面授权", f"{grant.authorisation}（{granted:%Y-%m-%d} 登记）"),
    )


def receipt_pdf(statement: BalanceStatement) -> bytes:
    confirmation = (
        Confirmation.objects.filter(statement=statement, status=ConfirmationStatus.FINAL)
        .select_related("submitted_by__customer", "approved_by", "signature_key", "group_grant__subsidiary")
        .order_by("-submitted_at")
        .first()
    )
    if confirmation is None:
        if statement.status == StatementStatus.DEEMED_CONFIRMED:
            raise ServiceError(
                _(
                    "No answer was given by the due date, so the balance was deemed confirmed; there is "
                    "no receipt of an answer. Contact your branch if the balance is wrong."
                ),
                code="no_answer",
            )
        raise ServiceError(_("This statement has no answer yet, so there is no receipt."), code="no_answer")
    answered = confirmation.approved_at or confirmation.submitted_at
    return document_sign(
        render_receipt_pdf(
            ReceiptData(
                bank_name=settings.PORTAL_BANK_NAME,
                customer_name=statement.account.customer.legal_name if statement.account.customer else "",
                account_number=statement.account.number,
                statement_number=statement.number,
                version=statement.version,
                period=statement.period,
                balance=statement.balance,
                currency=statement.currency,
                decision=DECISION_TEXT[Decision(confirmation.decision)],
                book_balance=confirmation.book_balance,
                reason=confirmation.reason,
                answered_by=person_name(confirmation.submitted_by),
                on_behalf=group_rows(confirmation),
                approved_by=person_name(confirmation.approved_by) if confirmation.approved_by else "",
                answered_at=timezone.localtime(answered, SHANGHAI),
                channel={"web": "网站", "api": "银企直联接口"}.get(confirmation.channel, confirmation.channel),
                statement_hash=statement.content_hash,
                items=tuple(
                    ReceiptItem(
                        kind_label=ITEM_TEXT[ItemKind(item.kind)],
                        date=item.date,
                        amount=item.amount,
                        summary=item.summary,
                        reference=item.reference,
                        in_detail=item.bank_line_id is not None,
                    )
                    for item in confirmation.items.all()
                ),
                unexplained=confirmation.unexplained_difference,
                signature=signature_rows(confirmation),
            )
        ),
        reason="余额对账回执",
    )
