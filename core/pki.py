"""The bank's signing identity: a PKCS#12 file (key + certificate + chain), or a generated DEMO one.

Production names its own PKCS#12 (issued by a CA the bank's clients trust: CFCA and the like) in
``PDF_SIGNING_PKCS12``. Everywhere else, the first document signed creates a self-signed demo CA and a bank
certificate under ``VAR_DIR/signing/`` whose names say DEMO, so a demo PDF can never pass for a real one.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_MARK = "DEMO"
_lock = threading.Lock()


@dataclass(frozen=True)
class SigningIdentity:
    pkcs12_path: Path
    passphrase: bytes | None
    demo: bool


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def generate_demo_identity(folder: Path, *, bank_name: str, passphrase: bytes) -> Path:
    """A demo root CA (its certificate written as ``demo-ca.pem``, what a verifier trusts) and a bank document-
    signing certificate issued by it, stored as ``demo-bank.p12``. Written atomically: a concurrent first use
    either finds both files or makes its own and the last rename wins (both are valid)."""
    folder.mkdir(parents=True, exist_ok=True)
    # A demo identity is valid from 2000 on: demos and tests sign documents dated in the past (time travel).
    now = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    until = dt.datetime.now(dt.UTC) + dt.timedelta(days=3650)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name(f"{DEMO_MARK} Root CA (not for real documents)", f"{bank_name} ({DEMO_MARK})")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{bank_name} 电子签章 ({DEMO_MARK})", f"{bank_name} ({DEMO_MARK})"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CODE_SIGNING]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    bundle = pkcs12.serialize_key_and_certificates(
        b"bank-document-signing", key, cert, [ca_cert], serialization.BestAvailableEncryption(passphrase)
    )
    suffix = f".{os.getpid()}.{threading.get_ident()}.tmp"
    for name, data in (("demo-ca.pem", ca_cert.public_bytes(serialization.Encoding.PEM)), ("demo-bank.p12", bundle)):
        tmp = folder / (name + suffix)
        tmp.write_bytes(data)
        tmp.replace(folder / name)
    return folder / "demo-bank.p12"


def signing_identity(*, configured: str, passphrase: str, demo_folder: Path, bank_name: str) -> SigningIdentity:
    """The configured PKCS#12, or the demo one (made on first use)."""
    if configured:
        return SigningIdentity(Path(configured), passphrase.encode() if passphrase else None, demo=False)
    demo_pass = b"demo"  # the demo key protects nothing: its certificate says DEMO and no one trusts its root
    path = demo_folder / "demo-bank.p12"
    with _lock:
        if not path.exists():
            generate_demo_identity(demo_folder, bank_name=bank_name, passphrase=demo_pass)
    return SigningIdentity(path, demo_pass, demo=True)


def load_certificates(pkcs12_path: Path, passphrase: bytes | None) -> list[x509.Certificate]:
    """The signer's certificate first, then the chain the file carries."""
    _key, cert, chain = pkcs12.load_key_and_certificates(pkcs12_path.read_bytes(), passphrase)
    return [c for c in (cert, *chain) if c is not None]
