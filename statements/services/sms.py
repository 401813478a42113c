"""Sending the notification outbox (every channel: SMS, WeChat...): at most once per row, retries with backoff for
transient gateway errors, quiet hours for every channel. Each row goes through its channel's gateway (the registry).

A row is claimed (queued -> sending, attempts + 1) and committed BEFORE the gateway is called, so a
crash after the provider accepted the message leaves a row in `sending`, never back in `queued`. Such a
row is settled by asking the provider for its out-id (our key); if the provider cannot tell, it is
marked failed for ops to check rather than risk a second message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from statements.models import BalanceStatement, SmsMessage, SmsStatus, SmsTemplate
from statements.notify.base import GatewayError, NotifyBackend
from statements.notify.registry import REGISTRY, get_channel
from statements.sms.quiet import next_send_time

MAX_ATTEMPTS = 5
STALE_SENDING = dt.timedelta(minutes=10)


_REMINDERS = (SmsTemplate.REMINDER, SmsTemplate.LAST_REMINDER)


def _claim(message_id: int) -> SmsMessage | None:
    with transaction.atomic():
        claimed = SmsMessage.objects.filter(pk=message_id, status=SmsStatus.QUEUED).update(
            status=SmsStatus.SENDING, claimed_at=timezone.now()
        )
        if claimed != 1:
            return None
        message = SmsMessage.objects.get(pk=message_id)
        message.attempts += 1
        message.save(update_fields=["attempts"])
    return message


def _finish(message: SmsMessage, **changes: Any) -> None:
    SmsMessage.objects.filter(pk=message.pk, status=SmsStatus.SENDING).update(**changes)


def sms_send_one(*, message_id: int) -> str:
    message = _claim(message_id)
    if message is None:
        return "skipped"
    if (
        message.template in _REMINDERS
        and message.statement_id is not None
        and not (BalanceStatement.objects.open_for_answer().filter(pk=message.statement_id).exists())
    ):
        # The client answered (or the statement was deemed or re-issued) after the reminder was queued.
        _finish(message, status=SmsStatus.CANCELLED, last_error="the statement no longer awaits an answer")
        return "cancelled"
    try:
        backend = get_channel(message.channel).backend()
    except GatewayError as exc:  # a channel no longer registered: nothing can send it
        _finish(message, status=SmsStatus.FAILED, last_error=f"{exc.code}: {exc}"[:300])
        return "failed"
    now = timezone.now()
    if message.template == SmsTemplate.ANSWER_CODE:
        return _send_code(message, backend, now)
    if next_send_time(now) != now:  # quiet hours began after the row was queued: hold it until morning
        _finish(message, status=SmsStatus.QUEUED, not_before=next_send_time(now), attempts=message.attempts - 1)
        return "held"
    try:
        provider_id = backend.send(
            phone=message.phone, template=message.template, params=message.params, out_id=message.key
        )
    except GatewayError as exc:
        if exc.code == "timeout":
            # The gateway may have accepted it: leave the row in `sending` for sms_settle_stale, which asks the
            # provider by out-id, rather than retrying into a second message.
            _finish(message, last_error=f"{exc.code}: {exc}"[:300], provider=backend.name)
            return "uncertain"
        if exc.retryable and message.attempts < MAX_ATTEMPTS:
            backoff = dt.timedelta(minutes=2**message.attempts)
            _finish(
                message,
                status=SmsStatus.QUEUED,
                not_before=next_send_time(now + backoff),
                last_error=f"{exc.code}: {exc}"[:300],
                provider=backend.name,
            )
            return "retry"
        _finish(message, status=SmsStatus.FAILED, last_error=f"{exc.code}: {exc}"[:300], provider=backend.name)
        return "failed"
    _finish(message, status=SmsStatus.SENT, provider=backend.name, provider_id=provider_id[:100], sent_at=now)
    return "sent"


SCRUBBED = {"code": "******"}


def _send_code(message: SmsMessage, backend: Any, now: dt.datetime) -> str:
    """An answer's one-time code: the person is waiting for it, so quiet hours do not apply; a failure is not
    retried (they ask for a new code), and the code leaves the row once the gateway has it or has refused it."""
    try:
        provider_id = backend.send(
            phone=message.phone, template=message.template, params=message.params, out_id=message.key
        )
    except GatewayError as exc:
        _finish(
            message,
            status=SmsStatus.FAILED,
            last_error=f"{exc.code}: {exc}"[:300],
            provider=backend.name,
            params=SCRUBBED,
        )
        return "failed"
    _finish(
        message,
        status=SmsStatus.SENT,
        provider=backend.name,
        provider_id=provider_id[:100],
        sent_at=now,
        params=SCRUBBED,
    )
    return "sent"


def sms_settle_stale(*, now: dt.datetime | None = None) -> int:
    """Rows stuck in `sending` (a worker died mid-send): ask the provider, never resend blindly."""
    now = now or timezone.now()
    backends: dict[str, NotifyBackend] = {}
    settled = 0
    stale = SmsMessage.objects.filter(
        status=SmsStatus.SENDING, claimed_at__lt=now - STALE_SENDING, channel__in=list(REGISTRY)
    )
    for message in stale:
        if message.channel not in backends:  # one gateway per channel, built only for channels with stale rows
            backends[message.channel] = REGISTRY[message.channel].backend()
        backend = backends[message.channel]
        provider_id = backend.lookup(message.key)
        if provider_id:
            _finish(message, status=SmsStatus.SENT, provider_id=provider_id[:100], provider=backend.name, sent_at=now)
        else:
            _finish(
                message,
                status=SmsStatus.FAILED,
                provider=backend.name,
                last_error="worker stopped while sending; the provider cannot confirm delivery - check "
                "before resending",
            )
        settled += 1
    return settled


def sms_due_ids(*, now: dt.datetime | None = None, limit: int = 5000) -> list[int]:
    now = now or timezone.now()
    return list(
        SmsMessage.objects.filter(Q(status=SmsStatus.QUEUED), Q(not_before__lte=now))
        .order_by("not_before", "id")
        .values_list("pk", flat=True)[:limit]
    )
