"""余额调节表 -> PDF bytes (reportlab platypus, embedded CJK font).

Same content as the XLSX: the two-sided summary, the conclusion (调节相符, or
the difference in a red box), then the outstanding items with subtotals.
Platypus lays out the page flow; the outstanding-item lists, which can run
to hundreds of pages on a first reconciliation, are one flowable that draws
its rows straight on the canvas (``pdf_item_rows``), each page headed by the
column titles.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.fonts import GlyphMissing, check_text, draw_text, markup, printable, register_cjk_fonts
from core.formatting import format_amount

from .adjustment import (
    AGREED_TEXT,
    BANK_IN_NOT_JOURNAL,
    BANK_OUT_NOT_JOURNAL,
    CATEGORIES,
    DISAGREED_TEXT,
    JOURNAL_IN_NOT_BANK,
    JOURNAL_OUT_NOT_BANK,
    AdjustmentTable,
)
from .adjustment_words import (
    DEFAULT_LANGUAGE,
    add_row,
    block_heading,
    chinese,
    currency_words,
    detail_title,
    in_language,
    item_headers,
    long_date,
    none_item,
    page_of,
    subtotal,
    title,
    word,
)
from .pdf_item_rows import ItemRows, build_rows

GAP = "&nbsp;" * 6  # Paragraph collapses spaces (also U+3000); &nbsp; survives
RED = colors.HexColor("#C00000")
RED_BG = colors.HexColor("#FFC7CE")
HEAD_BG = colors.HexColor("#D9E1F2")
MARGIN = 18 * mm


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER),
        "info": ParagraphStyle("info", parent=base, fontSize=9.5, leading=14),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=6),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "ok": ParagraphStyle("ok", parent=base, fontSize=13, leading=18),
        "bad": ParagraphStyle("bad", parent=base, fontSize=14, leading=20, textColor=RED),
    }


def _summary_table(t: AdjustmentTable, font: str, width: float) -> Table:
    item, amount, adjusted = word("Item"), word("Amount"), word("Adjusted balance")
    rows = [
        [item, amount, item, amount],
        [
            word("Bank statement balance"),
            format_amount(t.bank_balance),
            word("Bank journal balance (books)"),
            format_amount(t.book_balance),
        ],
        [
            add_row(str(JOURNAL_IN_NOT_BANK.label), +1),
            format_amount(t.total(JOURNAL_IN_NOT_BANK)),
            add_row(str(BANK_IN_NOT_JOURNAL.label), +1),
            format_amount(t.total(BANK_IN_NOT_JOURNAL)),
        ],
        [
            add_row(str(JOURNAL_OUT_NOT_BANK.label), -1),
            format_amount(t.total(JOURNAL_OUT_NOT_BANK)),
            add_row(str(BANK_OUT_NOT_JOURNAL.label), -1),
            format_amount(t.total(BANK_OUT_NOT_JOURNAL)),
        ],
        [adjusted, format_amount(t.adjusted_bank_balance), adjusted, format_amount(t.adjusted_book_balance)],
    ]
    label_w = width * 0.31
    table = Table(rows, colWidths=[label_w, width / 2 - label_w] * 2, rowHeights=22)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 10),
                ("FONT", (0, -1), (-1, -1), font, 11),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F2F2F2")),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                ("ALIGN", (3, 1), (3, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _conclusion(t: AdjustmentTable, styles: dict[str, ParagraphStyle], font: str, width: float) -> Table:
    style: list[tuple[object, ...]]
    if t.agreed:
        text = word("Conclusion: %(agreed)s (both adjusted balances are %(amount)s)") % {
            "agreed": AGREED_TEXT,
            "amount": format_amount(t.adjusted_bank_balance),
        }
        cell = Paragraph(text, styles["ok"])
        style = [("BOX", (0, 0), (-1, -1), 0.8, colors.black)]
    else:
        text = word("Conclusion: disagreed") % {"disagreed": DISAGREED_TEXT, "amount": format_amount(t.difference)}
        cell = Paragraph(text, styles["bad"])
        style = [("BOX", (0, 0), (-1, -1), 2, RED), ("BACKGROUND", (0, 0), (-1, -1), RED_BG)]
    table = Table([[cell]], colWidths=[width])
    # FONT even though the cell is a Paragraph: Table emits its default
    # (non-embedded Helvetica) font state for every cell otherwise.
    table.setStyle(
        TableStyle(
            [
                *style,
                ("FONT", (0, 0), (-1, -1), font, 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _detail_rows(t: AdjustmentTable, font: str, width: float) -> ItemRows:
    """The four lists as one canvas-drawn flowable (see ``pdf_item_rows`` for why not Tables)."""
    widths = [width * f for f in (0.2, 0.14, 0.17, 0.33, 0.16)]
    blocks = []
    for cat in CATEGORIES:
        label = str(cat.label)
        # An item's reference and summary are the payer's or the books' text: a character no font has prints as its
        # code point (as in the statement's detail) rather than refusing the whole table; names are still refused.
        items = [
            (
                label,
                item.date.isoformat(),
                printable(item.reference),
                printable(item.summary),
                format_amount(item.amount),
            )
            for item in t.items(cat)
        ] or [(label, "", "", none_item(), "")]
        blocks.append((block_heading(label, cat.side, cat.sign), items, format_amount(t.total(cat))))
    rows = build_rows(blocks, widths, font, subtotal(), by_words=not chinese())
    return ItemRows(rows, widths, font, HEAD_BG, header=item_headers())


def render_adjustment_pdf(table: AdjustmentTable, *, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The table as PDF in ``language`` (Chinese by default; see ``adjustment_words``)."""
    try:
        with in_language(language):
            return _render(table)
    except GlyphMissing as exc:
        # Drawn in the table's language, refused in the reader's: the message was made inside in_language.
        raise GlyphMissing(exc.char, exc.text) from None


def _render(table: AdjustmentTable) -> bytes:
    fonts = register_cjk_fonts()
    font = fonts.label
    check_text(table.account_number)  # also drawn in the footer, after the story is laid out
    styles = _styles(font)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{title()} {table.account_number} {table.period_end.isoformat()}",
        author="bankrec-portal",
        invariant=1,
        initialFontName=font,  # no stray non-embedded Helvetica
    )
    width = doc.width
    currency, unit = currency_words(table.currency)
    info = []
    if table.company_name or table.bank_name:
        info.append(
            word("Company: %(name)s") % {"name": markup(table.company_name)}
            + GAP
            + word("Bank: %(name)s") % {"name": markup(table.bank_name)}
        )
    info.append(
        word("Account: %(number)s %(name)s")
        % {"number": markup(table.account_number), "name": markup(table.account_name)}
    )
    info.append(
        word("Period end: %(date)s") % {"date": long_date(table.period_end)}
        + GAP
        + word("Currency: %(currency)s") % {"currency": markup(currency)}
        + GAP
        + word("Amounts in: %(unit)s") % {"unit": markup(unit)}
    )
    story: list[Any] = [Paragraph(title(), styles["title"]), Spacer(1, 4)]
    story += [Paragraph(line, styles["info"]) for line in info]
    story += [
        Spacer(1, 8),
        _summary_table(table, font, width),
        Spacer(1, 10),
        _conclusion(table, styles, font, width),
        Spacer(1, 12),
        Paragraph(detail_title(), styles["h2"]),
        Spacer(1, 4),
        _detail_rows(table, font, width),
        Spacer(1, 18),
        Paragraph(
            word("Prepared by: %(name)s") % {"name": markup(table.prepared_by)}
            + GAP * 2
            + word("Reviewed by: %(name)s") % {"name": markup(table.reviewed_by)}
            + GAP * 2
            + word("Date: %(date)s") % {"date": markup(table.reviewed_on)},
            styles["info"],
        ),
    ]

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        footer_text = f"{table.account_number}  {table.period_end}  {page_of(document.page)}"
        draw_text(canvas, A4[0] / 2, 10 * mm, footer_text, font, 8, anchor="middle")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
