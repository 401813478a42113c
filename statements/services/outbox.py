"""Writing SMS outbox rows inside the caller's transaction (sending happens after commit, elsewhere)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from statements.models import BalanceStatement, SmsMessage, SmsTemplate
from statements.periods import Period
from statements.sms.quiet import next_send_time


def period_display(statement: BalanceStatement) -> str:
    """The period as the client reads it in an SMS: 2026年9月, 2026年第3季度 (never the code 2026-Q3)."""
    end = statement.period_end
    return Period(end.year, end.month).display(statement.agreement.cycle)


def notice_params(statement: BalanceStatement) -> dict[str, str]:
    # A notice only (the portal link is in the approved template text): never the balance or anything secret.
    return {"period": period_display(statement), "number": statement.number}


def sms_enqueue(*, template: str, items: Iterable[tuple[BalanceStatement, str, dict[str, str]]],
                key_extra: str = "") -> int:
    """One row per (statement, phone, params); the key makes a second enqueue of the same event a no-op."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sms_enqueue must run inside the transaction of the event that causes the message")
    when = next_send_time(timezone.now())
    rows = {f"{template}:{st.pk}:v{st.version}{key_extra}": (st, phone, params) for st, phone, params in items if phone}
    known = set(SmsMessage.objects.filter(key__in=list(rows)).values_list("key", flat=True))
    fresh = [SmsMessage(key=key, template=template, params=params, phone=phone, statement=st, not_before=when)
             for key, (st, phone, params) in rows.items() if key not in known]
    # ignore_conflicts: a concurrent enqueue of the same event may still win the race; the key keeps one row.
    SmsMessage.objects.bulk_create(fresh, batch_size=2000, ignore_conflicts=True)
    if fresh:
        # Send as soon as the event commits, not only on the sender's next periodic run (which the embedded
        # default has no scheduler for); claiming rows one by one keeps a concurrent run from sending twice.
        transaction.on_commit(_send_due_soon)
    return len(fresh)


def _send_due_soon() -> None:
    from statements.tasks import sms_send_due_task

    sms_send_due_task.delay()


def notice_items(statements: Iterable[BalanceStatement]):
    for st in statements:
        yield st, st.agreement.mobile, notice_params(st)


STATEMENT_NOTICE = SmsTemplate.STATEMENT_NOTICE
