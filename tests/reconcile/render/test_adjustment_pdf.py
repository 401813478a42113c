"""余额调节表 PDF: embedded font, text content, loud disagreement, pagination."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from pypdf import PdfReader

from reconcile.render.adjustment import AdjustmentItem
from reconcile.render.adjustment_pdf import HEAD_BG, render_adjustment_pdf
from tests.reconcile.render.recon_adjustment_example import worked_example


def texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_font_embedded_and_only_font() -> None:
    pdf = render_adjustment_pdf(worked_example())
    assert b"/FontFile2" in pdf
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        assert fonts
        for font in fonts:
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            assert "NotoSansCJKsc" in str(font["/BaseFont"])


def test_worked_example_text() -> None:
    (text,) = texts(render_adjustment_pdf(worked_example()))
    for expected in [
        "银行存款余额调节表",
        "1002.01",
        "2026年10月31日",
        "银行对账单余额1,250,000.00",
        "企业银行存款日记账余额1,198,500.00",
        "加：企业已收银行未收30,000.00",
        "减：企业已付银行未付80,000.00",
        "加：银行已收企业未收1,650.00",
        "减：银行已付企业未付150.00",
        "调节后余额1,200,000.00调节后余额1,200,000.00",
        "调节相符",
        "恒瑞贸易转账支票",
        "10234567",
        "中科信达",
        "结息",
        "手续费",
        "编制人：张三",
    ]:
        assert expected in text, expected
    assert "调节不符" not in text


def test_disagreement_text_and_red_box() -> None:
    pdf = render_adjustment_pdf(worked_example(book_balance=Decimal("1198400.00")))
    (text,) = texts(pdf)
    assert "调节后余额1,200,000.00调节后余额1,199,900.00" in text
    assert "调节不符！差额100.00" in text
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert b".752941 0 0 RG" in content  # #C00000 stroke for the red box


def test_many_items_paginate_with_repeated_header_and_escaped_text() -> None:
    items = tuple(
        AdjustmentItem(dt.date(2026, 10, 1 + i % 28), f"R{i:03d}", f"对方<公司>&{i}", Decimal("10.00"))
        for i in range(80)
    )
    # 80 fees of 10.00: book 1,199,150 + 1,650 - 800 = 1,200,000 = adjusted bank.
    table = worked_example(bank_out_not_journal=items, book_balance=Decimal("1199150.00"))
    assert table.agreed
    pages = texts(render_adjustment_pdf(table))
    assert len(pages) >= 2
    assert all("摘要/对方户名" in p for p in pages)  # header row repeated
    joined = "".join(pages)
    assert "对方<公司>&79" in joined and "R079" in joined
    assert "小计800.00" in joined
    assert "调节相符" in joined


def test_long_lists_wrap_long_text_and_keep_headings_with_their_items() -> None:
    from core.fonts import register_cjk_fonts
    from reconcile.render.pdf_item_rows import HEADING, ItemRows, build_rows

    long_summary = "上海恒瑞贸易有限公司" * 6 + " ref A-123/456 附言很长需要换行"
    items = tuple(
        AdjustmentItem(
            dt.date(2026, 10, 1 + i % 28), f"R{i:04d}", long_summary if i % 9 == 0 else f"摘要{i}", Decimal("1.00")
        )
        for i in range(400)
    )
    table = worked_example(bank_out_not_journal=items, book_balance=Decimal("1198750.00"))
    assert table.agreed
    pages = texts(render_adjustment_pdf(table))
    assert len(pages) >= 8
    assert all("摘要/对方户名" in p for p in pages[1:-1])
    joined = "".join(pages)
    assert re.sub(r"\s+", "", long_summary) in joined  # wrapped over lines, nothing lost
    assert "R0399" in joined and "小计400.00" in joined
    # Splitting: pieces cover every row once, no heading ends a piece.
    font = register_cjk_fonts().label
    widths = [100.0, 70.0, 80.0, 160.0, 80.0]
    blocks = [
        (f"块{b}", [("类", "2026-10-01", f"R{b}{i}", "摘要", "1.00") for i in range(30)], "30.00") for b in range(4)
    ]
    flow = ItemRows(build_rows(blocks, widths, font), widths, font, HEAD_BG)
    covered, piece = [], flow
    while True:
        parts = piece.split(sum(widths), 200.0)
        if not parts:
            covered.append((piece.start, piece.end))
            break
        first, piece = parts
        assert first.rows[first.end - 1].kind != HEADING
        assert first.height <= 200.0 + 1e-6
        covered.append((first.start, first.end))
    assert covered[0][0] == 0 and covered[-1][1] == len(flow.rows)
    assert all(a[1] == b[0] for a, b in zip(covered, covered[1:]))
