"""The detail pages of the statement PDF: paged lines, the balance carried from page to page, and the statement PDF
that carries them only when asked."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import pytest
from pypdf import PdfReader

from core.formatting import format_amount
from statements.render.detail import StatementDetail
from statements.render.detail_pdf import render_detail_pdf_pages
from statements.render.statement_pdf import render_statement_pdf, render_statements_pdf
from tests.statements.render.detail_cases import CASES, D, day, detail, running
from tests.statements.render.test_statement_pdf import check_font_objects, make, page_texts


def _month(count: int) -> StatementDetail:
    moves = [
        (
            day(1 + n % 30),
            "in" if n % 3 else "out",
            D("1000.00") + n,
            dict(
                counterparty_name="上海某某科技有限公司" * (1 + n % 4),
                counterparty_account="6222021234567890123",
                summary="货款 合同号 HT-%03d" % n,
                serial="2026100800000%05d" % n,
            ),
        )
        for n in range(count)
    ]
    return detail(D("50000.00"), running(D("50000.00"), *moves))


def _carried(detail_: StatementDetail, texts: list[str]) -> None:
    """Each page opens with the balance the previous one closed with, and the pages' lines add up."""
    balance = detail_.opening_balance
    for number, text in enumerate(texts, start=1):
        opening = "期初余额" if number == 1 else "承前页余额"
        assert f"{opening}{format_amount(balance)}" in text
        shown = [ln for ln in detail_.lines if ln.serial and ln.serial in text]
        balance += sum((ln.signed_amount for ln in shown), Decimal("0.00"))
        closing = "期末余额" if number == len(texts) else "过次页余额"
        assert f"{closing}{format_amount(balance)}" in text
        assert f"明细第{number}页，共{len(texts)}页" in text
    assert balance == detail_.closing_balance


def test_lines_run_over_pages_with_the_balance_carried() -> None:
    detail_ = _month(90)
    texts = page_texts(render_detail_pdf_pages(detail_))
    assert len(texts) >= 3
    assert sum(text.count("2026100800000") for text in texts) == 90  # every line once
    _carried(detail_, texts)


def test_a_quiet_period_prints_one_page() -> None:
    [text] = page_texts(render_detail_pdf_pages(CASES["quiet"]))
    assert "本期无交易" in text and "期末余额4,321.00" in text


def test_hostile_and_huge_values_are_printed_as_text() -> None:
    texts = "".join(page_texts(render_detail_pdf_pages(CASES["hostile"])))
    assert '=HYPERLINK("http://evil.example","点此")' in texts and "NUL在中间" in texts
    # A character no PDF font has (𠀀, an emoji) prints as its code point: bank-fed text is never dropped, and a
    # statement is never stopped by a counterparty's name.
    assert "[U+20000]字" in texts and "[U+1F642]" in texts
    big = "".join(page_texts(render_detail_pdf_pages(CASES["extremes"])))
    assert "9,999,999,999,999.99" in big


def test_detail_pages_embed_the_cjk_font_consistently() -> None:
    assert check_font_objects(render_detail_pdf_pages(CASES["chinese_and_latin"])) > 50


def test_statement_pdf_carries_the_detail_only_when_given() -> None:
    alone = render_statement_pdf(make())
    assert render_statement_pdf(make(detail=None)) == alone
    assert len(PdfReader(io.BytesIO(alone)).pages) == 1 and "交易明细" not in page_texts(alone)[0]
    month = replace(_month(90), account_number="310012345678901", statement_number="DZD-202610-000123")
    with_detail = page_texts(render_statement_pdf(make(detail=month)))
    assert with_detail[0] == page_texts(alone)[0]
    assert all("交易明细" in text for text in with_detail[1:]) and len(with_detail) >= 4
    _carried(month, with_detail[1:])
    batch = page_texts(render_statements_pdf([make(detail=month), make(statement_number="X-2")]))
    assert len(batch) == len(with_detail) + 1 and "X-2" in batch[-1]


def test_a_detail_of_another_statement_is_refused() -> None:
    other = replace(CASES["quiet"], account_number="999999999")
    with pytest.raises(ValueError, match="does not belong"):
        make(detail=other)
