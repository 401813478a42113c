"""Outbox sending (at most once, quiet hours, retries), reminders, inquiries, paper mail, verification."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from statements.models import NonReceiptInquiry, SmsMessage, SmsStatus, StatementStatus
from statements.services.reminders import inquiry_raise, reminders_queue
from statements.services.sms import sms_due_ids, sms_send_one, sms_settle_stale
from statements.sms.backends import SmsGatewayError, set_backend_for_tests
from tests.fixtures.gateways import FakeGateway

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def outbox(published):
    """The published period's notices as if no worker had picked them up yet."""
    assert SmsMessage.objects.filter(status=SmsStatus.SENT).count() == 2  # the eager run sent them at publish
    SmsMessage.objects.update(status=SmsStatus.QUEUED, attempts=0, provider="", provider_id="", sent_at=None)
    return published


@pytest.fixture
def gateway(settings):
    fake = FakeGateway(knows_sent=True)
    settings.SMS_BACKEND = "fake"
    set_backend_for_tests("fake", fake)
    yield fake
    set_backend_for_tests("fake", None)


def test_notices_are_held_in_quiet_hours_and_sent_once(outbox, gateway):
    message = SmsMessage.objects.order_by("pk").first()
    SmsMessage.objects.filter(pk=message.pk).update(not_before=dt.datetime(2026, 10, 10, 8, 0, tzinfo=CST))
    with time_machine.travel(dt.datetime(2026, 10, 10, 7, 59, tzinfo=CST), tick=False):
        assert message.pk not in sms_due_ids()
    with time_machine.travel(dt.datetime(2026, 10, 10, 8, 0, tzinfo=CST), tick=False):
        assert message.pk in sms_due_ids()
        assert sms_send_one(message_id=message.pk) == "sent"
        assert sms_send_one(message_id=message.pk) == "skipped"  # a redelivered task never sends twice
    assert len(gateway.sent) == 1
    phone, template, params, out_id = gateway.sent[0]
    assert out_id == message.key and template == "statement_notice" and set(params) == {"period", "number"}


def test_a_send_that_starts_in_quiet_hours_is_held(outbox, gateway):
    message = SmsMessage.objects.first()
    with time_machine.travel(dt.datetime(2026, 10, 9, 21, 30, tzinfo=CST), tick=False):
        assert sms_send_one(message_id=message.pk) == "held"
    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED and message.not_before == dt.datetime(2026, 10, 10, 8, tzinfo=CST)
    assert gateway.sent == []


def test_transient_errors_retry_with_backoff_then_fail(outbox, gateway):
    gateway.script = [SmsGatewayError("busy", code="Throttling", retryable=True)] * 5
    message = SmsMessage.objects.first()
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=CST), tick=False):
        results = []
        for _ in range(5):
            SmsMessage.objects.filter(pk=message.pk).update(not_before=dt.datetime(2026, 10, 9, 9, tzinfo=CST))
            results.append(sms_send_one(message_id=message.pk))
    assert results == ["retry", "retry", "retry", "retry", "failed"]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (SmsStatus.FAILED, 5) and "Throttling" in message.last_error


def test_permanent_errors_fail_at_once(outbox, gateway):
    gateway.script = [SmsGatewayError("bad number", code="isv.MOBILE_NUMBER_ILLEGAL", retryable=False)]
    message = SmsMessage.objects.first()
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=CST), tick=False):
        assert sms_send_one(message_id=message.pk) == "failed"


def test_a_crash_after_the_provider_accepted_never_resends(outbox, gateway):
    message = SmsMessage.objects.first()
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=CST), tick=False):
        gateway.send(phone=message.phone, template=message.template, params=message.params, out_id=message.key)
        SmsMessage.objects.filter(pk=message.pk).update(status=SmsStatus.SENDING, attempts=1)  # worker died here
    with time_machine.travel(dt.datetime(2026, 10, 9, 11, tzinfo=CST), tick=False):
        assert sms_settle_stale() == 1
        assert sms_send_one(message_id=message.pk) == "skipped"
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT and len(gateway.sent) == 1
    other = SmsMessage.objects.exclude(pk=message.pk).first()
    SmsMessage.objects.filter(pk=other.pk).update(status=SmsStatus.SENDING, attempts=1)
    with time_machine.travel(dt.datetime(2026, 10, 9, 11, tzinfo=CST), tick=False):
        sms_settle_stale()
    other.refresh_from_db()
    assert other.status == SmsStatus.FAILED and "cannot confirm" in other.last_error


def test_reminders_three_working_days_before_and_on_the_due_date(published, customer_a):
    statement = published[customer_a.pk]  # due Thu 2026-10-22
    assert reminders_queue(today=dt.date(2026, 10, 19)) == {"reminder": 2, "last_reminder": 0, "held": 0}
    assert reminders_queue(today=dt.date(2026, 10, 19)) == {"reminder": 0, "last_reminder": 0, "held": 0}  # idempotent
    assert reminders_queue(today=dt.date(2026, 10, 22))["last_reminder"] == 2
    keys = set(SmsMessage.objects.filter(statement=statement).values_list("template", flat=True))
    assert keys == {"statement_notice", "reminder", "last_reminder"}


def test_the_outbox_counts_the_rows_the_database_inserted(published, customer_a, customer_b):
    """What two `run_deadlines` at once need: a row another run inserted after this one looked is not counted."""
    from django.utils import timezone

    from statements.services.outbox import _insert_new

    statements = [published[customer_a.pk], published[customer_b.pk]]

    def rows():
        return [
            SmsMessage(
                key=f"reminder:{st.pk}:v1:20261022",
                template="reminder",
                params={},
                phone="13800000000",
                statement=st,
                not_before=timezone.now(),
            )
            for st in statements
        ]

    SmsMessage.objects.create(
        **{f.attname: getattr(rows()[0], f.attname) for f in SmsMessage._meta.concrete_fields if not f.primary_key}
    )  # the other run's row
    assert _insert_new(rows()) == 1
    assert _insert_new(rows()) == 0
    assert SmsMessage.objects.filter(template="reminder").count() == 2


def test_non_receipt_inquiry_in_time_and_late(published, client_a, account_a):
    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=CST), tick=False):
        inquiry = inquiry_raise(actor=client_a, account_id=account_a.pk, period="2026-09")
    assert inquiry.in_time and inquiry.answer_due == dt.date(2026, 10, 22)
    NonReceiptInquiry.objects.all().update(status="answered")
    with time_machine.travel(dt.datetime(2026, 10, 21, 10, tzinfo=CST), tick=False):
        late = inquiry_raise(actor=client_a, account_id=account_a.pk, period="2026-09")
    assert not late.in_time  # deadline 10-10 + 7 working days = 10-20


def test_paper_batch_then_posting_dispatches(paper_published, ops, tmp_path):
    from statements.services.paper import paper_batch_create, paper_batch_mark_posted

    paper = paper_published
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=CST), tick=False):
        assert paper.status == StatementStatus.PUBLISHED and paper.due_date is None
        batch = paper_batch_create(actor=ops)
        assert (tmp_path / batch.pdf_path).read_bytes().startswith(b"%PDF")
        from openpyxl import load_workbook

        sheet = load_workbook(tmp_path / batch.xlsx_path).active
        assert sheet["B2"].value == paper.number and "中关村" in sheet["I2"].value
        from core.errors import ServiceError

        with pytest.raises(ServiceError, match="before the batch was printed"):
            paper_batch_mark_posted(actor=ops, batch_id=batch.pk, posted_on=dt.date(2026, 9, 1))
        assert paper_batch_mark_posted(actor=ops, batch_id=batch.pk, posted_on=dt.date(2026, 10, 9)) == 1
    paper.refresh_from_db()
    # Posted Fri 10-09: received on the 5th working day after it (Thu 10-15; Sat 10-10 is a make-up working day),
    # answered within 10 working days after that.
    assert paper.status == StatementStatus.DISPATCHED and paper.due_date == dt.date(2026, 10, 29)
    notice = SmsMessage.objects.get(statement=paper, template="statement_notice")
    assert notice.params["period"] == "2026年第3季度"


def test_verification_page_tells_genuine_without_the_balance(client, published, customer_a):
    statement = published[customer_a.pk]
    page = client.get(reverse("portal:verify", args=[statement.verification_code]))
    body = page.content.decode()
    assert page.status_code == 200 and "1,250,000" not in body and statement.account.number not in body
    assert statement.account.number[-4:] in body
    good = client.get(reverse("portal:verify", args=[statement.verification_code]), {"balance": "1,250,000.00"})
    assert "matches" in good.content.decode() or "一致" in good.content.decode()
    bad = client.get(reverse("portal:verify", args=[statement.verification_code]), {"balance": "1,250,001.00"})
    assert "NOT" in bad.content.decode() or "不一致" in bad.content.decode()
    assert client.get(reverse("portal:verify", args=["ABCD-EFGH-JKLM"])).status_code == 404
    assert Decimal(statement.balance) == Decimal("1250000.00")


def test_verification_page_caps_balance_guesses_per_code(client, published, customer_a, settings):
    # The balance check is an oracle; whoever holds a code gets a few tries an hour, not a search.
    settings.VERIFY_BALANCE_CHECKS_PER_HOUR = 3
    statement = published[customer_a.pk]
    url = reverse("portal:verify", args=[statement.verification_code])
    assert [client.get(url, {"balance": f"{n}.00"}).status_code for n in range(3)] == [200, 200, 200]
    refused = client.get(url, {"balance": "1,250,000.00"})
    assert refused.status_code == 429 and "1,250,000" not in refused.content.decode()
    assert "matches" not in refused.content.decode() and "一致" not in refused.content.decode()
    assert client.get(url).status_code == 200  # the genuine/not answer itself is not capped


@pytest.mark.parametrize(
    "period,message",
    [
        ("2026-10", "has not ended yet"),  # asked on 2026-10-20
        ("2030-01", "has not ended yet"),
    ],
)
def test_non_receipt_inquiry_for_a_period_not_over_is_refused(published, client_a, account_a, period, message):
    from core.errors import ServiceError

    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=CST), tick=False):
        with pytest.raises(ServiceError, match=message):
            inquiry_raise(actor=client_a, account_id=account_a.pk, period=period)
    assert not NonReceiptInquiry.objects.exists()


def test_non_receipt_inquiry_follows_the_accounts_cycle(published, client_b, account_b):
    from core.errors import ServiceError

    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=CST), tick=False):
        with pytest.raises(ServiceError, match="every quarter.*2026-Q4"):
            inquiry_raise(actor=client_b, account_id=account_b.pk, period="2026-10")
        assert inquiry_raise(actor=client_b, account_id=account_b.pk, period="2026-Q3").period == "2026-09"


def test_non_receipt_inquiry_about_a_statement_already_opened_points_to_it(
    client, published, client_a, account_a, customer_a
):
    from core.errors import ServiceError

    statement = published[customer_a.pk]
    client.force_login(client_a)
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False):
        client.get(reverse("portal:statement-detail", args=[statement.pk]))  # opened: received
        with (
            translation.override("en"),
            pytest.raises(ServiceError, match=f"{statement.number}.*already opened on 2026-10-12"),
        ):
            inquiry_raise(actor=client_a, account_id=account_a.pk, period="2026-09")
        page = client.post(reverse("portal:inquiry-new"), {"account": account_a.pk, "period": "2026-09"})
    assert page.status_code == 200 and statement.number in page.content.decode()
    assert not NonReceiptInquiry.objects.exists()


def test_dispute_age_counts_beijing_days(published, customer_a, client_a):
    from statements.reports import disputes_by_age
    from statements.services.confirmations import confirmation_submit

    statement = published[customer_a.pk]
    # 07:30 in Beijing on 10-12 is still 10-11 in UTC: the age must count from the Beijing day.
    with time_machine.travel(dt.datetime(2026, 10, 12, 7, 30, tzinfo=CST), tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance="1,200,000.00",
            reason="少记一笔",
        )
    with time_machine.travel(dt.datetime(2026, 10, 14, 9, 0, tzinfo=CST), tick=False):
        assert dict(disputes_by_age(dt.date(2026, 10, 14)))["0-2"] == 1  # 2 days, not 3


def test_non_receipt_of_a_paper_statement_counts_from_its_posting(paper_published, account_b, ops, client_b):
    from statements.services.paper import paper_batch_create, paper_batch_mark_posted

    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=CST), tick=False):
        batch = paper_batch_create(actor=ops)
    # Not posted yet: asking on 10-22 (after the run's window, 10-20) is still in time.
    with time_machine.travel(dt.datetime(2026, 10, 22, 10, tzinfo=CST), tick=False):
        assert inquiry_raise(actor=client_b, account_id=account_b.pk, period="2026-Q3").in_time
    NonReceiptInquiry.objects.all().update(status="answered")
    with time_machine.travel(dt.datetime(2026, 10, 23, 10, tzinfo=CST), tick=False):
        paper_batch_mark_posted(actor=ops, batch_id=batch.pk, posted_on=dt.date(2026, 10, 23))
    # Posted Fri 10-23: arrives by 10-30 (5 working days), may be asked about until Tue 11-03.
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=CST), tick=False):
        assert inquiry_raise(actor=client_b, account_id=account_b.pk, period="2026-Q3").in_time
    NonReceiptInquiry.objects.all().update(status="answered")
    with time_machine.travel(dt.datetime(2026, 11, 4, 10, tzinfo=CST), tick=False):
        assert not inquiry_raise(actor=client_b, account_id=account_b.pk, period="2026-Q3").in_time


def test_a_reminder_queued_before_the_client_answered_is_not_sent(published, customer_a, client_a):
    from statements.services.confirmations import confirmation_submit

    statement = published[customer_a.pk]
    reminders_queue(today=dt.date(2026, 10, 19))
    reminder = SmsMessage.objects.get(statement=statement, template="reminder")
    assert reminder.params["period"] == "2026年9月"  # as the client reads it, not the code 2026-09
    with time_machine.travel(dt.datetime(2026, 10, 19, 9, tzinfo=CST), tick=False):
        confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree")
        assert sms_send_one(message_id=reminder.pk) == "cancelled"
    reminder.refresh_from_db()
    assert reminder.status == SmsStatus.CANCELLED and reminder.sent_at is None
    other = SmsMessage.objects.filter(template="reminder").exclude(statement=statement).get()
    with time_machine.travel(dt.datetime(2026, 10, 19, 9, tzinfo=CST), tick=False):
        assert sms_send_one(message_id=other.pk) == "sent"  # the other customer has not answered


def test_ops_see_why_a_notice_is_not_sent_yet_and_when_it_goes(outbox, gateway, ops, client):
    """A notice held by quiet hours (or waiting for a retry) showed to ops as unsent with no reason."""
    from rest_framework.test import APIClient

    from statements.models import StatementRun
    from tests.factories import api_key

    held, retried = SmsMessage.objects.order_by("pk")[:2]
    with time_machine.travel(dt.datetime(2026, 10, 9, 21, 30, tzinfo=CST), tick=False):
        assert sms_send_one(message_id=held.pk) == "held"
    SmsMessage.objects.filter(pk=retried.pk).update(
        not_before=dt.datetime(2026, 10, 9, 21, 44, tzinfo=CST), attempts=1, last_error="Throttling: busy"
    )
    quiet = (
        "Held for quiet hours (no notices from 21:00 to 08:00 Beijing time): goes at 2026-10-10 08:00 (Beijing time)."
    )
    retry = "Waiting to retry after the gateway answered “Throttling: busy”: tried again at 2026-10-09 21:44"
    client.force_login(ops)
    with time_machine.travel(dt.datetime(2026, 10, 9, 21, 40, tzinfo=CST), tick=False):
        page = client.get(reverse("portal:ops-sms"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert quiet in page and retry in page
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(ops)}", HTTP_ACCEPT_LANGUAGE="en")
        listed = {r["id"]: r for r in api.get("/api/v1/sms/").json()["results"]}
        assert listed[held.pk]["waiting"]["reason"] == "quiet_hours"
        assert listed[held.pk]["waiting"]["message"] == quiet
        assert listed[retried.pk]["waiting"]["reason"] == "retry"
        # A time as every other time of the API writes it (Beijing time, +08:00), not UTC with "Z".
        assert listed[held.pk]["waiting"]["until"] == "2026-10-10T08:00:00+08:00" == listed[held.pk]["not_before"]
        assert listed[retried.pk]["waiting"]["until"] == "2026-10-09T21:44:00+08:00"
        counts = "Held for quiet hours until 2026-10-10 08:00 (Beijing time): 1"
        assert counts in client.get(reverse("portal:ops"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        run = StatementRun.objects.get()
        detail = client.get(reverse("portal:ops-run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en")
        assert counts in detail.content.decode()
    with time_machine.travel(dt.datetime(2026, 10, 10, 8, 0, tzinfo=CST), tick=False):
        assert sms_send_one(message_id=held.pk) == "sent"
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(ops)}", HTTP_ACCEPT_LANGUAGE="en")  # a day's token
        listed = {r["id"]: r for r in api.get("/api/v1/sms/").json()["results"]}
        assert listed[held.pk]["waiting"] is None  # sent: nothing to explain
