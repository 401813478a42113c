"""Signing and checking the bank's documents with the deployment's settings (the service face of pdf_signing).

Settings: ``PDF_SIGNING_PKCS12`` (path; production requires it) and ``PDF_SIGNING_PASSPHRASE``; without them a
DEMO identity under ``VAR_DIR/signing``. ``PDF_SEAL_IMAGE`` (a PNG; default: a drawn round seal with the bank's
name), ``PDF_SIGNING_TSA_URL`` (an RFC 3161 timestamp server, optional), ``PDF_SIGNING_TRUST_ROOTS`` (PEM/DER/P12
files whose certificates the verification page trusts; default: the signing file's own chain).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from core.pdf_signing import SignatureReport, SigningError, pdf_sign, pdf_verify
from core.pki import SigningIdentity, signing_identity
from core.seal import NAME_CHARS, drawn_seal_png

__all__ = ["SignatureReport", "SigningError", "document_sign", "document_verify", "current_identity"]


def current_identity() -> SigningIdentity:
    return signing_identity(
        configured=settings.PDF_SIGNING_PKCS12,
        passphrase=settings.PDF_SIGNING_PASSPHRASE,
        demo_folder=Path(settings.VAR_DIR) / "signing",
        bank_name=settings.PORTAL_BANK_NAME,
    )


def _seal(identity: SigningIdentity) -> bytes:
    if settings.PDF_SEAL_IMAGE:
        return Path(settings.PDF_SEAL_IMAGE).read_bytes()
    from core.fonts import EXTRA_FILE, EXTRA_FONT, LABEL_FONT, default_font_file, font_runs

    # The fonts every PDF embeds: the main one, the fallback for a character of the name only it has (the main font
    # alone drew 銀 or 𠀋 as an empty box); a character neither has is refused by name (GlyphMissing).
    path, index = default_font_file()
    name = settings.PORTAL_BANK_NAME
    fallback = "".join(run for font, run in font_runs(name[:NAME_CHARS], LABEL_FONT) if font == EXTRA_FONT)
    return drawn_seal_png(name, "电子签章", identity.demo, path, index, str(EXTRA_FILE), fallback)


def document_sign(pdf: bytes, *, reason: str) -> bytes:
    """The PDF signed by the bank (``reason`` is what the reader's signature panel shows, e.g. "余额对账单")."""
    identity = current_identity()
    return pdf_sign(
        pdf,
        identity=identity,
        seal_png=_seal(identity),
        reason=reason,
        location=settings.PORTAL_OPERATIONS_CENTRE,
        tsa_url=settings.PDF_SIGNING_TSA_URL,
    )


def trust_roots() -> list[Path]:
    if settings.PDF_SIGNING_TRUST_ROOTS:
        return [Path(p) for p in settings.PDF_SIGNING_TRUST_ROOTS]
    identity = current_identity()
    if identity.demo:
        return [identity.pkcs12_path.parent / "demo-ca.pem"]
    return [identity.pkcs12_path]


def document_verify(pdf: bytes) -> list[SignatureReport]:
    """Every signature of an uploaded PDF, checked against the roots the portal trusts. ``ValueError``: not a PDF."""
    return pdf_verify(pdf, trust_roots=trust_roots())
