"""Log lines: JSON in production with time, level, logger, request id, user and customer; the request id comes
from a sane X-Request-ID or is made, goes back in the response and into the tasks the request starts; phone
numbers, balances and secrets are masked."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from types import SimpleNamespace

import pytest
from django.test import Client

from config.observability import logging_config, mask
from system import logging as request_logging

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw, masked",
    [
        ("SMS to 13812345678 sent", "SMS to 138****5678 sent"),
        ("mobile +86 138 1234 5678", "mobile 138****5678"),
        ("mobile 0086-13812345678.", "mobile 138****5678."),
        ("US +1 415 555 2671 called", "US +1****2671 called"),
        ("balance 1,250,000.00 CNY", "balance ***.** CNY"),
        ("book balance -80000.00;", "book balance ***.**;"),
        ("amount=30000.00", "amount=***.**"),
        ("password=hunter2 next", "password=*** next"),
        ('{"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"}', '{"token": "***"}'),
        ("Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "Authorization: Token ***"),
        ("header Bearer abcdefghijklmnop", "header Bearer ***"),
        ("postgres://portal:s3cret@db:5432/portal", "postgres://portal:***@db:5432/portal"),
        ("SECRET_KEY = 'abc123xyz'", "SECRET_KEY = '***'"),
        # Chinese text runs into the digits without a space (CJK characters are word characters to ``\w``).
        ("短信发送至13812345678失败", "短信发送至138****5678失败"),
        ("手机号13812345678已变更", "手机号138****5678已变更"),
        ("期末余额1250000.00元", "期末余额***.**元"),
        ("余额1,250,000.00，账面余额-80000.00。", "余额***.**，账面余额***.**。"),
    ],
)
def test_mask_hides_phones_balances_and_secrets(raw, masked):
    assert mask(raw) == masked


@pytest.mark.parametrize(
    "text",
    [
        "period 2026-10-31 import 42 statement 202609-00000001",
        "took 1.5 s, version 5.2.19, host 10.20.30.40:6379",
        "credit code 91310000MA1FL8XQ30, account 31050161373600001234",
        "对账单202609-00000001已发布，账号31050161373600001234，版本5.2.19",
    ],
)
def test_mask_leaves_dates_ids_and_versions(text):
    assert mask(text) == text


@pytest.fixture
def captured():
    """The product's handler (formatter and filters from LOGGING) on the loggers under test, writing to a buffer."""

    def attach(fmt: str, *names: str) -> io.StringIO:
        stream = io.StringIO()
        config = logging_config(fmt=fmt, level="INFO")
        config["handlers"]["console"]["stream"] = stream
        config.pop("root")
        config["loggers"] = {
            name: {**config["loggers"].get(name, {}), "handlers": ["console"], "level": "INFO", "propagate": False}
            for name in names
        }
        logging.config.dictConfig(config)
        loggers.extend(names)
        return stream

    loggers: list[str] = []
    yield attach
    for name in loggers:
        logger = logging.getLogger(name)
        logger.handlers, logger.filters, logger.propagate = [], [], True
        logger.setLevel(logging.NOTSET)


def test_json_lines_carry_time_level_logger_request_user_and_customer(captured, client_a):
    stream = captured("json", "django.request")
    client = Client()
    client.force_login(client_a)
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_X_REQUEST_ID="req-2026-abcdef12")
    assert response.status_code == 403 and response["X-Request-ID"] == "req-2026-abcdef12"
    record = json.loads(stream.getvalue().splitlines()[-1])
    assert record["level"] == "WARNING" and record["logger"] == "django.request"
    assert record["message"] == f"Forbidden: GET /metrics user={client_a.pk} reason=-"
    assert record["time"].startswith("20") and "T" in record["time"]
    assert record["request_id"] == "req-2026-abcdef12"
    assert record["user_id"] == client_a.pk and record["customer_id"] == client_a.customer_id


def test_plain_lines_are_readable_and_masked(captured):
    stream = captured("plain", "portal.test")
    logging.getLogger("portal.test").warning("SMS to %s for balance %s", "13812345678", "1,250,000.00")
    line = stream.getvalue().strip()
    assert line.endswith("WARNING portal.test [- u=- c=-] SMS to 138****5678 for balance ***.**")


def test_exceptions_in_logs_are_masked_too(captured):
    stream = captured("json", "portal.test")
    try:
        raise ValueError("mobile 13812345678 has book balance 1,198,500.00")
    except ValueError:
        logging.getLogger("portal.test").exception("answer refused")
    record = json.loads(stream.getvalue())
    assert "13812345678" not in stream.getvalue() and "1,198,500.00" not in stream.getvalue()
    assert "138****5678" in record["exc_info"] and "ValueError" in record["exc_info"]


@pytest.mark.parametrize(
    "incoming",
    ["", "short", "has space in it", "x" * 65, "bad\nnewline-injected", "<script>alert(1)</script>", "'; DROP TABLE--"],
)
def test_a_missing_or_insane_request_id_is_replaced(incoming):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID=incoming)
    rid = response["X-Request-ID"]
    assert rid != incoming and len(rid) == 32 and int(rid, 16) >= 0


def test_tasks_started_by_a_request_log_under_its_id():
    headers: dict = {}
    token = request_logging.request_id.set("req-from-the-browser-1")
    try:
        request_logging._publish_headers(headers=headers)
    finally:
        request_logging.request_id.reset(token)
    assert headers[request_logging.TASK_HEADER] == "req-from-the-browser-1"
    # In the worker: the task runs under the request's id and the ids it carried, then the worker forgets them.
    task = SimpleNamespace(
        request=SimpleNamespace(
            headers=None, portal_request_id="req-from-the-browser-1", portal_user_id=7, portal_customer_id=3
        )
    )
    request_logging._task_started(task_id="t-1", task=task)
    assert request_logging.request_id.get() == "req-from-the-browser-1"
    assert request_logging.current_ids() == (7, 3)
    request_logging._task_finished(task_id="t-1")
    assert request_logging.request_id.get() is None and request_logging.current_ids() == (None, None)
    # Work beat started has no request: its lines carry the task id.
    request_logging._task_started(task_id="t-2", task=SimpleNamespace(request=SimpleNamespace(headers={})))
    assert request_logging.request_id.get() == "task-t-2"
    request_logging._task_finished(task_id="t-2")


def test_production_logs_are_json_by_default():
    from tests.config.test_env import PROD_ENV, _manage

    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.LOG_FORMAT, settings.LOGGING['formatters']['main']['()'])",
        env=PROD_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["json", "pythonjsonlogger.json.JsonFormatter"]


def test_a_bad_host_header_is_one_warning_line_without_a_traceback():
    """Django logs a Host not in ALLOWED_HOSTS at ERROR with the whole traceback: scanners filled the error log."""
    stream = io.StringIO()
    config = logging_config(fmt="json", level="INFO")
    config["handlers"]["console"]["stream"] = stream
    config.pop("root")
    config["loggers"] = {
        "django.security.DisallowedHost": {
            **config["loggers"]["django.security.DisallowedHost"],
            "handlers": ["console"],
            "propagate": False,
        }
    }
    logging.config.dictConfig(config)
    logger = logging.getLogger("django.security.DisallowedHost")
    try:
        response = Client().get("/accounts/login/", HTTP_HOST="evil.example.com")
    finally:
        logger.handlers, logger.filters, logger.propagate = [], [], True
    assert response.status_code == 400
    (line,) = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["level"] == "WARNING" and record["logger"] == "django.security.DisallowedHost"
    assert "evil.example.com" in record["message"]
    assert "exc_info" not in record and "Traceback" not in line


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_refused_page_is_one_line_without_a_traceback(captured, client_a):
    """A role check raising PermissionDenied: Django logged it with the whole traceback."""
    stream = captured("json", "django.request")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(client_a)
    response = client.get("/ops/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    (record,) = _lines(stream)
    assert record["level"] == "WARNING" and "exc_info" not in record
    assert record["message"].startswith(f"Forbidden: GET /ops/ user={client_a.pk} reason=")
    assert "needs one of these roles" in record["message"] and "Traceback" not in stream.getvalue()


def test_a_password_only_bank_officer_refused_by_the_api_is_one_line(captured, ops):
    stream = captured("json", "django.request")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(ops)
    response = client.get("/api/v1/imports/push/")  # a session, no token: the API refuses (or names the method)
    assert response.status_code in (403, 405)
    for record in _lines(stream):
        assert "exc_info" not in record and "\n" not in record["message"]


def test_a_hostile_path_and_reason_stay_on_one_line(captured, client_a):
    """A path Django decoded (%0A, a direction override) and a reason quoting it: escaped, one line."""
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    stream = captured("plain", "django.request")
    request = RequestFactory().get("/ops/")
    request.path, request.user = "/ops/\nfake line\u202e=1+1/", client_a
    try:
        raise PermissionDenied("refused\r\nsecond line")
    except PermissionDenied:
        logging.getLogger("django.request").warning(
            "Forbidden (Permission denied): %s", request.path, extra={"status_code": 403, "request": request},
            exc_info=True,
        )  # fmt: skip
    text = stream.getvalue()
    assert text.count("\n") == 1 and "\u202e" not in text and "Traceback" not in text
    assert (
        f"Forbidden: GET /ops/\\x0afake line\ufffd=1+1/ user={client_a.pk} reason=refused\\x0d\\x0asecond line" in text
    )


def test_other_records_of_django_request_pass_as_they_are(captured):
    stream = captured("json", "django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("django.request").error("Internal Server Error: %s", "/x", exc_info=True)
    (record,) = _lines(stream)
    assert record["message"] == "Internal Server Error: /x" and "RuntimeError" in record["exc_info"]
