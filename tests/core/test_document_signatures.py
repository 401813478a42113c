"""Every PDF the bank issues carries its PAdES signature; pyHanko's own validator checks them, and a changed byte
or anything appended afterwards shows."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter

from core.documents import current_identity, document_sign, document_verify, trust_roots
from core.pdf_signing import FIELD_NAME
from core.pki import generate_demo_identity
from core.seal import drawn_seal_png
from statements.services.paper import paper_batch_create
from tests.fixtures.signing import sign_redirect

CST = dt.timezone(dt.timedelta(hours=8))

pytestmark = pytest.mark.django_db
DURING = dt.datetime(2026, 10, 12, 10, tzinfo=CST)


def _validated(pdf: bytes):
    """pyHanko's validator, with the portal's trust roots: the status of the one signature."""
    from pyhanko.keys import load_certs_from_pemder

    roots = list(load_certs_from_pemder([str(p) for p in trust_roots()]))
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1 and signatures[0].field_name == FIELD_NAME
    return validate_pdf_signature(signatures[0], ValidationContext(trust_roots=roots))


def _assert_signed_by_the_bank(pdf: bytes) -> None:
    status = _validated(pdf)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage.name == "ENTIRE_FILE"
    assert "示例商业银行" in status.signing_cert.subject.native["common_name"]
    assert status.signing_cert.subject.native["common_name"].endswith("(DEMO)")
    # the visible seal: a signature widget with an appearance on the last page
    reader = PdfReader(io.BytesIO(pdf))
    widgets = [a.get_object() for a in reader.pages[-1].get("/Annots", [])]
    seal = [
        w
        for w in widgets
        if w.get("/FT") == "/Sig" or w.get("/Parent", {}).get("/FT") == "/Sig" or w.get("/T") == FIELD_NAME
    ]
    assert seal and "/AP" in seal[0] and float(seal[0]["/Rect"][2]) - float(seal[0]["/Rect"][0]) > 100


def _changed_byte(pdf: bytes, needle: bytes = b"/Producer") -> bytes:
    data = bytearray(pdf)
    index = data.find(b"stream") + 40  # inside the first content stream, covered by the signature
    data[index] = (data[index] + 1) % 256
    return bytes(data)


def test_the_stored_statement_pdf_is_signed(published, customer_a, tmp_path):
    statement = published[customer_a.pk]
    pdf = (tmp_path / statement.pdf_path).read_bytes()
    _assert_signed_by_the_bank(pdf)
    assert not _validated(_changed_byte(pdf)).intact
    [report] = document_verify(_changed_byte(pdf))
    assert not report.good


def test_the_receipt_pdf_is_signed(client, client_a, published, customer_a):
    statement = published[customer_a.pk]
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        sign_redirect(client, client.post(reverse("portal:statement-agree", args=[statement.pk])))
        receipt = client.get(reverse("portal:statement-receipt", args=[statement.pk])).content
    _assert_signed_by_the_bank(receipt)
    assert not _validated(_changed_byte(receipt)).intact


def test_the_adjustment_table_pdf_is_signed(client, books, accountant_a):
    client.force_login(accountant_a)
    pdf = client.get(reverse("portal:adjustment-pdf", args=[books.pk]), {"period": "2026-10-31"}).content
    _assert_signed_by_the_bank(pdf)
    assert not _validated(_changed_byte(pdf)).intact


def test_the_paper_batch_is_signed(paper_published, ops, tmp_path):
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=CST), tick=False):
        batch = paper_batch_create(actor=ops)
    pdf = (tmp_path / batch.pdf_path).read_bytes()
    _assert_signed_by_the_bank(pdf)


def test_reconcile_files_signs_the_table_on_request(tmp_path):
    from django.core.management import call_command

    root = Path(__file__).resolve().parents[2] / "portal" / "demo_data"
    bank, journal = sorted(root.glob("*bank*"))[0], sorted(root.glob("*journal*"))[0]
    call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(tmp_path / "plain"))
    assert not PdfFileReader(io.BytesIO((tmp_path / "plain" / "adjustment.pdf").read_bytes())).embedded_signatures
    call_command(
        "reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(tmp_path / "s"), "--sign"
    )
    _assert_signed_by_the_bank((tmp_path / "s" / "adjustment.pdf").read_bytes())


def test_anything_appended_after_signing_is_reported(published, customer_a, tmp_path):
    """An incremental update that is not a signature (a page added in an editor) leaves the signed revision intact
    but no longer the whole file: the verifier says so."""
    pdf = (tmp_path / published[customer_a.pk].pdf_path).read_bytes()
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    [report] = document_verify(out.getvalue())
    assert report.intact and report.trusted and not report.covers_whole_file and not report.good


def test_another_certificate_is_intact_but_not_trusted(tmp_path, settings):
    other = generate_demo_identity(tmp_path / "other", bank_name="别的银行", passphrase=b"x")
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, "a statement")
    page.save()
    ours = trust_roots()
    with override_settings(PDF_SIGNING_PKCS12=str(other), PDF_SIGNING_PASSPHRASE="x"):
        forged = document_sign(buffer.getvalue(), reason="余额对账单")
        assert not current_identity().demo
    with override_settings(PDF_SIGNING_TRUST_ROOTS=[str(p) for p in ours]):
        [report] = document_verify(forged)
    assert report.intact and report.valid and not report.trusted and not report.good
    assert "别的银行" in report.signer


def test_a_configured_identity_signs_without_the_demo_mark(tmp_path):
    from reportlab.pdfgen import canvas

    path = generate_demo_identity(tmp_path / "bank", bank_name="正式银行", passphrase=b"pw")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, "x")
    page.save()
    with override_settings(
        PDF_SIGNING_PKCS12=str(path),
        PDF_SIGNING_PASSPHRASE="pw",
        PDF_SIGNING_TRUST_ROOTS=[str(path.parent / "demo-ca.pem")],
    ):
        [report] = document_verify(document_sign(buffer.getvalue(), reason="余额对账单"))
    assert report.good


def test_the_drawn_seal_says_demo_only_for_a_demo_identity():
    from core.fonts import default_font_file

    path, index = default_font_file()
    assert drawn_seal_png("示例银行", "电子签章", True, path, index) != drawn_seal_png(
        "示例银行", "电子签章", False, path, index
    )


def test_the_drawn_seal_draws_every_character_of_the_banks_name(settings):
    """The seal drew the bank's name with the main font alone: a character only the fallback font has (銀, 國) came
    out as the same empty box, so two such names gave one seal. A character no font has is refused by name."""
    from types import SimpleNamespace

    from core.documents import _seal
    from core.fonts import GlyphMissing

    settings.PDF_SEAL_IMAGE = ""
    demo = SimpleNamespace(demo=True)
    seals = set()
    for name in ("恆生銀行", "恆生國行"):
        settings.PORTAL_BANK_NAME = name
        seals.add(_seal(demo))
    assert len(seals) == 2
    settings.PORTAL_BANK_NAME = "한국은행"
    with pytest.raises(GlyphMissing) as info:
        _seal(demo)
    assert info.value.char == "한"


# -- the public verification page --------------------------------------------------------------------------------


def _upload(client, data: bytes, name: str = "statement.pdf"):
    return client.post(
        reverse("portal:verify-document"), {"document": SimpleUploadedFile(name, data, content_type="application/pdf")}
    )


def test_the_verification_page_checks_an_uploaded_pdf(client, published, customer_a, tmp_path):
    pdf = (tmp_path / published[customer_a.pk].pdf_path).read_bytes()
    good = _upload(client, pdf)
    assert good.status_code == 200
    body = good.content.decode()
    assert "签名完好" in body and "示例商业银行" in body and "演示" in body
    changed = _upload(client, _changed_byte(pdf)).content.decode()
    assert "签名后被修改" in changed


def test_the_verification_page_refuses_calmly(client, settings):
    assert client.get(reverse("portal:verify-document")).status_code == 200
    assert "不是可读的 PDF" in _upload(client, b"%PDF-1.7\n\x00garbage\x00" * 50).content.decode()
    assert _upload(client, b"not a pdf at all").status_code == 400
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    canvas.Canvas(buffer).save()
    unsigned = _upload(client, buffer.getvalue(), "=cmd|' /C calc'!A0.pdf").content.decode()
    assert "没有数字签名" in unsigned and "<script" not in unsigned
    settings.VERIFY_PDF_MAX_MB = 0
    assert _upload(client, buffer.getvalue()).status_code == 400


def test_the_verification_page_caps_uploads_per_address(client, settings):
    settings.VERIFY_PDF_CHECKS_PER_HOUR = 2
    for _ in range(2):
        assert _upload(client, b"x").status_code == 400
    assert _upload(client, b"x").status_code == 429


def test_the_code_form_leads_to_the_statement(client, published, customer_a):
    code = published[customer_a.pk].verification_code
    response = client.get(reverse("portal:verify-document"), {"code": code})
    assert response.status_code == 302 and code in response["Location"]
