"""``audit_verify``'s check of signed answers: each stored signature is checked again against the stored answer.

For a key signature: the signature verifies the stored request body with the key it names (revoked since or not:
it was valid when made), the body names the statement, and the answer's digest matches the stored answer. For a code:
the challenge it consumed was for this person and this answer's digest. In both cases the answer's audit event
carries the same signature.
"""

from __future__ import annotations

import base64
import binascii
import json

from core.models import AuditEvent
from statements.answer_digest import answer_digest, review_digest
from statements.models import BalanceStatement, ChallengeStatus, Confirmation, Decision
from statements.services.answer_signing import signature_verify


def _batch_digest(confirmation: Confirmation) -> str | None:
    """A batch signed with one code: the digest over every statement of the batch, as they are stored."""
    batch = (confirmation.challenge.answer or {}).get("batch") if confirmation.challenge else None
    if not batch:
        return None
    statements = {s.pk: s for s in BalanceStatement.objects.filter(pk__in=[f["id"] for f in batch])}
    facts = [
        {
            "id": f["id"],
            "version": statements[f["id"]].version,
            "currency": statements[f["id"]].currency,
            "balance": f"{statements[f['id']].balance:.2f}",
        }
        for f in batch
        if f["id"] in statements
    ]
    return answer_digest(statements=facts, decision=Decision.AGREE, book_balance=None, reason="", items=[])


def _digests(confirmation: Confirmation) -> set[str]:
    batch = _batch_digest(confirmation)
    if batch is not None:
        return {batch} if confirmation.decision == Decision.AGREE else set()
    statement = confirmation.statement
    facts = [
        {"id": statement.pk, "version": statement.version, "currency": statement.currency, "balance": statement.balance}
    ]
    items = [
        {
            "kind": i.kind,
            "date": i.date.isoformat(),
            "amount": f"{i.amount:.2f}",
            "summary": i.summary,
            "reference": i.reference,
        }
        for i in confirmation.items.all()
    ]
    found = {
        answer_digest(
            statements=facts,
            decision=confirmation.decision,
            book_balance=confirmation.book_balance,
            reason=confirmation.reason,
            items=items,
        )
    }
    if confirmation.decision == Decision.AGREE and not items:
        # "agree after adjustment" with the bank's own balance and no items is stored as a plain agreement
        found.add(
            answer_digest(
                statements=facts,
                decision=Decision.AGREE_ADJUSTED,
                book_balance=statement.balance,
                reason=confirmation.reason,
                items=[],
            )
        )
    return found


def _problems_of(confirmation: Confirmation, audited: dict) -> list[str]:
    problems = []
    if confirmation.answer_digest not in _digests(confirmation):
        problems.append("the stored answer no longer has the digest its signature was given for")
    if confirmation.signed_with == "key":
        key = confirmation.signature_key
        body = bytes(confirmation.signed_body or b"")
        try:
            signature = base64.b64decode(confirmation.signature, validate=True)
        except (binascii.Error, ValueError):
            signature = b""
        if key is None or not signature_verify(
            algorithm=confirmation.signature_algorithm, public_key_pem=key.public_key, signature=signature, body=body
        ):
            problems.append("the stored signature does not verify the stored request body")
        try:
            parsed = json.loads(body.decode())
            named = [parsed.get("statement_id")] + list(parsed.get("statement_ids") or [])
        except (ValueError, AttributeError, TypeError):
            named = []
        if confirmation.statement_id not in named:
            problems.append("the signed body does not name this statement")
        if audited.get("signature") != confirmation.signature or audited.get("key_id") != getattr(key, "key_id", ""):
            problems.append("the audit event carries another signature than the stored one")
    else:
        challenge = confirmation.challenge
        if (
            challenge is None
            or challenge.user_id != confirmation.submitted_by_id
            or challenge.digest != confirmation.answer_digest
            or challenge.status != ChallengeStatus.USED
        ):
            problems.append("the code that signed it was not for this person and this answer")
        if (
            audited.get("method") != confirmation.signed_with
            or audited.get("phone") != confirmation.signed_phone
            or audited.get("challenge_id") != confirmation.challenge_id
        ):
            problems.append("the audit event carries another signature than the stored one")
    if audited.get("answer_digest") != confirmation.answer_digest:
        problems.append("the audit event names another answer digest")
    if confirmation.approval_signed_with:
        approval = confirmation.approval_challenge
        expected = review_digest(
            confirmation_id=confirmation.pk,
            approve=True,
            answer_digest=confirmation.answer_digest,
            statement={
                "id": confirmation.statement_id,
                "version": confirmation.statement.version,
                "currency": confirmation.statement.currency,
                "balance": confirmation.statement.balance,
            },
        )
        if (
            approval is None
            or approval.user_id != confirmation.approved_by_id
            or approval.digest != expected
            or approval.status != ChallengeStatus.USED
        ):
            problems.append("the code that approved it was not for the approver and this answer")
    return problems


def signed_answers_verify() -> list[str]:
    events = {
        event.target_id: (event.after or {}).get("signature") or {}
        for event in AuditEvent.objects.filter(
            action="confirmation.submitted", target_type="statements.confirmation"
        ).only("target_id", "after")
    }
    problems = []
    signed = (
        Confirmation.objects.exclude(signed_with="")
        .select_related("statement", "signature_key", "challenge", "approval_challenge")
        .prefetch_related("items")
        .order_by("pk")
    )
    for confirmation in signed.iterator(chunk_size=500):
        problems += [
            f"answer #{confirmation.pk} (statement #{confirmation.statement_id}): {problem}"
            for problem in _problems_of(confirmation, events.get(str(confirmation.pk), {}))
        ]
    return problems
