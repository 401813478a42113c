"""The PDF fonts: 通用规范汉字表 covered, rare name characters drawn (a fallback font where the core lacks them),
extracted back as text, and a character no font has refused by name instead of printed as a box or dropped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont as FTFont
from pypdf import PdfReader

from core import fonts
from reconcile.render.adjustment import AdjustmentItem
from reconcile.render.adjustment_pdf import render_adjustment_pdf
from statements.render.detail_pdf import render_detail_pdf_pages
from statements.render.receipt_pdf import ReceiptData, render_receipt_pdf
from statements.render.statement_pdf import render_statement_pdf
from tests.reconcile.render.recon_adjustment_example import worked_example
from tests.statements.render.detail_cases import D, detail
from tests.statements.render.test_statement_pdf import make

COMPANY = "刘䶮𫖯贸易有限公司"  # 䶮: Extension A; 𫖯: outside the BMP (Extension C), both in 通用规范汉字表
FONTDATA = Path(fonts.__file__).resolve().parent / "fontdata"


def standard_list() -> list[str]:
    lines = (FONTDATA / "tongyong-guifan-8105.txt").read_text("utf-8").splitlines()
    return [line.split("\t")[1] for line in lines if line and not line.startswith("#")]


def _decode_utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be")


def embedded_glyphs(pdf: bytes) -> dict[str, list[tuple[str, int]]]:
    """For each character the PDF's fonts map (ToUnicode), the embedded subsets that draw it and the number of
    points of its outline in the embedded TrueType program (0 = an empty glyph)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode()
            program = FTFont(io.BytesIO(font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()))
            code_to_glyph = program["cmap"].getcmap(1, 0).cmap
            glyf = program["glyf"]
            for code, uni in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4,8})>", cmap):
                if code == "00" or uni == "0020":
                    continue  # the .notdef slot, and reportlab's spare slots (spaces, no outline)
                glyph = glyf[code_to_glyph[int(code, 16)]]
                points = glyph.numberOfContours and len(glyph.getCoordinates(glyf)[0])
                found.setdefault(_decode_utf16(uni), []).append((str(font["/BaseFont"]), points))
    return found


def text_of(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def assert_drawn(pdf: bytes, text: str) -> None:
    assert text in text_of(pdf)
    glyphs = embedded_glyphs(pdf)
    for char in text:
        assert char in glyphs, f"{char} (U+{ord(char):04X}) is not in any embedded font"
        assert all(points > 0 for _, points in glyphs[char]), f"{char} is embedded as an empty glyph"


def test_core_font_covers_the_whole_standard_list_with_real_outlines():
    chars = standard_list()
    assert len(chars) == 8105 and "䶮" in chars and "𫖯" in chars
    core = FTFont(str(fonts.CORE_FILE))
    cmap, glyf = core.getBestCmap(), core["glyf"]
    missing = [c for c in chars if ord(c) not in cmap]
    assert missing == []
    empty = [c for c in chars if glyf[cmap[ord(c)]].numberOfContours == 0]
    assert empty == []
    assert "CFF " not in core and core.sfntVersion == "\x00\x01\x00\x00"  # TrueType outlines: reportlab embeds them


def test_the_fonts_licence_and_origin_are_shipped():
    licence = (FONTDATA / "OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE" in licence.upper() and "Adobe" in licence
    readme = (FONTDATA / "README.md").read_text("utf-8")
    assert "Noto Sans CJK SC" in readme and "2.004" in readme and "build_cjk_fonts.py" in readme


def test_statement_for_a_company_with_extension_characters_draws_every_character():
    pdf = render_statement_pdf(make(customer_name=COMPANY))
    assert_drawn(pdf, COMPANY)


def test_adjustment_table_for_a_company_with_extension_characters_draws_every_character():
    table = worked_example(
        company_name=COMPANY,
        prepared_by="刘䶮",
        journal_in_not_bank=(
            AdjustmentItem(dt.date(2026, 10, 31), "ZP-0031", f"{COMPANY}转账支票", Decimal("30000.00")),
        ),
    )
    pdf = render_adjustment_pdf(table)
    assert_drawn(pdf, COMPANY)
    assert text_of(pdf).count(COMPANY) == 2  # the heading and the outstanding item's summary


def test_the_detail_pages_draw_every_character_of_the_company_and_the_bank():
    """The 交易明细 pages' heading: the bank's name was drawn with the main font alone, so a character only the
    fallback font has (銀, 𠀋) was left out of the page."""
    bank = "恆生銀行有限公司𠀋"
    pdf = render_detail_pdf_pages(dataclasses.replace(detail(D("100.00"), []), bank_name=bank, customer_name=COMPANY))
    assert_drawn(pdf, bank)
    assert_drawn(pdf, COMPANY)
    with pytest.raises(fonts.GlyphMissing) as info:
        render_detail_pdf_pages(dataclasses.replace(detail(D("100.00"), []), bank_name="한국은행"))
    assert info.value.char == "한"


def test_characters_beyond_the_core_font_come_from_the_fallback_font():
    name = "恆生銀行（中國）有限公司𠀋"  # traditional forms and an Extension B character: not in the core file
    core = FTFont(str(fonts.CORE_FILE)).getBestCmap()
    assert [c for c in "恆銀國𠀋" if ord(c) in core] == []
    pdf = render_statement_pdf(make(customer_name=name))
    assert_drawn(pdf, name)
    glyphs = embedded_glyphs(pdf)
    assert any("NotoSansCJKscExtra" in base for base, _ in glyphs["恆"])
    table_pdf = render_adjustment_pdf(
        worked_example(
            company_name=name,
            bank_in_not_journal=(AdjustmentItem(dt.date(2026, 10, 31), "JX", f"{name}结息", Decimal("1.00")),),
        )
    )
    assert text_of(table_pdf).count(name) == 2


@pytest.mark.parametrize("render", ["statement", "adjustment", "receipt"])
def test_a_character_no_font_has_is_refused_by_name(render):
    name = "한국상사有限公司"  # Hangul: in neither font
    with pytest.raises(fonts.GlyphMissing) as info:
        if render == "statement":
            render_statement_pdf(make(customer_name=name))
        elif render == "adjustment":
            render_adjustment_pdf(worked_example(company_name=name))
        else:
            render_receipt_pdf(
                ReceiptData(
                    bank_name="某某银行",
                    customer_name=name,
                    account_number="3100",
                    statement_number="DZD-1",
                    version=1,
                    period="2026-10",
                    balance=Decimal("1.00"),
                    currency="CNY",
                    decision="相符",
                    book_balance=None,
                    reason="",
                    answered_by="张三",
                    approved_by="",
                    channel="web",
                    answered_at=dt.datetime(2026, 11, 5, 10, 0),
                    statement_hash="0" * 64,
                )
            )
    assert info.value.char == "한" and "U+D55C" in info.value.message and info.value.code == "glyph_missing"


def test_an_outstanding_items_text_no_font_has_is_printed_as_its_code_point():
    """A bank line's summary and reference are the payer's text: one emoji in a transfer note refused the whole
    余额调节表 PDF, month after month, and the accountant cannot change a bank line. Like the statement's detail, the
    text prints with the character's code point instead; names on the table are still refused."""
    pdf = render_adjustment_pdf(
        worked_example(
            bank_out_not_journal=(AdjustmentItem(dt.date(2026, 10, 31), "한-7", "发红包🧧한", Decimal("1.00")),)
        )
    )
    text = text_of(pdf)
    assert "发红包[U+1F9E7][U+D55C]" in text and "[U+D55C]-7" in text


def test_a_receipts_reason_and_items_no_font_has_print_as_code_points():
    """The client's typed reason and its outstanding items (often a payer's summary copied from the bank's lines):
    the answer was stored with an emoji in its reason, and then neither the client nor the bank could ever download
    its receipt. They print with the code point; the names on it are still refused (above)."""
    from statements.render.receipt_pdf import ReceiptItem

    receipt = ReceiptData(
        bank_name="某某银行",
        customer_name=COMPANY,
        account_number="3100",
        statement_number="DZD-1",
        version=1,
        period="2026-10",
        balance=Decimal("1.00"),
        currency="CNY",
        decision="不符",
        book_balance=Decimal("2.00"),
        reason="少记一笔😀",
        answered_by="张三",
        approved_by="",
        channel="web",
        answered_at=dt.datetime(2026, 11, 5, 10, 0),
        statement_hash="0" * 64,
        items=(ReceiptItem("银行已收企业未收", dt.date(2026, 10, 30), Decimal("1.00"), "发红包🧧", "한-1", True),),
    )
    text = text_of(render_receipt_pdf(receipt))
    assert "少记一笔[U+1F600]" in text and "发红包[U+1F9E7]" in text and "[U+D55C]-1" in text


def test_invisible_characters_are_left_out_and_whitespace_kept():
    runs = fonts.font_runs("恒瑞\u200b贸易\ufeff\t有限公司", fonts.LABEL_FONT)
    assert "".join(run for _, run in runs) == "恒瑞贸易 有限公司"


def test_to_unicode_maps_characters_outside_the_bmp_as_surrogate_pairs():
    cmap = fonts._to_unicode_cmap("AAAAAA+X", [0x41, 0x2B5AF])
    assert "<00> <0041>" in cmap and "<01> <D86DDDAF>" in cmap


def test_the_workbench_download_names_the_character_instead_of_failing(
    client, books, accountant_a, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from reconcile.models import Customer

    Customer.objects.filter(pk=books.customer_id).update(legal_name="한국상사有限公司")
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:workbench-run", args=[books.pk]), {"period": "2026-10-31"})
    response = client.get(reverse("portal:adjustment-pdf", args=[books.pk]), {"period": "2026-10-31"}, follow=True)
    assert response.status_code == 200 and not response.content.startswith(b"%PDF")
    page = response.content.decode()
    assert "한" in page and "U+D55C" in page
    archive = client.get(reverse("portal:reconcile-zip"), {"period": "2026-10-31"})
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert any(n.endswith(".xlsx") for n in names) and not any(n.endswith(".pdf") for n in names)
    assert "README-skipped.txt" in names


def test_the_refusal_speaks_the_readers_language():
    from django.utils import translation

    with translation.override("zh-hans"):
        message = fonts.GlyphMissing("한", "한국상사").message
    assert "“한”（U+D55C）" in message and "PDF 字体中都没有" in message
    with translation.override("en"):
        assert "is in none of the PDF fonts" in fonts.GlyphMissing("한", "한국상사").message
