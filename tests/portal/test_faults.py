"""Faults the portal rides out without a 500: a lost database connection (retried read, 503 write), the verification
page's counter unavailable (503), a broker that cannot take a task (the request succeeds, the job waits)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerDown
from redis.exceptions import ConnectionError as RedisDown

from portal.faults import lost_database
from portal.sessions import _BoundedCopies
from reconcile.models import Import, ImportStatus
from tests.portal import fault_urls

pytestmark = pytest.mark.django_db


class _PgError(Exception):
    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _wrapped(kind, sqlstate):
    error = kind("from the database")
    error.__cause__ = _PgError(sqlstate) if sqlstate else None
    return error


@pytest.mark.parametrize(
    "error, lost",
    [
        (_wrapped(OperationalError, "57P01"), True),  # backend terminated (pg_terminate_backend, a restart)
        (_wrapped(OperationalError, "08006"), True),  # connection failure
        (_wrapped(OperationalError, None), True),  # server closed the connection unexpectedly / connection refused
        (_wrapped(InterfaceError, None), True),  # the connection is already closed
        (_wrapped(OperationalError, "55P03"), False),  # lock not available: a real error of the request
        (_wrapped(OperationalError, "57014"), False),  # statement timeout
        (IntegrityError("duplicate key"), False),
        (ValueError("not a database error"), False),
    ],
)
def test_what_counts_as_a_lost_database(error, lost):
    assert lost_database(error) is lost


@pytest.fixture
def faulty(settings):
    fault_urls.calls.clear()
    settings.ROOT_URLCONF = "tests.portal.fault_urls"
    return Client(raise_request_exception=False)


def test_a_read_that_lost_its_connection_is_tried_once_more(faulty):
    response = faulty.get("/fault/once/")
    assert response.status_code == 200 and response.content == b"once ok"
    assert fault_urls.calls["once"] == 2


def test_a_read_that_fails_twice_is_a_503_page_in_the_readers_language(faulty):
    response = faulty.get("/fault/always/")
    assert response.status_code == 503 and response["Retry-After"]
    assert fault_urls.calls["always"] == 2  # once more, not forever
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body and "无法连接数据库" in body and "Traceback" not in body
    english = faulty.get("/fault/always/", headers={"accept-language": "en"}).content.decode()
    assert "cannot reach its database" in english and "无法连接" not in english


def test_a_write_that_lost_its_connection_is_not_repeated_and_says_to_check(faulty):
    response = faulty.post("/fault/once/", headers={"accept-language": "en"})
    assert response.status_code == 503 and fault_urls.calls["once"] == 1
    assert "may not have been completed" in response.content.decode()


def test_the_api_answers_json(faulty):
    response = faulty.post("/api/v1/fault/always/", headers={"accept-language": "en"})
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "database_unavailable" and "database" in response.json()["message"]


def test_other_database_errors_stay_server_errors(faulty):
    assert faulty.get("/fault/integrity/").status_code == 500
    assert fault_urls.calls["integrity"] == 1


def test_the_balance_check_fails_closed_when_its_counter_is_unreachable(client, published, customer_a, monkeypatch):
    def down(*args, **kwargs):
        raise RedisDown("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(caches["limits"], "add", down)
    statement = published[customer_a.pk]
    url = reverse("portal:verify", args=[statement.verification_code])
    assert client.get(url).status_code == 200  # genuine or not needs no counter
    refused = client.get(url, {"balance": "1,250,000.00"}, headers={"accept-language": "en"})
    body = refused.content.decode()
    assert refused.status_code == 503 and "cannot be checked at the moment" in body
    assert "matches" not in body and "1,250,000" not in body.split("</form>")[-1]


def test_session_copies_in_the_cache_are_bounded(settings):
    settings.SESSION_CACHE_SECONDS = 300
    stored = {}

    class Cache:
        def set(self, key, value, timeout=None):
            stored[key] = timeout

    copies = _BoundedCopies(Cache())
    copies.set("a", {}, 8 * 3600)
    copies.set("b", {}, 60)
    copies.set("c", {})
    assert stored == {"a": 300, "b": 60, "c": 300}


def test_an_upload_is_received_when_the_broker_is_down(
    client, accountant_a, account_a, monkeypatch, django_capture_on_commit_callbacks
):
    from config.celery import app
    from reconcile.tasks import import_process_task

    def refused(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    app.conf.task_always_eager = False  # as in production; the autouse _celery_mode fixture restores it
    monkeypatch.setattr(import_process_task, "apply_async", refused)
    client.force_login(accountant_a)
    csv = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,130000.00\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("oct.csv", csv.encode()), "account": account_a.number},
        )
    record = Import.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:import-detail", args=[record.pk])
    assert record.status == ImportStatus.PENDING  # waits for the job watchdog


def test_an_api_upload_is_accepted_when_the_broker_is_down(
    accountant_a, account_a, monkeypatch, django_capture_on_commit_callbacks
):
    # The API starts the job through the same service as the page (reconcile.services.imports.import_start).
    from rest_framework.test import APIClient

    from config.celery import app
    from reconcile.tasks import import_process_task

    def refused(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    app.conf.task_always_eager = False  # as in production; the autouse _celery_mode fixture restores it
    monkeypatch.setattr(import_process_task, "apply_async", refused)
    api = APIClient()
    api.force_authenticate(accountant_a)
    csv = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,130000.00\n"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api.post(
            reverse("api:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("oct.csv", csv.encode()), "account": account_a.number},
            format="multipart",
        )
    record = Import.objects.get()
    assert len(callbacks) == 1  # the task was asked for once, after the commit
    assert response.status_code == 202 and response.json()["id"] == record.pk
    assert response.json()["status"] == record.status == ImportStatus.PENDING  # waits for the job watchdog


def test_the_cache_outage_is_logged_one_line_per_error(caplog):
    import logging

    from config.logging import OneLine

    logger = logging.getLogger("portal.cache.test")
    logger.addFilter(OneLine())
    try:
        raise RedisDown("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
    except RedisDown:
        with caplog.at_level(logging.ERROR, logger="portal.cache.test"):
            logger.exception("Exception ignored")
    (record,) = caplog.records
    assert record.exc_info is None and "Connection refused" in record.getMessage()
    assert record.getMessage().startswith("Exception ignored: ConnectionError: Error 111")
