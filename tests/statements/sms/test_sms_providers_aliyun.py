"""Alibaba Cloud SMS: the SendSms request we build, the BizId we return, the error mapping, lookup.

The gateway is replaced by a fake Dysmsapi client that records the SDK request objects and answers with
SDK response models (built the way the SDK builds them, `from_map`) or raises the SDK's own exception
classes; a few tests run the real SDK client against a loopback stub instead.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from alibabacloud_dysmsapi20170525 import models as sms_models
from alibabacloud_dysmsapi20170525.client import Client as DysmsClient
from alibabacloud_tea_openapi import utils_models as openapi_models
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException
from darabonba.exceptions import RetryError, UnretryableException
from darabonba.policy.retry import RetryPolicyContext

from statements.sms.backends import SmsGatewayError
from statements.sms.providers import aliyun_sms
from statements.sms.providers.aliyun_sms import AliyunSmsBackend

PARAMS = {"period": "2026年9月", "number": "BC202609-000123"}  # the portal link is fixed in the approved text
KEY = "statement_notice:41:v1"
PHONE = "+8613812345678"
BIZ_ID = "900619746936498440^0"


def ok_response(biz_id: str = BIZ_ID) -> sms_models.SendSmsResponse:
    return sms_models.SendSmsResponse().from_map(
        {
            "statusCode": 200,
            "headers": {},
            "body": {
                "Code": "OK",
                "Message": "OK",
                "BizId": biz_id,
                "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990",
            },
        }
    )


def code_response(code: str, message: str = "refused") -> sms_models.SendSmsResponse:
    return sms_models.SendSmsResponse().from_map(
        {
            "statusCode": 200,
            "headers": {},
            "body": {"Code": code, "Message": message, "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE991"},
        }
    )


def details_response(out_ids: list[str], total: int | None = None, code: str = "OK"):
    dtos = [
        {
            "PhoneNum": "13812345678",
            "SendStatus": 3,
            "ErrCode": "DELIVERED",
            "TemplateCode": "SMS_123",
            "Content": "【某某银行】...",
            "SendDate": "2026-10-12 10:00:01",
            "ReceiveDate": "2026-10-12 10:00:07",
            "OutId": out_id,
        }
        for out_id in out_ids
    ]
    return sms_models.QuerySendDetailsResponse().from_map(
        {
            "statusCode": 200,
            "headers": {},
            "body": {
                "Code": code,
                "Message": "OK",
                "RequestId": "R",
                "TotalCount": len(out_ids) if total is None else total,
                "SmsSendDetailDTOs": {"SmsSendDetailDTO": dtos},
            },
        }
    )


class FakeDysms:
    """Stands in for alibabacloud_dysmsapi20170525.client.Client: records requests, replays answers."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.sent: list[sms_models.SendSmsRequest] = []
        self.queried: list[sms_models.QuerySendDetailsRequest] = []

    def _next(self):
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def send_sms(self, request):
        self.sent.append(request)
        return self._next()

    def query_send_details(self, request):
        self.queried.append(request)
        return self._next()


def send(backend, *, phone=PHONE, template="statement_notice", params=PARAMS, out_id=KEY):
    return backend.send(phone=phone, template=template, params=params, out_id=out_id)


# --- the request ---------------------------------------------------------------------------------------


def test_send_passes_sign_template_params_and_out_id_and_returns_the_biz_id(aliyun_env):
    fake = FakeDysms(ok_response())
    assert send(AliyunSmsBackend(fake)) == BIZ_ID
    [request] = fake.sent
    assert request.phone_numbers == "13812345678"  # 11-digit domestic form
    assert request.sign_name == "某某银行"
    assert request.template_code == "SMS_123"
    assert request.template_param == '{"period":"2026年9月","number":"BC202609-000123"}'
    assert request.out_id == KEY


def test_each_template_uses_its_own_code(aliyun_env):
    fake = FakeDysms(ok_response("1^0"))
    send(AliyunSmsBackend(fake), template="reminder", params={"number": "BC1"})
    assert fake.sent[0].template_code == "SMS_456"
    assert json.loads(fake.sent[0].template_param) == {"number": "BC1"}


def test_sign_name_defaults_to_the_portal_signature(aliyun_env, monkeypatch, settings):
    monkeypatch.delenv("ALIYUN_SMS_SIGN_NAME")
    settings.SMS_SIGNATURE = "对账中心"
    fake = FakeDysms(ok_response())
    send(AliyunSmsBackend(fake))
    assert fake.sent[0].sign_name == "对账中心"


def test_a_template_with_an_explicit_param_list_sends_only_those_params(aliyun_env, monkeypatch):
    monkeypatch.setenv(
        "ALIYUN_SMS_TEMPLATES", json.dumps({"statement_notice": {"id": "SMS_900", "params": ["number"]}})
    )
    fake = FakeDysms(ok_response())
    send(AliyunSmsBackend(fake))
    assert fake.sent[0].template_code == "SMS_900"
    assert fake.sent[0].template_param == '{"number":"BC202609-000123"}'


def test_a_param_the_template_does_not_name_is_not_sent(aliyun_env):
    # A row queued before the link moved into the approved text still carries a url param: Aliyun would refuse
    # it (isv.PARAM_NOT_SUPPORT_URL), so only the template's own placeholders go out.
    fake = FakeDysms(ok_response())
    send(AliyunSmsBackend(fake), params={**PARAMS, "url": "https://portal.example.cn/statements/"})
    assert fake.sent[0].template_param == '{"period":"2026年9月","number":"BC202609-000123"}'


def test_param_values_are_sent_as_json_strings(aliyun_env):
    fake = FakeDysms(ok_response())
    send(AliyunSmsBackend(fake), template="reminder", params={"number": 12345})
    assert fake.sent[0].template_param == '{"number":"12345"}'


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("+8613812345678", "13812345678"),
        ("+8619912345678", "19912345678"),
        ("+85261234567", "85261234567"),  # outside the mainland: country code + number, no '+'
    ],
)
def test_phone_format(aliyun_env, phone, expected):
    fake = FakeDysms(ok_response())
    send(AliyunSmsBackend(fake), phone=phone)
    assert fake.sent[0].phone_numbers == expected


@pytest.mark.parametrize("phone", ["13812345678", "+86138123456", "+86 138 1234 5678", ""])
def test_a_phone_not_in_e164_form_is_refused_before_the_gateway(aliyun_env, phone):
    fake = FakeDysms()
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(fake), phone=phone)
    assert (caught.value.code, caught.value.retryable) == ("bad_phone", False)
    assert fake.sent == []


def test_a_missing_template_param_is_permanent(aliyun_env):
    fake = FakeDysms()
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(fake), params={"period": "2026年9月"})
    assert (caught.value.code, caught.value.retryable) == ("bad_params", False)
    assert "number" in str(caught.value)
    assert fake.sent == []


# --- error mapping -----------------------------------------------------------------------------------

EXPECTED = [
    ("isv.BUSINESS_LIMIT_CONTROL", True),
    ("isp.SYSTEM_ERROR", True),
    ("isp.GATEWAY_ERROR", True),
    ("Throttling.User", True),
    ("isv.MOBILE_NUMBER_ILLEGAL", False),
    ("isv.TEMPLATE_MISSING_PARAMETERS", False),
    ("isv.SMS_TEMPLATE_ILLEGAL", False),
    ("isv.SMS_SIGNATURE_ILLEGAL", False),
    ("isv.INVALID_JSON_PARAM", False),
    ("isv.PARAM_NOT_SUPPORT_URL", False),
    ("isv.OUT_OF_SERVICE", False),
    ("isv.AMOUNT_NOT_ENOUGH", False),
    ("isp.RAM_PERMISSION_DENY", False),
    ("isv.SOME_FUTURE_CODE", False),  # unknown isv.*: a problem with our request or account
    ("isp.SOME_FUTURE_CODE", True),  # unknown isp.*: the platform's side
]


@pytest.mark.parametrize(("code", "retryable"), EXPECTED)
def test_body_error_codes(aliyun_env, code, retryable):
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(FakeDysms(code_response(code))))
    assert (caught.value.code, caught.value.retryable) == (code, retryable)


@pytest.mark.parametrize(("code", "retryable"), sorted(aliyun_sms.ERROR_CODES.items()))
def test_every_table_code_keeps_its_flag_through_send(aliyun_env, code, retryable):
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(FakeDysms(code_response(code))))
    assert (caught.value.code, caught.value.retryable) == (code, retryable)


@pytest.mark.parametrize(
    ("exc", "code", "retryable"),
    [
        (
            ThrottlingException(status_code=400, code="Throttling", message="too fast", retry_after=1000),
            "Throttling",
            True,
        ),
        (
            ClientException(status_code=400, code="Throttling.User", message="user flow control"),
            "Throttling.User",
            True,
        ),
        (ServerException(status_code=503, code="ServiceUnavailable", message="busy"), "ServiceUnavailable", True),
        (ServerException(status_code=500, code="SomethingBroke", message="?"), "SomethingBroke", True),  # any 5xx
        (
            ClientException(status_code=404, code="InvalidAccessKeyId.NotFound", message="no key"),
            "InvalidAccessKeyId.NotFound",
            False,
        ),
        (
            ClientException(status_code=400, code="SignatureDoesNotMatch", message="bad secret"),
            "SignatureDoesNotMatch",
            False,
        ),
        (
            ClientException(status_code=400, code="isv.SMS_TEMPLATE_ILLEGAL", message="template"),
            "isv.SMS_TEMPLATE_ILLEGAL",
            False,
        ),
        (ClientException(status_code=400, code="SomethingNew", message="?"), "SomethingNew", False),
    ],
)
def test_sdk_exceptions(aliyun_env, exc, code, retryable):
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(FakeDysms(exc)))
    assert (caught.value.code, caught.value.retryable) == (code, retryable)


def _wrapped(inner: BaseException) -> UnretryableException:
    return UnretryableException(RetryPolicyContext(retries_attempted=1, exception=inner))


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (
            _wrapped(
                RetryError(
                    "HTTPSConnectionPool(host='dysmsapi.aliyuncs.com', port=443): Read timed out. (read timeout=15.0)"
                )
            ),
            "timeout",
        ),
        (
            _wrapped(
                RetryError(
                    "HTTPSConnectionPool(host='dysmsapi.aliyuncs.com', port=443): Max retries exceeded "
                    "(Caused by NewConnectionError('Connection refused'))"
                )
            ),
            "network",
        ),
        (requests.exceptions.ConnectTimeout("connect timed out"), "network"),  # never reached the gateway
        (requests.exceptions.ConnectionError("connection reset by peer"), "network"),
    ],
)
def test_timeouts_and_connection_errors_are_retryable(aliyun_env, exc, code):
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(FakeDysms(exc)))
    assert (caught.value.code, caught.value.retryable) == (code, True)


def test_a_non_transport_failure_inside_the_sdk_is_permanent(aliyun_env):
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(FakeDysms(_wrapped(ValueError("Expecting value: line 1 column 1")))))
    assert (caught.value.code, caught.value.retryable) == ("sdk_error", False)


def test_ok_without_biz_id_is_not_taken_as_sent(aliyun_env):
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(FakeDysms(ok_response(biz_id=""))))
    assert (caught.value.code, caught.value.retryable) == ("bad_response", False)


# --- configuration -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "var", ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIYUN_SMS_TEMPLATES"]
)
def test_a_missing_variable_is_not_configured_and_named(aliyun_env, monkeypatch, var):
    monkeypatch.delenv(var)
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend())  # no client given: the real one is built from the environment
    assert (caught.value.code, caught.value.retryable) == ("not_configured", False)
    assert var in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        "{not json",
        '["SMS_1"]',
        '{"statement_notice": ""}',
        '{"welcome": "SMS_1"}',
        '{"statement_notice": {"id": "SMS_1", "params": "period"}}',
    ],
)
def test_a_malformed_template_map_is_not_configured(aliyun_env, monkeypatch, value):
    monkeypatch.setenv("ALIYUN_SMS_TEMPLATES", value)
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(FakeDysms()))
    assert (caught.value.code, caught.value.retryable) == ("not_configured", False)
    assert "ALIYUN_SMS_TEMPLATES" in str(caught.value)


def test_a_template_without_a_code_is_not_configured(aliyun_env, monkeypatch):
    monkeypatch.setenv("ALIYUN_SMS_TEMPLATES", '{"reminder": "SMS_456"}')
    fake = FakeDysms()
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(fake), template="dispute_update", params={"number": "BC1"})
    assert (caught.value.code, caught.value.retryable) == ("not_configured", False)
    assert "dispute_update" in str(caught.value) and "ALIYUN_SMS_TEMPLATES" in str(caught.value)
    assert fake.sent == []


def test_the_real_client_is_built_from_the_environment(aliyun_env, monkeypatch):
    monkeypatch.setenv("ALIYUN_SMS_ENDPOINT", "dysmsapi.ap-southeast-1.aliyuncs.com")
    client = AliyunSmsBackend()._client()
    assert isinstance(client, DysmsClient)
    assert client._endpoint == "dysmsapi.ap-southeast-1.aliyuncs.com"


# --- the real SDK client against a loopback stand-in ---------------------------------------------------


def real_client(port: int) -> DysmsClient:
    return DysmsClient(
        openapi_models.Config(
            access_key_id="id",
            access_key_secret="secret",
            endpoint=f"127.0.0.1:{port}",
            protocol="http",
            connect_timeout=1000,
            read_timeout=1000,
        )
    )


def test_real_sdk_sends_the_query_fields_and_reads_the_biz_id(aliyun_env, gateway_stub):
    gateway_stub.replies.append((200, {"Code": "OK", "Message": "OK", "BizId": BIZ_ID, "RequestId": "R1"}))
    assert send(AliyunSmsBackend(real_client(gateway_stub.port))) == BIZ_ID
    query = parse_qs(urlsplit(gateway_stub.requests[0]["path"]).query)
    headers = {k.lower(): v for k, v in gateway_stub.requests[0]["headers"].items()}
    assert (headers["x-acs-action"], headers["x-acs-version"]) == ("SendSms", "2017-05-25")
    assert query["PhoneNumbers"] == ["13812345678"]
    assert query["SignName"] == ["某某银行"]
    assert query["TemplateCode"] == ["SMS_123"]
    assert json.loads(query["TemplateParam"][0]) == {"period": "2026年9月", "number": "BC202609-000123"}
    assert query["OutId"] == [KEY]


@pytest.mark.parametrize(
    ("status", "code", "retryable"),
    [
        (200, "isv.BUSINESS_LIMIT_CONTROL", True),  # business codes come in an HTTP 200 body
        (200, "isv.MOBILE_NUMBER_ILLEGAL", False),
        (400, "Throttling.User", True),  # gateway codes come as HTTP errors, raised by the SDK
        (503, "ServiceUnavailable", True),
        (404, "InvalidAccessKeyId.NotFound", False),
    ],
)
def test_real_sdk_error_answers(aliyun_env, gateway_stub, status, code, retryable):
    gateway_stub.replies.append((status, {"Code": code, "Message": "m", "RequestId": "R2"}))
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(real_client(gateway_stub.port)))
    assert (caught.value.code, caught.value.retryable) == (code, retryable)


def test_real_sdk_read_timeout_is_retryable(aliyun_env, silent_port):
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(real_client(silent_port)))
    assert (caught.value.code, caught.value.retryable) == ("timeout", True)


def test_real_sdk_refused_connection_is_retryable(aliyun_env, closed_port):
    with pytest.raises(SmsGatewayError) as caught:
        send(AliyunSmsBackend(real_client(closed_port)))
    assert (caught.value.code, caught.value.retryable) == ("network", True)


# --- lookup --------------------------------------------------------------------------------------------

TODAY = dt.date(2026, 10, 12)


def lookup_backend(fake, found=(PHONE, dt.date(2026, 10, 11))):
    return AliyunSmsBackend(fake, message_resolver=lambda out_id: found if out_id == KEY else None, today=lambda: TODAY)


def test_lookup_finds_the_out_id_by_phone_and_date(aliyun_env):
    fake = FakeDysms(details_response(["other:1:v1"]), details_response(["other:2:v1", KEY]))
    assert lookup_backend(fake).lookup(KEY) == f"out:{KEY}"
    assert [(q.phone_number, q.send_date, q.page_size, q.current_page) for q in fake.queried] == [
        ("13812345678", "20261012", 50, 1),
        ("13812345678", "20261011", 50, 1),
    ]


def test_lookup_pages_through_a_busy_day(aliyun_env):
    fake = FakeDysms(details_response([f"o:{i}" for i in range(50)], total=51), details_response([KEY], total=51))
    backend = lookup_backend(fake, found=(PHONE, TODAY))
    assert backend.lookup(KEY) == f"out:{KEY}"
    assert [q.current_page for q in fake.queried] == [1, 2]


def test_lookup_not_found_returns_none_after_the_days_since_creation(aliyun_env):
    fake = FakeDysms(details_response([]), details_response(["o:1"]), details_response([]))
    assert lookup_backend(fake, found=(PHONE, dt.date(2026, 10, 10))).lookup(KEY) is None
    assert [q.send_date for q in fake.queried] == ["20261012", "20261011", "20261010"]


def test_lookup_looks_back_30_days_at_most(aliyun_env):
    fake = FakeDysms(*[details_response([]) for _ in range(30)])
    assert lookup_backend(fake, found=(PHONE, dt.date(2026, 1, 1))).lookup(KEY) is None
    assert len(fake.queried) == 30
    assert fake.queried[-1].send_date == "20260913"


def test_lookup_of_an_unknown_out_id_asks_nothing(aliyun_env):
    fake = FakeDysms()
    assert lookup_backend(fake).lookup("no-such-key") is None
    assert fake.queried == []


@pytest.mark.parametrize(
    "answer",
    [
        details_response([], code="isv.BUSINESS_LIMIT_CONTROL"),
        ClientException(status_code=400, code="Throttling.User", message="slow down"),
        _wrapped(RetryError("Read timed out.")),
    ],
)
def test_lookup_returns_none_when_the_gateway_cannot_tell(aliyun_env, answer):
    assert lookup_backend(FakeDysms(answer)).lookup(KEY) is None


@pytest.mark.django_db
def test_lookup_resolves_the_out_id_from_the_outbox(aliyun_env):
    from django.utils import timezone

    from statements.models import SmsMessage

    SmsMessage.objects.create(
        key=KEY, template="statement_notice", params=PARAMS, phone=PHONE, not_before=timezone.now()
    )
    phone, created = aliyun_sms.outbox_message(KEY)
    assert phone == PHONE
    assert created == timezone.now().astimezone(aliyun_sms.SHANGHAI).date()
    assert aliyun_sms.outbox_message("missing") is None
