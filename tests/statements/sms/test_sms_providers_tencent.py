"""Tencent Cloud SMS: the SendSms request we build, the SerialNo we return, request-level and per-number
error mapping.

The gateway is replaced by a fake SmsClient that records the SDK request models and answers with SDK
response models (deserialized as the SDK does) or raises the SDK's TencentCloudSDKException; a few tests
run the real SmsClient against a loopback stub instead.
"""

from __future__ import annotations

import json

import pytest
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models as sms_models
from tencentcloud.sms.v20210111.sms_client import SmsClient

from statements.sms.backends import SmsGatewayError
from statements.sms.providers import tencent_sms
from statements.sms.providers.tencent_sms import TencentSmsBackend

PARAMS = {"period": "2026年9月", "number": "BC202609-000123"}  # the portal link is fixed in the approved text
KEY = "statement_notice:41:v1"
PHONE = "+8613812345678"
SERIAL = "2433:338999140316171300000015"


def status_response(code: str = "Ok", message: str = "send success", serial: str = SERIAL, count: int = 1):
    response = sms_models.SendSmsResponse()
    response._deserialize(
        {
            "SendStatusSet": [
                {
                    "SerialNo": serial if code == "Ok" else "",
                    "PhoneNumber": PHONE,
                    "Fee": 1 if code == "Ok" else 0,
                    "SessionContext": KEY,
                    "Code": code,
                    "Message": message,
                    "IsoCode": "CN",
                }
            ]
            * count,
            "RequestId": "a0aabda6-cf91-4f3e-a81f-9198114a2279",
        }
    )
    return response


class FakeSmsClient:
    """Stands in for tencentcloud.sms.v20210111.sms_client.SmsClient."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.sent: list[sms_models.SendSmsRequest] = []

    def SendSms(self, request):  # noqa: N802 - the SDK's name
        self.sent.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def send(backend, *, phone=PHONE, template="statement_notice", params=PARAMS, out_id=KEY):
    return backend.send(phone=phone, template=template, params=params, out_id=out_id)


# --- the request ---------------------------------------------------------------------------------------


def test_send_passes_app_sign_template_ordered_params_and_session_context(tencent_env):
    fake = FakeSmsClient(status_response())
    assert send(TencentSmsBackend(fake)) == SERIAL
    [request] = fake.sent
    assert request.PhoneNumberSet == ["+8613812345678"]  # E.164 with +86
    assert request.SmsSdkAppId == "1400006666"
    assert request.SignName == "某某银行"
    assert request.TemplateId == "1110"
    assert request.TemplateParamSet == ["2026年9月", "BC202609-000123"]  # {1}, {2} of the approved text
    assert request.SessionContext == KEY
    # and that is what the SDK puts on the wire
    assert json.loads(json.dumps(request._serialize(), ensure_ascii=False)) == {
        "PhoneNumberSet": ["+8613812345678"],
        "SmsSdkAppId": "1400006666",
        "TemplateId": "1110",
        "SignName": "某某银行",
        "TemplateParamSet": ["2026年9月", "BC202609-000123"],
        "SessionContext": KEY,
    }


@pytest.mark.parametrize(
    ("template", "params", "template_id", "ordered"),
    [
        ("statement_notice", {"number": "BC0", "period": "2026年9月"}, "1110", ["2026年9月", "BC0"]),
        ("reminder", {"number": "BC1"}, "1111", ["BC1"]),
        ("last_reminder", {"number": "BC2"}, "1112", ["BC2"]),
        ("dispute_update", {"number": "BC3"}, "1113", ["BC3"]),
    ],
)
def test_params_follow_the_order_of_the_approved_text_not_of_the_dict(
    tencent_env, template, params, template_id, ordered
):
    fake = FakeSmsClient(status_response())
    send(TencentSmsBackend(fake), template=template, params=params)
    assert (fake.sent[0].TemplateId, fake.sent[0].TemplateParamSet) == (template_id, ordered)


def test_an_explicit_param_order_wins(tencent_env, monkeypatch):
    monkeypatch.setenv(
        "TENCENT_SMS_TEMPLATES", json.dumps({"statement_notice": {"id": 2001, "params": ["number", "period"]}})
    )
    fake = FakeSmsClient(status_response())
    send(TencentSmsBackend(fake))
    assert (fake.sent[0].TemplateId, fake.sent[0].TemplateParamSet) == ("2001", ["BC202609-000123", "2026年9月"])


def test_sign_name_defaults_to_the_portal_signature(tencent_env, monkeypatch, settings):
    monkeypatch.delenv("TENCENT_SMS_SIGN_NAME")
    settings.SMS_SIGNATURE = "对账中心"
    fake = FakeSmsClient(status_response())
    send(TencentSmsBackend(fake))
    assert fake.sent[0].SignName == "对账中心"


@pytest.mark.parametrize("phone", ["13812345678", "8613812345678", "+86-13812345678"])
def test_a_phone_not_in_e164_form_is_refused_before_the_gateway(tencent_env, phone):
    fake = FakeSmsClient()
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(fake), phone=phone)
    assert (caught.value.code, caught.value.retryable) == ("bad_phone", False)
    assert fake.sent == []


def test_a_missing_template_param_is_permanent(tencent_env):
    fake = FakeSmsClient()
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(fake), params={"number": "BC1"})
    assert (caught.value.code, caught.value.retryable) == ("bad_params", False)
    assert "period" in str(caught.value)
    assert fake.sent == []


# --- error mapping -----------------------------------------------------------------------------------

EXPECTED = [
    ("LimitExceeded.PhoneNumberThirtySecondLimit", True),
    ("LimitExceeded.PhoneNumberOneHourLimit", True),
    ("LimitExceeded.PhoneNumberDailyLimit", True),
    ("LimitExceeded.DeliveryFrequencyLimit", True),
    ("LimitExceeded.AppDailyLimit", True),
    ("InternalError.Timeout", True),
    ("InternalError.SendAndRecvFail", True),
    ("InternalError.OtherError", True),
    ("RequestLimitExceeded", True),
    ("RequestLimitExceeded.UinLimitExceeded", True),
    ("InvalidParameterValue.IncorrectPhoneNumber", False),
    ("InvalidParameterValue.TemplateParameterLengthLimit", False),
    ("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", False),
    ("InvalidParameter.DirtyWordFound", False),
    ("FailedOperation.SignatureIncorrectOrUnapproved", False),
    ("FailedOperation.TemplateIncorrectOrUnapproved", False),
    ("FailedOperation.PhoneNumberInBlacklist", False),
    ("FailedOperation.InsufficientBalanceInSmsPackage", False),
    ("UnauthorizedOperation.RequestIpNotInWhitelist", False),
    ("UnauthorizedOperation.SdkAppIdIsDisabled", False),
    ("UnauthorizedOperation.ServiceSuspendDueToArrears", False),
    ("UnsupportedOperation.UnsupportedRegion", False),
    ("MissingParameter.EmptyPhoneNumberSet", False),
    ("AuthFailure.SecretIdNotFound", False),
    ("LimitExceeded.PhoneNumberCountLimit", False),  # > 200 numbers: waiting does not help
    ("InternalError.RequestTimeException", False),  # our clock is off
    ("SomethingNew.Unknown", False),
]


@pytest.mark.parametrize(("code", "retryable"), EXPECTED)
def test_request_level_error_codes(tencent_env, code, retryable):
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(FakeSmsClient(TencentCloudSDKException(code, "refused", "req-1"))))
    assert (caught.value.code, caught.value.retryable) == (code, retryable)


@pytest.mark.parametrize(("code", "retryable"), EXPECTED)
def test_per_number_status_codes(tencent_env, code, retryable):
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(FakeSmsClient(status_response(code=code, message="refused"))))
    assert (caught.value.code, caught.value.retryable) == (code, retryable)


@pytest.mark.parametrize(("code", "retryable"), sorted(tencent_sms.ERROR_CODES.items()))
def test_every_table_code_keeps_its_flag_through_send(tencent_env, code, retryable):
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(FakeSmsClient(status_response(code=code))))
    assert caught.value.retryable is retryable


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (
            TencentCloudSDKException(
                "ClientNetworkError",
                "HTTPSConnectionPool(host='sms.tencentcloudapi.com', port=443): Read timed out. (read timeout=15)",
            ),
            "timeout",
        ),
        (
            TencentCloudSDKException(
                "ClientNetworkError",
                "HTTPSConnectionPool(host='sms.tencentcloudapi.com', port=443): "
                "Max retries exceeded (Caused by NewConnectionError('[Errno 111] Connection refused'))",
            ),
            "network",
        ),
        (TencentCloudSDKException("ServerNetworkError", b"<html>502 Bad Gateway</html>"), "ServerNetworkError"),
        (ConnectionResetError(104, "Connection reset by peer"), "network"),
    ],
)
def test_timeouts_and_connection_errors_are_retryable(tencent_env, exc, code):
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(FakeSmsClient(exc)))
    assert (caught.value.code, caught.value.retryable) == (code, True)


@pytest.mark.parametrize("count", [0, 2])
def test_a_status_set_not_of_one_entry_is_a_bad_response(tencent_env, count):
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(FakeSmsClient(status_response(count=count))))
    assert (caught.value.code, caught.value.retryable) == ("bad_response", False)


def test_lookup_cannot_tell(tencent_env):
    assert TencentSmsBackend(FakeSmsClient()).lookup(KEY) is None


# --- configuration -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "var", ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENT_SMS_SDK_APP_ID", "TENCENT_SMS_TEMPLATES"]
)
def test_a_missing_variable_is_not_configured_and_named(tencent_env, monkeypatch, var):
    monkeypatch.delenv(var)
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend())
    assert (caught.value.code, caught.value.retryable) == ("not_configured", False)
    assert var in str(caught.value)


def test_the_real_client_is_built_from_the_environment(tencent_env, monkeypatch):
    monkeypatch.setenv("TENCENT_SMS_REGION", "ap-beijing")
    client = TencentSmsBackend()._client()
    assert isinstance(client, SmsClient)
    assert client.region == "ap-beijing"
    assert client.credential.secretId == "AKID-test"


# --- the real SDK client against a loopback stand-in ---------------------------------------------------


def real_client(port: int) -> SmsClient:
    profile = ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=f"127.0.0.1:{port}", reqTimeout=1))
    return SmsClient(credential.Credential("AKID-test", "test-key"), "ap-guangzhou", profile)


def test_real_sdk_sends_the_fields_and_reads_the_serial_no(tencent_env, gateway_stub):
    gateway_stub.replies.append(
        (
            200,
            {
                "Response": {
                    "SendStatusSet": [
                        {
                            "SerialNo": SERIAL,
                            "PhoneNumber": PHONE,
                            "Fee": 1,
                            "SessionContext": KEY,
                            "Code": "Ok",
                            "Message": "send success",
                            "IsoCode": "CN",
                        }
                    ],
                    "RequestId": "r-1",
                }
            },
        )
    )
    assert send(TencentSmsBackend(real_client(gateway_stub.port))) == SERIAL
    [seen] = gateway_stub.requests
    assert {k.lower(): v for k, v in seen["headers"].items()}["x-tc-action"] == "SendSms"
    assert json.loads(seen["body"]) == {
        "PhoneNumberSet": [PHONE],
        "SmsSdkAppId": "1400006666",
        "TemplateId": "1110",
        "SignName": "某某银行",
        "TemplateParamSet": ["2026年9月", "BC202609-000123"],
        "SessionContext": KEY,
    }


@pytest.mark.parametrize(
    ("code", "retryable"),
    [("LimitExceeded.PhoneNumberDailyLimit", True), ("FailedOperation.SignatureIncorrectOrUnapproved", False)],
)
def test_real_sdk_error_answers(tencent_env, gateway_stub, code, retryable):
    gateway_stub.replies.append((200, {"Response": {"Error": {"Code": code, "Message": "m"}, "RequestId": "r-2"}}))
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(real_client(gateway_stub.port)))
    assert (caught.value.code, caught.value.retryable) == (code, retryable)


def test_real_sdk_read_timeout_is_retryable(tencent_env, silent_port):
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(real_client(silent_port)))
    assert (caught.value.code, caught.value.retryable) == ("timeout", True)


def test_real_sdk_refused_connection_is_retryable(tencent_env, closed_port):
    with pytest.raises(SmsGatewayError) as caught:
        send(TencentSmsBackend(real_client(closed_port)))
    assert (caught.value.code, caught.value.retryable) == ("network", True)
