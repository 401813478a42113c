"""Alibaba Cloud SMS (阿里云短信服务, Dysmsapi 2017-05-25) through the official SDK.

Environment:
  ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET   RAM user's AccessKey (required)
  ALIYUN_SMS_TEMPLATES   JSON: our template name -> TemplateCode, e.g. {"statement_notice": "SMS_123", ...};
                         a value may also be {"id": "SMS_123", "params": ["period", "number"]} to send only
                         those params (e.g. when the portal URL is fixed in the approved text) (required)
  ALIYUN_SMS_SIGN_NAME   approved signature (optional; default settings.SMS_SIGNATURE)
  ALIYUN_SMS_ENDPOINT    API endpoint (optional; default dysmsapi.aliyuncs.com)

SendSms answers business errors (isv.*) with HTTP 200 and `Code` != "OK" in the body; gateway-level
errors (credentials, throttling, 5xx) are raised by the SDK as ClientException/ThrottlingException/
ServerException; transport errors come wrapped in darabonba's UnretryableException.

Lookup: QuerySendDetails is keyed by phone number + send date (yyyyMMdd, last 30 days) and lists OutId
but not BizId. `lookup(out_id)` therefore finds the outbox row for the out-id (phone, created date), scans
those days for a record with our OutId, and on a match returns "out:<OutId>" as the provider id (the
message exists at the gateway; its BizId cannot be had this way). On any query error it returns None.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from alibabacloud_dysmsapi20170525 import models as sms_models
from alibabacloud_dysmsapi20170525.client import Client as DysmsClient
from alibabacloud_tea_openapi import exceptions as openapi_exceptions
from alibabacloud_tea_openapi import utils_models as openapi_models
from darabonba.exceptions import RetryError, UnretryableException
from django.conf import settings
from Tea.exceptions import TeaException

from statements.sms.base import SmsGatewayError
from statements.sms.providers._common import (
    CONNECT_TIMEOUT,
    READ_TIMEOUT,
    LazyGateway,
    TemplateSpec,
    check_e164,
    classify,
    load_templates,
    network_error,
    optional_env,
    param_values,
    require_env,
    template_spec,
)

log = logging.getLogger("portal.sms")
SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_ENDPOINT = "dysmsapi.aliyuncs.com"
QUERY_DAYS = 30  # QuerySendDetails keeps the last 30 days
QUERY_PAGE_SIZE = 50  # its maximum

# Error code -> retryable. Body codes of SendSms and codes of the SDK's exceptions share the table.
ERROR_CODES: dict[str, bool] = {
    # transient: flow control, gateway/system faults
    "isv.BUSINESS_LIMIT_CONTROL": True,  # per-number minute/hour/day flow control
    "isp.SYSTEM_ERROR": True,
    "isp.GATEWAY_ERROR": True,
    "isp.UNKNOWN": True,
    "isv.DATA_NOT_EXIST": True,  # "data does not exist, try again later"
    "Throttling": True,
    "Throttling.User": True,
    "Throttling.Api": True,
    "Throttling.System": True,
    "ServiceUnavailable": True,
    "InternalError": True,
    "SignatureNonceUsed": True,  # a retry signs with a fresh nonce
    # permanent: the number, the template, the signature, the params, the account
    "isv.MOBILE_NUMBER_ILLEGAL": False,
    "isv.MOBILE_COUNT_OVER_LIMIT": False,
    "isv.TEMPLATE_MISSING_PARAMETERS": False,
    "isv.TEMPLATE_PARAMS_ILLEGAL": False,
    "isv.SMS_TEMPLATE_ILLEGAL": False,
    "isv.SMS_SIGNATURE_ILLEGAL": False,
    "isv.SMS_SIGN_NAME_ILLEGAL": False,
    "isv.SMS_SIGNATURE_SCENE_ILLEGAL": False,
    "isv.SIGN_STATE_ILLEGAL": False,
    "isv.INVALID_PARAMETERS": False,
    "isv.INVALID_JSON_PARAM": False,
    "isv.PARAM_LENGTH_LIMIT": False,
    "isv.PARAM_NOT_SUPPORT_URL": False,
    "isv.BLACK_KEY_CONTROL_LIMIT": False,
    "isv.DOMESTIC_NUMBER_NOT_SUPPORTED": False,
    "isv.DENY_IP_RANGE": False,
    "isv.EXTEND_CODE_ERROR": False,
    "isv.DAY_LIMIT_CONTROL": False,  # account's own daily cap set in the console
    "isv.MONTH_LIMIT_CONTROL": False,
    "isv.OUT_OF_SERVICE": False,  # suspended: balance
    "isv.AMOUNT_NOT_ENOUGH": False,
    "isv.PRODUCT_UN_SUBSCRIPT": False,
    "isv.PRODUCT_UNSUBSCRIBE": False,
    "isv.ACCOUNT_NOT_EXISTS": False,
    "isv.ACCOUNT_ABNORMAL": False,
    "isp.RAM_PERMISSION_DENY": False,
    "InvalidAccessKeyId.NotFound": False,
    "InvalidAccessKeyId.Inactive": False,
    "SignatureDoesNotMatch": False,
    "IncompleteSignature": False,
    "InvalidTimeStamp.Expired": False,  # the host clock is off
    "Forbidden.RAM": False,
    "MissingParameter": False,
}
ERROR_PREFIXES: tuple[tuple[str, bool], ...] = (
    ("Throttling", True),
    ("isp.", True),
    ("isv.", False),
    ("InvalidAccessKeyId", False),
    ("Forbidden", False),
    ("Invalid", False),
    ("Missing", False),
)


def is_retryable(code: str, *, default: bool = False) -> bool:
    return classify(code, ERROR_CODES, ERROR_PREFIXES, default)


def aliyun_phone(phone: str) -> str:
    """Aliyun wants the 11-digit form for the mainland, country code + number (no '+') elsewhere."""
    e164 = check_e164(phone)
    if e164.startswith("+86"):
        national = e164[3:]
        if len(national) != 11:
            raise SmsGatewayError(
                f"phone number {phone!r} is not an 11-digit mainland mobile", code="bad_phone", retryable=False
            )
        return national
    return e164[1:]


@dataclass(frozen=True)
class AliyunConfig:
    sign_name: str
    templates: dict[str, TemplateSpec]
    endpoint: str

    @classmethod
    def from_env(cls) -> AliyunConfig:
        return cls(
            sign_name=optional_env("ALIYUN_SMS_SIGN_NAME", settings.SMS_SIGNATURE),
            templates=load_templates("ALIYUN_SMS_TEMPLATES"),
            endpoint=optional_env("ALIYUN_SMS_ENDPOINT", DEFAULT_ENDPOINT),
        )


def outbox_message(out_id: str) -> tuple[str, dt.date] | None:
    """Phone and Beijing creation date of the outbox row with this key (our out-id)."""
    from statements.models import SmsMessage

    row = SmsMessage.objects.filter(key=out_id).values_list("phone", "created_at").first()
    if row is None:
        return None
    return row[0], row[1].astimezone(SHANGHAI).date()


def _error_from_exception(exc: Exception) -> SmsGatewayError:
    if isinstance(exc, UnretryableException):  # anything raised under the SDK's retry loop, wrapped
        inner = getattr(exc, "inner_exception", None)
        if isinstance(inner, (RetryError, OSError)):  # the transport's failure (timeout, refused, reset)
            return network_error("aliyun", inner)
        return SmsGatewayError(f"aliyun: {type(inner).__name__}: {inner}"[:300], code="sdk_error", retryable=False)
    if isinstance(exc, OSError):  # requests' Timeout/ConnectionError, socket errors
        return network_error("aliyun", exc)
    code = str(getattr(exc, "code", "") or "")
    message = getattr(exc, "message", "") or str(exc)
    if isinstance(exc, openapi_exceptions.ThrottlingException):
        retryable = True
    else:
        status = getattr(exc, "status_code", None) or 0
        retryable = is_retryable(code, default=isinstance(status, int) and status >= 500)
    return SmsGatewayError(
        f"aliyun: {code or type(exc).__name__}: {message}"[:300], code=code or "sdk_error", retryable=retryable
    )


class AliyunSmsBackend(LazyGateway):
    name = "aliyun"

    def __init__(
        self,
        client: object | None = None,
        *,
        message_resolver: Callable[[str], tuple[str, dt.date] | None] = outbox_message,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        super().__init__(client)
        self._resolve = message_resolver
        self._today = today or (lambda: dt.datetime.now(SHANGHAI).date())

    def _load_config(self) -> AliyunConfig:
        return AliyunConfig.from_env()

    def _make_client(self) -> DysmsClient:
        config = openapi_models.Config(
            access_key_id=require_env("ALIBABA_CLOUD_ACCESS_KEY_ID"),
            access_key_secret=require_env("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
            endpoint=self._config().endpoint,
            connect_timeout=CONNECT_TIMEOUT * 1000,  # milliseconds
            read_timeout=READ_TIMEOUT * 1000,
        )
        return DysmsClient(config)

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        cfg: AliyunConfig = self._config()
        spec = template_spec(cfg.templates, template, "ALIYUN_SMS_TEMPLATES")
        values = param_values(template, spec.names(template), params)
        request = sms_models.SendSmsRequest(
            phone_numbers=aliyun_phone(phone),
            sign_name=cfg.sign_name,
            template_code=spec.id,
            template_param=json.dumps(dict(values), ensure_ascii=False, separators=(",", ":")) if values else None,
            out_id=out_id,
        )
        client = self._client()
        try:
            response = client.send_sms(request)
        except (TeaException, OSError) as exc:
            raise _error_from_exception(exc) from exc
        body = getattr(response, "body", None)
        code = getattr(body, "code", None)
        if code != "OK":
            if not code:
                raise SmsGatewayError("aliyun: SendSms answered without a Code", code="bad_response", retryable=False)
            raise SmsGatewayError(f"aliyun: {code}: {body.message}"[:300], code=code, retryable=is_retryable(code))
        if not body.biz_id:
            raise SmsGatewayError("aliyun: SendSms answered OK without a BizId", code="bad_response", retryable=False)
        return body.biz_id

    def lookup(self, out_id: str) -> str | None:
        found = self._resolve(out_id)
        if found is None:
            return None
        phone, since = found
        number = aliyun_phone(phone)
        client = self._client()
        today = self._today()
        day = today
        oldest = max(since, today - dt.timedelta(days=QUERY_DAYS - 1))
        while day >= oldest:
            page = 1
            while True:
                request = sms_models.QuerySendDetailsRequest(
                    phone_number=number, send_date=day.strftime("%Y%m%d"), page_size=QUERY_PAGE_SIZE, current_page=page
                )
                try:
                    response = client.query_send_details(request)
                except (TeaException, OSError) as exc:
                    log.warning("aliyun QuerySendDetails failed for %s: %s", out_id, _error_from_exception(exc))
                    return None
                body = response.body
                if body.code != "OK":
                    log.warning("aliyun QuerySendDetails failed for %s: %s %s", out_id, body.code, body.message)
                    return None
                dtos = body.sms_send_detail_dtos.sms_send_detail_dto if body.sms_send_detail_dtos else []
                for detail in dtos or []:
                    if detail.out_id == out_id:
                        return f"out:{out_id}"
                if not dtos or page * QUERY_PAGE_SIZE >= int(body.total_count or 0):
                    break
                page += 1
            day -= dt.timedelta(days=1)
        return None
