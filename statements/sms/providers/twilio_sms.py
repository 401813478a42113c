"""Twilio Programmable Messaging through the official SDK (`twilio`).

Environment:
  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN   account credentials (required)
  TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID   sender: an E.164 number or a Messaging Service
                                                       (one of them required; the service wins if both)

Twilio has no templates: the body is our approved text with the signature (`render_text`). It has no
out-id either, so `lookup` returns None (a message cannot be found again by our key).
"""

from __future__ import annotations

from dataclasses import dataclass

from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from statements.sms.base import SmsGatewayError, render_text
from statements.sms.providers._common import (
    E164,
    READ_TIMEOUT,
    LazyGateway,
    check_e164,
    network_error,
    optional_env,
    require_env,
)

# Twilio error code -> retryable. Codes not listed: retryable when the HTTP status is 429 or 5xx.
ERROR_CODES: dict[int, bool] = {
    20429: True,  # too many requests
    20500: True,  # internal server error
    20503: True,  # service unavailable
    14107: True,  # SMS send rate limit exceeded
    20003: False,  # authentication failed
    20404: False,  # resource not found (wrong account / service sid)
    21211: False,  # invalid 'To' number
    21408: False,  # permission to send to this region not enabled
    21602: False,  # message body required
    21606: False,  # 'From' is not an SMS-capable number of this account
    21608: False,  # trial account: 'To' not verified
    21610: False,  # recipient unsubscribed (replied STOP)
    21612: False,  # 'To' not reachable from this 'From'
    21614: False,  # 'To' is not a mobile number
    21617: False,  # body exceeds 1600 characters
    21659: False,  # 'From' is not a Twilio number
    21660: False,  # 'From' does not belong to this account
}


def is_retryable(code: int | None, status: int | None) -> bool:
    if code is not None and code in ERROR_CODES:
        return ERROR_CODES[code]
    return status == 429 or (status or 0) >= 500


@dataclass(frozen=True)
class TwilioConfig:
    from_number: str
    messaging_service_sid: str

    @classmethod
    def from_env(cls) -> TwilioConfig:
        service = optional_env("TWILIO_MESSAGING_SERVICE_SID")
        number = optional_env("TWILIO_FROM_NUMBER")
        if not service and not number:
            raise SmsGatewayError(
                "environment variable TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID is not set",
                code="not_configured",
                retryable=False,
            )
        if not service and not E164.match(number):
            raise SmsGatewayError(
                f"TWILIO_FROM_NUMBER {number!r} is not an E.164 number", code="not_configured", retryable=False
            )
        return cls(from_number=number, messaging_service_sid=service)


class TwilioSmsBackend(LazyGateway):
    name = "twilio"

    def _load_config(self) -> TwilioConfig:
        return TwilioConfig.from_env()

    def _make_client(self) -> Client:
        return Client(
            require_env("TWILIO_ACCOUNT_SID"),
            require_env("TWILIO_AUTH_TOKEN"),
            http_client=TwilioHttpClient(timeout=READ_TIMEOUT),
        )

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        cfg: TwilioConfig = self._config()
        try:
            body = render_text(template, params)
        except KeyError as exc:
            raise SmsGatewayError(
                f"template {template!r} needs parameter {exc}", code="bad_params", retryable=False
            ) from None
        sender = (
            {"messaging_service_sid": cfg.messaging_service_sid}
            if cfg.messaging_service_sid
            else {"from_": cfg.from_number}
        )
        client = self._client()
        try:
            message = client.messages.create(to=check_e164(phone), body=body, **sender)
        except (TwilioRestException, TwilioServiceException) as exc:
            code = exc.code if isinstance(exc.code, int) else None
            label = str(code if code is not None else exc.status)
            detail = getattr(exc, "msg", None) or getattr(exc, "detail", None) or getattr(exc, "title", "")
            raise SmsGatewayError(
                f"twilio: {label}: {detail}"[:300], code=label, retryable=is_retryable(code, exc.status)
            ) from exc
        except OSError as exc:  # requests' Timeout/ConnectionError
            raise network_error("twilio", exc) from exc
        except TwilioException as exc:
            raise SmsGatewayError(f"twilio: {exc}"[:300], code="sdk_error", retryable=False) from exc
        if not message.sid:
            raise SmsGatewayError("twilio: message created without a sid", code="bad_response", retryable=False)
        return message.sid

    def lookup(self, out_id: str) -> str | None:
        return None
