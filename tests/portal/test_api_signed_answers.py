"""Signed API answers (the ERP direct link): ``X-Answer-Signature: <key id>:<base64 signature of the exact body>``
with the company's registered key; unsigned 401 ``signature_required``, anything else 403 ``bad_signature``."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json

import pytest
import time_machine
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from core.models import AuditEvent
from reconcile.models import Customer
from statements.models import AnswerKey, BalanceStatement, Confirmation, KeyStatus, StatementStatus
from statements.services.receipts import receipt_pdf
from tests.fixtures.hostile import FORMULA_TEXTS
from tests.fixtures.signing import AnswerKeyPair, post_signed, register_key, signed_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def statement_a(published, customer_a):
    return published[customer_a.pk]


@pytest.fixture
def api_a(client_a):
    api = APIClient()
    api.force_authenticate(client_a)
    return api


def _confirm_url(statement) -> str:
    return reverse("api:statement-confirm", args=[statement.pk])


class _Rsa(AnswerKeyPair):
    def sign(self, body: bytes) -> str:
        signature = self.private_key.sign(
            body, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH), hashes.SHA256()
        )
        return f"{self.key_id}:{base64.b64encode(signature).decode()}"


class _Ecdsa(AnswerKeyPair):
    def sign(self, body: bytes) -> str:
        signature = self.private_key.sign(body, ec.ECDSA(hashes.SHA256()))
        return f"{self.key_id}:{base64.b64encode(signature).decode()}"


def _key(customer, algorithm: str) -> AnswerKeyPair:
    if algorithm == "ed25519":
        return register_key(customer)
    private = (
        ec.generate_private_key(ec.SECP256R1())
        if algorithm == "ecdsa"
        else rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    registered = register_key(customer, private)
    return (_Ecdsa if algorithm == "ecdsa" else _Rsa)(registered.key_id, private)


@pytest.mark.parametrize("algorithm", ["ed25519", "ecdsa", "rsa-pss"])
def test_a_signed_answer_is_accepted_stored_audited_and_printed(api_a, customer_a, statement_a, algorithm):
    key = _key(customer_a, algorithm)
    with time_machine.travel(DURING, tick=False):
        response = post_signed(api_a, _confirm_url(statement_a), statement_a.pk, key, {"request_id": "V-1"})
    assert response.status_code == 200 and response.json()["status"] == "confirmed", response.json()
    answer = Confirmation.objects.get(statement=statement_a)
    assert answer.signed_with == "key" and answer.signature_key.key_id == key.key_id and answer.channel == "api"
    assert bytes(answer.signed_body) == signed_body(statement_a.pk, {"request_id": "V-1"})
    event = AuditEvent.objects.get(action="confirmation.submitted")
    assert event.after["signature"]["key_id"] == key.key_id
    assert event.after["signature"]["signature"] == answer.signature
    assert event.after["signature"]["algorithm"] == answer.signature_algorithm
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt_pdf(statement_a))).pages)
    assert "企业密钥数字签名" in text and key.key_id in text
    out = io.StringIO()
    with translation.override("en"):  # the report speaks the active language
        call_command("audit_verify", stdout=out)
    assert "signed answers: intact" in out.getvalue()


def test_an_unsigned_answer_is_refused_with_signature_required(api_a, customer_a, statement_a):
    register_key(customer_a)
    with time_machine.travel(DURING, tick=False):
        for verb, body in (("confirm", {}), ("dispute", {"book_balance": "1.00", "reason": "x"})):
            response = api_a.post(reverse(f"api:statement-{verb}", args=[statement_a.pk]), body, format="json")
            assert response.status_code == 401 and response.json()["code"] == "signature_required"
            assert "X-Answer-Signature" in response.json()["message"]
    assert not Confirmation.objects.exists()


def test_a_tampered_body_is_refused_with_bad_signature(api_a, customer_a, statement_a):
    key = register_key(customer_a)
    signed = signed_body(statement_a.pk, {"book_balance": "1250000.00"})
    sent = signed.replace(b"1250000.00", b"1250001.00")
    with time_machine.travel(DURING, tick=False):
        response = api_a.generic(
            "POST",
            reverse("api:statement-dispute", args=[statement_a.pk]),
            sent,
            content_type="application/json",
            HTTP_X_ANSWER_SIGNATURE=key.sign(signed),
        )
        spaced = api_a.generic(
            "POST",
            _confirm_url(statement_a),
            signed + b" ",
            content_type="application/json",
            HTTP_X_ANSWER_SIGNATURE=key.sign(signed),
        )
    assert response.status_code == 403 and response.json()["code"] == "bad_signature"
    assert spaced.status_code == 403  # the exact bytes: even a trailing space
    assert not Confirmation.objects.exists()


def test_a_revoked_key_stops_at_once(api_a, customer_a, statement_a):
    key = register_key(customer_a)
    call_command("revoke_answer_key", key.key_id, "--reason", "leaked", stdout=io.StringIO())
    with time_machine.travel(DURING, tick=False):
        response = post_signed(api_a, _confirm_url(statement_a), statement_a.pk, key)
    assert response.status_code == 403 and response.json()["code"] == "bad_signature"
    assert AnswerKey.objects.get(key_id=key.key_id).status == KeyStatus.REVOKED
    assert AuditEvent.objects.filter(action="answer_key.revoked", after__reason="leaked").exists()
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.DISPATCHED


def test_another_customers_key_is_refused(api_a, customer_b, statement_a):
    key_b = register_key(customer_b)
    with time_machine.travel(DURING, tick=False):
        response = post_signed(api_a, _confirm_url(statement_a), statement_a.pk, key_b)
    assert response.status_code == 403 and response.json()["code"] == "bad_signature"
    assert not Confirmation.objects.exists()


def test_a_signed_body_answers_only_the_statement_it_names(api_a, customer_a, published, statement_a):
    key = register_key(customer_a)
    other = BalanceStatement.objects.create(
        **{
            f.name: getattr(statement_a, f.name)
            for f in BalanceStatement._meta.concrete_fields
            if f.name not in ("id", "number", "verification_code", "content_hash", "period")
        },
        period="2026-08",
        number="202608-99999999",
        verification_code="ZZZZ-ZZZZ",
        content_hash="0" * 64,
    )
    body = signed_body(statement_a.pk)
    with time_machine.travel(DURING, tick=False):
        replayed = api_a.generic(
            "POST", _confirm_url(other), body, content_type="application/json", HTTP_X_ANSWER_SIGNATURE=key.sign(body)
        )
        unnamed = api_a.generic(
            "POST",
            _confirm_url(statement_a),
            b"{}",
            content_type="application/json",
            HTTP_X_ANSWER_SIGNATURE=key.sign(b"{}"),
        )
    assert replayed.status_code == 403 and replayed.json()["code"] == "bad_signature"
    assert unnamed.status_code == 403 and "statement_id" in unnamed.json()["message"]
    assert not Confirmation.objects.exists()


@pytest.mark.parametrize("named", ["{pk}", "{pk}.0", True], ids=["text", "fraction", "boolean"])
def test_a_signed_body_names_its_statement_as_a_json_number(api_a, customer_a, statement_a, named):
    # "statement_id": "41" was accepted, and audit_verify, reading the stored body, then called the answer
    # unbound to its statement: the API refuses what the check would not recognise.
    key = register_key(customer_a)
    value = named.format(pk=statement_a.pk) if isinstance(named, str) else named
    body = json.dumps({"statement_id": value}).encode()
    with time_machine.travel(DURING, tick=False):
        response = api_a.generic(
            "POST",
            _confirm_url(statement_a),
            body,
            content_type="application/json",
            HTTP_X_ANSWER_SIGNATURE=key.sign(body),
        )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["statement_id"], response.json()
    assert not Confirmation.objects.exists()


def test_a_batch_names_its_statements_as_json_numbers(api_a, customer_a, statement_a):
    key = register_key(customer_a)
    body = json.dumps({"statement_ids": [str(statement_a.pk)]}).encode()
    with time_machine.travel(DURING, tick=False):
        response = api_a.generic(
            "POST",
            reverse("api:statement-confirm-batch"),
            body,
            content_type="application/json",
            HTTP_X_ANSWER_SIGNATURE=key.sign(body),
        )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["statement_ids"], response.json()
    assert not Confirmation.objects.exists()


def test_audit_verify_passes_an_answer_the_api_accepted(api_a, customer_a, statement_a):
    key = register_key(customer_a)
    with time_machine.travel(DURING, tick=False):
        assert post_signed(api_a, _confirm_url(statement_a), statement_a.pk, key).status_code == 200
    call_command("audit_verify", stdout=io.StringIO())


@pytest.mark.parametrize(
    "header",
    [
        "ak-0000000000000000:" + base64.b64encode(b"x" * 64).decode(),  # unknown key
        "not-a-key:AAAA",
        ":",
        "ak-0000000000000000:***",
        "\x00",
        "=1+1",
        "ak-" + "0" * 16 + ":" + "A" * 200_000,  # huge
    ],
)
def test_malformed_unknown_or_huge_signatures_are_refused_cleanly(api_a, customer_a, statement_a, header):
    register_key(customer_a)
    with time_machine.travel(DURING, tick=False):
        response = api_a.generic(
            "POST",
            _confirm_url(statement_a),
            signed_body(statement_a.pk),
            content_type="application/json",
            HTTP_X_ANSWER_SIGNATURE=header,
        )
    assert response.status_code in (400, 403) and response.json()["code"] in ("bad_signature", "bad_request")
    assert not Confirmation.objects.exists()


def test_a_password_only_bank_user_cannot_answer_over_the_api(ops, customer_a, statement_a):
    key = register_key(customer_a)
    api = APIClient()
    api.force_authenticate(ops)
    with time_machine.travel(DURING, tick=False):
        unsigned = api.post(_confirm_url(statement_a), {}, format="json")
        signed = post_signed(api, _confirm_url(statement_a), statement_a.pk, key)
    # bank staff may not answer at all: the refused role (403 forbidden), not a request to sign (401)
    assert unsigned.status_code == 403 and signed.status_code == 403
    assert unsigned.json()["code"] == signed.json()["code"] == "forbidden"
    assert not Confirmation.objects.exists()


@pytest.mark.parametrize("text", [*FORMULA_TEXTS[:3], "a\x00b"])
def test_hostile_text_in_a_signed_body_is_refused_or_kept_as_text(api_a, customer_a, statement_a, text):
    key = register_key(customer_a)
    with time_machine.travel(DURING, tick=False):
        response = post_signed(
            api_a,
            reverse("api:statement-dispute", args=[statement_a.pk]),
            statement_a.pk,
            key,
            {"book_balance": "1.00", "reason": text, "request_id": text},
        )
    if "\x00" in text:
        assert response.status_code == 400 and not Confirmation.objects.exists()
    else:
        assert response.status_code == 200 and Confirmation.objects.get().reason == text


def test_ops_can_stop_requiring_signatures_for_a_customer_audited(api_a, customer_a, statement_a):
    call_command("signed_answers", "--customer", customer_a.credit_code, "--no-require", stdout=io.StringIO())
    assert not Customer.objects.get(pk=customer_a.pk).require_signed_answers
    assert AuditEvent.objects.filter(action="customer.signed_answers_changed").count() == 1
    with time_machine.travel(DURING, tick=False):
        response = api_a.post(_confirm_url(statement_a), {}, format="json")
    assert response.status_code == 200 and Confirmation.objects.get().signed_with == ""


def test_register_answer_key_prints_the_key_id_and_refuses_what_is_not_a_public_key(customer_a, tmp_path):
    private = ed25519.Ed25519PrivateKey.generate()
    public = tmp_path / "erp.pub.pem"
    public.write_bytes(
        private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    out = io.StringIO()
    call_command(
        "register_answer_key",
        "--customer",
        customer_a.credit_code,
        "--public-key",
        str(public),
        "--name",
        "金蝶云星空",
        stdout=out,
        stderr=io.StringIO(),
    )
    key = AnswerKey.objects.get(key_id=out.getvalue().strip())
    assert (key.customer, key.algorithm, key.status, key.name) == (
        customer_a,
        "ed25519",
        KeyStatus.ACTIVE,
        "金蝶云星空",
    )
    assert AuditEvent.objects.filter(action="answer_key.registered", target_id=str(key.pk)).exists()
    with pytest.raises(CommandError, match="already registered"):
        call_command(
            "register_answer_key",
            "--customer",
            customer_a.credit_code,
            "--public-key",
            str(public),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    secret = tmp_path / "erp.key.pem"
    secret.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    small = tmp_path / "small.pem"
    small.write_bytes(
        rsa.generate_private_key(public_exponent=65537, key_size=1024)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    for path, problem in (
        (secret, "not a PEM public key"),
        (small, "at least 2048"),
        (tmp_path / "missing.pem", "Cannot read"),
    ):
        with pytest.raises(CommandError, match=problem):
            call_command(
                "register_answer_key",
                "--customer",
                customer_a.credit_code,
                "--public-key",
                str(path),
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
    with pytest.raises(CommandError, match="No customer"):
        call_command(
            "register_answer_key",
            "--customer",
            "=1+1",
            "--public-key",
            str(public),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_audit_verify_finds_a_stored_signed_body_changed(api_a, customer_a, statement_a):
    key = register_key(customer_a)
    with time_machine.travel(DURING, tick=False):
        post_signed(api_a, _confirm_url(statement_a), statement_a.pk, key)
    changed = json.dumps({"statement_id": statement_a.pk, "reason": "x"}).encode()
    Confirmation.objects.update(signed_body=changed)
    with pytest.raises(CommandError, match="does not verify the stored request body"):
        call_command("audit_verify", stdout=io.StringIO())


def _public_pem(private) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_a_confirmer_uploads_a_key_that_signs_once_ops_approve_it(
    client, api_a, client_a, ops, customer_a, statement_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from statements.services.answer_signing import answer_key_approve

    private = ed25519.Ed25519PrivateKey.generate()
    client.force_login(client_a)
    page = client.post(
        reverse("portal:answer-keys"),
        {"name": "=1+1 金蝶", "public_key": SimpleUploadedFile("erp.pem", _public_pem(private))},
        follow=True,
    )
    key = AnswerKey.objects.get(customer=customer_a)
    assert key.status == KeyStatus.PENDING and key.created_by == client_a and key.key_id in page.content.decode()
    assert key.name == "=1+1 金蝶"  # kept as text
    pair = AnswerKeyPair(key.key_id, private)
    with time_machine.travel(DURING, tick=False):
        pending = post_signed(api_a, _confirm_url(statement_a), statement_a.pk, pair)
        assert pending.status_code == 403 and pending.json()["code"] == "bad_signature"
        with translation.override("en"), pytest.raises(Exception, match="Only bank operations"):
            answer_key_approve(actor=client_a, key_id=key.key_id)  # the company cannot approve its own upload
        answer_key_approve(actor=ops, key_id=key.key_id)
        approved = post_signed(api_a, _confirm_url(statement_a), statement_a.pk, pair)
    assert approved.status_code == 200 and Confirmation.objects.get().signature_key == key
    assert AuditEvent.objects.filter(action="answer_key.approved", target_id=str(key.pk)).exists()


def test_key_uploads_are_a_confirmers_of_their_own_company(client, client_b, accountant_a, ops, customer_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    register_key(customer_a)
    client.force_login(client_b)
    assert "ak-" not in client.get(reverse("portal:answer-keys")).content.decode()  # B sees none of A's keys
    for user in (accountant_a, ops):
        client.force_login(user)
        assert client.get(reverse("portal:answer-keys")).status_code == 403
        refused = client.post(
            reverse("portal:answer-keys"),
            {"public_key": SimpleUploadedFile("k.pem", _public_pem(ed25519.Ed25519PrivateKey.generate()))},
        )
        assert refused.status_code == 403
    client.force_login(client_b)
    for junk in (
        b"\x00" * 10,
        b"=1+1",
        b"A" * 100_000,
        ec.generate_private_key(ec.SECP384R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
    ):
        answered = client.post(
            reverse("portal:answer-keys"), {"public_key": SimpleUploadedFile("k.pem", junk)}, follow=True
        )
        assert answered.status_code in (200, 400)
    assert AnswerKey.objects.count() == 1  # only the one ops registered for A


# An SM2 (国密) public key as `openssl genpkey -algorithm SM2` makes one: a real key of an algorithm the product
# does not verify with (README, "Signed answers").
SM2_PUBLIC_PEM = b"""-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAENhM9FDZZqweaVq0PxD3GzEcbFopi
Csp8u/TnYcoQ8g92xNknkvupNtA42dRSBJMj5VTpPgOdwpF5LCbDFRa6fw==
-----END PUBLIC KEY-----
"""


def test_an_sm2_key_is_refused_naming_the_algorithm_not_with_an_error(customer_a, client_a, client, tmp_path):
    path = tmp_path / "sm2.pub.pem"
    path.write_bytes(SM2_PUBLIC_PEM)
    with pytest.raises(CommandError, match="SM2"):
        call_command(
            "register_answer_key",
            "--customer",
            customer_a.credit_code,
            "--public-key",
            str(path),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not AnswerKey.objects.exists()
