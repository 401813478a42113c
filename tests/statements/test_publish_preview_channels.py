"""The confirmation step of publishing names the channels the notices go out on: it said "SMS" for every contact,
also for those told by WeChat. It counts each channel by the rule the outbox sends by (the contact's channel, SMS
when the contact has no address on it), so what ops confirm is what goes out."""

from __future__ import annotations

from collections import Counter

import pytest
import time_machine

from statements.models import Agreement, SmsMessage
from statements.services.publishing import RunPlan, statement_run_preview, statement_run_start
from tests.fixtures.statements import PUBLISH_AT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


@pytest.fixture
def due(agreement_a, agreement_b, balances, settings, tmp_path):
    """September 2026 ready to publish: A's contact (online banking) is told by WeChat, B's (website) by SMS."""
    settings.MEDIA_ROOT = tmp_path
    Agreement.objects.filter(pk=agreement_a.pk).update(notify_channel="wechat", wechat_openid=OPENID)


def _preview() -> RunPlan:
    with time_machine.travel(PUBLISH_AT, tick=False):
        plan = statement_run_preview(period="2026-09")
    assert isinstance(plan, RunPlan)
    return plan


def test_the_preview_counts_the_notices_per_channel_of_each_contact(due):
    plan = _preview()
    assert plan.notices == (("sms", 1), ("wechat", 1))
    assert plan.notice_counts == [("SMS", 1), ("WeChat", 1)]


def test_a_contact_on_wechat_without_an_openid_is_counted_as_told_by_sms(due, agreement_a):
    Agreement.objects.filter(pk=agreement_a.pk).update(wechat_openid="")
    assert _preview().notices == (("sms", 2),)


def test_a_paper_statement_sends_no_notice_on_publishing(due, agreement_b):
    Agreement.objects.filter(pk=agreement_b.pk).update(channel="paper", address="上海市浦东新区世纪大道100号")
    assert _preview().notices == (("wechat", 1),)


def test_what_the_preview_counts_is_what_the_outbox_sends(due, django_capture_on_commit_callbacks):
    plan = _preview()
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        statement_run_start(actor=None, period="2026-09")
    sent = Counter(SmsMessage.objects.values_list("channel", flat=True))
    assert sorted(sent.items()) == list(plan.notices)
