"""A statement's detail (交易明细) as PDF pages: on their own, or after the statement page (``StatementData.detail``).

A4 portrait like the statement, the same embedded CJK font (``core.fonts``; template text in the label
font, values in the data font). Each page repeats the heading (bank, account, holder, currency, period, statement
number) and carries the balance: it opens with 期初余额 (the first page) or 承前页余额 and closes with the page's
debit and credit totals (本页合计) and 过次页余额, or 期末余额 on the last page. Long names and summaries wrap in their
cells; an amount wider than its column is set smaller. A period without movements prints one page saying so.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.fonts import CJKFonts, draw_text, printable, register_cjk_fonts
from core.formatting import format_amount
from reconcile.render.text import wrap_text
from statements.render.detail import DetailLine, StatementDetail

PAGE_W, PAGE_H = A4
MARGIN: Final = 40.0
CONTENT_W: Final = PAGE_W - 2 * MARGIN
SIZE: Final = 7.5  # table text
LEADING: Final = 9.5
PAD: Final = 3.0
# (header, width, right-aligned); the widths add up to CONTENT_W.
COLUMNS: Final = (
    ("交易日期", 48.0, False),
    ("摘要 / 交易流水号", 119.0, False),
    ("对方户名 / 对方账号", 122.0, False),
    ("支出(借方)", 75.0, True),
    ("收入(贷方)", 75.0, True),
    ("余额", CONTENT_W - 439.0, True),
)
TABLE_TOP: Final = PAGE_H - MARGIN - 92  # below the heading
TABLE_BOTTOM: Final = MARGIN + 58  # above the page totals and the footer
HEAD_H: Final = 16.0


@dataclass(frozen=True, slots=True)
class _Row:
    line: DetailLine
    left: tuple[tuple[tuple[str, float], ...], ...]  # (text, size) of the wrapped lines of the two text columns
    height: float


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cell(fonts: CJKFonts, width: float, main: str, sub: str) -> tuple[tuple[str, float], ...]:
    """A text column's lines: the main text (or a dash), then the reference under it in a smaller size."""
    lines = [(s, SIZE) for s in wrap_text(printable(main) or "-", fonts.data, SIZE, width - 2 * PAD)]
    if sub:
        lines += [(s, SIZE - 1) for s in wrap_text(printable(sub), fonts.data, SIZE - 1, width - 2 * PAD)]
    return tuple(lines)


def _row(line: DetailLine, fonts: CJKFonts) -> _Row:
    summary = _cell(fonts, COLUMNS[1][1], line.summary, line.serial)
    party = _cell(fonts, COLUMNS[2][1], line.counterparty_name, line.counterparty_account)
    return _Row(line, (summary, party), max(len(summary), len(party)) * LEADING + 2 * PAD)


def _pages(rows: list[_Row]) -> list[list[_Row]]:
    room = TABLE_TOP - HEAD_H - 2 * (LEADING + 2 * PAD) - TABLE_BOTTOM  # the carried-balance rows take two
    pages: list[list[_Row]] = [[]]
    used = 0.0
    for row in rows:
        height = min(row.height, room)  # a row taller than a page is clipped to one (texts are at most 200 chars)
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += height
    return pages


class _Drawer:
    def __init__(self, canvas: Canvas, fonts: CJKFonts, detail: StatementDetail) -> None:
        self.c, self.f, self.d = canvas, fonts, detail

    def text(self, x: float, y: float, s: str, size: float, *, data: bool = False, right: bool = False) -> None:
        # draw_text takes the fallback font for what the main one lacks; bank-fed text is made printable first.
        draw_text(
            self.c, x, y, printable(s), self.f.data if data else self.f.label, size, anchor="end" if right else "start"
        )

    def amount(self, x_right: float, y: float, value: Decimal | None, width: float) -> None:
        if value is None:
            return
        s = format_amount(value)
        size = min(SIZE, SIZE * (width - 2 * PAD) / max(stringWidth(s, self.f.data, SIZE), 1.0))
        self.text(x_right - PAD, y, s, size, data=True, right=True)

    def heading(self, page: int, pages: int) -> None:
        d = self.d
        top = PAGE_H - MARGIN
        # The bank's name is a name the document is about: drawn with the fallback font where the main one lacks a
        # character (a bare drawCentredString printed nothing for 銀 or 𠀋), refused where neither has it.
        for i, line in enumerate(wrap_text(d.bank_name, self.f.data, 12, CONTENT_W)[:2]):
            draw_text(self.c, PAGE_W / 2, top - 12 - i * 14, line, self.f.data, 12, anchor="middle")
        draw_text(self.c, PAGE_W / 2, top - 44, "交易明细", self.f.label, 15, anchor="middle")
        y = top - 62
        self.text(MARGIN, y, "户名：", 8.5)
        name = wrap_text(d.customer_name, self.f.data, 8.5, CONTENT_W / 2 - 30)
        self.text(MARGIN + 26, y, name[0] + ("…" if len(name) > 1 else ""), 8.5, data=True)
        self.text(MARGIN + CONTENT_W / 2, y, "账号：", 8.5)
        self.text(MARGIN + CONTENT_W / 2 + 26, y, f"{d.account_number}  ({d.currency})", 8.5, data=True)
        y -= 13
        self.text(MARGIN, y, "对账期间：", 8.5)
        self.text(MARGIN + 42, y, f"{_cn_date(d.period_start)} 至 {_cn_date(d.period_end)}", 8.5, data=True)
        self.text(MARGIN + CONTENT_W / 2, y, "对账单编号：", 8.5)
        self.text(MARGIN + CONTENT_W / 2 + 50, y, f"{d.statement_number}  (V{d.version})", 8.5, data=True)
        self.text(PAGE_W - MARGIN, MARGIN - 14, f"明细 第 {page} 页，共 {pages} 页", 8, right=True)
        self.text(MARGIN, MARGIN - 14, "本明细为对账单附件，仅供对账使用", 8)

    def table_head(self, y: float) -> float:
        c = self.c
        c.setFillGray(0.88)
        c.rect(MARGIN, y - HEAD_H, CONTENT_W, HEAD_H, stroke=0, fill=1)
        c.setFillGray(0)
        x = MARGIN
        for name, width, right in COLUMNS:
            if right:
                self.text(x + width - PAD, y - HEAD_H + 5, name, 8, right=True)
            else:
                self.text(x + PAD, y - HEAD_H + 5, name, 8)
            x += width
        return y - HEAD_H

    def balance_row(self, y: float, label: str, balance: Decimal) -> float:
        h = LEADING + 2 * PAD
        self.text(MARGIN + PAD, y - h + PAD + 2, label, SIZE)
        self.amount(PAGE_W - MARGIN, y - h + PAD + 2, balance, COLUMNS[-1][1])
        self.c.setLineWidth(0.3)
        self.c.line(MARGIN, y - h, PAGE_W - MARGIN, y - h)
        return y - h

    def line_row(self, y: float, row: _Row) -> float:
        line = row.line
        base = y - PAD - SIZE
        self.text(MARGIN + PAD, base, line.booking_date.isoformat(), SIZE, data=True)
        x = MARGIN + COLUMNS[0][1]
        for col, texts in ((1, row.left[0]), (2, row.left[1])):
            for n, (s, size) in enumerate(texts):
                if base - n * LEADING < y - row.height + PAD - 1 or base - n * LEADING < TABLE_BOTTOM:
                    break  # clipped to the page (see _pages)
                self.text(x + PAD, base - n * LEADING, s, size, data=True)
            x += COLUMNS[col][1]
        right = x
        for width, value in (
            (COLUMNS[3][1], line.amount if line.direction == "out" else None),
            (COLUMNS[4][1], line.amount if line.direction == "in" else None),
            (COLUMNS[5][1], line.balance_after),
        ):
            right += width
            self.amount(right, base, value, width)
        height = min(row.height, y - TABLE_BOTTOM)
        self.c.setLineWidth(0.2)
        self.c.line(MARGIN, y - height, PAGE_W - MARGIN, y - height)
        return y - height

    def page(self, rows: list[_Row], number: int, pages: int, carried: Decimal) -> Decimal:
        self.heading(number, pages)
        y = self.table_head(TABLE_TOP)
        y = self.balance_row(y, "期初余额" if number == 1 else "承前页余额", carried)
        out = sum((r.line.amount for r in rows if r.line.direction == "out"), Decimal("0.00"))
        into = sum((r.line.amount for r in rows if r.line.direction == "in"), Decimal("0.00"))
        if not rows:
            self.text(MARGIN + PAD, y - PAD - SIZE, "本期无交易", SIZE)
            y -= LEADING + 2 * PAD
        for row in rows:
            y = self.line_row(y, row)
        carried += into - out
        h = LEADING + 2 * PAD
        self.text(MARGIN + PAD, y - h + PAD + 2, "本页合计", SIZE)
        x = MARGIN + sum(w for _, w, _ in COLUMNS[:4])
        self.amount(x, y - h + PAD + 2, out, COLUMNS[3][1])
        self.amount(x + COLUMNS[4][1], y - h + PAD + 2, into, COLUMNS[4][1])
        y -= h
        self.balance_row(y, "期末余额" if number == pages else "过次页余额", carried)
        self.c.setLineWidth(0.6)
        self.c.rect(MARGIN, y - h, CONTENT_W, TABLE_TOP - (y - h), stroke=1, fill=0)
        return carried


def draw_detail_pages(canvas: Canvas, fonts: CJKFonts, detail: StatementDetail) -> int:
    """Draw the detail's pages on ``canvas`` (each ends with showPage); returns how many."""
    pages = _pages([_row(line, fonts) for line in detail.lines])
    carried = detail.opening_balance
    drawer = _Drawer(canvas, fonts, detail)
    for number, rows in enumerate(pages, start=1):
        carried = drawer.page(rows, number, len(pages), carried)
        canvas.showPage()
    if carried != detail.closing_balance:  # pragma: no cover - StatementDetail already checks this
        raise ValueError("the detail's lines do not lead to its closing balance")
    return len(pages)


def render_detail_pdf_pages(detail: StatementDetail) -> bytes:
    """The detail pages alone, as a PDF (deterministic: reportlab's invariant mode)."""
    fonts = register_cjk_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=fonts.label, initialFontSize=10)
    c.setTitle(f"交易明细 {detail.statement_number}")
    c.setAuthor("bankrec-portal")
    c.setCreator("bankrec-portal statements.render")
    draw_detail_pages(c, fonts, detail)
    c.save()
    return buf.getvalue()
