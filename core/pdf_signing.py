"""PAdES signatures on the documents the bank issues, and checking a PDF someone brings back.

``pdf_sign`` adds one PAdES baseline signature (ETSI.CAdES.detached, SHA-256) by the bank's certificate, in a
visible signature field showing the seal (电子签章) on the last page, and a document timestamp from an RFC 3161
server when one is configured. Adobe Reader and Foxit then show who signed and that nothing changed since.

``pdf_verify`` reads every signature of an uploaded PDF and says, in plain words, whether each is intact, whether
the certificate chains to a root the portal trusts (the bank's own chain), who signed and when, and whether
anything but signatures was appended after signing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from PIL import Image
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from core.pki import SigningIdentity, load_certificates

log = logging.getLogger(__name__)
FIELD_NAME = "BankSeal"
# The seal's size and its place: the top-right corner of the first page, over the issuer's heading, where a Chinese
# document carries its seal (盖章); the image is transparent around the ring, so text under it stays readable.
SEAL_SIZE = 112.0
SEAL_INSET = (30.0, 14.0)  # from the right edge, from the top edge
# Room for the CMS container: a 2048-4096-bit RSA or EC signature with a chain of up to ~3 certificates fits.
_RESERVED = 12288


class SigningError(Exception):
    """The document could not be signed (a broken key file, a timestamp server down); never half-signed."""


@dataclass(frozen=True)
class SignatureReport:
    field: str
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the certificate chains to a root the portal trusts
    signer: str
    signer_organisation: str
    signed_at: dt.datetime | None
    timestamped: bool
    covers_whole_file: bool  # nothing at all was appended after this signature
    only_signatures_after: bool  # what was appended after it (if anything) is further signatures only
    demo: bool

    @property
    def good(self) -> bool:
        return self.intact and self.valid and self.trusted and (self.covers_whole_file or self.only_signatures_after)


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses the private key again for every signature (about 150 ms for an RSA key, whose
    consistency check dominates); the key is parsed once here and kept for the signer's life."""

    _key: Any = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if self._key is None:
            self._key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, RSAPrivateKey):
            return self._key.sign(data, PKCS1v15(), hash_algo)
        if mechanism == "ecdsa" and isinstance(self._key, EllipticCurvePrivateKey):
            return self._key.sign(data, signature_algorithm=ECDSA(hash_algo))
        return super().sign_raw(data, digest_algorithm)


@lru_cache(maxsize=4)
def _signer(pkcs12_path: str, passphrase: bytes | None, mtime: float) -> signers.SimpleSigner:
    loaded = signers.SimpleSigner.load_pkcs12(pfx_file=pkcs12_path, passphrase=passphrase)
    if loaded is None:
        raise SigningError(f"cannot read the signing key file {pkcs12_path} (wrong passphrase or not PKCS#12)")
    # load_pkcs12 builds a plain SimpleSigner whatever class it is called on: rebuild ours from its parts.
    return _KeptKeySigner(
        signing_key=loaded.signing_key,
        signing_cert=loaded.signing_cert,
        cert_registry=loaded.cert_registry,
        signature_mechanism=loaded.signature_mechanism,
    )


@lru_cache(maxsize=8)
def _seal_image(png: bytes) -> PdfImage:
    return PdfImage(Image.open(io.BytesIO(png)))


def pdf_sign(
    pdf: bytes, *, identity: SigningIdentity, seal_png: bytes, reason: str, location: str, tsa_url: str = ""
) -> bytes:
    """The PDF with the bank's visible PAdES signature appended as an incremental update."""
    path = identity.pkcs12_path
    try:
        signer = _signer(str(path), identity.passphrase, path.stat().st_mtime)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        page_ref, _resources = writer.find_page_for_modification(0)
        left, bottom, right, top = (float(v) for v in page_ref.get_object()["/MediaBox"])
        box = (
            int(right - SEAL_INSET[0] - SEAL_SIZE),
            int(top - SEAL_INSET[1] - SEAL_SIZE),
            int(right - SEAL_INSET[0]),
            int(top - SEAL_INSET[1]),
        )
        style = TextStampStyle(
            stamp_text="%(ts)s",
            timestamp_format="%Y-%m-%d %H:%M:%S %Z",
            border_width=0,
            background=_seal_image(seal_png),
            background_opacity=1.0,
            background_layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID, margins=Margins(0, 0, 0, 0)
            ),
            inner_content_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MIN),
            text_box_style=TextBoxStyle(font_size=5),
        )
        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=location,
            use_pades_lta=False,
        )
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=signer,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=0, box=box),
            timestamper=timestamps.HTTPTimeStamper(tsa_url, timeout=10) if tsa_url else None,
        )
        # A fixed reservation spares pyHanko a dry-run signature to size the container (half the signing time).
        out = _run_sync(lambda: pdf_signer.sign_pdf(writer, bytes_reserved=_RESERVED if not tsa_url else None))
    except (OSError, ValueError, PdfError) as exc:
        raise SigningError(f"the document could not be signed: {exc}") from exc
    return out.getvalue()


def _run_sync(call: Callable[[], Any]) -> Any:
    """pyHanko's synchronous API starts an event loop (asyncio.run), which fails in a thread that already runs one
    (an async caller, a browser-test driver): there, run it in a short-lived thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def _name_part(name: asn1_x509.Name, key: str) -> str:
    return str(name.native.get(key, "")) if name is not None else ""


def pdf_verify(pdf: bytes, *, trust_roots: list[Path]) -> list[SignatureReport]:
    """A report per signature; ``[]`` for a PDF without signatures. Raises ``ValueError`` for a file that is not
    a readable PDF."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a hostile upload can break the reader in any way; it is "not a PDF"
        raise ValueError("not a readable PDF") from exc
    roots = []
    for root in trust_roots:
        for cert in _certificates_in(root):
            roots.append(cert)
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    reports = []
    for signature in embedded:
        try:
            status = _run_sync(lambda: validate_pdf_signature(signature, signer_validation_context=context))  # noqa: B023 - run now, in this iteration
        except Exception as exc:  # noqa: BLE001 - pyHanko raises many kinds on a hostile file; each is "not valid"
            log.info("signature %s could not be validated: %s", signature.field_name, exc)
            reports.append(
                SignatureReport(
                    field=signature.field_name or "",
                    intact=False,
                    valid=False,
                    trusted=False,
                    signer="",
                    signer_organisation="",
                    signed_at=None,
                    timestamped=False,
                    covers_whole_file=False,
                    only_signatures_after=False,
                    demo=False,
                )
            )
            continue
        cert = status.signing_cert
        subject = cert.subject if cert is not None else None
        coverage = status.coverage.name if status.coverage is not None else ""
        modification = status.modification_level.name if status.modification_level is not None else ""
        common = _name_part(subject, "common_name")
        organisation = _name_part(subject, "organization_name")
        reports.append(
            SignatureReport(
                field=signature.field_name or "",
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                signer=common,
                signer_organisation=organisation,
                signed_at=status.signer_reported_dt
                or (status.timestamp_validity.timestamp if status.timestamp_validity else None),
                timestamped=status.timestamp_validity is not None,
                covers_whole_file=coverage == "ENTIRE_FILE",
                only_signatures_after=coverage == "ENTIRE_REVISION" and modification in ("NONE", "LTA_UPDATES"),
                demo="DEMO" in common or "DEMO" in organisation,
            )
        )
    return reports


@lru_cache(maxsize=16)
def _certificates_in(path: Path) -> tuple[asn1_x509.Certificate, ...]:
    """Certificates of a PEM/DER file, or of a PKCS#12 file's chain (its CA certificates and the signer's)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    data = path.read_bytes()
    if path.suffix.lower() in (".p12", ".pfx"):
        return tuple(asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in load_certificates(path, None))
    if b"-----BEGIN" in data:
        from cryptography import x509 as crypto_x509

        return tuple(
            asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))
            for c in crypto_x509.load_pem_x509_certificates(data)
        )
    return (asn1_x509.Certificate.load(data),)
