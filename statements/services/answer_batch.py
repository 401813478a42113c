"""Many statements agreed at once (a group user across its subsidiaries, or a company across periods): one code or
one signed request signs the batch; each statement still gets its own answer, receipt and audit event.

The batch's digest covers every statement of it (id, version, currency, balance) and the outcome 相符, so the code
signs exactly that set: each answer is bound to it by ``BatchCodeProof`` (or ``KeyProof`` over the API).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.services.audit import audit_record
from statements.answer_digest import answer_digest
from statements.models import AnswerChallenge, BalanceStatement, ChallengeChannel, ChallengeStatus, Decision
from statements.selectors import statements_for
from statements.services.answer_codes import (
    CODE_VALID,
    _queue_code,
    _send,
    answer_challenge_verify,
    check_request_rate,
    mask_phone,
    signing_means,
)
from statements.services.answer_signing import AnswerProof, BadSignature, Signed
from statements.services.confirmations import (
    _locked,
    answer_check_locked,
    confirmation_submit,
    statement_digest_facts,
)

MAX_BATCH = 200


_DIGITS = re.compile(r"[0-9]{1,19}")


def _id(value: Any) -> int:
    """A statement id as a form (text of digits) or JSON (a whole number) gives it; 1.9 or True is not an id."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value.strip())
    raise ValueError(value)


def _ids(statement_ids: Any) -> list[int]:
    try:
        ids = sorted({_id(i) for i in statement_ids or []})
    except (TypeError, ValueError) as exc:
        raise ServiceError(_("statement_ids must be a list of statement ids."), code="bad_batch") from exc
    if not ids:
        raise ServiceError(_("Select at least one statement."), code="bad_batch")
    if len(ids) > MAX_BATCH:
        raise ServiceError(_("At most %(n)d statements can be answered at once.") % {"n": MAX_BATCH}, code="bad_batch")
    return ids


def _refuse_unseen(actor: Actor, ids: list[int]) -> None:
    """A statement the actor may not see is no statement (as on its page): refused before anything of it is read,
    so no refusal names another company's statement or company."""
    seen = set(statements_for(actor).filter(pk__in=[i for i in ids if 0 < i < 2**63]).values_list("pk", flat=True))
    unseen = [pk for pk in ids if pk not in seen]
    if unseen:
        raise ServiceError(_("No such statement: %(id)s.") % {"id": unseen[0]}, code="not_found")


def _facts_text(statement: BalanceStatement) -> dict[str, Any]:
    facts = statement_digest_facts(statement)
    return {**facts, "balance": f"{facts['balance']:.2f}"}


def batch_digest(facts: list[dict[str, Any]]) -> str:
    return answer_digest(statements=facts, decision=Decision.AGREE, book_balance=None, reason="", items=[])


def answer_batch_start(
    *, actor: Actor, statement_ids: Any, now: dt.datetime | None = None
) -> tuple[AnswerChallenge, str]:
    """Check that every selected statement can be agreed by the actor, then ask for the one code that signs them."""
    now = now or timezone.now()
    ids = _ids(statement_ids)
    _refuse_unseen(actor, ids)
    device, phone = signing_means(actor)
    with transaction.atomic():
        statements = []
        for pk in ids:  # locked in id order, as the submission locks them
            try:
                statement = _locked(pk)
            except BalanceStatement.DoesNotExist as exc:
                raise ServiceError(_("No such statement: %(id)s.") % {"id": pk}, code="not_found") from exc
            try:
                answer_check_locked(
                    actor=actor, statement=statement, decision=Decision.AGREE, book=None, reason="", items=[], now=now
                )
            except ServiceError as exc:
                raise type(exc)(
                    f"{statement.number} ({statement.account.customer}): {exc.message}", code=exc.code
                ) from exc
            statements.append(statement)
        facts = [_facts_text(s) for s in statements]
        digest = batch_digest(facts)
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
            statement=statements[0],
            digest=digest,
            channel=channel,
            phone_masked=mask_phone(phone) if channel == ChallengeChannel.SMS else "",
            salt=secrets.token_hex(16),
            created_at=now,
            expires_at=now + CODE_VALID,
            answer={"decision": Decision.AGREE, "batch": facts, "book_balance": None, "reason": "", "outstanding": []},
        )
        message_id = _queue_code(challenge, phone, now) if channel == ChallengeChannel.SMS else None
        audit_record(
            actor=actor,
            action="answer_code.requested",
            target=challenge,
            after={
                "statement_ids": ids,
                "channel": channel,
                "phone": challenge.phone_masked,
                "answer_digest": digest,
                "decision": Decision.AGREE,
            },
        )
    return challenge, _send(message_id)


@dataclass(frozen=True)
class BatchCodeProof:
    """A verified code for a batch, bound to each statement of it in turn (the caller marks it used at the end)."""

    challenge_id: int

    def bind(self, *, actor: Actor, statement: BalanceStatement, digest: str, now: dt.datetime) -> Signed:
        challenge = AnswerChallenge.objects.select_for_update().get(pk=self.challenge_id)
        batch = challenge.answer.get("batch") or []
        if challenge.user_id != getattr(actor, "pk", None) or challenge.status != ChallengeStatus.VERIFIED:
            raise BadSignature(
                _("This code was not verified for you, or it already signed an answer; start the answer again.")
            )
        if (
            _facts_text(statement) not in batch
            or batch_digest(batch) != challenge.digest
            or challenge.answer.get("decision") != Decision.AGREE
        ):
            raise BadSignature(
                _(
                    "The code was given for a different answer than this one; a code signs only the "
                    "answer it was sent for. Start the answer again to get a new code."
                )
            )
        signed_at = challenge.verified_at or now
        return Signed(
            fields={
                "signed_with": challenge.channel,
                "signed_at": signed_at,
                "answer_digest": challenge.digest,
                "signed_phone": challenge.phone_masked,
                "challenge": challenge,
            },
            audit={
                "method": challenge.channel,
                "phone": challenge.phone_masked,
                "challenge_id": challenge.pk,
                "signed_at": signed_at,
                "answer_digest": challenge.digest,
                "batch": [f["id"] for f in batch],
            },
        )


def answer_batch_submit(
    *,
    actor: Actor,
    statement_ids: list[int],
    proof: AnswerProof,
    channel: str,
    remote_addr: str | None,
    now: dt.datetime,
) -> list[BalanceStatement]:
    """Agree with every statement of the batch, all or none, each with its own answer and audit event."""
    _refuse_unseen(actor, sorted(statement_ids))
    answered = []
    with transaction.atomic():
        for pk in sorted(statement_ids):
            try:
                answered.append(
                    confirmation_submit(
                        actor=actor,
                        statement_id=pk,
                        decision=Decision.AGREE,
                        channel=channel,
                        remote_addr=remote_addr,
                        now=now,
                        proof=proof,
                    )
                )
            except ServiceError as exc:
                number = BalanceStatement.objects.filter(pk=pk).values_list("number", flat=True).first() or pk
                raise type(exc)(
                    _("Nothing was answered: %(n)s: %(m)s") % {"n": number, "m": exc.message}, code=exc.code
                ) from exc
    return answered


def answer_batch_complete(
    *, actor: Actor, challenge_id: int, code: str, remote_addr: str | None = None, now: dt.datetime | None = None
) -> list[BalanceStatement]:
    now = now or timezone.now()
    challenge = answer_challenge_verify(actor=actor, challenge_id=challenge_id, code=code, now=now)
    ids = [f["id"] for f in challenge.answer.get("batch") or []]
    if not ids:
        raise ServiceError(_("This code is for a single answer."), code="bad_batch")
    with transaction.atomic():
        answered = answer_batch_submit(
            actor=actor,
            statement_ids=ids,
            proof=BatchCodeProof(challenge.pk),
            channel="web",
            remote_addr=remote_addr,
            now=now,
        )
        AnswerChallenge.objects.filter(pk=challenge.pk, status=ChallengeStatus.VERIFIED).update(
            status=ChallengeStatus.USED
        )
    return answered
