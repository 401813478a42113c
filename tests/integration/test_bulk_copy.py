"""core.bulk_copy on PostgreSQL: COPY writes the rows bulk_create writes, and skips conflicts as ON CONFLICT DO NOTHING.

Publishing uses it for its statements and notices (statements/services/publishing.py, outbox.py); the publishing
worker tests check the published run as a whole.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from core.bulk_copy import copy_create, copy_insert_ignoring_conflicts
from statements.models import (
    Agreement,
    BalanceSource,
    BalanceStatement,
    SmsMessage,
    SmsStatus,
    SmsTemplate,
    StatementStatus,
)
from tests.integration.support import make_due_accounts

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

WHEN = dt.datetime(2026, 10, 9, 10, 0, tzinfo=dt.UTC)


def _sms(key: str, **extra) -> SmsMessage:
    params = {"period": "2026年9月", "number": "BS-2026-09-1\t'\"\\", "nested": [1, None, {"a": "b"}]}
    return SmsMessage(
        key=key, template=SmsTemplate.STATEMENT_NOTICE, params=params, phone="13800000000", not_before=WHEN, **extra
    )


def _row(obj, *, ignore: tuple[str, ...]) -> dict:
    obj.refresh_from_db()
    return {k: v for k, v in model_to_dict(obj).items() if k not in ignore}


def test_copy_create_writes_what_bulk_create_writes_and_returns_saved_instances():
    before = timezone.now()
    with transaction.atomic():
        by_django = SmsMessage.objects.bulk_create([_sms("d1"), _sms("d2", channel="wechat", attempts=2)])
        by_copy = [_sms("c1"), _sms("c2", channel="wechat", attempts=2)]
        copy_create(connection, by_copy)

    assert [m._state.adding for m in by_copy] == [False, False]
    assert by_copy[0].pk < by_copy[1].pk
    assert max(m.pk for m in by_django) < by_copy[0].pk  # the table's own sequence: later rows, higher ids
    for django_row, copied in zip(by_django, by_copy, strict=True):
        assert _row(copied, ignore=("id", "key")) == _row(django_row, ignore=("id", "key"))
        assert SmsMessage.objects.get(pk=copied.pk).created_at >= before  # auto_now_add, as bulk_create sets it
    assert SmsMessage.objects.get(key="c1").status == SmsStatus.QUEUED  # model defaults
    after = _sms("after")
    after.save()  # the sequence moved past the copied ids: an ordinary insert does not collide
    assert after.pk > by_copy[1].pk


def test_copy_create_writes_statements_as_bulk_create_does():
    due = make_due_accounts(4, period_end=dt.date(2026, 9, 30), prefix=71)
    agreements = list(Agreement.objects.filter(account_id__in=due.account_ids).select_related("account"))

    def statement(agreement: Agreement, online: bool) -> BalanceStatement:
        return BalanceStatement(
            account=agreement.account,
            agreement=agreement,
            period="2026-09",
            period_end=dt.date(2026, 9, 30),
            number=f"BS-2026-09-{agreement.account_id}",
            currency="CNY",
            balance=Decimal("-1234567.89"),
            balance_source=BalanceSource.CORE_FEED,
            channel="online_banking",
            verification_code=f"CODE{agreement.account_id}",
            content_hash="0" * 64,
            status=StatementStatus.DISPATCHED if online else StatementStatus.PUBLISHED,
            dispatched_at=WHEN if online else None,
            due_date=dt.date(2026, 10, 23) if online else None,
            opening_balance=Decimal("10.00") if online else None,
            detail_lines=3 if online else None,
        )

    with transaction.atomic():
        by_django = BalanceStatement.objects.bulk_create(
            [statement(agreements[0], True), statement(agreements[1], False)]
        )
        by_copy = [statement(agreements[2], True), statement(agreements[3], False)]
        copy_create(connection, by_copy)
    ignore = ("id", "account", "agreement", "number", "verification_code")
    for django_row, copied in zip(by_django, by_copy, strict=True):
        assert _row(copied, ignore=ignore) == _row(django_row, ignore=ignore)
        assert (copied.account_id, copied.agreement_id) == (copied.agreement.account_id, copied.agreement.pk)
        assert copied.number == f"BS-2026-09-{copied.account_id}"
        assert copied.published_at is not None
    with pytest.raises(ValueError), transaction.atomic():
        copy_create(connection, [by_copy[0]])  # saved already
    with pytest.raises(IntegrityError), transaction.atomic():  # the table's constraints check every copied row
        copy_create(connection, [statement(agreements[3], True)])  # a second version 1 of the same period


def test_copy_insert_ignoring_conflicts_counts_the_rows_it_inserted():
    with transaction.atomic():
        SmsMessage.objects.bulk_create([_sms("k1", attempts=5)])
    with transaction.atomic():
        assert copy_insert_ignoring_conflicts(connection, [_sms("k1"), _sms("k2"), _sms("k3")]) == 2
        # A second call in the same transaction: its own staging table again.
        assert copy_insert_ignoring_conflicts(connection, [_sms("k3"), _sms("k4", channel="wechat")]) == 1
    assert sorted(SmsMessage.objects.values_list("key", flat=True)) == ["k1", "k2", "k3", "k4"]
    assert SmsMessage.objects.get(key="k1").attempts == 5  # the existing row is left alone
    reference = SmsMessage.objects.bulk_create([_sms("ref", channel="wechat")])[0]
    assert _row(SmsMessage.objects.get(key="k4"), ignore=("id", "key")) == _row(reference, ignore=("id", "key"))
