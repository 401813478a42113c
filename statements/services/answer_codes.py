"""One-time codes that sign a browser answer (SMS to the confirmer's registered mobile, or their authenticator).

A code is bound to the exact answer: the challenge holds the SHA-256 of the answer's canonical form
(``statements.answer_digest``), and ``confirmation_submit`` binds the verified challenge only to an answer with that
digest. 6 digits, valid 5 minutes, 5 wrong tries (a typo of the form, not 6 digits at all, is not a try), a new code
no sooner than 60 seconds after the last; every step is audited. The code is kept only as an HMAC; the SMS row
loses it once the gateway has it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import math
import re
import secrets
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.services.audit import audit_record
from statements.models import (
    AnswerChallenge,
    BalanceStatement,
    ChallengeChannel,
    ChallengeStatus,
    Confirmation,
    SmsMessage,
    SmsTemplate,
)
from statements.services.answer_rights import refuse_foreign_answerer
from statements.services.answer_signing import CodeProof
from statements.services.confirmations import _locked, answer_check_locked, answer_parse, confirmation_submit
from statements.services.outbox import _insert_new

CODE_DIGITS = 6
CODE_VALID = dt.timedelta(minutes=5)
MAX_TRIES = 5
RESEND_AFTER = dt.timedelta(seconds=60)
MAX_SENDS = 5
# Codes a person may ask for in a window, over all answers: a bound on SMS sent to one mobile (and their cost).
MAX_CHALLENGES = 10
CHALLENGE_WINDOW = dt.timedelta(minutes=10)
_CODE_SHAPE = re.compile(rf"[0-9]{{{CODE_DIGITS}}}", re.ASCII)


def code_normalise(raw: str) -> str | None:
    """The code as typed, made the 6 ASCII digits it means, or None when it cannot be a code. Full-width digits (a
    Chinese input method's ０-９) and spaces anywhere are what a person types for the code, so they are read as it;
    letters, other characters, a wrong length or an empty field are a typo of the form, not a guess."""
    text = "".join(unicodedata.normalize("NFKC", raw or "").split())
    return text if _CODE_SHAPE.fullmatch(text) else None


class CodeRefused(ServiceError):
    code = "bad_code"


def mask_phone(phone: str) -> str:
    """138****5678: the mobile's first 3 and last 4 digits. A mobile registered with its country code (`create_user
    --mobile +8613812345678`, which README allows) is masked as its 11 national digits: its first 3 were "+86", which
    told the user nothing about which phone the code went to."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    national = _CN_COUNTRY_CODE.sub("", digits)
    if len(national) == 11:
        digits = national
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


_CN_COUNTRY_CODE = re.compile(r"^(?:\+|00)?86(?=1\d{10}$)")


def _code_hash(salt: str, code: str) -> str:
    return salted_hmac("statements.answer_code", f"{salt}:{code}", algorithm="sha256").hexdigest()


def _totp_device(actor: Actor) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=actor.pk, confirmed=True).first()


def signing_means(actor: Actor) -> tuple[TOTPDevice | None, str]:
    """The actor's authenticator (if enrolled) and registered mobile; refused (``no_mobile``) when they have neither,
    since every answer is signed with a one-time code."""
    device = _totp_device(actor)
    phone = (getattr(actor, "mobile", "") or "").strip()
    if device is None and not phone:
        raise ServiceError(
            _(
                "Your answer must be signed with a one-time code, but no mobile number is registered "
                "for you and no authenticator app is set up. Ask your company's administrator or your "
                "branch to register your mobile number, then answer again."
            ),
            code="no_mobile",
        )
    return device, phone


def _numbers(challenge: AnswerChallenge) -> str:
    """The statement number(s) the SMS names: a group user's code for several statements signs them all, and the
    approved text (编号{number}) says so, "202611-00000001等3份", instead of naming the first alone."""
    several = len(challenge.answer.get("batch") or [])
    number = challenge.statement.number
    return f"{number}等{several}份" if several > 1 else number


def _queue_code(challenge: AnswerChallenge, phone: str, now: dt.datetime) -> int:
    """A new code for the challenge, written to the outbox with its own key; returns the outbox row's id."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    challenge.sends += 1
    challenge.code_hash, challenge.last_sent_at = _code_hash(challenge.salt, code), now
    challenge.expires_at = now + CODE_VALID
    challenge.save(update_fields=["sends", "code_hash", "last_sent_at", "expires_at"])
    key = f"{SmsTemplate.ANSWER_CODE}:{challenge.pk}:{challenge.sends}:{challenge.salt[:8]}"
    _insert_new(
        [
            SmsMessage(
                key=key,
                template=SmsTemplate.ANSWER_CODE,
                phone=phone,
                statement=challenge.statement,
                params={"code": code, "number": _numbers(challenge)},
                not_before=now,
            )
        ]
    )
    return SmsMessage.objects.only("pk").get(key=key).pk


def check_request_rate(actor: Actor, now: dt.datetime) -> None:
    recent = AnswerChallenge.objects.filter(user_id=actor.pk, created_at__gt=now - CHALLENGE_WINDOW).count()
    if recent >= MAX_CHALLENGES:
        raise ServiceError(
            _("You asked for %(n)d codes in the last %(m)d minutes; wait a few minutes, then answer again.")
            % {"n": recent, "m": CHALLENGE_WINDOW.seconds // 60},
            code="too_many_codes",
        )


def _send(message_id: int | None) -> str:
    """Sent now, in the request: the page must say at once whether the code is on its way."""
    if message_id is None:
        return "totp"
    from statements.services.sms import sms_send_one

    return sms_send_one(message_id=message_id)


def _attachment_discard(relative: str) -> None:
    """A dispute attachment stored for an answer that will never be submitted (its code locked, the answer refused
    at the last step, or replaced by the file attached to the same answer asked for again): removed once the
    transaction commits, unless an answer holds it. The page stores it before the code is sent (the code signs the
    answer with it), so nothing else would ever remove it."""
    if not relative:
        return

    def remove() -> None:
        if not Confirmation.objects.filter(attachment=relative).exists():
            (Path(settings.MEDIA_ROOT) / relative).unlink(missing_ok=True)

    transaction.on_commit(remove)


def answer_challenge_start(
    *,
    actor: Actor,
    statement_id: int,
    decision: str,
    book_balance: Any = None,
    reason: str = "",
    outstanding: Any = None,
    attachment: str = "",
    now: dt.datetime | None = None,
) -> tuple[AnswerChallenge, str]:
    """Check the answer as ``confirmation_submit`` would, then ask for the code that signs it. Returns the challenge
    and how the code went: "totp" (enter the authenticator's code), "sent", or "failed" (the page says what to do).

    The same answer asked for twice (a double click, a second tab) reuses the open challenge without a second SMS.
    """
    now = now or timezone.now()
    decision, book, reason, items = answer_parse(
        decision=decision, book_balance=book_balance, reason=reason, outstanding=outstanding
    )
    device, phone = signing_means(actor)
    with transaction.atomic():
        refuse_foreign_answerer(actor=actor, statement_id=statement_id)  # before any lock
        statement = _locked(statement_id)
        checked = answer_check_locked(
            actor=actor, statement=statement, decision=decision, book=book, reason=reason, items=items, now=now
        )
        open_one = (
            AnswerChallenge.objects.select_for_update()
            .filter(user_id=actor.pk, digest=checked.digest, status=ChallengeStatus.OPEN)
            .first()
        )
        if open_one is not None and open_one.expires_at > now:
            kept = open_one.answer.get("attachment", "")
            if attachment and attachment != kept:  # the same answer with another file: the one attached last
                open_one.answer = {**open_one.answer, "attachment": attachment}
                open_one.save(update_fields=["answer"])
                _attachment_discard(kept)
            return open_one, "reused"
        if open_one is not None:
            open_one.status = ChallengeStatus.EXPIRED
            open_one.save(update_fields=["status"])
        check_request_rate(actor, now)
        channel = ChallengeChannel.TOTP if device is not None else ChallengeChannel.SMS
        challenge = AnswerChallenge.objects.create(
            user=user_row(actor),
            statement=statement,
            digest=checked.digest,
            channel=channel,
            phone_masked=mask_phone(phone) if channel == ChallengeChannel.SMS else "",
            salt=secrets.token_hex(16),
            created_at=now,
            expires_at=now + CODE_VALID,
            answer={
                "decision": decision,
                "book_balance": None if book is None else f"{book:.2f}",
                "reason": reason,
                "outstanding": [item.as_dict() for item in items],
                "attachment": attachment,
            },
        )
        message_id = _queue_code(challenge, phone, now) if channel == ChallengeChannel.SMS else None
        audit_record(
            actor=actor,
            action="answer_code.requested",
            target=challenge,
            after={
                "statement_id": statement.pk,
                "channel": channel,
                "phone": challenge.phone_masked,
                "answer_digest": checked.digest,
                "decision": decision,
            },
        )
    return challenge, _send(message_id)


def _mine(actor: Actor, challenge_id: int) -> AnswerChallenge:
    challenge = (
        AnswerChallenge.objects.select_for_update(of=("self",))
        .select_related("statement")
        .filter(pk=challenge_id, user_id=getattr(actor, "pk", None) or 0)
        .first()
    )
    if challenge is None:  # another person's challenge is indistinguishable from none
        raise ServiceError(_("No such answer is waiting for a code."), code="not_found")
    return challenge


def answer_challenge_resend(
    *, actor: Actor, challenge_id: int, now: dt.datetime | None = None
) -> tuple[AnswerChallenge, str]:
    now = now or timezone.now()
    with transaction.atomic():
        challenge = _mine(actor, challenge_id)
        if challenge.status != ChallengeStatus.OPEN and not (
            challenge.status == ChallengeStatus.EXPIRED and challenge.attempts < MAX_TRIES
        ):
            raise ServiceError(
                _("This answer can no longer be signed with a new code: start the answer again."),
                code="challenge_closed",
            )
        if challenge.channel != ChallengeChannel.SMS:
            raise ServiceError(
                _("Your codes come from your authenticator app: enter the code it shows now."), code="totp_channel"
            )
        wait = (challenge.last_sent_at + RESEND_AFTER - now).total_seconds() if challenge.last_sent_at else 0
        if wait > 0:
            raise ServiceError(_("A new code can be sent in %(s)d seconds.") % {"s": math.ceil(wait)}, code="too_soon")
        if challenge.sends >= MAX_SENDS:
            raise ServiceError(
                _("%(n)d codes were sent for this answer; start the answer again.") % {"n": MAX_SENDS},
                code="too_many_codes",
            )
        phone = (getattr(actor, "mobile", "") or "").strip()
        if not phone:
            raise ServiceError(
                _("No mobile number is registered for you any more; ask your branch to register it."), code="no_mobile"
            )
        challenge.status = ChallengeStatus.OPEN
        challenge.save(update_fields=["status"])
        message_id = _queue_code(challenge, phone, now)
        challenge.phone_masked = mask_phone(phone)
        challenge.save(update_fields=["phone_masked"])
        audit_record(
            actor=actor,
            action="answer_code.resent",
            target=challenge,
            after={"sends": challenge.sends, "phone": challenge.phone_masked},
        )
    return challenge, _send(message_id)


def answer_challenge_verify(
    *, actor: Actor, challenge_id: int, code: str, now: dt.datetime | None = None
) -> AnswerChallenge:
    """Check the code; a wrong one is counted (and audited) even though the caller is refused. A code that is not 6
    digits at all is refused without counting it: it cannot be a guess (every guess is 6 digits and counted), so
    only a typo of the form would lock a person out."""
    now = now or timezone.now()
    typed = code_normalise(code)
    refusal: ServiceError | None = None
    with transaction.atomic():
        challenge = _mine(actor, challenge_id)
        if challenge.status == ChallengeStatus.LOCKED:
            raise CodeRefused(
                _("Too many wrong codes: this answer cannot be signed any more. Start the answer again."),
                code="too_many_tries",
            )
        if challenge.status != ChallengeStatus.OPEN:
            raise ServiceError(
                _("This code was already used or has expired: start the answer again."), code="challenge_closed"
            )
        if now >= challenge.expires_at:
            challenge.status = ChallengeStatus.EXPIRED
            challenge.save(update_fields=["status"])
            audit_record(actor=actor, action="answer_code.expired", target=challenge)
            refusal = CodeRefused(
                _("The code has expired (codes are valid for 5 minutes). Send a new code."), code="code_expired"
            )
        elif typed is None:
            refusal = CodeRefused(
                _(
                    "A code is %(n)d digits (0-9); what was typed is not. Type the code again: this was not counted "
                    "as a wrong code."
                )
                % {"n": CODE_DIGITS},
                code="malformed_code",
            )
        else:
            if challenge.channel == ChallengeChannel.TOTP:
                device = _totp_device(actor)
                right = bool(device and device.verify_token(typed))
            else:
                right = bool(
                    challenge.code_hash and hmac.compare_digest(challenge.code_hash, _code_hash(challenge.salt, typed))
                )
            if right:
                challenge.status, challenge.verified_at = ChallengeStatus.VERIFIED, now
                challenge.save(update_fields=["status", "verified_at"])
                audit_record(
                    actor=actor,
                    action="answer_code.verified",
                    target=challenge,
                    after={"channel": challenge.channel, "phone": challenge.phone_masked},
                )
            else:
                challenge.attempts += 1
                locked = challenge.attempts >= MAX_TRIES
                if locked:
                    challenge.status = ChallengeStatus.LOCKED
                    _attachment_discard(challenge.answer.get("attachment", ""))  # never submitted now
                challenge.save(update_fields=["attempts", "status"])
                audit_record(
                    actor=actor,
                    action="answer_code.failed",
                    target=challenge,
                    after={"attempts": challenge.attempts, "locked": locked},
                )
                refusal = CodeRefused(
                    _("Too many wrong codes: this answer cannot be signed any more. Start the answer again.")
                    if locked
                    else _("The code is not right: %(n)d tries left.") % {"n": MAX_TRIES - challenge.attempts},
                    code="too_many_tries" if locked else "bad_code",
                )
    if refusal is not None:  # raised after the block, so the counted try is kept
        raise refusal
    return challenge


def answer_challenge_complete(
    *, actor: Actor, challenge_id: int, code: str, remote_addr: str | None = None, now: dt.datetime | None = None
) -> BalanceStatement:
    """The code is right: the answer it was sent for is submitted, signed by it."""
    now = now or timezone.now()
    challenge = answer_challenge_verify(actor=actor, challenge_id=challenge_id, code=code, now=now)
    answer = challenge.answer
    try:
        return _submit(actor, challenge, answer, remote_addr, now)
    except ServiceError:
        _attachment_discard(answer.get("attachment", ""))  # the code is used: this answer cannot be given any more
        raise


def _submit(
    actor: Actor, challenge: AnswerChallenge, answer: dict[str, Any], remote_addr: str | None, now: dt.datetime
) -> BalanceStatement:
    return confirmation_submit(
        actor=actor,
        statement_id=challenge.statement_id,
        decision=answer["decision"],
        book_balance=answer.get("book_balance"),
        reason=answer.get("reason", ""),
        outstanding=answer.get("outstanding") or None,
        attachment=answer.get("attachment", ""),
        remote_addr=remote_addr,
        now=now,
        proof=CodeProof(challenge_id=challenge.pk),
    )
