"""Services that lock a company's rows (its account, its period's submission, its file, its rules) check the caller's
right first, without a lock: another customer's accountant (or reviewer) naming them is refused as before, nothing
changes, and nothing of the other company is locked, so its own work never waits on that request."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import ServiceError
from tests.fixtures.tenancy import BOOKS_SERVICES, books_calls, books_of, books_state, every_role_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def b(account_b) -> dict[str, Any]:
    return books_of(account_b)


@pytest.mark.parametrize("service", BOOKS_SERVICES)
def test_another_customers_request_is_refused_and_locks_nothing_of_the_company(service, locked, b, customer_a):
    other = every_role_of(customer_a, "every_role_a")  # only the company differs from B's own people
    before = books_state(b)
    locked.clear()  # what the data's set-up locked
    with pytest.raises(ServiceError) as refused:
        books_calls(b)[service](other)
    assert refused.value.code == "forbidden", refused.value
    assert locked == []
    assert books_state(b) == before


@pytest.mark.parametrize("service", BOOKS_SERVICES)
def test_the_companys_own_people_still_lock_the_rows(service, locked, b, customer_b):
    """A permitted caller gets past the check to the locks, as before (the results themselves are other tests')."""
    own = every_role_of(customer_b, "every_role_b")
    locked.clear()
    try:
        books_calls(b)[service](own)
    except ServiceError as exc:
        assert exc.code != "forbidden", exc
    assert locked, "nothing was locked"
