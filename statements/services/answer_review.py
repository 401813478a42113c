"""复核 signed: a second confirmer approves a pending answer with a one-time code, as the answer itself was signed.

The approver's code is bound to the approval of that answer (its id and digest) to that statement version
(``statements.answer_digest.review_digest``); rejecting needs no code (it makes nothing count).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ConflictError, ServiceError
from core.services.audit import audit_record
from reconcile.services.groups import may_answer
from statements.answer_digest import review_digest
from statements.models import (
    AnswerChallenge,
    BalanceStatement,
    ChallengeChannel,
    ChallengeStatus,
    Confirmation,
    ConfirmationStatus,
)
from statements.services.answer_codes import (
    CODE_VALID,
    _queue_code,
    _send,
    answer_challenge_verify,
    check_request_rate,
    mask_phone,
    signing_means,
)
from statements.services.answer_rights import not_approver, refuse_foreign_approver
from statements.services.answer_signing import BadSignature
from statements.services.confirmations import (
    _locked,
    confirmation_review,
    statement_digest_facts,
    statement_open_check,
)


def _digest(confirmation: Confirmation, statement: BalanceStatement) -> str:
    return review_digest(
        confirmation_id=confirmation.pk,
        approve=True,
        answer_digest=confirmation.answer_digest,
        statement=statement_digest_facts(statement),
    )


def review_challenge_start(
    *, actor: Actor, confirmation_id: int, now: dt.datetime | None = None
) -> tuple[AnswerChallenge, str]:
    now = now or timezone.now()
    device, phone = signing_means(actor)
    with transaction.atomic():
        refuse_foreign_approver(actor=actor, confirmation_id=confirmation_id)  # before any lock
        confirmation = Confirmation.objects.select_for_update().get(pk=confirmation_id)
        statement = _locked(confirmation.statement_id)
        if not may_answer(actor, statement.account):
            raise not_approver(statement)
        if confirmation.status != ConfirmationStatus.AWAITING_APPROVAL:
            raise ConflictError(_("This answer was already reviewed."), code="already_reviewed")
        if confirmation.submitted_by_id == actor.pk:
            raise ServiceError(
                _("The approver must be another person than the one who submitted the answer."), code="same_person"
            )
        statement_open_check(statement=statement, now=now)
        digest = _digest(confirmation, statement)
        open_one = (
            AnswerChallenge.objects.select_for_update()
            .filter(user_id=actor.pk, digest=digest, status=ChallengeStatus.OPEN)
            .first()
        )
        if open_one is not None and open_one.expires_at > now:
            return open_one, "reused"
        if open_one is not None:
            open_one.status = ChallengeStatus.EXPIRED
            open_one.save(update_fields=["status"])
        check_request_rate(actor, now)
        channel = ChallengeChannel.TOTP if device is not None else ChallengeChannel.SMS
        challenge = AnswerChallenge.objects.create(
            user=user_row(actor),
            statement=statement,
            digest=digest,
            channel=channel,
            phone_masked=mask_phone(phone) if channel == ChallengeChannel.SMS else "",
            salt=secrets.token_hex(16),
            created_at=now,
            expires_at=now + CODE_VALID,
            answer={
                "review": confirmation.pk,
                "approve": True,
                "decision": confirmation.decision,
                "book_balance": None if confirmation.book_balance is None else f"{confirmation.book_balance:.2f}",
                "reason": confirmation.reason,
            },
        )
        message_id = _queue_code(challenge, phone, now) if channel == ChallengeChannel.SMS else None
        audit_record(
            actor=actor,
            action="answer_code.requested",
            target=challenge,
            after={
                "confirmation_id": confirmation.pk,
                "review": "approve",
                "channel": channel,
                "phone": challenge.phone_masked,
                "answer_digest": digest,
            },
        )
    return challenge, _send(message_id)


@dataclass(frozen=True)
class ReviewCodeProof:
    challenge_id: int

    def bind(self, *, actor: Actor, confirmation: Confirmation, statement: BalanceStatement) -> dict[str, Any]:
        challenge = AnswerChallenge.objects.select_for_update().get(pk=self.challenge_id)
        if (
            challenge.user_id != getattr(actor, "pk", None)
            or challenge.status != ChallengeStatus.VERIFIED
            or challenge.digest != _digest(confirmation, statement)
        ):
            raise BadSignature(
                _(
                    "The code was given for a different answer than this one; a code signs only the "
                    "answer it was sent for. Start the answer again to get a new code."
                )
            )
        challenge.status = ChallengeStatus.USED
        challenge.save(update_fields=["status"])
        return {
            "approval_signed_with": challenge.channel,
            "approval_signed_phone": challenge.phone_masked,
            "approval_challenge": challenge,
        }


def review_challenge_complete(
    *, actor: Actor, challenge_id: int, code: str, now: dt.datetime | None = None
) -> BalanceStatement:
    now = now or timezone.now()
    challenge = answer_challenge_verify(actor=actor, challenge_id=challenge_id, code=code, now=now)
    return confirmation_review(
        actor=actor,
        confirmation_id=challenge.answer["review"],
        approve=True,
        now=now,
        proof=ReviewCodeProof(challenge.pk),
    )
