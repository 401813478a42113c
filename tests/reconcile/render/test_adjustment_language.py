"""The 余额调节表 in English on request: the same figures and layout, every word English; Chinese by default whatever
language the caller speaks (the form's own words, the bytes the README promises)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from reconcile.render.adjustment import AdjustmentItem, AdjustmentTable
from reconcile.render.adjustment_pdf import render_adjustment_pdf
from reconcile.render.adjustment_words import PHRASES, language_refusal, table_language
from reconcile.render.adjustment_xlsx import DETAIL_SHEET, SUMMARY_SHEET, render_adjustment_xlsx

CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _table(*, agreed: bool = True) -> AdjustmentTable:
    return AdjustmentTable(
        account_number="31050161373600001234",
        account_name="Acme Trading Ltd",
        period_end=dt.date(2026, 10, 31),
        bank_balance=Decimal("1250000.00"),
        book_balance=Decimal("1198500.00") if agreed else Decimal("1198400.00"),
        journal_in_not_bank=(AdjustmentItem(dt.date(2026, 10, 30), "V1", "Deposit in transit", Decimal("30000.00")),),
        journal_out_not_bank=(AdjustmentItem(dt.date(2026, 10, 30), "10234567", "Cheque 10234567", Decimal("80000")),),
        bank_in_not_journal=(AdjustmentItem(dt.date(2026, 10, 31), "SN1", "Interest", Decimal("1650.00")),),
        bank_out_not_journal=(AdjustmentItem(dt.date(2026, 10, 31), "SN2", "Bank charge", Decimal("150.00")),),
        company_name="Acme Trading Ltd",
        bank_name="Shanghai Pudong Branch",
        prepared_by="Jane Smith",
        reviewed_by="John Doe",
        reviewed_at=dt.datetime(2026, 11, 3, 9, 30),
    )


def _values(data: bytes) -> tuple[list[str], list[list[object]]]:
    wb = load_workbook(io.BytesIO(data), data_only=True)
    return wb.sheetnames, [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("caller", ["en", "zh-hans"])
def test_chinese_by_default_whatever_language_the_caller_speaks(caller):
    with translation.override(caller):
        xlsx, pdf = render_adjustment_xlsx(_table()), render_adjustment_pdf(_table())
    names, cells = _values(xlsx)
    assert names == [SUMMARY_SHEET, DETAIL_SHEET] == ["余额调节表", "未达账项明细"]
    flat = [v for row in cells for v in row if isinstance(v, str)]
    assert "银行存款余额调节表" in flat and "调节相符" in flat and "加：企业已收银行未收" in flat
    assert "截止日期：2026年10月31日" in flat
    text = _pdf_text(pdf)
    assert "银行存款余额调节表" in text and "调节相符" in text and "第 1 页" in text


def test_english_on_request_has_the_same_figures_and_no_chinese_word():
    with translation.override("zh-hans"):  # a Chinese page asking for the English table still gets English
        english = render_adjustment_xlsx(_table(), language="en")
        chinese = render_adjustment_xlsx(_table())
    names, cells = _values(english)
    assert names == ["Reconciliation", "Outstanding items"]
    texts = [v for row in cells for v in row if isinstance(v, str)]
    assert not [t for t in texts if CJK.search(t)], [t for t in texts if CJK.search(t)]
    assert "Bank reconciliation statement" in texts and "Reconciled" in texts
    assert "Add: Received in the books, not yet by the bank" in texts
    assert "Less: Paid by the bank, not yet in the books" in texts
    assert "Period end: 2026-10-31" in texts and "Currency: CNY  Unit: CNY" in texts
    assert "Prepared by: Jane Smith" in texts and "Reviewed by: John Doe" in texts
    # The same figures in the same cells: only the words differ.
    figures = [[v for v in row if not isinstance(v, str)] for row in cells]
    assert figures == [[v for v in row if not isinstance(v, str)] for row in _values(chinese)[1]]


def test_an_english_pdf_that_does_not_reconcile_says_so_in_english():
    with translation.override("zh-hans"):
        text = _pdf_text(render_adjustment_pdf(_table(agreed=False), language="en"))
    assert "Bank reconciliation statement" in text and "Page 1" in text
    assert "Does not reconcile! Difference 100.00" in re.sub(r"\s+", " ", text)
    assert not CJK.search(text), CJK.findall(text)[:10]


def test_an_english_xlsx_that_does_not_reconcile_names_the_difference():
    _names, cells = _values(render_adjustment_xlsx(_table(agreed=False), language="en"))
    assert "Does not reconcile, difference 100.00" in [v for row in cells for v in row]


def test_every_phrase_has_its_chinese():
    """A phrase missing from the .po would print English on the Chinese form."""
    with translation.override("zh-hans"):
        missing = [key for key, phrase in PHRASES.items() if not CJK.search(str(phrase))]
    assert missing == []


@pytest.mark.parametrize(
    "value,expected",
    [(None, "zh-hans"), ("", "zh-hans"), ("en", "en"), ("EN", "en"), ("zh_Hans", "zh-hans"), ("zh-CN", "zh-hans")],
)
def test_the_languages_a_request_may_name(value, expected):
    assert table_language(value) == expected


@pytest.mark.parametrize("value", ["fr", "en-gb-x", "\x00", "zh-hans\u202e", "x" * 5000, "../en"])
def test_any_other_language_is_refused_naming_it_without_hidden_characters(value):
    assert table_language(value) is None
    with translation.override("en"):
        text = language_refusal(value)
    assert "not a language of the adjustment table" in text and "\x00" not in text and "\u202e" not in text
    assert len(text) < 250


@pytest.mark.parametrize(
    "reader,table_language,said",
    [("en", "zh-hans", "is in none of the PDF fonts"), ("zh-hans", "en", "PDF 字体中都没有")],
)
def test_a_character_no_font_has_is_refused_in_the_readers_language_not_the_tables(reader, table_language, said):
    """The table is drawn in its own language, but the refusal is said to the reader: an English page asking for the
    Chinese table (the default) was told in Chinese, reconcile_files --language en too."""
    from core.fonts import GlyphMissing

    table = dataclasses.replace(_table(), company_name="한국상사")
    with translation.override(reader), pytest.raises(GlyphMissing) as info:
        render_adjustment_pdf(table, language=table_language)
    assert said in info.value.message


def test_english_lines_break_between_words_chinese_anywhere():
    from core.fonts import register_cjk_fonts
    from reconcile.render.pdf_item_rows import Measure

    font = register_cjk_fonts().label
    label = "Received in the books, not yet by the bank"
    lines = Measure(font, 9, by_words=True).wrap(label, 60)
    assert len(lines) > 1 and " ".join(lines) == label  # every break at a space, no word cut
    assert all(word in label.split() for line in lines for word in line.split())
    assert Measure(font, 9, by_words=True).wrap("x" * 80, 60) == Measure(font, 9).wrap("x" * 80, 60)  # one long word
    chinese = "企业已收银行未收企业已收银行未收"
    assert "".join(Measure(font, 9).wrap(chinese, 40)) == chinese
