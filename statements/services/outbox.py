"""Writing notification outbox rows inside the caller's transaction (sending happens after commit, elsewhere).

`notify_enqueue` sends a statement's notice on its contact's preferred channel (the agreement's `notify_channel`,
statements/notify/registry.py); `sms_enqueue` writes SMS rows to the numbers given (one-time codes and any caller that
means SMS). The idempotency key names the event, not the channel: an event notifies a contact once, even if the contact
changed channel between two enqueues of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery
from django.utils import timezone

from core.bulk_copy import copy_insert_ignoring_conflicts
from reconcile.queue import enqueue
from statements.models import Agreement, BalanceStatement, SmsMessage, SmsTemplate
from statements.notify.registry import DEFAULT, notice_channel
from statements.periods import Period
from statements.sms.quiet import next_send_time


def period_display(statement: BalanceStatement) -> str:
    """The period as the client reads it in an SMS: 2026年9月, 2026年第3季度 (never the code 2026-Q3)."""
    end = statement.period_end
    return Period(end.year, end.month).display(statement.agreement.cycle)


def notice_params(statement: BalanceStatement) -> dict[str, str]:
    # A notice only (the portal link is in the approved template text): never the balance or anything secret.
    return {"period": period_display(statement), "number": statement.number}


def sms_enqueue(
    *, template: str, items: Iterable[tuple[BalanceStatement, str, dict[str, str]]], key_extra: str = ""
) -> int:
    """One SMS row per (statement, phone, params); the key makes a second enqueue of the same event a no-op.

    Returns the number of rows this call inserted, counted by the database: a concurrent enqueue of the same event
    (two `run_deadlines` at once) inserts them once, and only the one that did counts them.
    """
    return _enqueue(template, [(st, DEFAULT, phone, params) for st, phone, params in items], key_extra)


def notify_enqueue(
    *, template: str, items: Iterable[tuple[BalanceStatement, dict[str, str]]], key_extra: str = ""
) -> int:
    """One row per (statement, params) on the channel its agreement's contact prefers, to the contact's address on it.

    A contact whose preferred channel has no address (or names a channel no longer registered) is told by SMS, so a
    notice is never lost to a half-configured contact. Returns the number of rows inserted, as `sms_enqueue`.
    """
    rows = []
    for st, params in items:
        agreement = st.agreement
        channel = notice_channel(agreement.notify_channel, lambda c, a=agreement: bool(c.address_of(a)))
        if channel is not None:  # no address at all: nothing to send (as _enqueue drops an empty address)
            rows.append((st, channel.name, channel.address_of(agreement), {**params, **channel.extra_params(st)}))
    return _enqueue(template, rows, key_extra)


def contact_notify_enqueue(*, template: str, agreement: Agreement, key: str, params: dict[str, str], path: str) -> int:
    """A notice about no statement (an answered inquiry) to the agreement's contact, on the channel chosen as for
    `notify_enqueue`; ``key`` names the event (``<template>:...``) and ``path`` the portal page the notice points to
    where the channel carries links. Returns 1 when this call queued it, 0 when the event was already told."""
    channel = notice_channel(agreement.notify_channel, lambda c: bool(c.address_of(agreement)))
    if channel is None:
        return 0
    return _enqueue_keyed(
        template, {key: (None, channel.name, channel.address_of(agreement), {**params, **channel.page_params(path)})}
    )


def _enqueue(template: str, items: list[tuple[BalanceStatement, str, str, dict[str, str]]], key_extra: str) -> int:
    rows = {
        f"{template}:{st.pk}:v{st.version}{key_extra}": (st, channel, address, params)
        for st, channel, address, params in items
    }
    return _enqueue_keyed(template, rows)


def _enqueue_keyed(template: str, items: dict[str, tuple[BalanceStatement | None, str, str, dict[str, str]]]) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sms_enqueue must run inside the transaction of the event that causes the message")
    when = next_send_time(timezone.now())
    rows = {key: row for key, row in items.items() if row[2]}
    known = set(SmsMessage.objects.filter(key__in=list(rows)).values_list("key", flat=True))
    fresh = [
        SmsMessage(
            key=key, template=template, params=params, channel=channel, phone=address, statement=st, not_before=when
        )
        for key, (st, channel, address, params) in rows.items()
        if key not in known
    ]
    # A concurrent enqueue of the same event may still win the race; the key keeps one row.
    inserted = _insert_new(fresh)
    if inserted:
        # Send as soon as the event commits, not only on the sender's next periodic run (which the embedded
        # default has no scheduler for); claiming rows one by one keeps a concurrent run from sending twice.
        transaction.on_commit(_send_due_soon)
    return inserted


# From this many rows on PostgreSQL uses COPY: below it, the staging table's CREATE and DROP cost more than they save
# (a one-time code is one row).
COPY_MIN_ROWS = 100


def _insert_new(messages: list[SmsMessage]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite), returning the database's count of inserted rows.

    bulk_create(ignore_conflicts=True) does the same insert but does not say how many rows it inserted.
    """
    if not messages:
        return 0
    using = router.db_for_write(SmsMessage)
    connection = connections[using]
    if connection.vendor == "postgresql" and len(messages) >= COPY_MIN_ROWS:
        # A publishing chunk's ~900 notices: COPY through a staging table (core.bulk_copy) instead of Django
        # building a 12,000-parameter INSERT; the same ON CONFLICT DO NOTHING and count.
        return copy_insert_ignoring_conflicts(connection, messages)
    fields = [f for f in SmsMessage._meta.concrete_fields if not f.primary_key]
    size = min(2000, connection.ops.bulk_batch_size(fields, messages) or len(messages))
    inserted = 0
    with connection.cursor() as cursor:
        for start in range(0, len(messages), size):
            query = InsertQuery(SmsMessage, on_conflict=OnConflict.IGNORE)
            query.insert_values(fields, messages[start : start + size])
            for sql, params in query.get_compiler(using=using).as_sql():
                cursor.execute(sql, params)
                inserted += cursor.rowcount
    return inserted


def _send_due_soon() -> None:
    enqueue(
        "statements.sms_send_due"
    )  # by name (reconcile.queue): statements.tasks imports the services  # or beat's next run of the outbox, within a minute


def notice_items(statements: Iterable[BalanceStatement]):
    """(statement, params) of each statement's notice, for `notify_enqueue`."""
    for st in statements:
        yield st, notice_params(st)


STATEMENT_NOTICE = SmsTemplate.STATEMENT_NOTICE
