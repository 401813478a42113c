"""Tencent Cloud SMS (腾讯云短信, API 2021-01-11) through the official SDK (tencentcloud-sdk-python-sms).

Environment:
  TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY   CAM API key (required)
  TENCENT_SMS_SDK_APP_ID   SmsSdkAppId of the SMS application, e.g. 1400006666 (required)
  TENCENT_SMS_TEMPLATES    JSON: our template name -> TemplateId, e.g. {"statement_notice": "1110", ...};
                           a value may also be {"id": "1110", "params": ["period", "number"]} giving the
                           params sent, in the template's {1},{2},... order (required). Without "params",
                           the placeholders of our approved text (TEMPLATE_TEXTS) in order of appearance.
  TENCENT_SMS_SIGN_NAME    approved signature (optional; default settings.SMS_SIGNATURE)
  TENCENT_SMS_REGION       API region (optional; default ap-guangzhou)

A request-level failure is raised by the SDK as TencentCloudSDKException (transport failures too, as
ClientNetworkError); a per-number failure comes back in SendStatusSet with Code != "Ok".

Lookup returns None: the only status query by number (PullSmsSendStatusByPhoneNumber) carries our
SessionContext only after Tencent enables it for the account, and only once the carrier's receipt is in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models as sms_models
from tencentcloud.sms.v20210111.sms_client import SmsClient

from statements.sms.base import SmsGatewayError
from statements.sms.providers._common import (
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
DEFAULT_REGION = "ap-guangzhou"

# Error code -> retryable; the same codes come as exception codes and as per-number SendStatus codes.
ERROR_CODES: dict[str, bool] = {
    # the SDK's own transport failures, and API rate limiting
    "ClientNetworkError": True,
    "ServerNetworkError": True,
    "RequestLimitExceeded": True,
    # LimitExceeded.* is frequency control (retryable, by prefix) except these, which no wait fixes
    "LimitExceeded.PhoneNumberCountLimit": False,  # > 200 numbers in one request
    "LimitExceeded.AppCountryOrRegionInBlacklist": False,  # destination region barred in the console
    # InternalError.* is transient (by prefix) except these, which are about our request or clock
    "InternalError.RequestTimeException": False,  # host clock off by > 10 minutes
    "InternalError.RestApiInterfaceNotExist": False,
    "InternalError.SigFieldMissing": False,
    "InternalError.SigVerificationFail": False,
    "InternalError.JsonParseFail": False,
    # named permanent ones (also covered by their prefixes; listed as the common cases)
    "FailedOperation.SignatureIncorrectOrUnapproved": False,
    "FailedOperation.TemplateIncorrectOrUnapproved": False,
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate": False,
    "FailedOperation.PhoneNumberInBlacklist": False,  # unsubscribed / carrier do-not-disturb
    "FailedOperation.PhoneNumberParseFail": False,
    "FailedOperation.ContainSensitiveWord": False,
    "FailedOperation.InsufficientBalanceInSmsPackage": False,
    "InvalidParameterValue.IncorrectPhoneNumber": False,
    "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter": False,
    "InvalidParameterValue.TemplateParameterLengthLimit": False,
    "InvalidParameterValue.SdkAppIdNotExist": False,
    "UnauthorizedOperation.SmsSdkAppIdVerifyFail": False,
    "UnauthorizedOperation.ServiceSuspendDueToArrears": False,
    "UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone": False,
}
ERROR_PREFIXES: tuple[tuple[str, bool], ...] = (
    ("LimitExceeded", True),
    ("RequestLimitExceeded", True),
    ("InternalError", True),
    ("InvalidParameter", False),  # and InvalidParameterValue.*
    ("MissingParameter", False),
    ("FailedOperation", False),
    ("UnauthorizedOperation", False),
    ("UnsupportedOperation", False),
    ("AuthFailure", False),
)


def is_retryable(code: str) -> bool:
    return classify(code, ERROR_CODES, ERROR_PREFIXES, False)


@dataclass(frozen=True)
class TencentConfig:
    app_id: str
    sign_name: str
    templates: dict[str, TemplateSpec]
    region: str

    @classmethod
    def from_env(cls) -> TencentConfig:
        return cls(
            app_id=require_env("TENCENT_SMS_SDK_APP_ID"),
            sign_name=optional_env("TENCENT_SMS_SIGN_NAME", settings.SMS_SIGNATURE),
            templates=load_templates("TENCENT_SMS_TEMPLATES"),
            region=optional_env("TENCENT_SMS_REGION", DEFAULT_REGION),
        )


class TencentSmsBackend(LazyGateway):
    name = "tencent"

    def _load_config(self) -> TencentConfig:
        return TencentConfig.from_env()

    def _make_client(self) -> SmsClient:
        cred = credential.Credential(require_env("TENCENTCLOUD_SECRET_ID"), require_env("TENCENTCLOUD_SECRET_KEY"))
        profile = ClientProfile(httpProfile=HttpProfile(reqTimeout=READ_TIMEOUT))
        return SmsClient(cred, self._config().region, profile)

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        cfg: TencentConfig = self._config()
        spec = template_spec(cfg.templates, template, "TENCENT_SMS_TEMPLATES")
        values = param_values(template, spec.names(template), params)
        request = sms_models.SendSmsRequest()
        request.PhoneNumberSet = [check_e164(phone)]  # E.164, +86...
        request.SmsSdkAppId = cfg.app_id
        request.SignName = cfg.sign_name
        request.TemplateId = spec.id
        request.TemplateParamSet = [value for _, value in values]
        request.SessionContext = out_id
        client = self._client()
        try:
            response = client.SendSms(request)
        except TencentCloudSDKException as exc:
            code = str(exc.get_code() or "TencentCloudSDKException")
            if code == "ClientNetworkError":
                raise network_error("tencent", exc) from exc
            raise SmsGatewayError(
                f"tencent: {code}: {exc.get_message()}"[:300], code=code, retryable=is_retryable(code)
            ) from exc
        except OSError as exc:
            raise network_error("tencent", exc) from exc
        statuses = response.SendStatusSet or []
        if len(statuses) != 1:
            raise SmsGatewayError(
                f"tencent: SendSms answered {len(statuses)} statuses for one number",
                code="bad_response",
                retryable=False,
            )
        status = statuses[0]
        if status.Code != "Ok":
            code = str(status.Code or "bad_response")
            raise SmsGatewayError(f"tencent: {code}: {status.Message}"[:300], code=code, retryable=is_retryable(code))
        if not status.SerialNo:
            raise SmsGatewayError(
                "tencent: SendSms answered Ok without a SerialNo", code="bad_response", retryable=False
            )
        return status.SerialNo

    def lookup(self, out_id: str) -> str | None:
        return None
