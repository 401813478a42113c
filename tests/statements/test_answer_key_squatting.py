"""A public key is public: another company uploading it first (waiting for approval) must not keep its owner from
registering it. One public key signs for one company at a time; ops approve one upload, after checking with the
company; a company holds a key once."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.db import IntegrityError, transaction
from django.utils import translation

from core.errors import ServiceError
from statements.models import AnswerKey, KeyStatus
from statements.services.answer_signing import answer_key_approve, answer_key_register, answer_key_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_pem() -> bytes:
    private = ed25519.Ed25519PrivateKey.generate()
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


class _Code:
    def __init__(self, code: str) -> None:
        self.code = code

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        assert isinstance(exc, ServiceError), f"expected a refusal {self.code}, got {exc!r}"
        assert exc.code == self.code
        return True


def test_a_squatters_pending_upload_does_not_block_the_owner(public_pem, client_a, client_b, ops, customer_a):
    squatted = answer_key_upload(actor=client_b, public_key=public_pem, name="not ours")
    owned = answer_key_upload(actor=client_a, public_key=public_pem, name="金蝶云星空")
    assert squatted.status == owned.status == KeyStatus.PENDING and owned.customer == customer_a
    answer_key_approve(actor=ops, key_id=owned.key_id)
    with translation.override("en"), _Code("duplicate_key"):
        answer_key_approve(actor=ops, key_id=squatted.key_id)
    assert AnswerKey.objects.get(pk=squatted.pk).status == KeyStatus.PENDING  # left for ops to reject


def test_a_company_holds_a_public_key_once(public_pem, client_a, customer_a):
    answer_key_upload(actor=client_a, public_key=public_pem)
    with _Code("duplicate_key"):
        answer_key_upload(actor=client_a, public_key=public_pem)  # the same upload twice
    with _Code("duplicate_key"):  # ops registering it for the company while its upload waits
        answer_key_register(actor=None, credit_code=customer_a.credit_code, public_key=public_pem)
    assert AnswerKey.objects.filter(customer=customer_a).count() == 1


def test_a_signing_key_is_refused_to_another_company(public_pem, client_b, customer_a):
    answer_key_register(actor=None, credit_code=customer_a.credit_code, public_key=public_pem)
    with translation.override("en"), _Code("duplicate_key"):
        answer_key_upload(actor=client_b, public_key=public_pem)
    assert not AnswerKey.objects.filter(customer__pk=client_b.customer_id).exists()


def test_the_database_keeps_one_active_key_per_public_key(public_pem, client_a, client_b):
    a = answer_key_upload(actor=client_a, public_key=public_pem)
    b = answer_key_upload(actor=client_b, public_key=public_pem)
    AnswerKey.objects.filter(pk=a.pk).update(status=KeyStatus.ACTIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerKey.objects.filter(pk=b.pk).update(status=KeyStatus.ACTIVE)
