"""How the providers are chosen (`get_backend`), shared helpers, and one run of the outbox sender over a
provider whose gateway is faked: retryable errors go back to the queue, permanent ones fail the row, and a
timeout leaves the row in `sending` (the gateway may have accepted it) until `sms_settle_stale` asks the
provider by out-id."""

from __future__ import annotations

import datetime as dt
import json
import sys

import pytest
import time_machine

from statements.sms.backends import ConsoleBackend, SmsGatewayError, get_backend, set_backend_for_tests
from statements.sms.providers import build_backend
from statements.sms.providers._common import check_e164, classify, placeholders
from statements.sms.providers.aliyun_sms import AliyunSmsBackend
from statements.sms.providers.tencent_sms import TencentSmsBackend
from statements.sms.providers.twilio_sms import TwilioSmsBackend


@pytest.mark.parametrize(
    ("name", "cls"), [("aliyun", AliyunSmsBackend), ("tencent", TencentSmsBackend), ("twilio", TwilioSmsBackend)]
)
def test_get_backend_builds_each_provider_once(settings, name, cls):
    settings.SMS_BACKEND = name
    backend = get_backend()
    assert isinstance(backend, cls)
    assert backend.name == name
    assert get_backend() is backend  # one SDK client per process


def test_get_backend_without_configuration_still_builds_and_fails_on_send(settings):
    settings.SMS_BACKEND = "aliyun"
    with pytest.raises(SmsGatewayError) as caught:
        get_backend().send(phone="+8613812345678", template="reminder", params={"number": "1"}, out_id="k")
    assert (caught.value.code, caught.value.retryable) == ("not_configured", False)


def test_console_and_test_overrides_are_unchanged(settings):
    settings.SMS_BACKEND = "console"
    assert isinstance(get_backend(), ConsoleBackend)
    fake = ConsoleBackend(name="aliyun")
    settings.SMS_BACKEND = "aliyun"
    set_backend_for_tests("aliyun", fake)
    try:
        assert get_backend() is fake
    finally:
        set_backend_for_tests("aliyun", None)


def test_a_provider_whose_sdk_is_missing_is_unavailable(settings, monkeypatch):
    monkeypatch.setitem(sys.modules, "statements.sms.providers.twilio_sms", None)  # import fails
    settings.SMS_BACKEND = "twilio"
    with pytest.raises(SmsGatewayError) as caught:
        get_backend()
    assert (caught.value.code, caught.value.retryable) == ("backend_unavailable", False)
    assert "twilio" in str(caught.value)


def test_an_unknown_provider_is_unavailable():
    with pytest.raises(SmsGatewayError) as caught:
        build_backend("carrier-pigeon")
    assert caught.value.code == "backend_unavailable"


def test_placeholders_follow_the_approved_texts():
    # the portal link is fixed in the approved texts (PORTAL_MARK), never a variable
    assert placeholders("statement_notice") == ("period", "number")
    assert placeholders("reminder") == ("number",)
    assert placeholders("last_reminder") == ("number",)
    assert placeholders("dispute_update") == ("number",)


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("+8613812345678", True),
        ("+15005550006", True),
        ("13812345678", False),
        ("+0123456789", False),
        ("+86 13812345678", False),
    ],
)
def test_check_e164(phone, ok):
    if ok:
        assert check_e164(phone) == phone
    else:
        with pytest.raises(SmsGatewayError):
            check_e164(phone)


def test_classify_prefers_exact_entries_then_the_first_prefix_then_the_default():
    exact = {"Limit.Count": False}
    prefixes = (("Limit.", True), ("Limit", False))
    assert classify("Limit.Count", exact, prefixes, default=True) is False
    assert classify("Limit.Daily", exact, prefixes, default=False) is True
    assert classify("LimitX", exact, prefixes, default=True) is False
    assert classify("Other", exact, prefixes, default=True) is True


# --- the outbox sender over a faked gateway -------------------------------------------------------------


def read_timeout() -> Exception:
    """What the Aliyun SDK raises when the gateway took the request but its answer never came."""
    from darabonba.exceptions import RetryError, UnretryableException
    from darabonba.policy.retry import RetryPolicyContext

    return UnretryableException(
        RetryPolicyContext(
            retries_attempted=1,
            exception=RetryError(
                "HTTPSConnectionPool(host='dysmsapi.aliyuncs.com', port=443): Read timed out. (read timeout=15.0)"
            ),
        )
    )


def refused() -> Exception:
    import requests

    return requests.exceptions.ConnectionError("Max retries exceeded (Caused by NewConnectionError('refused'))")


class ScriptedDysms:
    """A fake Dysmsapi client answering SendSms with the given body code (or raising the given exception),
    and QuerySendDetails with a delivery record for each out-id in `delivered`."""

    def __init__(self, code, delivered: tuple[str, ...] = ()) -> None:
        from alibabacloud_dysmsapi20170525 import models

        self.models = models
        self.exc = code if isinstance(code, Exception) else None
        self.response = (
            None
            if self.exc
            else models.SendSmsResponse().from_map(
                {
                    "statusCode": 200,
                    "headers": {},
                    "body": {
                        "Code": code,
                        "Message": "m",
                        "BizId": "700^0" if code == "OK" else None,
                        "RequestId": "R",
                    },
                }
            )
        )
        self.delivered = delivered
        self.sent = []
        self.queried = []

    def send_sms(self, request):
        self.sent.append(request)
        if self.exc:
            raise self.exc
        return self.response

    def query_send_details(self, request):
        self.queried.append(request)
        dtos = [
            {"PhoneNum": request.phone_number, "SendStatus": 3, "ErrCode": "DELIVERED", "OutId": out_id}
            for out_id in self.delivered
        ]
        return self.models.QuerySendDetailsResponse().from_map(
            {
                "statusCode": 200,
                "headers": {},
                "body": {
                    "Code": "OK",
                    "Message": "OK",
                    "RequestId": "Q",
                    "TotalCount": len(dtos),
                    "SmsSendDetailDTOs": {"SmsSendDetailDTO": dtos},
                },
            }
        )


DAYTIME = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "outcome", "status"),
    [
        ("OK", "sent", "sent"),
        ("isv.BUSINESS_LIMIT_CONTROL", "retry", "queued"),
        ("isv.MOBILE_NUMBER_ILLEGAL", "failed", "failed"),
        pytest.param(refused(), "retry", "queued", id="network"),  # never reached the gateway: safe to send again
        pytest.param(read_timeout(), "uncertain", "sending", id="timeout"),  # may have been accepted: settled by lookup
    ],
)
def test_outbox_sender_with_the_aliyun_provider(settings, monkeypatch, code, outcome, status):
    from statements.models import SmsMessage
    from statements.services.sms import sms_send_one

    monkeypatch.setenv("ALIYUN_SMS_TEMPLATES", json.dumps({"reminder": "SMS_456"}))
    settings.SMS_BACKEND = "aliyun"
    fake = ScriptedDysms(code)
    set_backend_for_tests("aliyun", AliyunSmsBackend(fake))
    try:
        with time_machine.travel(DAYTIME, tick=False):
            row = SmsMessage.objects.create(
                key="reminder:7:v1",
                template="reminder",
                phone="+8613812345678",
                params={"number": "BC7"},
                not_before=DAYTIME,
            )
            assert sms_send_one(message_id=row.pk) == outcome
    finally:
        set_backend_for_tests("aliyun", None)
    row.refresh_from_db()
    assert row.status == status
    assert row.provider == "aliyun"
    [request] = fake.sent
    assert request.out_id == "reminder:7:v1"
    assert (request.template_code, request.template_param) == ("SMS_456", '{"number":"BC7"}')
    if code == "OK":
        assert (row.provider_id, row.last_error) == ("700^0", "")
    else:
        label = code if isinstance(code, str) else {"retry": "network", "uncertain": "timeout"}[outcome]
        assert row.last_error.startswith(f"{label}: ")
        assert row.provider_id == "" and row.sent_at is None


@pytest.mark.django_db
def test_outbox_sender_records_a_missing_variable_on_the_row(settings):
    from statements.models import SmsMessage
    from statements.services.sms import sms_send_one

    settings.SMS_BACKEND = "tencent"
    with time_machine.travel(DAYTIME, tick=False):
        row = SmsMessage.objects.create(
            key="reminder:8:v1",
            template="reminder",
            phone="+8613812345678",
            params={"number": "BC8"},
            not_before=DAYTIME,
        )
        assert sms_send_one(message_id=row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == "failed"
    assert row.last_error.startswith("not_configured: ")
    assert "TENCENT_SMS_SDK_APP_ID" in row.last_error


@pytest.mark.django_db
@pytest.mark.parametrize("accepted", [True, False])
def test_a_timeout_is_settled_by_the_providers_lookup_never_by_a_second_send(settings, monkeypatch, accepted):
    from statements.models import SmsMessage
    from statements.services.sms import STALE_SENDING, sms_due_ids, sms_send_one, sms_settle_stale

    monkeypatch.setenv("ALIYUN_SMS_TEMPLATES", json.dumps({"reminder": "SMS_456"}))
    settings.SMS_BACKEND = "aliyun"
    key = "reminder:9:v1"
    fake = ScriptedDysms(read_timeout(), delivered=("other:1:v1", key) if accepted else ("other:1:v1",))
    set_backend_for_tests("aliyun", AliyunSmsBackend(fake))  # the real provider: lookup reads the outbox row
    try:
        with time_machine.travel(DAYTIME, tick=False):
            row = SmsMessage.objects.create(
                key=key, template="reminder", phone="+8613812345678", params={"number": "BC9"}, not_before=DAYTIME
            )
            assert sms_send_one(message_id=row.pk) == "uncertain"
            row.refresh_from_db()
            assert (row.status, row.attempts, row.provider_id) == ("sending", 1, "")
            assert row.last_error.startswith("timeout: ")
            assert row.pk not in sms_due_ids()  # not back in the queue
            assert sms_send_one(message_id=row.pk) == "skipped"  # a redelivered task does not send it again
            assert sms_settle_stale() == 0  # too fresh to settle: a slow worker may still be on it
        later = DAYTIME + STALE_SENDING + dt.timedelta(minutes=1)
        with time_machine.travel(later, tick=False):
            assert sms_settle_stale() == 1
    finally:
        set_backend_for_tests("aliyun", None)
    assert len(fake.sent) == 1 and fake.sent[0].out_id == key
    # asked by the number and the Beijing send date of the row, for our out-id
    assert [(q.phone_number, q.send_date) for q in fake.queried] == [("13812345678", "20261012")]
    row.refresh_from_db()
    if accepted:
        assert (row.status, row.provider, row.provider_id) == ("sent", "aliyun", f"out:{key}")
        assert row.sent_at == later
    else:
        assert (row.status, row.provider, row.provider_id) == ("failed", "aliyun", "")
        assert "cannot confirm" in row.last_error and row.sent_at is None
