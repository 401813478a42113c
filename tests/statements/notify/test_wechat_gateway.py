"""The WeChat Official Account gateway: the requests it makes, the token it keeps, the error mapping.

The real backend runs against a fake HTTP session (its injection point, as the SMS providers' tests inject a fake
SDK client) that records each request and answers like WeChat's API. Nothing leaves the process.
"""

from __future__ import annotations

import json

import pytest
import requests

from statements.notify.base import GatewayError
from statements.notify.wechat import ConsoleWechatBackend, OfficialAccountBackend, get_backend, set_backend_for_tests

OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
PARAMS = {"period": "2026年9月", "number": "BC202609-000123", "url": "https://portal.example.cn/statements/41/"}
KEY = "statement_notice:41:v1"


class FakeResponse:
    def __init__(self, status: int, payload) -> None:
        self.status_code, self._payload = status, payload

    def json(self):
        if isinstance(self._payload, str):
            raise ValueError("not JSON")
        return self._payload


class FakeSession:
    """Answers each POST with the next queued (status, JSON) or raises the queued exception."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.requests: list[dict] = []

    def post(self, url, params=None, data=None, headers=None, timeout=None):
        self.requests.append({"url": url, "params": dict(params or {}), "body": json.loads(data), "timeout": timeout})
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return FakeResponse(*answer)


def token(value: str = "TOKEN-1", expires: int = 7200):
    return 200, {"access_token": value, "expires_in": expires}


def ok(msgid: int = 200228332):
    return 200, {"errcode": 0, "errmsg": "ok", "msgid": msgid}


def err(code: int, message: str = "refused"):
    return 200, {"errcode": code, "errmsg": message}


def backend(*answers) -> tuple[OfficialAccountBackend, FakeSession]:
    session = FakeSession(*answers)
    return OfficialAccountBackend(session, app_id="wx1234567890abcdef", secret="s3cret", template_id="TPL-1"), session


def test_a_template_message_names_the_openid_the_template_the_statement_link_and_our_key():
    gateway, session = backend(token(), ok(42))
    assert gateway.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY) == "42"
    token_request, send = session.requests
    assert token_request["url"].endswith("/cgi-bin/stable_token")
    assert token_request["body"] == {
        "grant_type": "client_credential",
        "appid": "wx1234567890abcdef",
        "secret": "s3cret",
        "force_refresh": False,
    }
    assert send["url"] == "https://api.weixin.qq.com/cgi-bin/message/template/send"
    assert send["params"] == {"access_token": "TOKEN-1"} and send["timeout"] == (5, 15)
    body = send["body"]
    assert (body["touser"], body["template_id"], body["url"], body["client_msg_id"]) == (
        OPENID,
        "TPL-1",
        PARAMS["url"],
        KEY,
    )
    assert body["data"]["keyword1"] == {"value": "BC202609-000123"}
    assert body["data"]["keyword2"] == {"value": "2026年9月"}
    assert "已发出" in body["data"]["first"]["value"]


def test_the_token_is_kept_until_it_expires_and_fetched_again_once_when_refused():
    gateway, session = backend(token("T1"), ok(1), ok(2), err(42001, "access_token expired"), token("T2"), ok(3))
    for _ in range(3):
        gateway.send(phone=OPENID, template="reminder", params=PARAMS, out_id=KEY)
    urls = [r["url"].rsplit("/", 1)[-1] for r in session.requests]
    assert urls == ["stable_token", "send", "send", "send", "stable_token", "send"]
    assert session.requests[-1]["params"] == {"access_token": "T2"}


@pytest.mark.parametrize(
    ("answer", "code", "retryable"),
    [
        (err(-1, "system error"), "-1", True),
        (err(45009, "reach max api daily quota limit"), "45009", True),
        (err(43004, "require subscribe"), "43004", False),
        (err(40003, "invalid openid"), "40003", False),
        (err(43101, "user refuse to accept the msg"), "43101", False),
        (err(40037, "invalid template_id"), "not_configured", False),
        (err(99999, "something new"), "99999", False),  # unknown: not retried into a flood
        ((502, "<html>bad gateway</html>"), "network", True),
        ((200, "not json"), "network", True),
    ],
)
def test_errors_are_mapped_to_retryable_or_permanent(answer, code, retryable):
    gateway, _ = backend(token(), answer)
    with pytest.raises(GatewayError) as info:
        gateway.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY)
    assert (info.value.code, info.value.retryable) == (code, retryable)


def test_a_read_timeout_is_tried_once_more_with_the_same_id_then_left_uncertain():
    # WeChat sends one message per (openid, client_msg_id) within 10 minutes, so the second try cannot duplicate.
    gateway, session = backend(token(), requests.exceptions.ReadTimeout("read timed out"), ok(7))
    assert gateway.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY) == "7"
    assert [r["body"]["client_msg_id"] for r in session.requests[1:]] == [KEY, KEY]
    gateway, _ = backend(token(), requests.exceptions.ReadTimeout("x"), requests.exceptions.ReadTimeout("again"))
    with pytest.raises(GatewayError) as info:
        gateway.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY)
    assert info.value.code == "timeout"  # the outbox leaves the row in `sending` for ops, never resends blindly
    assert gateway.lookup(KEY) is None  # WeChat cannot be asked by our id


def test_a_connection_that_never_reached_wechat_is_retryable():
    gateway, _ = backend(token(), requests.exceptions.ConnectionError("refused"))
    with pytest.raises(GatewayError) as info:
        gateway.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY)
    assert (info.value.code, info.value.retryable) == ("network", True)


def test_missing_settings_wrong_credentials_and_bad_openids_are_permanent(settings):
    settings.WECHAT_APP_ID = settings.WECHAT_APP_SECRET = settings.WECHAT_TEMPLATE_ID = ""
    with pytest.raises(GatewayError, match="WECHAT_APP_ID") as info:
        OfficialAccountBackend(FakeSession()).send(phone=OPENID, template="reminder", params=PARAMS, out_id=KEY)
    assert (info.value.code, info.value.retryable) == ("not_configured", False)
    gateway, _ = backend(err(40125, "invalid appsecret"))
    with pytest.raises(GatewayError) as info:
        gateway.send(phone=OPENID, template="reminder", params=PARAMS, out_id=KEY)
    assert (info.value.code, info.value.retryable) == ("not_configured", False)
    gateway, session = backend()
    for hostile in ("=1+1", "o\x00penid-openid-openid", "x" * 100_000, ""):
        with pytest.raises(GatewayError) as info:
            gateway.send(phone=hostile, template="reminder", params=PARAMS, out_id=KEY)
        assert info.value.code == "bad_address"
    with pytest.raises(GatewayError) as info:
        gateway.send(phone=OPENID, template="no_such_template", params=PARAMS, out_id=KEY)
    assert info.value.code == "bad_params"
    assert session.requests == []  # none of these reached WeChat


def test_the_console_logs_once_per_key_and_tests_can_swap_the_gateway(settings):
    console = ConsoleWechatBackend()
    first = console.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY)
    assert console.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY) == first
    assert console.lookup(KEY) == first and console.lookup("other") is None
    settings.WECHAT_BACKEND = "console"
    assert isinstance(get_backend(), ConsoleWechatBackend)
    fake = ConsoleWechatBackend()
    set_backend_for_tests("console", fake)
    try:
        assert get_backend() is fake
    finally:
        set_backend_for_tests("console", None)
    settings.WECHAT_BACKEND = "mp"
    assert isinstance(get_backend(), OfficialAccountBackend)
