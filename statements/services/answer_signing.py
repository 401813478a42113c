"""Signing an answer: the proofs ``confirmation_submit`` binds to the exact answer, and the companies' keys.

Two proofs, one interface (``bind``, called under the statement's row lock with the answer's digest):

* ``CodeProof``: a one-time code (SMS or authenticator) verified by ``answer_codes.answer_challenge_verify`` for the
  challenge whose digest is this answer's; binding consumes the challenge (verified -> used).
* ``KeyProof``: ``X-Answer-Signature: <key id>:<base64 signature of the exact request body bytes>``, checked by
  ``answer_signature_check`` against the company's registered public key (Ed25519, ECDSA P-256, RSA-PSS).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.prepared import PreparedQuery
from core.roles import Role, is_bank_staff, roles_of
from core.services.audit import audit_record
from core.text import refuse_hidden_characters
from core.validators import normalize_credit_code
from reconcile.models import Customer
from statements.models import (
    AnswerChallenge,
    AnswerKey,
    BalanceStatement,
    ChallengeStatus,
    KeyAlgorithm,
    KeyStatus,
)

HEADER = "X-Answer-Signature"
MAX_HEADER = 2048  # an RSA-4096 signature is 684 base64 characters; anything far longer is not a signature
MAX_PEM = 16_384
_KEY_ID = re.compile(r"ak-[0-9a-f]{16}")


class SignatureRequired(ServiceError):
    code = "signature_required"


class BadSignature(ServiceError):
    code = "bad_signature"


@dataclass(frozen=True)
class Signed:
    """What is stored with the answer (``fields``) and written into its audit event (``audit``)."""

    fields: dict[str, Any]
    audit: dict[str, Any]


class AnswerProof(Protocol):
    def bind(self, *, actor: Actor, statement: BalanceStatement, digest: str, now: dt.datetime) -> Signed: ...


# -- one-time codes ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeProof:
    challenge_id: int

    def bind(self, *, actor: Actor, statement: BalanceStatement, digest: str, now: dt.datetime) -> Signed:
        challenge = AnswerChallenge.objects.select_for_update().get(pk=self.challenge_id)
        if challenge.user_id != getattr(actor, "pk", None) or challenge.status != ChallengeStatus.VERIFIED:
            raise BadSignature(
                _("This code was not verified for you, or it already signed an answer; start the answer again.")
            )
        if challenge.digest != digest or challenge.statement_id != statement.pk:
            # The statement changed (a new version, another balance) or another answer is being submitted.
            raise BadSignature(
                _(
                    "The code was given for a different answer than this one; a code signs only the "
                    "answer it was sent for. Start the answer again to get a new code."
                )
            )
        challenge.status = ChallengeStatus.USED
        challenge.save(update_fields=["status"])
        signed_at = challenge.verified_at or now
        return Signed(
            fields={
                "signed_with": challenge.channel,
                "signed_at": signed_at,
                "answer_digest": digest,
                "signed_phone": challenge.phone_masked,
                "challenge": challenge,
            },
            audit={
                "method": challenge.channel,
                "phone": challenge.phone_masked,
                "challenge_id": challenge.pk,
                "signed_at": signed_at,
                "answer_digest": digest,
            },
        )


# -- company keys ---------------------------------------------------------------------------------------------------


def _algorithm_of(public_key: Any) -> str:
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return KeyAlgorithm.ED25519
    if isinstance(public_key, ec.EllipticCurvePublicKey) and isinstance(public_key.curve, ec.SECP256R1):
        return KeyAlgorithm.ECDSA_P256
    if isinstance(public_key, rsa.RSAPublicKey) and public_key.key_size >= 2048:
        return KeyAlgorithm.RSA_PSS
    raise ServiceError(
        _("The public key must be Ed25519, ECDSA on the P-256 curve, or RSA of at least 2048 bits."), code="bad_key"
    )


_SM2_CURVE = "1.2.156.10197.1.301"  # the OID of the SM2 curve, as the library names it when it refuses one


def public_key_load(pem: bytes | str) -> tuple[Any, str, str]:
    """The key, its algorithm and the SHA-256 fingerprint of its DER form; a clear refusal for anything else."""
    data = pem.encode() if isinstance(pem, str) else pem
    if len(data) > MAX_PEM or b"\x00" in data:
        raise ServiceError(_("This is not a PEM public key (too long or binary)."), code="bad_key")
    try:
        key = serialization.load_pem_public_key(data)
    except UnsupportedAlgorithm as exc:
        # A real key of an algorithm this product does not verify with: SM2 (国密) among them, which the
        # `cryptography` library does not implement (README, "Signed answers").
        raise ServiceError(
            _(
                "This public key's algorithm is not supported (%(detail)s). Register an Ed25519, ECDSA P-256 or "
                "RSA (at least 2048 bits) key; SM2 keys are not supported."
            )
            % {"detail": "SM2" if _SM2_CURVE in str(exc) else str(exc)[:80]},
            code="bad_key",
        ) from exc
    except (ValueError, TypeError) as exc:
        raise ServiceError(
            _(
                "This is not a PEM public key (-----BEGIN PUBLIC KEY-----); export the public half "
                "of the key pair, never the private key."
            ),
            code="bad_key",
        ) from exc
    algorithm = _algorithm_of(key)
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return key, algorithm, hashlib.sha256(der).hexdigest()


def _customer(credit_code: str) -> Customer:
    try:
        return Customer.objects.get(credit_code=normalize_credit_code(credit_code or ""))
    except Customer.DoesNotExist as exc:
        raise ServiceError(
            _("No customer has the credit code %(c)s.") % {"c": (credit_code or "")[:40]}, code="not_found"
        ) from exc


def answer_key_register(
    *, actor: Actor | None, credit_code: str, public_key: bytes | str, name: str = "", pending: bool = False
) -> AnswerKey:
    """Ops register a company's public key (active at once); with ``pending`` (the company administrator's upload)
    it waits for ops' approval (``answer_key_approve``)."""
    customer = _customer(credit_code)
    key, algorithm, fingerprint = public_key_load(public_key)
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    name = " ".join((name or "").replace("\x00", "").split())[:80]
    now = timezone.now()
    with transaction.atomic():
        live = AnswerKey.objects.filter(fingerprint=fingerprint).exclude(status=KeyStatus.REVOKED)
        # Refused when it already signs (for any company) or the company already holds it; another company's
        # upload waiting for approval is no reason (a public key is public: whoever uploads it first must not
        # keep its owner from registering it).
        if live.filter(Q(status=KeyStatus.ACTIVE) | Q(customer=customer)).exists():
            raise ServiceError(_("This public key is already registered."), code="duplicate_key")
        try:
            with transaction.atomic():  # the same key registered at the same moment: the constraints decide
                answer_key = AnswerKey.objects.create(
                    key_id=f"ak-{secrets.token_hex(8)}",
                    customer=customer,
                    name=name,
                    algorithm=algorithm,
                    public_key=pem,
                    fingerprint=fingerprint,
                    status=KeyStatus.PENDING if pending else KeyStatus.ACTIVE,
                    created_at=now,
                    created_by=user_row(actor),
                    approved_by=None if pending else user_row(actor),
                    approved_at=None if pending else now,
                )
        except IntegrityError as exc:
            raise ServiceError(_("This public key is already registered."), code="duplicate_key") from exc
        audit_record(
            actor=actor,
            action="answer_key.registered",
            target=answer_key,
            after={
                "key_id": answer_key.key_id,
                "customer_id": customer.pk,
                "algorithm": algorithm,
                "fingerprint": fingerprint,
                "status": answer_key.status,
                "name": name,
            },
        )
    return answer_key


def answer_key_upload(*, actor: Actor, public_key: bytes | str, name: str = "") -> AnswerKey:
    """A confirmer of a company uploads one of its public keys: it waits for ops' approval (``answer_key_approve``)
    before it signs anything. The company is always the uploader's own."""
    customer = getattr(actor, "customer", None)
    if customer is None or not can_answer_for(actor, customer):
        raise ServiceError(_("Only a confirmer of the company may upload its answer signing keys."), code="forbidden")
    return answer_key_register(
        actor=actor, credit_code=customer.credit_code, public_key=public_key, name=name, pending=True
    )


def can_answer_for(actor: Actor, customer: Customer) -> bool:
    return getattr(actor, "customer_id", None) == customer.pk and Role.CLIENT_CONFIRMER in roles_of(actor)


def _locked_key(key_id: str) -> AnswerKey:
    try:
        return AnswerKey.objects.select_for_update().get(key_id=(key_id or "").strip())
    except AnswerKey.DoesNotExist as exc:
        raise ServiceError(
            _("No answer signing key has the id %(k)s.") % {"k": (key_id or "")[:40]}, code="not_found"
        ) from exc


def _signs_elsewhere() -> ServiceError:
    return ServiceError(
        _(
            "This public key already signs for another company: it can sign for one company only. Reject this "
            "upload, or revoke the other company's key first if the key is this company's."
        ),
        code="duplicate_key",
    )


def answer_key_approve(*, actor: Actor, key_id: str) -> AnswerKey:
    if not is_bank_staff(actor):
        raise ServiceError(_("Only bank operations may approve a signing key."), code="forbidden")
    with transaction.atomic():
        answer_key = _locked_key(key_id)
        if answer_key.status != KeyStatus.PENDING:
            raise ServiceError(
                _("This key is %(s)s, not waiting for approval.") % {"s": answer_key.get_status_display()},
                code="not_pending",
            )
        if answer_key.created_by_id == actor.pk:
            raise ServiceError(
                _("The approver must be another person than the one who uploaded the key."), code="same_person"
            )
        signing = AnswerKey.objects.filter(fingerprint=answer_key.fingerprint, status=KeyStatus.ACTIVE)
        if signing.exclude(pk=answer_key.pk).exists():
            raise _signs_elsewhere()
        answer_key.status, answer_key.approved_at = KeyStatus.ACTIVE, timezone.now()
        answer_key.approved_by = user_row(actor)
        try:
            with transaction.atomic():  # another approval of the same public key may commit first
                answer_key.save(update_fields=["status", "approved_by", "approved_at"])
        except IntegrityError as exc:
            raise _signs_elsewhere() from exc
        audit_record(
            actor=actor,
            action="answer_key.approved",
            target=answer_key,
            before={"status": KeyStatus.PENDING},
            after={"status": KeyStatus.ACTIVE},
        )
    return answer_key


def answer_key_revoke(*, actor: Actor | None, key_id: str, reason: str = "") -> AnswerKey:
    """A revoked key verifies nothing from the next request on (the check reads the key's status each time)."""
    # Kept with the key and in its audit event, shown to ops and the company as the other reasons are.
    refuse_hidden_characters(reason or "", where=_("The reason"), field="reason")
    with transaction.atomic():
        answer_key = _locked_key(key_id)
        if answer_key.status == KeyStatus.REVOKED:
            return answer_key
        before = {"status": answer_key.status}
        answer_key.status, answer_key.revoked_at = KeyStatus.REVOKED, timezone.now()
        answer_key.revoked_reason = " ".join((reason or "").replace("\x00", "").split())[:200]
        answer_key.save(update_fields=["status", "revoked_at", "revoked_reason"])
        audit_record(
            actor=actor,
            action="answer_key.revoked",
            target=answer_key,
            before=before,
            after={"status": KeyStatus.REVOKED, "reason": answer_key.revoked_reason},
        )
    return answer_key


def signature_verify(*, algorithm: str, public_key_pem: str, signature: bytes, body: bytes) -> bool:
    key = serialization.load_pem_public_key(public_key_pem.encode())
    try:
        # Each algorithm only with its own key type: a key of another type is a bad signature, never a crash.
        if algorithm == KeyAlgorithm.ED25519 and isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, body)
        elif algorithm == KeyAlgorithm.ECDSA_P256 and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, body, ec.ECDSA(hashes.SHA256()))
        elif algorithm == KeyAlgorithm.RSA_PSS and isinstance(key, rsa.RSAPublicKey):
            key.verify(
                signature,
                body,
                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.AUTO),
                hashes.SHA256(),
            )
        else:
            return False
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True)
class KeyProof:
    key_pk: int
    signature: bytes
    body: bytes = field(repr=False)

    def bind(self, *, actor: Actor, statement: BalanceStatement, digest: str, now: dt.datetime) -> Signed:
        # Read again under the answer's transaction: a key revoked since the header was checked signs nothing.
        answer_key = AnswerKey.objects.select_for_update().get(pk=self.key_pk)
        # The key is the answering company's: the statement's own, or, for a group user answering a subsidiary it
        # is granted (checked before the proof is bound), the parent's.
        if answer_key.status != KeyStatus.ACTIVE or answer_key.customer_id != getattr(actor, "customer_id", None):
            raise BadSignature(_("The signing key is revoked or not your company's."))
        encoded = base64.b64encode(self.signature).decode()
        return Signed(
            fields={
                "signed_with": "key",
                "signed_at": now,
                "answer_digest": digest,
                "signature_key": answer_key,
                "signature_algorithm": answer_key.algorithm,
                "signature": encoded,
                "signed_body": self.body,
            },
            audit={
                "method": "key",
                "key_id": answer_key.key_id,
                "algorithm": answer_key.algorithm,
                "signature": encoded,
                "body_sha256": hashlib.sha256(self.body).hexdigest(),
                "signed_at": now,
                "answer_digest": digest,
            },
        )


# Compiled once per process (core.prepared): every signed API answer looks its key up.
_ACTIVE_KEY: PreparedQuery[AnswerKey] = PreparedQuery(
    lambda key_id, customer_id: AnswerKey.objects.filter(
        key_id=key_id, customer_id=customer_id, status=KeyStatus.ACTIVE
    ).order_by("pk"),
    key_id=str,
    customer_id=int,
)


def signature_required_for(*, statement: BalanceStatement, proof: AnswerProof | None, channel: str) -> None:
    """The answered statement's company's own requirement, checked under the statement's lock: a group user (集团)
    answers a subsidiary's statement over the API signed when the subsidiary requires it, whatever its parent
    requires (``answer_signature_check`` asks the answering user's company, before the statements are known)."""
    customer = statement.account.customer
    if proof is None and channel == "api" and customer is not None and customer.require_signed_answers:
        raise SignatureRequired(
            _(
                "%(company)s requires signed answers: send the header %(h)s: <key id>:<base64 signature of the "
                "exact request body>, signed with a key registered with the bank."
            )
            % {"company": statement.account.customer, "h": HEADER}
        )


def answer_signature_check(*, actor: Actor, header: str | None, body: bytes) -> KeyProof | None:
    """The API answer's signature header checked against the actor's company keys.

    No header: None where the company does not require signed answers, else 401 ``signature_required``. A header
    that is malformed, names an unknown, revoked or another company's key, or does not verify the exact body:
    403 ``bad_signature`` (one message for all, so the header tells an attacker nothing about other companies).
    """
    customer_id = getattr(actor, "customer_id", None)
    if not header:
        required = customer_id is None or Customer.objects.filter(pk=customer_id, require_signed_answers=True).exists()
        if required:
            raise SignatureRequired(
                _(
                    "Your company requires signed answers: send the header %(h)s: <key id>:<base64 "
                    "signature of the exact request body>, signed with a key registered with the "
                    "bank."
                )
                % {"h": HEADER}
            )
        return None
    refused = BadSignature(
        _(
            "The answer's signature does not verify: the %(h)s header must be <key id>:<base64 "
            "signature> of the exact request body bytes, made with an active key registered for "
            "your company."
        )
        % {"h": HEADER}
    )
    if len(header) > MAX_HEADER or customer_id is None:
        raise refused
    key_id, _sep, encoded = header.strip().partition(":")
    if not _KEY_ID.fullmatch(key_id):
        raise refused
    try:
        signature = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise refused from exc
    answer_key = _ACTIVE_KEY.first(key_id=key_id, customer_id=customer_id)
    if (
        answer_key is None
        or not signature
        or not signature_verify(
            algorithm=answer_key.algorithm, public_key_pem=answer_key.public_key, signature=signature, body=body
        )
    ):
        raise refused
    return KeyProof(key_pk=answer_key.pk, signature=signature, body=body)
