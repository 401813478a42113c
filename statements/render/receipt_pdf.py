"""A receipt of the client's answer (回执): who answered what, when, about which statement (pure)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from reconcile.render.fonts import draw_text, register_cjk_fonts


@dataclass(frozen=True)
class ReceiptData:
    bank_name: str
    customer_name: str
    account_number: str
    statement_number: str
    version: int
    period: str
    balance: Decimal
    currency: str
    decision: str  # 相符 / 不符
    book_balance: Decimal | None
    reason: str
    answered_by: str
    approved_by: str
    answered_at: dt.datetime
    channel: str
    statement_hash: str


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def render_receipt_pdf(receipt: ReceiptData) -> bytes:
    fonts = register_cjk_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=fonts.label, initialFontSize=10)
    c.setTitle(f"对账回执 {receipt.statement_number}")
    width, height = A4
    y = height - 72
    draw_text(c, width / 2, y, "余额对账回执", fonts.label, 18, anchor="middle")
    y -= 36
    rows = [
        ("银行", receipt.bank_name),
        ("单位名称", receipt.customer_name),
        ("账号", receipt.account_number),
        ("对账单编号", f"{receipt.statement_number}（第{receipt.version}版）"),
        ("对账期间", receipt.period),
        ("银行余额", f"{receipt.currency} {_money(receipt.balance)}"),
        ("对账结果", receipt.decision),
    ]
    if receipt.book_balance is not None:
        rows.append(("单位账面余额", f"{receipt.currency} {_money(receipt.book_balance)}"))
    if receipt.reason:
        rows.append(("不符原因", receipt.reason[:120]))
    rows += [
        ("回复人", receipt.answered_by),
        ("复核人", receipt.approved_by or "—"),
        ("回复时间", receipt.answered_at.strftime("%Y-%m-%d %H:%M:%S") + "（北京时间）"),
        ("回复渠道", receipt.channel),
        ("对账单摘要值 SHA-256", receipt.statement_hash[:32]),
        ("", receipt.statement_hash[32:]),
    ]
    for label, value in rows:
        draw_text(c, 72, y, label, fonts.label, 11)
        draw_text(c, 220, y, value, fonts.data, 11)
        y -= 22
    y -= 12
    draw_text(c, 72, y, "本回执由系统根据客户的在线回复自动生成，仅供对账使用，不作为记账凭证。", fonts.label, 9)
    c.showPage()
    c.save()
    return buf.getvalue()
