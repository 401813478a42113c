"""余额对账单 (balance confirmation statement) -> PDF bytes.

Drawn directly on a reportlab canvas (no platypus): the layout is fixed and
the canvas path is several times faster, which matters for month-end batches
of tens of thousands of statements.  The CJK font is embedded (see
``core.fonts``); template text uses the *label* font and customer
values the *data* font so the label subset is reused across a batch.

Output is deterministic (reportlab ``invariant`` mode: no timestamp or random
document ID), so re-rendering a stored statement reproduces the same bytes
and hash.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from core.fonts import CJKFonts, draw_text, register_cjk_fonts
from core.formatting import format_amount
from reconcile.render.text import wrap_text
from statements.amount_words import amount_in_words
from statements.render.detail import StatementDetail
from statements.render.detail_pdf import draw_detail_pages
from statements.render.qr import draw_qr

DISCLAIMER = "仅供对账使用，不作为记账凭证"
_CURRENCY_PREFIX = {"CNY": "人民币", "人民币": "人民币"}

PAGE_W, PAGE_H = A4
MARGIN = 48.0
CONTENT_W = PAGE_W - 2 * MARGIN
ROW_H = 24.0  # a one-line row of the account table
VALUE_SIZES = (10.5, 9.5, 8.5)  # the table's values, largest first (see _draw_statement)
QR_SIZE = 92.0
QR_Y = MARGIN + 34


@dataclass(frozen=True)
class ReplySlip:
    """The tear-off reply slip of a paper statement: the client answers by post to this address."""

    recipient: str  # the operations centre
    return_address: str  # street, city and postcode


@dataclass(frozen=True)
class StatementData:
    bank_name: str
    operations_centre: str
    branch: str
    customer_name: str
    account_number: str
    currency: str  # "CNY" / "人民币"
    period_label: str  # e.g. "2026年10月"
    period_end: dt.date
    balance: Decimal
    statement_number: str
    version: int
    issue_date: dt.date
    due_date: dt.date | None  # None: not known when printed (a paper letter before its posting)
    confirmation_instructions: str
    verification_code: str
    verify_url: str
    balance_in_words: str = ""  # computed from balance when empty
    disclaimer: str = DISCLAIMER
    # Printed instead of a date while the due date is unknown, and under the date once it is: the rule that gives it.
    due_rule: str = ""
    reply_slip: ReplySlip | None = None  # paper mail: answer by post
    # The period's bank-fed lines, printed as pages after the statement (per agreement); None: the statement alone.
    detail: StatementDetail | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.balance, Decimal):
            raise TypeError("balance must be Decimal")
        expected = amount_in_words(self.balance)
        if not self.balance_in_words:
            object.__setattr__(self, "balance_in_words", expected)
        elif self.balance_in_words.removeprefix("人民币") != expected:
            # A mismatch between 小写 and 大写 makes the letter legally
            # ambiguous; refuse rather than print it.
            raise ValueError(
                f"balance_in_words {self.balance_in_words!r} does not match balance {self.balance} ({expected!r})"
            )
        if self.version < 1:
            raise ValueError("version must be >= 1")
        if self.detail is not None and (self.detail.account_number, self.detail.statement_number) != (
            self.account_number,
            self.statement_number,
        ):
            # Another statement's lines printed under this one would tell the client wrong facts about its account.
            raise ValueError(
                f"the detail of {self.detail.account_number} / {self.detail.statement_number} does not "
                f"belong to statement {self.statement_number} of {self.account_number}"
            )
        if self.due_date is None and not self.due_rule:
            # A letter must tell the client by when to answer: a date, or the rule that gives it.
            raise ValueError("a statement without a due date must state the rule that gives it (due_rule)")


def build_verify_url(host: str, code: str) -> str:
    return f"https://{host}/verify/{code}"


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Page:
    """Small drawing helpers bound to one canvas and the font pair."""

    def __init__(self, canvas: Canvas, fonts: CJKFonts) -> None:
        self.c = canvas
        self.f = fonts

    def text(self, x: float, y: float, s: str, size: float, *, data: bool = False) -> None:
        draw_text(self.c, x, y, s, self.f.data if data else self.f.label, size)

    def text_w(self, x: float, y: float, s: str, size: float, *, data: bool = False) -> float:
        """Like :meth:`text` but returns the x where the string ends."""
        return draw_text(self.c, x, y, s, self.f.data if data else self.f.label, size)

    def centred(self, y: float, s: str, size: float, *, data: bool = False) -> None:
        draw_text(self.c, PAGE_W / 2, y, s, self.f.data if data else self.f.label, size, anchor="middle")

    def right(self, x: float, y: float, s: str, size: float, *, data: bool = False) -> None:
        draw_text(self.c, x, y, s, self.f.data if data else self.f.label, size, anchor="end")

    def paragraph(self, x: float, y: float, s: str, size: float, width: float, leading: float) -> float:
        for line in wrap_text(s, self.f.label, size, width):
            self.text(x, y, line, size)
            y -= leading
        return y


def _account_cells(
    p: _Page, rows: list[tuple[str, str]], size: float, width: float
) -> list[tuple[str, tuple[str, ...], float, float]]:
    """(label, wrapped value lines, font size, row height) per row; the balance rows keep their 12 pt."""
    cells = []
    for label, value in rows:
        own = 12 if label.startswith("账户余额") else size
        lines = wrap_text(value, p.f.data, own, width)
        cells.append((label, lines, own, ROW_H + (len(lines) - 1) * own * 4 / 3))
    return cells


def _draw_statement(p: _Page, st: StatementData) -> None:
    c = p.c
    top = PAGE_H - MARGIN
    right = PAGE_W - MARGIN

    # Heading: the bank's and the centre's names come from settings, wrapped like any text ------------------
    y = top - 16
    for line in wrap_text(st.bank_name, p.f.label, 16, CONTENT_W):
        p.centred(y, line, 16)
        y -= 20
    p.centred(y - 8, "余额对账单", 22)
    y -= 26
    for line in wrap_text(st.operations_centre, p.f.label, 10, CONTENT_W):
        p.centred(y, line, 10)
        y -= 13
    y -= 11
    x = p.text_w(MARGIN, y, "对账单编号：", 9)
    p.text(x, y, f"{st.statement_number}  (V{st.version})", 9, data=True)
    x = p.text_w(right - 150, y, "出具日期：", 9)
    p.text(x, y, _cn_date(st.issue_date), 9, data=True)

    # Account table: label column + value column, ruled; a long name or branch wraps in its cell -------------
    currency_name = _CURRENCY_PREFIX.get(st.currency, st.currency)
    rows: list[tuple[str, str]] = [
        ("客户名称", st.customer_name),
        ("开户机构", st.branch),
        ("账号", st.account_number),
        ("币种", currency_name),
        ("对账期间", st.period_label),
        ("余额截止日", _cn_date(st.period_end)),
        ("账户余额（小写）", format_amount(st.balance)),
        ("账户余额（大写）", (currency_name if currency_name == "人民币" else "") + st.balance_in_words),
    ]
    label_w = 110.0
    table_top = y - 14
    # The reply box and the QR code sit below the table: a long name or branch wraps, and if the wrapped table would
    # push them into each other the values are set smaller (10.5 pt, then 9.5, then 8.5) before giving up.
    below, floor = _space_below(p, st)
    for size in VALUE_SIZES:
        cells = _account_cells(p, rows, size, CONTENT_W - label_w - 20)
        if table_top - sum(h for *_, h in cells) - below >= floor:
            break
    table_bottom = table_top - sum(h for *_, h in cells)
    c.setLineWidth(0.6)
    c.setStrokeGray(0.2)
    c.rect(MARGIN, table_bottom, CONTENT_W, table_top - table_bottom, stroke=1, fill=0)
    c.line(MARGIN + label_w, table_top, MARGIN + label_w, table_bottom)
    row_top = table_top
    for i, (label, lines, own, height) in enumerate(cells):
        if i:
            c.line(MARGIN, row_top, right, row_top)
        base = row_top - ROW_H + 8
        p.text(MARGIN + 8, base, label, 10)
        for n, line in enumerate(lines):
            p.text(MARGIN + label_w + 10, base - n * own * 4 / 3, line, own, data=True)
        row_top -= height

    # Instructions and due date --------------------------------------------
    y = table_bottom - 24
    p.text(MARGIN, y, "核对说明", 11)
    y = p.paragraph(MARGIN, y - 18, st.confirmation_instructions, 9.5, CONTENT_W, 15)
    y -= 4
    if st.due_date is not None:
        x = p.text_w(MARGIN, y, "回复截止时间：", 10)
        x = p.text_w(x, y, _cn_date(st.due_date) + " 23:59:59", 10, data=True)
        # The consequence of not answering (deemed confirmed or not) is agreement
        # policy and belongs in confirmation_instructions, not in the template.
        p.text(x + 4, y, "（北京时间）", 10)
        if st.due_rule:
            y = p.paragraph(MARGIN, y - 15, st.due_rule, 9, CONTENT_W, 13) + 13
    else:
        y = p.paragraph(MARGIN, y, "回复期限：" + st.due_rule, 10, CONTENT_W, 15) + 15
    if st.reply_slip is not None:
        _draw_paper_foot(p, st, y)
        return

    # Reply block -----------------------------------------------------------
    box_top = y - 16
    box_h = 118.0
    c.rect(MARGIN, box_top - box_h, CONTENT_W, box_h, stroke=1, fill=0)
    y = box_top - 20
    p.text(MARGIN + 10, y, "核对结果（请在相应方框内打“✓”）", 10)
    y -= 22
    end = _draw_options(p, y, ("相符", "调节后相符（附余额调节表）", "不相符，差异金额及说明："))
    c.line(end, y - 2, right - 12, y - 2)
    y -= 40
    p.text(MARGIN + 16, y, "客户预留印鉴：", 10)
    p.text(MARGIN + 280, y, "经办人：", 10)
    y -= 26
    p.text(MARGIN + 280, y, "日期：      年    月    日", 10)

    # Verification + QR ------------------------------------------------------
    qr_size = QR_SIZE
    qr_y = QR_Y
    if box_top - box_h < qr_y + qr_size + 8:
        # Overlapping the reply box and the QR code would make a legal
        # document ambiguous; fail loudly instead of printing it.
        raise ValueError(f"statement {st.statement_number}: confirmation_instructions too long for one page")
    draw_qr(c, st.verify_url, right - qr_size, qr_y, qr_size)
    y = qr_y + qr_size - 16
    p.text(MARGIN, y, "真伪查验：扫描右侧二维码，或访问以下网址并输入验证码。", 9.5)
    x = p.text_w(MARGIN, y - 18, "验证码：", 10)
    p.text(x, y - 18, st.verification_code, 12, data=True)
    p.text(MARGIN, y - 36, st.verify_url, 9, data=True)
    _draw_disclaimer(p, st)


def _space_below(p: _Page, st: StatementData) -> tuple[float, float]:
    """(height the text under the account table takes, lowest y it may reach): what decides whether the table's
    values must be set smaller. Mirrors the drawing below: the online letter's reply box and QR code, or the paper
    letter's QR code and tear-off slip."""
    instructions = 24 + 18 + 15 * len(wrap_text(st.confirmation_instructions, p.f.label, 9.5, CONTENT_W)) + 4
    if st.reply_slip is None:
        return 180 + instructions - 46, QR_Y + QR_SIZE + 8
    if st.due_date is not None:
        rule = 15 + (13 * (len(wrap_text(st.due_rule, p.f.label, 9, CONTENT_W)) - 1) if st.due_rule else 0)
    else:
        rule = 15 * (len(wrap_text("回复期限：" + st.due_rule, p.f.label, 10, CONTENT_W)) - 1)
    return instructions + rule + 10 + 80.0, MARGIN + 22 + SLIP_H + 10


def _draw_options(p: _Page, y: float, options: tuple[str, ...]) -> float:
    """The answers to tick, one box each on one line (the three answers: 相符, 调节后相符, 不相符); returns the x where
    the last ends, for the line to write on."""
    x = MARGIN + 16
    for option in options:
        p.c.rect(x, y - 1, 10, 10, stroke=1, fill=0)  # a real box prints crisper than "□"
        x = p.text_w(x + 15, y, option, 10) + 12
    return x - 8


def _draw_disclaimer(p: _Page, st: StatementData) -> None:
    # Loud, at the foot of the page.
    p.c.saveState()
    p.c.setFillColor(colors.HexColor("#B00000"))
    p.centred(MARGIN + 8, f"【{st.disclaimer}】", 11)
    p.c.restoreState()


SLIP_H = 192.0  # the reply slip below the cut line, down to the disclaimer


def _draw_paper_foot(p: _Page, st: StatementData, y: float) -> None:
    """A paper letter: the two ways to answer (QR code online, or the slip by post), then the tear-off slip."""
    c = p.c
    right = PAGE_W - MARGIN
    slip = st.reply_slip
    assert slip is not None
    cut_y = MARGIN + 22 + SLIP_H
    qr_size = 80.0
    qr_top = y - 10
    if qr_top - qr_size < cut_y + 10:
        # A name and a branch of hundreds of characters leave no room for the slip: it goes on a second page
        # (headed with the statement's number) rather than overlapping the letter.
        _draw_disclaimer(p, st)
        c.showPage()
        qr_top = PAGE_H - MARGIN - 40
        x = p.text_w(MARGIN, PAGE_H - MARGIN - 16, "余额对账单（续）  编号：", 10)
        p.text(x, PAGE_H - MARGIN - 16, f"{st.statement_number}  (V{st.version})", 10, data=True)
    draw_qr(c, st.verify_url, right - qr_size, qr_top - qr_size, qr_size)
    ty = qr_top - 12
    p.text(MARGIN, ty, "在线查看与回复：扫描右侧二维码打开本对账单（可查验真伪、查看回复截止日期），", 9.5)
    p.text(MARGIN, ty - 14, "登录对账网站后在线回复；或访问以下网址并输入验证码。", 9.5)
    x = p.text_w(MARGIN, ty - 32, "验证码：", 10)
    p.text(x, ty - 32, st.verification_code, 12, data=True)
    p.text(MARGIN, ty - 48, st.verify_url, 9, data=True)

    # The cut line, dashed across the page.
    c.saveState()
    c.setDash(4, 3)
    c.setLineWidth(0.5)
    c.line(MARGIN - 20, cut_y, right + 20, cut_y)
    c.restoreState()
    p.centred(cut_y + 4, "（沿此虚线剪下回执，填写、盖章后寄回）", 8)

    # The slip: what it answers, the answer, who answers, where it goes.
    sy = cut_y - 20
    p.centred(sy, "余额对账单回执", 13)
    sy -= 20
    x = p.text_w(MARGIN, sy, "对账单编号：", 9.5)
    p.text(x, sy, f"{st.statement_number}  (V{st.version})", 9.5, data=True)
    x = p.text_w(MARGIN + 260, sy, "对账期间：", 9.5)
    p.text(x, sy, st.period_label, 9.5, data=True)
    sy -= 16
    x = p.text_w(MARGIN, sy, "账号：", 9.5)
    p.text(x, sy, st.account_number, 9.5, data=True)
    x = p.text_w(MARGIN + 260, sy, "账户余额：", 9.5)
    p.text(x, sy, f"{_CURRENCY_PREFIX.get(st.currency, st.currency)} {format_amount(st.balance)}", 9.5, data=True)
    sy -= 22
    p.text(MARGIN, sy, "核对结果（请在相应方框内打“✓”）：", 10)
    sy -= 20
    end = _draw_options(p, sy, ("相符", "调节后相符（附余额调节表）", "不相符，贵单位账面余额及原因："))
    c.line(end, sy - 2, right, sy - 2)
    sy -= 20
    c.line(MARGIN + 16, sy - 2, right, sy - 2)
    sy -= 26
    p.text(MARGIN + 16, sy, "客户预留印鉴：", 10)
    p.text(MARGIN + 280, sy, "经办人：", 10)
    sy -= 20
    p.text(MARGIN + 280, sy, "日期：      年    月    日", 10)
    sy -= 22
    # Wrapped: a long address must not run off the page. The label font: the address is the same on every letter.
    bottom = p.paragraph(MARGIN, sy, f"寄回：{slip.return_address}  {slip.recipient} 收", 9.5, CONTENT_W, 13)
    if bottom + 13 < MARGIN + 24:  # the last line's baseline clears the disclaimer
        raise ValueError(f"statement {st.statement_number}: the return address is too long for the reply slip")
    _draw_disclaimer(p, st)


def _new_canvas(buf: io.BytesIO, title: str, fonts: CJKFonts) -> Canvas:
    # initialFontName: otherwise every page references a non-embedded
    # Helvetica that we never draw with, and font audits flag it.
    c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=fonts.label, initialFontSize=10)
    c.setTitle(title)
    c.setAuthor("bankrec-portal")
    c.setCreator("bankrec-portal statements.render")
    return c


def render_statement_pdf(statement: StatementData) -> bytes:
    """One statement -> a one-page PDF, followed by its detail pages when it carries a detail."""
    fonts = register_cjk_fonts()
    buf = io.BytesIO()
    c = _new_canvas(buf, f"余额对账单 {statement.statement_number}", fonts)
    _draw_statement(_Page(c, fonts), statement)
    c.showPage()
    if statement.detail is not None:
        draw_detail_pages(c, fonts, statement.detail)
    c.save()
    return buf.getvalue()


def render_statements_pdf(statements: Iterable[StatementData], *, title: str = "余额对账单 批量打印") -> bytes:
    """Many statements -> one PDF, one page each (then a statement's detail pages, when it carries a detail), in the
    given order (print batch).

    A single document shares one font subset across all pages, so this is
    much faster per page than rendering and concatenating single PDFs.
    """
    fonts = register_cjk_fonts()
    buf = io.BytesIO()
    c = _new_canvas(buf, title, fonts)
    page = _Page(c, fonts)
    count = 0
    for st in statements:
        _draw_statement(page, st)
        c.showPage()
        if st.detail is not None:
            draw_detail_pages(c, fonts, st.detail)
        count += 1
    if count == 0:
        raise ValueError("no statements to render")
    c.save()
    return buf.getvalue()
