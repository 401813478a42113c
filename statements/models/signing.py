"""Signed answers: the one-time codes a browser answer is confirmed with, and the public keys an ERP signs with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reconcile.models import Customer
from statements.models.statements import BalanceStatement


class ChallengeChannel(models.TextChoices):
    SMS = "sms", _("SMS code")
    TOTP = "totp", _("Authenticator code")


class ChallengeStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the code")
    VERIFIED = "verified", _("Code verified")
    USED = "used", _("Signed the answer")
    LOCKED = "locked", _("Too many wrong codes")
    EXPIRED = "expired", _("Expired")


class AnswerChallenge(models.Model):
    """One code that signs one exact answer: ``digest`` is the SHA-256 of the answer's canonical form (statement
    ids and versions, balances, outcome, book balance, reason, items), so a code for one answer signs no other.

    The code itself is never stored: ``code_hash`` is an HMAC of it under the server's key and a per-row salt; the
    answer waiting for its code is kept in ``answer`` (what the confirmer submitted, re-checked when it is signed).
    """

    CUSTOMER_LOOKUP = "statement__account__customer"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statement = models.ForeignKey(BalanceStatement, on_delete=models.PROTECT, related_name="+")
    digest = models.CharField(_("answer digest"), max_length=64)
    answer = models.JSONField(_("answer"), default=dict)
    channel = models.CharField(_("channel"), max_length=8, choices=ChallengeChannel.choices)
    phone_masked = models.CharField(_("mobile"), max_length=20, blank=True)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN)
    attempts = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    sends = models.PositiveSmallIntegerField(_("codes sent"), default=0)
    created_at = models.DateTimeField(_("created at"))
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer code")
        verbose_name_plural = _("answer codes")
        constraints = [
            # One open code per person and answer: a double click or a second tab reuses it, never sends twice.
            models.UniqueConstraint(
                fields=["user", "digest"], condition=models.Q(status="open"), name="answerchallenge_one_open_per_answer"
            ),
        ]


class KeyAlgorithm(models.TextChoices):
    ED25519 = "ed25519", "Ed25519"
    ECDSA_P256 = "ecdsa-p256-sha256", "ECDSA P-256 / SHA-256"
    RSA_PSS = "rsa-pss-sha256", "RSA-PSS / SHA-256"


class KeyStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the bank's approval")
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class AnswerKey(models.Model):
    """A company's public key for signing API answers (the ERP direct link). Registered by ops, or uploaded by the
    company's administrator and approved by ops; revoked keys stop verifying at once."""

    CUSTOMER_LOOKUP = "customer"

    key_id = models.CharField(_("key id"), max_length=40, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="answer_keys")
    name = models.CharField(_("name"), max_length=80, blank=True)
    algorithm = models.CharField(_("algorithm"), max_length=20, choices=KeyAlgorithm.choices)
    public_key = models.TextField(_("public key (PEM)"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=KeyStatus.choices, default=KeyStatus.ACTIVE)
    created_at = models.DateTimeField(_("registered at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("answer signing key")
        verbose_name_plural = _("answer signing keys")
        ordering = ["customer", "-created_at"]
        constraints = [
            # A key is one company's: the same public key signs for one company at a time. Uploads waiting for
            # approval do not count: a public key is public, and another company's upload of it must not keep its
            # owner from registering it (ops approve one, after checking with the company out of band).
            models.UniqueConstraint(
                fields=["fingerprint"], condition=models.Q(status="active"), name="answerkey_one_active_per_fingerprint"
            ),
            # ... and a company holds it once while it is not revoked.
            models.UniqueConstraint(
                fields=["customer", "fingerprint"],
                condition=~models.Q(status="revoked"),
                name="answerkey_one_live_per_customer_fingerprint",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_id} ({self.name or self.get_algorithm_display()})"
