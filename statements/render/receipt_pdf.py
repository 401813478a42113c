"""A receipt of the client's answer (回执): who answered what, when, about which statement (pure)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from core.fonts import draw_text, printable, register_cjk_fonts
from reconcile.render.text import wrap_text


@dataclass(frozen=True)
class ReceiptItem:
    kind_label: str  # 企业已收银行未收 ...
    date: dt.date
    amount: Decimal
    summary: str
    reference: str
    in_detail: bool  # a bank-side item found among the bank's own lines


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
    items: tuple[ReceiptItem, ...] = ()
    unexplained: Decimal | None = None
    # A group user's answer for a subsidiary: (label, value) rows naming its company and the written authorisation.
    on_behalf: tuple[tuple[str, str], ...] = ()
    # How the answer was signed: (label, value) rows, e.g. ("签署方式", "短信验证码"), ("验证码发送至", "139****0002").
    signature: tuple[tuple[str, str], ...] = ()


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


PAGE_W, PAGE_H = A4
MARGIN = 72.0
LABEL_X = MARGIN
VALUE_X = 220.0
VALUE_W = PAGE_W - MARGIN - VALUE_X  # every value wraps inside the right margin
SIZE = 11.0
LEADING = 16.0
ROW_GAP = 6.0
FOOTER = "本回执由系统根据客户的在线回复自动生成，仅供对账使用，不作为记账凭证。"


def render_receipt_pdf(receipt: ReceiptData) -> bytes:
    fonts = register_cjk_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=fonts.label, initialFontSize=10)
    c.setTitle(f"对账回执 {receipt.statement_number}")
    y = PAGE_H - MARGIN
    draw_text(c, PAGE_W / 2, y, "余额对账回执", fonts.label, 18, anchor="middle")
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
    for item in receipt.items:  # the answer's outstanding items (未达账项), each on its own row
        text = f"{item.date:%Y-%m-%d}  {receipt.currency} {_money(item.amount)}"
        # Free text (the client's, or a payer's copied from the bank's lines) prints a character no font has as its
        # code point; a refusal here would leave a stored answer without a receipt for good. Names are refused.
        text += "".join(f"  {printable(part)}" for part in (item.summary, item.reference) if part)
        rows.append((item.kind_label, text + ("（已核对银行明细）" if item.in_detail else "")))
    if receipt.unexplained is not None:
        rows.append(("未解释差额", f"{receipt.currency} {_money(receipt.unexplained)}"))
    if receipt.reason:
        # Wrapped, never cut.
        rows.append(("说明" if receipt.decision != "不符" else "不符原因", printable(receipt.reason)))
    rows += [
        ("回复人", receipt.answered_by),
        *receipt.on_behalf,
        ("复核人", receipt.approved_by or "—"),
        ("回复时间", receipt.answered_at.strftime("%Y-%m-%d %H:%M:%S") + "（北京时间）"),
        ("回复渠道", receipt.channel),
        *receipt.signature,
        ("对账单摘要值 SHA-256", receipt.statement_hash),
    ]
    for label, value in rows:
        for n, line in enumerate(wrap_text(value, fonts.data, SIZE, VALUE_W)):
            if y < MARGIN + LEADING:  # a reason of several thousand characters runs onto more pages
                c.showPage()
                y = PAGE_H - MARGIN
            if n == 0:
                draw_text(c, LABEL_X, y, label, fonts.label, SIZE)
            draw_text(c, VALUE_X, y, line, fonts.data, SIZE)
            y -= LEADING
        y -= ROW_GAP
    y -= 12
    for line in wrap_text(FOOTER, fonts.label, 9, PAGE_W - 2 * MARGIN):
        if y < MARGIN:
            c.showPage()
            y = PAGE_H - MARGIN
        draw_text(c, LABEL_X, y, line, fonts.label, 9)
        y -= 13
    c.showPage()
    c.save()
    return buf.getvalue()
