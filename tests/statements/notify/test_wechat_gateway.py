"""The WeChat Official Account gateway: the requests it makes, the token it keeps, the error mapping.

The real backend (wechatpy's client, through a real requests.Session) runs against a fake WeChat at the HTTP boundary
(tests/fixtures/wechat.py) that records each request and answers like WeChat's API. Nothing leaves the process.
"""

from __future__ import annotations

import datetime as dt

import pytest
import requests
import time_machine
from django.core.cache import cache

from statements.notify.base import GatewayError
from statements.notify.wechat import ConsoleWechatBackend, OfficialAccountBackend, get_backend, set_backend_for_tests
from tests.fixtures.wechat import FakeWeChat, err, ok, token, wechat_http

OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
PARAMS = {"period": "2026年9月", "number": "BC202609-000123", "url": "https://portal.example.cn/statements/41/"}
KEY = "statement_notice:41:v1"


def backend(*answers) -> tuple[OfficialAccountBackend, FakeWeChat]:
    """A gateway with no token yet: each starts by fetching one (the workers' shared token is tested below)."""
    cache.clear()
    session, fake = wechat_http(*answers)
    return OfficialAccountBackend(session, app_id="wx1234567890abcdef", secret="s3cret", template_id="TPL-1"), fake


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
        OfficialAccountBackend(wechat_http()[0]).send(phone=OPENID, template="reminder", params=PARAMS, out_id=KEY)
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


def test_workers_share_one_token_through_the_cache_until_five_minutes_before_it_expires():
    credentials = {"app_id": "wx1234567890abcdef", "secret": "s3cret", "template_id": "TPL-1"}
    with time_machine.travel(dt.datetime(2026, 10, 9, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        first_http, first = wechat_http(token("SHARED", expires=7200), ok(1))
        OfficialAccountBackend(first_http, **credentials).send(
            phone=OPENID, template="reminder", params=PARAMS, out_id=KEY
        )
        # Another worker (its own client and connection) sends with the token the first one fetched.
        second_http, second = wechat_http(ok(2), token("NEXT"), ok(3))
        worker = OfficialAccountBackend(second_http, **credentials)
        assert worker.send(phone=OPENID, template="reminder", params=PARAMS, out_id="k2") == "2"
        assert [r["url"].rsplit("/", 1)[-1] for r in second.requests] == ["send"]
        assert second.requests[0]["params"] == {"access_token": "SHARED"}
        clock.shift(dt.timedelta(seconds=7200 - 300 + 1))  # five minutes before WeChat's expiry it is gone
        assert worker.send(phone=OPENID, template="reminder", params=PARAMS, out_id="k3") == "3"
        assert [r["url"].rsplit("/", 1)[-1] for r in second.requests] == ["send", "stable_token", "send"]
        assert second.requests[-1]["params"] == {"access_token": "NEXT"}


def test_a_token_refused_again_after_fetching_a_new_one_fails_the_row_instead_of_looping():
    # wechatpy 1.8's own retry would fetch and resend for as long as WeChat refuses; the gateway fetches once.
    gateway, session = backend(token("T1"), err(40001, "invalid credential"), token("T2"), err(40001, "again"))
    with pytest.raises(GatewayError) as info:
        gateway.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY)
    assert (info.value.code, info.value.retryable) == ("40001", False)
    assert [r["url"].rsplit("/", 1)[-1] for r in session.requests] == ["stable_token", "send", "stable_token", "send"]


@pytest.mark.parametrize(
    "answer",
    [
        (502, "<html>bad gateway</html>"),
        (200, "not json"),
        (200, ["a", "list"]),
        (200, {"errcode": "x", "errmsg": "?"}),
    ],
)
def test_a_token_answer_that_is_not_a_token_is_a_retryable_network_failure(answer):
    gateway, session = backend(answer)
    with pytest.raises(GatewayError) as info:
        gateway.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY)
    assert (info.value.code, info.value.retryable) == ("network", True)
    assert len(session.requests) == 1  # nothing was sent without a token


def test_the_access_token_never_reaches_the_rows_error_that_ops_read():
    url = "/cgi-bin/message/template/send?access_token=TOKEN-SECRET-1&x=1"
    refused = requests.exceptions.ConnectionError(
        f"HTTPSConnectionPool(host='api.weixin.qq.com'): url: {url} (refused)"
    )
    gateway, _ = backend(token("TOKEN-SECRET-1"), refused)
    with pytest.raises(GatewayError) as info:
        gateway.send(phone=OPENID, template="statement_notice", params=PARAMS, out_id=KEY)
    assert "TOKEN-SECRET-1" not in str(info.value) and "access_token=***&x=1" in str(info.value)
