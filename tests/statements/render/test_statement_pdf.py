"""Balance statement PDF: embedded font, content, ordering, determinism."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from statements.render.statement_pdf import (
    DISCLAIMER,
    StatementData,
    build_verify_url,
    render_statement_pdf,
    render_statements_pdf,
)

INSTRUCTIONS = (
    "请贵单位核对本对账单所列余额。如核对相符，请在“相符”方框内打“✓”并加盖预留印鉴后退回；"
    "如不相符，请注明差异金额及原因。"
)


def make(**overrides: object) -> StatementData:
    base = dict(
        bank_name="中国某某银行股份有限公司",
        operations_centre="对公运营中心（上海）",
        branch="上海分行营业部",
        customer_name="北京恒瑞贸易有限公司",
        account_number="310012345678901",
        currency="CNY",
        period_label="2026年10月",
        period_end=dt.date(2026, 10, 31),
        balance=Decimal("1250000.00"),
        statement_number="DZD-202610-000123",
        version=2,
        issue_date=dt.date(2026, 11, 4),
        due_date=dt.date(2026, 11, 18),
        confirmation_instructions=INSTRUCTIONS,
        verification_code="7Q4K9XMD",
        verify_url=build_verify_url("bankrec.example.cn", "7Q4K9XMD"),
    )
    base.update(overrides)
    return StatementData(**base)  # type: ignore[arg-type]


def page_texts(pdf: bytes) -> list[str]:
    # pypdf may break lines between drawString calls; compare without whitespace.
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def font_files(pdf: bytes) -> list[bytes]:
    """Decoded FontFile2 programs, via pypdf's object model."""
    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            desc = font.get_object().get("/FontDescriptor")
            if desc is not None and "/FontFile2" in desc.get_object():
                out.append(desc.get_object()["/FontFile2"].get_object().get_data())
    return out


def test_single_statement_content_and_embedded_font() -> None:
    pdf = render_statement_pdf(make())
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    # Every font on the page is an embedded TrueType subset: no STSong-Light,
    # no Helvetica left over from the canvas default.
    assert fonts and all(f["/Subtype"] == "/TrueType" for f in fonts)
    assert all("/FontFile2" in f["/FontDescriptor"].get_object() for f in fonts)
    assert all(re.fullmatch(r"/[A-Z]{6}\+NotoSansCJKsc.*", str(f["/BaseFont"])) for f in fonts)
    assert len(set(str(f["/BaseFont"]) for f in fonts)) == len(fonts)  # no subset name clash
    assert all(prog[:4] == b"\x00\x01\x00\x00" for prog in font_files(pdf))  # TrueType sfnt

    text = page_texts(pdf)[0]
    for expected in [
        "余额对账单",
        "中国某某银行股份有限公司",
        "对公运营中心（上海）",
        "北京恒瑞贸易有限公司",
        "310012345678901",
        "上海分行营业部",
        "2026年10月",
        "2026年10月31日",
        "1,250,000.00",
        "人民币壹佰贰拾伍万元整",
        "DZD-202610-000123(V2)",
        "2026年11月4日",
        "2026年11月18日23:59:59",
        DISCLAIMER,
        "7Q4K9XMD",
        "https://bankrec.example.cn/verify/7Q4K9XMD",
        "请贵单位核对本对账单所列余额",
    ]:
        assert expected in text, expected


def test_negative_and_small_balances_are_formatted() -> None:
    text = page_texts(render_statement_pdf(make(balance=Decimal("-1234.5"))))[0]
    assert "-1,234.50" in text
    assert "人民币负壹仟贰佰叁拾肆元伍角整" in text


def test_words_must_match_balance() -> None:
    with pytest.raises(ValueError, match="does not match"):
        make(balance_in_words="壹佰贰拾万元整")
    assert make(balance_in_words="人民币壹佰贰拾伍万元整").balance_in_words == "人民币壹佰贰拾伍万元整"
    with pytest.raises(TypeError):
        make(balance=1250000.0)


def test_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        make().balance = Decimal("1")  # type: ignore[misc]


def test_deterministic_bytes() -> None:
    assert render_statement_pdf(make()) == render_statement_pdf(make())


def test_merged_batch_keeps_order() -> None:
    names = ["北京恒瑞贸易有限公司", "深圳中科信达科技有限公司", "成都锦程物流有限公司"]
    sts = [make(customer_name=n, statement_number=f"DZD-{i}") for i, n in enumerate(names)]
    pdf = render_statements_pdf(reversed(sts))
    texts = page_texts(pdf)
    assert len(texts) == 3
    for text, name in zip(texts, reversed(names), strict=True):
        assert name in text
        assert all(other not in text for other in names if other != name)
    with pytest.raises(ValueError):
        render_statements_pdf([])


def test_template_font_subset_is_shared_between_documents() -> None:
    # The label (template) subset must be byte-identical across customers so
    # the per-process subset cache can serve it; only the data subset differs.
    a = font_files(render_statement_pdf(make(customer_name="北京恒瑞贸易有限公司")))
    b = font_files(render_statement_pdf(make(customer_name="杭州嘉禾医药有限公司", balance=Decimal("7.01"))))
    assert len(a) == len(b) == 2
    assert a[0] == b[0]
    assert a[1] != b[1]


def test_threads_render_identical_bytes() -> None:
    # reportlab keeps per-document font state keyed by document; check that
    # concurrent renders (e.g. a threaded worker) do not bleed into each other.
    from concurrent.futures import ThreadPoolExecutor

    sts = [
        make(customer_name=f"客户{i}号{'甲乙丙丁戊己庚辛'[i % 8]}有限公司", balance=Decimal(i) * Decimal("1234.56"))
        for i in range(48)
    ]
    serial = [render_statement_pdf(s) for s in sts]
    with ThreadPoolExecutor(6) as pool:
        parallel = list(pool.map(render_statement_pdf, sts))
    assert parallel == serial


def check_font_objects(pdf: bytes) -> int:
    """Each embedded subset is self-consistent and matches the source face.

    Independent of how fonts.py builds/caches the objects: ToUnicode says which
    character each code is, Widths must equal that character's advance in the
    original face, and the embedded sfnt (parsed with fontTools, whose cmap
    format 6 reader is right where reportlab's own parser is off by one) must
    map the code to a glyph of the same advance.
    """
    from fontTools.ttLib import TTFont as FTFont
    from reportlab.pdfbase import pdfmetrics

    from core.fonts import register_cjk_fonts

    face = pdfmetrics.getFont(register_cjk_fonts().label).face
    checked = 0
    reader = PdfReader(io.BytesIO(pdf))
    seen: set[str] = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if str(font["/BaseFont"]) in seen:
                continue
            seen.add(str(font["/BaseFont"]))
            widths = [float(w) for w in font["/Widths"]]
            assert font["/FirstChar"] == 0 and font["/LastChar"] == len(widths) - 1
            cmap = font["/ToUnicode"].get_object().get_data().decode()
            mapping = {int(c, 16): int(u, 16) for c, u in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)}
            assert sorted(mapping) == list(range(len(widths)))
            program = FTFont(io.BytesIO(font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()))
            code_to_glyph = program["cmap"].getcmap(1, 0).cmap
            advances = program["hmtx"].metrics
            per_em = program["head"].unitsPerEm
            for code, uni in mapping.items():
                if code == 0:
                    continue  # .notdef slot
                assert widths[code] == pytest.approx(face.getCharWidth(uni), abs=0.5), (code, chr(uni))
                embedded = advances[code_to_glyph[code]][0] * 1000 / per_em
                assert embedded == pytest.approx(widths[code], abs=0.5), (code, chr(uni))
                checked += 1
    return checked


def test_font_objects_are_consistent_single_and_multi_subset() -> None:
    assert check_font_objects(render_statement_pdf(make())) > 150
    # > 256 distinct data characters forces a second data subset (AAAAAB+...).
    from core import fonts

    fonts.register_cjk_fonts()
    rare = "".join(sorted(c for c in fonts._core_chars if "\u4e00" <= c <= "\u9fff")[:600:2])
    sts = [make(customer_name=rare[i * 30 : (i + 1) * 30]) for i in range(10)]
    pdf = render_statements_pdf(sts)
    names = {
        str(f.get_object()["/BaseFont"])
        for p in PdfReader(io.BytesIO(pdf)).pages
        for f in p["/Resources"]["/Font"].values()
    }
    assert any(n.startswith("/AAAAAB+") for n in names)
    assert check_font_objects(pdf) > 400
    # Same again: now every object comes from the cache and must still be right.
    assert check_font_objects(render_statements_pdf(sts)) > 400


def test_overlong_instructions_fail_loudly() -> None:
    with pytest.raises(ValueError, match="too long"):
        render_statement_pdf(make(confirmation_instructions="请核对余额。" * 200))
    # A realistic long text (about 8 lines) still fits.
    assert render_statement_pdf(make(confirmation_instructions="请核对余额并回复。" * 40))


@pytest.mark.parametrize("paper", [False, True], ids=["online", "paper letter"])
def test_the_reply_block_offers_the_three_answers(paper: bool) -> None:
    """相符, 调节后相符 (with the 余额调节表 listing the outstanding items attached) and 不相符, as online."""
    from statements.render.statement_pdf import ReplySlip
    from tests.fixtures.pdf_layout import assert_fits

    slip = ReplySlip(recipient="对公运营中心（上海）", return_address="上海市浦东新区银城中路 8 号") if paper else None
    pdf = render_statement_pdf(make(reply_slip=slip))
    text = page_texts(pdf)[0]
    block = text.split("余额对账单回执" if paper else "核对结果", 1)[1]
    assert block.index("相符") < block.index("调节后相符（附余额调节表）") < block.index("不相符")
    assert_fits(pdf, "调节后相符（附余额调节表）")
