"""The WeChat channel: Official Account (公众号) template messages to the contact's openid, linking to the statement.

The gateway is wechatpy's `WeChatClient` (README "WeChat notices"): its `message.send_template` builds the request,
adds the access token, decodes WeChat's answer and raises `WeChatClientException` with WeChat's errcode, which is
mapped here to the outbox's failure reasons. Two things wechatpy 1.8 does not do are added in small subclasses:

* `client_msg_id` on the template message (our outbox key): WeChat sends one message per (openid, client_msg_id)
  within 10 minutes, so the one retry after a read timeout cannot make a second message;
* the stable access token (POST /cgi-bin/stable_token, `force_refresh` false) instead of /cgi-bin/token: every
  process of the account gets the same token, so one worker fetching a token never invalidates another's.

The token is kept through wechatpy's session storage on the Django cache (`default`, Redis in production), so every
worker shares it until five minutes before it expires. wechatpy's own retry after a refused token (unbounded in 1.8)
is off: the token is fetched again once, here. It is the same `NotifyBackend` interface the SMS gateways implement,
so quiet hours, retries and "never twice" are the outbox's.

Settings (README "WeChat notices"): WECHAT_BACKEND (console: log only, the default; mp: the Official Account API),
WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_TEMPLATE_ID. The template chosen in the account's admin has the fields
first, keyword1 (statement number), keyword2 (period) and remark.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from typing import Any

import requests
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wechatpy import WeChatClient
from wechatpy.client.api import WeChatMessage
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage

from statements.notify.base import GatewayError, NotifyBackend, NotifyChannel

log = logging.getLogger("portal.wechat")

STABLE_TOKEN_URL = "https://api.weixin.qq.com/cgi-bin/stable_token"
TIMEOUT = (5, 15)  # seconds to connect, to read
# A token leaves the shared cache this long before WeChat expires it (WeChat's own overlap for a renewed token).
TOKEN_MARGIN = 300
ACCESS_TOKEN_IN_URL = re.compile(r"(access_token=)[^&\s)'\"]+")
# An openid is 28 characters for an Official Account today; WeChat documents no format, so allow a margin.
OPENID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# What the message says, by outbox template (no balance, nothing secret; the link opens the statement after login).
TITLES = {
    "statement_notice": "您的余额对账单已发出，请核对并在截止日前回复。",
    "reminder": "您的余额对账单尚未回复，距截止日还有3个工作日。",
    "last_reminder": "您的余额对账单今天到期，逾期未回复视同相符。",
    "dispute_update": "您对余额对账单提出的不符已有处理结果。",
    "inquiry_answered": "您提出的未收到余额对账单查询，银行已答复。",
}
REMARK = "点击查看对账单并在线回复。"
# A notice that is about no statement to answer says what the link opens instead.
REMARKS = {"inquiry_answered": "点击查看银行的答复。"}

# errcode -> retryable. Token errors are fetched again once inside `send` before they get here.
ERRORS = {
    -1: True,  # system busy
    45009: True,  # daily API quota reached: try again later
    45011: True,  # API minute quota
    40003: False,  # invalid openid (not a follower of this account)
    43004: False,  # the user does not follow the account
    43101: False,  # the user refused this template's messages
    40037: False,  # invalid template_id
    47003: False,  # template data does not fit the template
    40013: False,  # invalid appid
    40125: False,  # invalid appsecret
    40164: False,  # the server's IP is not on the account's whitelist
}
TOKEN_ERRORS = {40001, 40014, 42001}
CONFIG_ERRORS = {40013, 40125, 40164, 40037}


def normalize_openid(value: str) -> str:
    value = (value or "").strip()
    if not OPENID.match(value):
        raise ValidationError(
            _(
                "%(value)s is not a WeChat openid (16 to 64 letters, digits, - or _, as the "
                "Official Account reports it)."
            )
            % {"value": value[:80]},
            code="openid",
        )
    return value


def statement_link(statement: Any) -> dict[str, str]:
    # The answer page itself: after login the client lands on the statement and its answer form.
    return page_link(reverse("portal:statement-detail", args=[statement.pk]))


def page_link(path: str) -> dict[str, str]:
    return {"url": settings.PORTAL_BASE_URL.rstrip("/") + path}


def message_data(template: str, params: dict[str, str]) -> dict[str, dict[str, str]]:
    if template not in TITLES:
        raise GatewayError(f"wechat: no message text for template {template!r}", code="bad_params", retryable=False)
    return {
        "first": {"value": TITLES[template]},
        "keyword1": {"value": str(params.get("number", "")) or "-"},  # an inquiry's notice has no statement number
        "keyword2": {"value": str(params.get("period", "")) or "-"},
        "remark": {"value": REMARKS.get(template, REMARK)},
    }


class ConsoleWechatBackend:
    """The embedded default: logs the message and keeps it in memory, like the SMS console."""

    name = "wechat-console"

    def __init__(self) -> None:
        self.sent: dict[str, tuple[str, str, dict]] = {}
        self._lock = threading.Lock()

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        data = message_data(template, params)
        with self._lock:
            if out_id in self.sent:
                return self.sent[out_id][0]
            provider_id = f"wechat-console-{len(self.sent) + 1}"
            self.sent[out_id] = (provider_id, phone, {"url": params.get("url", ""), "data": data})
        log.info("WeChat to %s: %s %s", phone, json.dumps(data, ensure_ascii=False), params.get("url", ""))
        return provider_id

    def lookup(self, out_id: str) -> str | None:
        with self._lock:
            found = self.sent.get(out_id)
        return found[0] if found else None


class CacheStorage(SessionStorage):
    """wechatpy's session storage on a Django cache (`default`: Redis in production, failing open), so every worker
    of the account shares one access token. A cache that is down reads as a miss: the token is fetched again."""

    def __init__(self, alias: str = "default", prefix: str = "wechatpy") -> None:
        self._alias, self._prefix = alias, prefix

    def _key(self, key: str) -> str:
        return f"{self._prefix}:{key}"

    def get(self, key: str, default: Any = None) -> Any:
        return caches[self._alias].get(self._key(key), default)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        if value is not None:
            caches[self._alias].set(self._key(key), value, ttl)

    def delete(self, key: str) -> None:
        caches[self._alias].delete(self._key(key))


class TemplateMessages(WeChatMessage):
    def send_template(
        self,
        user_id: str,
        template_id: str,
        data: dict,
        url: str | None = None,
        mini_program: dict | None = None,
        client_msg_id: str | None = None,
    ) -> Any:
        """wechatpy's `send_template` with WeChat's `client_msg_id` (wechatpy 1.8 cannot pass it)."""
        body = {
            "touser": user_id,
            "template_id": template_id,
            "url": url,
            "miniprogram": mini_program,
            "data": data,
            "client_msg_id": client_msg_id,
        }
        return self._post(
            "message/template/send", data={key: value for key, value in body.items() if value is not None}
        )


class OfficialAccountClient(WeChatClient):
    """wechatpy's client with our template call and the stable access token. `http` replaces its requests.Session
    (tests mount a fake WeChat on it as a transport adapter, so wechatpy and requests run as in production)."""

    message = TemplateMessages()

    def __init__(self, appid: str, secret: str, *, http: requests.Session | None = None, **kwargs: Any) -> None:
        super().__init__(appid, secret, **kwargs)
        if http is not None:
            self._http = http

    def fetch_access_token(self) -> dict:
        response = self._http.post(
            STABLE_TOKEN_URL,
            data=json.dumps(
                {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret, "force_refresh": False}
            ),
            headers={"Content-Type": "application/json; charset=utf-8"},
            timeout=self.timeout,
        )
        try:
            response.raise_for_status()
            result = response.json()
        except (requests.HTTPError, ValueError):
            raise WeChatClientException(None, None, client=self, request=response.request, response=response) from None
        answer = result if isinstance(result, dict) else {}
        token = answer.get("access_token")
        if not token:
            errcode = str(answer.get("errcode", ""))
            raise WeChatClientException(
                int(errcode) if errcode.lstrip("-").isdigit() else None,
                answer.get("errmsg", ""),
                client=self,
                request=response.request,
                response=response,
            )
        expires_in = str(answer.get("expires_in", ""))
        ttl = max(60, (int(expires_in) if expires_in.isdigit() else 7200) - TOKEN_MARGIN)
        self.session.set(self.access_token_key, str(token), ttl)
        self.expires_at = int(time.time()) + ttl
        return result


class OfficialAccountBackend:
    """Template messages through the Official Account API (wechatpy). `http` is a requests.Session to send through
    (tests: one with a fake WeChat mounted), `storage` wechatpy's token storage (default: the Django cache); the
    credentials default to the settings."""

    name = "wechat"

    def __init__(
        self,
        http: requests.Session | None = None,
        *,
        app_id: str | None = None,
        secret: str | None = None,
        template_id: str | None = None,
        storage: SessionStorage | None = None,
    ) -> None:
        self._app_id = app_id if app_id is not None else settings.WECHAT_APP_ID
        self._secret = secret if secret is not None else settings.WECHAT_APP_SECRET
        self._template_id = template_id if template_id is not None else settings.WECHAT_TEMPLATE_ID
        # auto_retry off: wechatpy 1.8 fetches a token and retries for as long as WeChat refuses it; `send` does once.
        self.client = OfficialAccountClient(
            self._app_id,
            self._secret,
            http=http,
            session=storage if storage is not None else CacheStorage(),
            timeout=TIMEOUT,
            auto_retry=False,
        )

    def _error(self, exc: WeChatClientException) -> GatewayError:
        if exc.errcode is None:  # an HTTP error status (or a body that is not JSON) before any errcode
            status = getattr(exc.response, "status_code", "?")
            return GatewayError(f"wechat: HTTP {status}", code="network", retryable=True)
        code = int(exc.errcode)
        return GatewayError(
            f"wechat errcode {code}: {exc.errmsg or ''}"[:300],
            code="not_configured" if code in CONFIG_ERRORS else str(code),
            retryable=ERRORS.get(code, False),
        )

    def _send_once(self, openid: str, data: dict, url: str, out_id: str, *, fresh_token: bool) -> Any:
        try:
            if fresh_token:
                self.client.fetch_access_token()
            return self.client.message.send_template(
                openid, self._template_id, data, url=url, client_msg_id=out_id[:64]
            )
        except requests.exceptions.ConnectTimeout as exc:  # never reached WeChat
            raise _network_error(exc, code="network") from exc
        except requests.exceptions.Timeout as exc:  # WeChat may have sent it
            raise _network_error(exc, code="timeout") from exc
        except requests.exceptions.RequestException as exc:
            raise _network_error(exc, code="network") from exc

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        openid = normalize_openid_or_error(phone)
        data = message_data(template, params)
        if not (self._app_id and self._secret and self._template_id):
            raise GatewayError(
                "wechat: set WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_TEMPLATE_ID",
                code="not_configured",
                retryable=False,
            )
        retried = refreshed = fresh = False
        while True:
            try:
                # WeChat sends one message per (openid, client_msg_id) within 10 minutes: the retry below after a
                # read timeout, with the same id, cannot make a second message.
                answer = self._send_once(openid, data, params.get("url", ""), out_id, fresh_token=fresh)
            except GatewayError as exc:
                if exc.code != "timeout" or retried:
                    raise
                retried = True  # a token being fetched again (fresh) is fetched again on this retry too
                continue
            except WeChatClientException as exc:
                if exc.errcode not in TOKEN_ERRORS or refreshed:
                    raise self._error(exc) from exc
                refreshed = fresh = True  # the token expired or was replaced: fetch it again, once
                continue
            if not isinstance(answer, dict):  # wechatpy hands back a response it could not decode as JSON
                status = getattr(answer, "status_code", "?")
                raise GatewayError(f"wechat: HTTP {status}, not JSON", code="network", retryable=True)
            return str(answer.get("msgid", ""))

    def lookup(self, out_id: str) -> str | None:
        return None  # WeChat cannot be asked about a message by our id: an uncertain row is left for ops


def _network_error(exc: Exception, *, code: str) -> GatewayError:
    # A connection error names the URL, whose query carries the access token: the row's error (shown to ops) must not.
    message = ACCESS_TOKEN_IN_URL.sub(r"\1***", f"wechat: {type(exc).__name__}: {exc}")
    return GatewayError(message[:300], code=code, retryable=True)


def normalize_openid_or_error(value: str) -> str:
    try:
        return normalize_openid(value)
    except ValidationError:
        raise GatewayError(f"wechat: {value[:80]!r} is not an openid", code="bad_address", retryable=False) from None


_instances: dict[str, NotifyBackend] = {}
_overrides: dict[str, NotifyBackend] = {}
_lock = threading.Lock()


def get_backend() -> NotifyBackend:
    name = settings.WECHAT_BACKEND
    if name in _overrides:
        return _overrides[name]
    with _lock:
        if name not in _instances:
            _instances[name] = ConsoleWechatBackend() if name == "console" else OfficialAccountBackend()
        return _instances[name]


def set_backend_for_tests(name: str, backend: NotifyBackend | None) -> None:
    """Swap the gateway for a fake speaking the same interface (tests only), as the SMS gateways do."""
    if backend is None:
        _overrides.pop(name, None)
    else:
        _overrides[name] = backend


def reset_backends() -> None:
    with _lock:
        _instances.clear()


CHANNEL = NotifyChannel(
    name="wechat",
    label=gettext_lazy("WeChat"),
    aliases=("wechat", "微信", "微信公众号", "weixin"),
    address_field="wechat_openid",
    normalize_address=normalize_openid,
    backend=get_backend,
    extra_params=statement_link,
    page_params=page_link,
)
