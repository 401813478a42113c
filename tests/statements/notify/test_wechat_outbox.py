"""WeChat notices through the outbox: chosen per agreement contact, linking to the statement, with the SMS rules
(quiet hours, retries, never twice, settle-not-resend). The gateway is swapped for a fake exactly as the SMS tests do."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
import time_machine
from django.db import transaction

from statements.models import Agreement, BalanceStatement, Channel, Cycle, SmsMessage, SmsStatus
from statements.notify import wechat
from statements.notify.base import GatewayError
from statements.services.agreements import agreement_create
from statements.services.outbox import notice_items, notify_enqueue, sms_enqueue
from statements.services.publishing import statement_run_start
from statements.services.reminders import reminders_queue
from statements.services.sms import sms_send_one, sms_settle_stale
from statements.sms.backends import set_backend_for_tests as set_sms_backend_for_tests
from tests.fixtures.gateways import FakeGateway
from tests.fixtures.statements import PUBLISH_AT
from tests.fixtures.wechat import err, ok, token, wechat_http

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


@pytest.fixture
def gateways(settings):
    chat, sms = FakeGateway("fake-wechat"), FakeGateway("fake-sms")
    settings.WECHAT_BACKEND, settings.SMS_BACKEND = "fake", "fake"
    wechat.set_backend_for_tests("fake", chat)
    set_sms_backend_for_tests("fake", sms)
    yield chat, sms
    wechat.set_backend_for_tests("fake", None)
    set_sms_backend_for_tests("fake", None)


@pytest.fixture
def on_wechat(account_a, account_b, balances, gateways, settings, tmp_path, django_capture_on_commit_callbacks):
    """Customer A's contact prefers WeChat, B's SMS; September 2026 published (and sent, eagerly) on 2026-10-09."""
    settings.MEDIA_ROOT = tmp_path
    agreement_create(
        actor=None,
        account=account_a,
        cycle=Cycle.MONTHLY,
        channel=Channel.ONLINE_BANKING,
        contact_name="王丽",
        mobile="13812345678",
        notify_channel="wechat",
        wechat_openid=OPENID,
        valid_from=dt.date(2026, 1, 1),
    )
    agreement_create(
        actor=None,
        account=account_b,
        cycle=Cycle.QUARTERLY,
        channel=Channel.WEBSITE,
        contact_name="李强",
        mobile="13901234567",
        valid_from=dt.date(2026, 1, 1),
    )
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        statement_run_start(actor=None, period="2026-09")
    return {st.account_id: st for st in BalanceStatement.objects.all()}


def test_each_contact_is_told_on_its_channel_and_the_wechat_message_links_to_the_statement(
    on_wechat, gateways, account_a, account_b, settings
):
    chat, sms = gateways
    a, b = on_wechat[account_a.pk], on_wechat[account_b.pk]
    row_a = SmsMessage.objects.get(statement=a)
    row_b = SmsMessage.objects.get(statement=b)
    assert (row_a.channel, row_a.phone, row_a.status, row_a.provider) == (
        "wechat",
        OPENID,
        SmsStatus.SENT,
        "fake-wechat",
    )
    assert (row_b.channel, row_b.phone, row_b.status) == ("sms", "+8613901234567", SmsStatus.SENT)
    assert row_a.params["url"] == f"{settings.PORTAL_BASE_URL.rstrip('/')}/statements/{a.pk}/"
    assert "url" not in row_b.params  # Chinese SMS gateways refuse links in parameters
    assert [s[0] for s in chat.sent] == [OPENID] and [s[0] for s in sms.sent] == ["+8613901234567"]
    assert chat.sent[0][3] == row_a.key == f"statement_notice:{a.pk}:v1"


def test_never_twice_even_if_the_contact_changes_channel(on_wechat, gateways, account_a):
    chat, _ = gateways
    statement = on_wechat[account_a.pk]
    row = SmsMessage.objects.get(statement=statement)
    assert sms_send_one(message_id=row.pk) == "skipped"  # a redelivered task
    Agreement.objects.filter(account=account_a).update(notify_channel="sms")
    statement = BalanceStatement.objects.select_related("agreement").get(pk=statement.pk)
    with transaction.atomic():
        assert notify_enqueue(template="statement_notice", items=notice_items([statement])) == 0
        assert (
            sms_enqueue(
                template="statement_notice", items=[(statement, "+8613812345678", {"number": "x", "period": "y"})]
            )
            == 0
        )
    assert SmsMessage.objects.filter(statement=statement).count() == 1 and len(chat.sent) == 1


def test_wechat_rows_keep_quiet_hours_and_retry_with_backoff(on_wechat, gateways, account_a):
    chat, _ = gateways
    row = SmsMessage.objects.get(statement=on_wechat[account_a.pk])
    SmsMessage.objects.filter(pk=row.pk).update(status=SmsStatus.QUEUED, attempts=0, sent_at=None)
    with time_machine.travel(dt.datetime(2026, 10, 9, 21, 30, tzinfo=CST), tick=False):
        assert sms_send_one(message_id=row.pk) == "held"
    row.refresh_from_db()
    assert (row.status, row.not_before) == (SmsStatus.QUEUED, dt.datetime(2026, 10, 10, 8, tzinfo=CST))
    chat.script = [GatewayError("system busy", code="-1", retryable=True)] * 5
    results = []
    with time_machine.travel(dt.datetime(2026, 10, 10, 9, tzinfo=CST), tick=False):
        for _ in range(5):
            SmsMessage.objects.filter(pk=row.pk).update(not_before=dt.datetime(2026, 10, 10, 8, tzinfo=CST))
            results.append(sms_send_one(message_id=row.pk))
    assert results == ["retry", "retry", "retry", "retry", "failed"]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.provider) == (SmsStatus.FAILED, 5, "fake-wechat")
    assert len(chat.sent) == 1  # only the publish-time message ever went out


def test_an_uncertain_wechat_send_is_settled_for_ops_never_resent(on_wechat, gateways, account_a):
    chat, _ = gateways
    row = SmsMessage.objects.get(statement=on_wechat[account_a.pk])
    SmsMessage.objects.filter(pk=row.pk).update(status=SmsStatus.QUEUED, attempts=0, sent_at=None)
    chat.script = [GatewayError("read timed out", code="timeout", retryable=True)]
    with time_machine.travel(dt.datetime(2026, 10, 10, 9, tzinfo=CST), tick=False):
        assert sms_send_one(message_id=row.pk) == "uncertain"
    with time_machine.travel(dt.datetime(2026, 10, 10, 10, tzinfo=CST), tick=False):
        assert sms_settle_stale() == 1
    row.refresh_from_db()
    assert row.status == SmsStatus.FAILED and "cannot confirm" in row.last_error


def test_reminders_and_their_cancellation_follow_the_channel(on_wechat, gateways, account_a, account_b):
    assert reminders_queue(today=dt.date(2026, 10, 19))["reminder"] == 2
    reminders = {
        m.statement.account_id: m for m in SmsMessage.objects.filter(template="reminder").select_related("statement")
    }
    assert (reminders[account_a.pk].channel, reminders[account_b.pk].channel) == ("wechat", "sms")
    BalanceStatement.objects.filter(pk=on_wechat[account_a.pk].pk).update(status="confirmed")
    with time_machine.travel(dt.datetime(2026, 10, 19, 10, tzinfo=CST), tick=False):
        assert sms_send_one(message_id=reminders[account_a.pk].pk) == "cancelled"


def test_a_wechat_contact_without_an_openid_is_told_by_sms(on_wechat, gateways, account_a):
    _, sms = gateways
    Agreement.objects.filter(account=account_a).update(wechat_openid="")
    statement = BalanceStatement.objects.select_related("agreement").get(pk=on_wechat[account_a.pk].pk)
    with transaction.atomic():
        assert notify_enqueue(template="dispute_update", items=notice_items([statement]), key_extra=":d1") == 1
    row = SmsMessage.objects.get(template="dispute_update")
    assert (row.channel, row.phone) == ("sms", "+8613812345678") and "url" not in row.params


def test_a_row_of_a_channel_no_longer_registered_fails_without_sending(on_wechat, gateways, account_a):
    row = SmsMessage.objects.get(statement=on_wechat[account_a.pk])
    SmsMessage.objects.filter(pk=row.pk).update(status=SmsStatus.QUEUED, channel="pigeon")
    with time_machine.travel(dt.datetime(2026, 10, 10, 9, tzinfo=CST), tick=False):
        assert sms_send_one(message_id=row.pk) == "failed"
    row.refresh_from_db()
    assert "unknown_channel" in row.last_error


def test_ops_see_the_channel_of_each_row_in_the_api_and_the_failed_list(on_wechat, gateways, account_a, ops, client):
    from rest_framework.test import APIClient

    from tests.factories import api_key

    row = SmsMessage.objects.get(statement=on_wechat[account_a.pk])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(ops)}", HTTP_ACCEPT_LANGUAGE="en")
    listed = {r["id"]: r for r in api.get("/api/v1/sms/").json()["results"]}
    assert (listed[row.pk]["channel"], listed[row.pk]["phone"]) == ("wechat", OPENID)
    assert {r["channel"] for r in listed.values()} == {"wechat", "sms"}
    SmsMessage.objects.filter(pk=row.pk).update(status=SmsStatus.FAILED, last_error="43004: require subscribe")
    client.force_login(ops)
    from django.urls import reverse

    page = client.get(reverse("portal:ops-sms"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert OPENID in page and "43004" in page


def test_the_official_account_gateway_sends_through_wechatpy_and_its_refusals_reach_ops(on_wechat, account_a, settings):
    """The outbox with the real gateway (wechatpy over a fake WeChat at the HTTP boundary): sent with our key as
    client_msg_id and the statement link; an unfollowed account fails the row at once; a read timeout twice is left
    uncertain (settled for ops, never resent)."""
    row = SmsMessage.objects.get(statement=on_wechat[account_a.pk])
    http, fake = wechat_http(
        token(),
        ok(4242),
        err(43004, "require subscribe"),
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.ReadTimeout("again"),
    )
    settings.WECHAT_BACKEND = "mp"
    gateway = wechat.OfficialAccountBackend(http, app_id="wx1234567890abcdef", secret="s3cret", template_id="TPL-1")
    wechat.set_backend_for_tests("mp", gateway)
    outcomes = []
    try:
        with time_machine.travel(dt.datetime(2026, 10, 10, 9, tzinfo=CST), tick=False):
            for _ in range(3):
                SmsMessage.objects.filter(pk=row.pk).update(
                    status=SmsStatus.QUEUED, attempts=0, sent_at=None, provider_id="", last_error=""
                )
                outcomes.append(sms_send_one(message_id=row.pk))
                row.refresh_from_db()
                outcomes.append((row.status, row.provider, row.provider_id, row.last_error.split(":")[0]))
    finally:
        wechat.set_backend_for_tests("mp", None)
    assert outcomes == [
        "sent",
        (SmsStatus.SENT, "wechat", "4242", ""),
        "failed",
        (SmsStatus.FAILED, "wechat", "", "43004"),
        "uncertain",
        (SmsStatus.SENDING, "wechat", "", "timeout"),
    ]
    sends = [r["body"] for r in fake.requests if r["url"].endswith("/message/template/send")]
    assert [body["client_msg_id"] for body in sends] == [row.key] * 4
    assert {body["url"] for body in sends} == {row.params["url"]} and sends[0]["touser"] == OPENID
