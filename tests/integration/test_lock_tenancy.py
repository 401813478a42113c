"""Another customer's request naming customer B's account, period submission, file, rule, statement or answer on
PostgreSQL: refused before any of B's rows is locked, so it never waits on (nor holds up) B's own work holding them,
as B's matching, submission for review (复核), withdrawal or answer does."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest

from core.errors import ServiceError
from tests.fixtures.tenancy import (
    ANSWERS_SERVICES,
    BOOKS_SERVICES,
    answers_calls,
    answers_of,
    answers_state,
    books_calls,
    books_of,
    books_state,
    every_role_of,
)
from tests.integration.support import InThread, eager_tasks, ensure_calendar, lock_waiters, row_locks, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Publishing B's statement renders and notifies in this process, not on a worker another test may have started."""
    with eager_tasks():
        yield


def _books(request) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    b = books_of(request.getfixturevalue("account_b"))
    held = [
        ("reconcile_bankaccount", b["account"].pk),
        ("reconcile_closereview", b["review"].pk),
        ("reconcile_import", b["import"].pk),
        ("reconcile_matchrule", b["rule"].pk),
        ("reconcile_matchrule", b["learned"].pk),
    ]
    return b, held


def _answers(request) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    ensure_calendar(dt.date(2026, 10, 9))  # the day the statements are published (the test database is emptied)
    statement = request.getfixturevalue("published")[request.getfixturevalue("customer_b").pk]
    b = answers_of(statement, request.getfixturevalue("client_b"))
    held = [
        ("reconcile_bankaccount", b["account"].pk),
        ("statements_balancestatement", b["statement"].pk),
        ("statements_confirmation", b["confirmation"].pk),
        ("statements_dispute", b["dispute"].pk),
    ]
    return b, held


@pytest.mark.parametrize("service", BOOKS_SERVICES + ANSWERS_SERVICES)
def test_another_customers_request_is_refused_without_waiting_for_the_companys_locks(request, service, customer_a):
    books = service in BOOKS_SERVICES
    b, held = _books(request) if books else _answers(request)
    call = (books_calls(b) if books else answers_calls(b))[service]
    state = books_state if books else answers_state
    other = every_role_of(customer_a, "every_role_a")
    before = state(b)
    with contextlib.ExitStack() as locks:
        for table, pk in held:  # B's rows held, each from a session of its own, as by B's own work
            locks.enter_context(row_locks(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", (pk,)))
        thread = InThread(lambda: call(other)).start()
        wait_until(
            lambda: thread.finished() or lock_waiters(), timeout=30, what="the request to end or wait for a lock"
        )
        waiting = lock_waiters()
        finished = thread.finished()
    outcome = thread.join()
    assert finished and not waiting, waiting
    assert isinstance(outcome.error, ServiceError) and outcome.error.code == "forbidden", outcome.error
    assert state(b) == before
