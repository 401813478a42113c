"""The WeChat channel: Official Account (公众号) template messages to the contact's openid, linking to the statement.

wechatpy is not in the locked requirements, so the gateway speaks WeChat's documented HTTP API through `requests`
(already locked): a stable access token (POST /cgi-bin/stable_token, shared by every process of the account, so one
worker fetching a token does not invalidate another's) and POST /cgi-bin/message/template/send. It is the same
`NotifyBackend` interface the SMS gateways implement, so quiet hours, retries and "never twice" are the outbox's.

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
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from statements.notify.base import GatewayError, NotifyBackend, NotifyChannel

log = logging.getLogger("portal.wechat")

API = "https://api.weixin.qq.com"
CONNECT_TIMEOUT, READ_TIMEOUT = 5, 15
# An openid is 28 characters for an Official Account today; WeChat documents no format, so allow a margin.
OPENID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# What the message says, by outbox template (no balance, nothing secret; the link opens the statement after login).
TITLES = {
    "statement_notice": "您的余额对账单已发出，请核对并在截止日前回复。",
    "reminder": "您的余额对账单尚未回复，距截止日还有3个工作日。",
    "last_reminder": "您的余额对账单今天到期，逾期未回复视同相符。",
    "dispute_update": "您对余额对账单提出的不符已有处理结果。",
}
REMARK = "点击查看对账单并在线回复。"

# errcode -> retryable. Token errors are refreshed once inside `send` before they get here.
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
    return {"url": settings.PORTAL_BASE_URL.rstrip("/") + reverse("portal:statement-detail", args=[statement.pk])}


def message_data(template: str, params: dict[str, str]) -> dict[str, dict[str, str]]:
    if template not in TITLES:
        raise GatewayError(f"wechat: no message text for template {template!r}", code="bad_params", retryable=False)
    return {
        "first": {"value": TITLES[template]},
        "keyword1": {"value": str(params.get("number", ""))},
        "keyword2": {"value": str(params.get("period", "")) or "-"},
        "remark": {"value": REMARK},
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


class OfficialAccountBackend:
    """Template messages through the Official Account API. `session` is a requests.Session or a fake with the same
    `post` (tests); the credentials default to the settings."""

    name = "wechat"

    def __init__(
        self,
        session: Any = None,
        *,
        app_id: str | None = None,
        secret: str | None = None,
        template_id: str | None = None,
    ) -> None:
        self._session = session if session is not None else requests.Session()
        self._app_id = app_id if app_id is not None else settings.WECHAT_APP_ID
        self._secret = secret if secret is not None else settings.WECHAT_APP_SECRET
        self._template_id = template_id if template_id is not None else settings.WECHAT_TEMPLATE_ID
        self._token: tuple[str, float] | None = None
        self._lock = threading.Lock()

    def _post(self, path: str, body: dict, *, params: dict | None = None) -> dict:
        try:
            response = self._session.post(
                f"{API}{path}",
                params=params,
                timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
        except requests.exceptions.ConnectTimeout as exc:
            raise GatewayError(f"wechat: {type(exc).__name__}: {exc}"[:300], code="network", retryable=True) from exc
        except requests.exceptions.Timeout as exc:
            raise GatewayError(f"wechat: {type(exc).__name__}: {exc}"[:300], code="timeout", retryable=True) from exc
        except requests.exceptions.RequestException as exc:
            raise GatewayError(f"wechat: {type(exc).__name__}: {exc}"[:300], code="network", retryable=True) from exc
        if response.status_code >= 500:
            raise GatewayError(f"wechat: HTTP {response.status_code}", code="network", retryable=True)
        try:
            answer = response.json()
        except ValueError:
            raise GatewayError(
                f"wechat: HTTP {response.status_code}, not JSON", code="network", retryable=True
            ) from None
        return answer if isinstance(answer, dict) else {}

    def _error(self, answer: dict) -> GatewayError:
        code = int(answer.get("errcode") or 0)
        config = code in CONFIG_ERRORS
        return GatewayError(
            f"wechat errcode {code}: {answer.get('errmsg', '')}"[:300],
            code="not_configured" if config else str(code),
            retryable=ERRORS.get(code, False),
        )

    def _access_token(self, *, fresh: bool = False) -> str:
        if not (self._app_id and self._secret and self._template_id):
            raise GatewayError(
                "wechat: set WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_TEMPLATE_ID",
                code="not_configured",
                retryable=False,
            )
        with self._lock:
            if not fresh and self._token and self._token[1] > time.monotonic():
                return self._token[0]
            answer = self._post(
                "/cgi-bin/stable_token",
                {
                    "grant_type": "client_credential",
                    "appid": self._app_id,
                    "secret": self._secret,
                    "force_refresh": False,
                },
            )
            token = answer.get("access_token")
            if not token:
                raise self._error(answer)
            # Refresh five minutes early: WeChat keeps the old token valid that long after a new one is issued.
            self._token = (str(token), time.monotonic() + max(60, int(answer.get("expires_in", 7200)) - 300))
            return self._token[0]

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        openid = normalize_openid_or_error(phone)
        body = {
            "touser": openid,
            "template_id": self._template_id,
            "url": params.get("url", ""),
            "data": message_data(template, params),
            # WeChat sends one message per (openid, client_msg_id) within 10 minutes: the retry below after a
            # read timeout, with the same id, cannot make a second message.
            "client_msg_id": out_id[:64],
        }
        retried = refreshed = fresh = False
        while True:
            try:
                answer = self._post(
                    "/cgi-bin/message/template/send", body, params={"access_token": self._access_token(fresh=fresh)}
                )
            except GatewayError as exc:
                if exc.code != "timeout" or retried:
                    raise
                retried, fresh = True, False
                continue
            code = int(answer.get("errcode") or 0)
            if code == 0:
                return str(answer.get("msgid", ""))
            if code not in TOKEN_ERRORS or refreshed:
                raise self._error(answer)
            refreshed = fresh = True  # the token expired or was replaced: fetch it again, once

    def lookup(self, out_id: str) -> str | None:
        return None  # WeChat cannot be asked about a message by our id: an uncertain row is left for ops


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
)
