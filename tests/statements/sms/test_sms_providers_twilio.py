"""Twilio: the Messages.create request we make, the sid we return, the error mapping.

The real twilio Client is used with a fake HttpClient (the SDK's own injection point) that records the
HTTP requests and answers like the Twilio API, so TwilioRestException is raised by the SDK itself.
"""

from __future__ import annotations

import json

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.rest import Client

from statements.sms.backends import PORTAL_MARK, SmsGatewayError, render_text
from statements.sms.providers import twilio_sms
from statements.sms.providers.twilio_sms import TwilioSmsBackend

PARAMS = {"period": "2026年9月", "number": "BC202609-000123"}  # the portal link comes from PORTAL_BASE_URL
KEY = "statement_notice:41:v1"
PHONE = "+8613812345678"
SID = "SM" + "a" * 32
ACCOUNT = "AC" + "0123456789abcdef" * 2


class FakeTwilioHttp(HttpClient):
    """Answers each request with the next queued (status, JSON) or raises the queued exception."""

    def __init__(self, *answers) -> None:
        super().__init__(logger=None, is_async=False)
        self.answers = list(answers)
        self.requests: list[dict] = []

    def request(
        self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None, allow_redirects=False
    ):
        self.requests.append({"method": method, "uri": uri, "data": dict(data or {}), "auth": auth})
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        status, payload = answer
        return Response(status, json.dumps(payload))


def created(sid: str = SID) -> tuple[int, dict]:
    return 201, {
        "sid": sid,
        "account_sid": ACCOUNT,
        "status": "queued",
        "to": PHONE,
        "from": "+15005550006",
        "body": "...",
        "num_segments": "1",
        "direction": "outbound-api",
        "api_version": "2010-04-01",
    }


def error(status: int, code: int | None, message: str = "refused") -> tuple[int, dict]:
    payload = {"status": status, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}"}
    if code is not None:
        payload["code"] = code
    return status, payload


def backend_with(http: FakeTwilioHttp) -> TwilioSmsBackend:
    return TwilioSmsBackend(Client(ACCOUNT, "test-token", http_client=http))


def send(backend, *, phone=PHONE, template="statement_notice", params=PARAMS, out_id=KEY):
    return backend.send(phone=phone, template=template, params=params, out_id=out_id)


# --- the request ---------------------------------------------------------------------------------------


def test_send_posts_to_from_and_the_rendered_body_and_returns_the_sid(twilio_env, settings):
    settings.SMS_SIGNATURE = "对账中心"
    settings.PORTAL_BASE_URL = "https://portal.example.cn/"
    http = FakeTwilioHttp(created())
    assert send(backend_with(http)) == SID
    [request] = http.requests
    assert request["method"] == "POST"
    assert request["uri"] == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert request["data"] == {
        "To": "+8613812345678",  # E.164 as it is
        "From": "+15005550006",
        "Body": "【对账中心】您的2026年9月余额对账单已发出（编号BC202609-000123），请登录"
        "https://portal.example.cn核对并在截止日前回复。",  # the deployment's link, trailing '/' dropped
    }
    assert request["data"]["Body"] == render_text("statement_notice", PARAMS)
    assert PORTAL_MARK not in request["data"]["Body"]


def test_a_messaging_service_replaces_the_from_number(twilio_env, monkeypatch, settings):
    settings.PORTAL_BASE_URL = "https://bankrec.example.com"
    monkeypatch.delenv("TWILIO_FROM_NUMBER")
    monkeypatch.setenv("TWILIO_MESSAGING_SERVICE_SID", "MG" + "b" * 32)
    http = FakeTwilioHttp(created())
    send(backend_with(http), template="reminder", params={"number": "BC1"})
    data = http.requests[0]["data"]
    assert data["MessagingServiceSid"] == "MG" + "b" * 32
    assert "From" not in data
    assert data["Body"] == render_text("reminder", {"number": "BC1"})
    assert "编号BC1" in data["Body"] and "请登录https://bankrec.example.com处理" in data["Body"]


def test_a_missing_template_param_is_permanent(twilio_env):
    http = FakeTwilioHttp()
    with pytest.raises(SmsGatewayError) as caught:
        send(backend_with(http), params={"period": "2026年9月"})
    assert (caught.value.code, caught.value.retryable) == ("bad_params", False)
    assert "number" in str(caught.value)
    assert http.requests == []


def test_a_phone_not_in_e164_form_is_refused_before_the_gateway(twilio_env):
    http = FakeTwilioHttp()
    with pytest.raises(SmsGatewayError) as caught:
        send(backend_with(http), phone="13812345678")
    assert (caught.value.code, caught.value.retryable) == ("bad_phone", False)
    assert http.requests == []


# --- error mapping -----------------------------------------------------------------------------------

EXPECTED = [
    (429, 20429, True),
    (500, 20500, True),
    (503, 20503, True),
    (400, 21211, False),  # invalid To
    (400, 21610, False),  # unsubscribed
    (400, 21614, False),  # not a mobile number
    (400, 21408, False),  # region not enabled
    (401, 20003, False),  # authentication
    (400, 21999, False),  # unknown code, 4xx
    (502, 29999, True),  # unknown code, 5xx
]


@pytest.mark.parametrize(("status", "code", "retryable"), EXPECTED)
def test_api_error_codes(twilio_env, status, code, retryable):
    with pytest.raises(SmsGatewayError) as caught:
        send(backend_with(FakeTwilioHttp(error(status, code))))
    assert (caught.value.code, caught.value.retryable) == (str(code), retryable)
    assert isinstance(caught.value.__cause__, TwilioRestException)  # raised by the SDK, not by us


@pytest.mark.parametrize(("code", "retryable"), sorted(twilio_sms.ERROR_CODES.items()))
def test_every_table_code_keeps_its_flag_through_send(twilio_env, code, retryable):
    with pytest.raises(SmsGatewayError) as caught:
        send(backend_with(FakeTwilioHttp(error(400, code))))
    assert (caught.value.code, caught.value.retryable) == (str(code), retryable)


def test_an_error_without_a_code_is_judged_by_its_status(twilio_env):
    with pytest.raises(SmsGatewayError) as caught:
        send(backend_with(FakeTwilioHttp((503, {"message": "Service Unavailable"}))))
    assert (caught.value.code, caught.value.retryable) == ("503", True)


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (
            requests.exceptions.ReadTimeout("HTTPSConnectionPool(host='api.twilio.com', port=443): Read timed out."),
            "timeout",
        ),
        (
            requests.exceptions.ConnectTimeout(
                "HTTPSConnectionPool(host='api.twilio.com', port=443): Connect timed out"
            ),
            "network",
        ),
        (requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected"), "network"),
    ],
)
def test_timeouts_and_connection_errors_are_retryable(twilio_env, exc, code):
    with pytest.raises(SmsGatewayError) as caught:
        send(backend_with(FakeTwilioHttp(exc)))
    assert (caught.value.code, caught.value.retryable) == (code, True)


def test_lookup_cannot_tell(twilio_env):
    assert backend_with(FakeTwilioHttp()).lookup(KEY) is None


# --- configuration -------------------------------------------------------------------------------------


@pytest.mark.parametrize("var", ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"])
def test_a_missing_credential_is_not_configured_and_named(twilio_env, monkeypatch, var):
    monkeypatch.delenv(var)
    with pytest.raises(SmsGatewayError) as caught:
        send(TwilioSmsBackend())
    assert (caught.value.code, caught.value.retryable) == ("not_configured", False)
    assert var in str(caught.value)


def test_a_missing_sender_is_not_configured_and_named(twilio_env, monkeypatch):
    monkeypatch.delenv("TWILIO_FROM_NUMBER")
    with pytest.raises(SmsGatewayError) as caught:
        send(backend_with(FakeTwilioHttp()))
    assert (caught.value.code, caught.value.retryable) == ("not_configured", False)
    assert "TWILIO_FROM_NUMBER" in str(caught.value) and "TWILIO_MESSAGING_SERVICE_SID" in str(caught.value)


def test_a_sender_number_not_in_e164_form_is_not_configured(twilio_env, monkeypatch):
    monkeypatch.setenv("TWILIO_FROM_NUMBER", "5005550006")
    with pytest.raises(SmsGatewayError) as caught:
        send(backend_with(FakeTwilioHttp()))
    assert (caught.value.code, caught.value.retryable) == ("not_configured", False)
    assert "TWILIO_FROM_NUMBER" in str(caught.value)


def test_the_real_client_is_built_from_the_environment(twilio_env):
    client = TwilioSmsBackend()._client()
    assert isinstance(client, Client)
    assert (client.username, client.password) == (ACCOUNT, "test-token")
    assert client.http_client.timeout == twilio_sms.READ_TIMEOUT
