"""Answers, approvals, prepared answers, change requests and non-receipt inquiries lock the statement (or the account)
only after the caller's right is checked without a lock: another customer's user naming customer B's statement,
answer or account is refused as before, nothing changes, and nothing of B is locked, so B's own answer never waits
on that request."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import ServiceError
from tests.fixtures.tenancy import ANSWERS_SERVICES, answers_calls, answers_of, answers_state, every_role_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def b(published, customer_b, client_b) -> dict[str, Any]:
    return answers_of(published[customer_b.pk], client_b)


@pytest.mark.parametrize("service", ANSWERS_SERVICES)
def test_another_customers_request_is_refused_and_locks_nothing_of_the_company(service, locked, b, customer_a):
    other = every_role_of(customer_a, "every_role_a")  # only the company differs from B's own people
    before = answers_state(b)
    locked.clear()  # what the data's set-up locked
    with pytest.raises(ServiceError) as refused:
        answers_calls(b)[service](other)
    assert refused.value.code == "forbidden", refused.value
    assert locked == []
    assert answers_state(b) == before


@pytest.mark.parametrize("service", ANSWERS_SERVICES)
def test_the_companys_own_people_still_lock_the_rows(service, locked, b, customer_b):
    """A permitted caller gets past the check to the locks, as before (the results themselves are other tests')."""
    own = every_role_of(customer_b, "every_role_b")
    locked.clear()
    try:
        answers_calls(b)[service](own)
    except ServiceError as exc:
        assert exc.code != "forbidden", exc
    assert locked, "nothing was locked"
