"""Persona fixtures and the run-mode switches shared by the whole suite.

Two customers whose users must never see each other's data, a bank operations user and an
accountant. Tests marked `integration` run against PostgreSQL, Redis and a real Celery worker
(started here as a separate process); without those services they are skipped in `make test`
and FAIL under `.ci/run`, which sets PORTAL_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import os

import pytest

from portal.models import Role
from tests.factories import BankAccountFactory, CustomerFactory, make_user

REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"

pytest_plugins = [
    "tests.fixtures.statements",
    "tests.fixtures.books",
    "tests.fixtures.tenancy",
    "tests.fixtures.groups",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: the API's rate counters, the verification page's balance checks (the
    `limits` cache) and anything else cached are per test."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the product's default language (zh-hans). A request through the test client activates its
    language in the thread and leaves it there, so without this a test's messages would be in whatever language the
    previous test's last request spoke."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def customer_a(db):
    return CustomerFactory(legal_name="上海恒瑞贸易有限公司")


@pytest.fixture
def customer_b(db):
    return CustomerFactory(legal_name="北京中科信达科技有限公司")


@pytest.fixture
def account_a(customer_a):
    return BankAccountFactory(customer=customer_a, number="31050161373600001234")


@pytest.fixture
def account_b(customer_b):
    return BankAccountFactory(customer=customer_b, number="11050162880000003456")


@pytest.fixture
def client_a(customer_a):
    return make_user("client_a", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER], customer_a)


@pytest.fixture
def client_b(customer_b):
    return make_user("client_b", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER], customer_b)


@pytest.fixture
def accountant_a(customer_a):
    return make_user("accountant_a", [Role.ACCOUNTANT], customer_a)


@pytest.fixture
def ops(db):
    return make_user("ops_user", [Role.BANK_OPS])


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Unit tests run tasks eagerly; integration tests send them to the real worker."""
    from config.celery import app

    eager = request.node.get_closest_marker("integration") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    if not eager:
        # Celery's "inside a task" flag is a process global that eager runs set and restore; two threads
        # running eager tasks at once (a live server beside the test, or racing service calls) can leave it
        # stuck on, after which any result.get() in this process refuses. A test that waits on the real
        # worker starts from a clean flag.
        from celery._state import _set_task_join_will_block

        _set_task_join_will_block(False)
    yield
    app.conf.task_always_eager = previous


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    db_engine = settings.DATABASES["default"]["ENGINE"]
    has_services = "postgresql" in db_engine and bool(settings.CELERY_BROKER_URL)
    if has_services or REQUIRE_SERVICES:
        return
    reason = (
        "integration test: needs PostgreSQL + Redis + a Celery worker; "
        "run .ci/run (sets DATABASE_URL and CELERY_BROKER_URL)"
    )
    for item in items:
        if item.get_closest_marker("integration"):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def english():
    """Run a test's messages in English (the product defaults to Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
