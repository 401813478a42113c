"""Why a notice of the outbox has not gone yet, as ops read it (the ops notices page, the run counts, the API).

A queued row waits until its ``not_before``: rows enqueued (or claimed) during quiet hours (21:00-08:00 Beijing time,
``statements.sms.quiet``) are held until 08:00; a row the gateway refused for a passing reason waits for its retry
and keeps that reason in ``last_error``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.models import SmsMessage, SmsStatus
from statements.sms.quiet import QUIET_END, QUIET_START, SHANGHAI

QUIET_HOURS, RETRY = "quiet_hours", "retry"
WAITING_MAX = 500  # rows listed on the ops page


@dataclass(frozen=True)
class Waiting:
    reason: str  # quiet_hours, retry
    until: dt.datetime  # when it goes (aware)
    message: str


def waiting_q(now: dt.datetime) -> Q:
    """Queued rows not yet due: held (quiet hours) or waiting for a retry."""
    return Q(status=SmsStatus.QUEUED, not_before__gt=now)


def held_for_quiet_hours_q(now: dt.datetime) -> Q:
    """Queued rows held by quiet hours: not due yet, and no gateway error (a retry keeps its error)."""
    return waiting_q(now) & Q(last_error="")


def waiting_reason(message: SmsMessage, now: dt.datetime) -> Waiting | None:
    """Why a queued row has not gone, and when it will; None for a row that is not waiting (sent, failed, due)."""
    if message.status != SmsStatus.QUEUED or message.not_before <= now:
        return None
    when = timezone.localtime(message.not_before, SHANGHAI).strftime("%Y-%m-%d %H:%M")
    if message.last_error:
        text = _("Waiting to retry after the gateway answered “%(error)s”: tried again at %(when)s (Beijing time).") % {
            "error": message.last_error,
            "when": when,
        }
        return Waiting(RETRY, message.not_before, text)
    text = _(
        "Held for quiet hours (no notices from %(start)s to %(end)s Beijing time): goes at %(when)s (Beijing time)."
    ) % {"start": f"{QUIET_START:%H:%M}", "end": f"{QUIET_END:%H:%M}", "when": when}
    return Waiting(QUIET_HOURS, message.not_before, text)


def waiting_messages(now: dt.datetime) -> QuerySet[SmsMessage]:
    """The rows that wait, the soonest first (the ops notices page)."""
    return (
        SmsMessage.objects.filter(waiting_q(now))
        .select_related("statement", "statement__account")
        .order_by("not_before", "pk")
    )
