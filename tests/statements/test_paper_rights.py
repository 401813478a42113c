"""Printing a paper batch and recording its posting are bank operations' work, and the services checked no actor (the
ops page checked the role before calling them). They now refuse a company user and bank staff signed in with a
password only where the second factor is required, before locking the statements or the batch."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.errors import ServiceError
from statements.models import BalanceStatement, PaperBatch, StatementStatus
from statements.services.paper import paper_batch_create, paper_batch_mark_posted
from tests.fixtures.tenancy import every_role_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))
PRINTED_AT = dt.datetime(2026, 10, 9, 10, tzinfo=CST)


def _password_only(user):
    from django_otp.middleware import OTPMiddleware

    OTPMiddleware._init_user_fields(user)  # what a request's user is before the authenticator code
    return user


@pytest.fixture
def printed(paper_published):
    with time_machine.travel(PRINTED_AT, tick=False):
        return paper_batch_create(actor=None)


def _refused(call, locked, expected: str) -> None:
    locked.clear()
    with time_machine.travel(PRINTED_AT, tick=False), pytest.raises(ServiceError) as refused:
        call()
    assert refused.value.code == "forbidden"
    assert refused.value.message == expected
    assert locked == []


@pytest.fixture(params=["company user", "password only"])
def refused_actor(request, customer_b, ops, settings):
    if request.param == "company user":  # every company role, of the paper statement's own company
        return every_role_of(customer_b, "every_role_b"), "Only bank operations may do this."
    settings.BANK_STAFF_REQUIRE_2FA = True
    return _password_only(ops), "Confirm the login with your authenticator app in the browser first."


def test_printing_a_batch_is_refused(paper_published, refused_actor, locked):
    actor, message = refused_actor
    _refused(lambda: paper_batch_create(actor=actor), locked, message)
    assert not PaperBatch.objects.exists()
    assert BalanceStatement.objects.get(pk=paper_published.pk).paper_batch_id is None


def test_recording_the_posting_is_refused(printed, paper_published, refused_actor, locked):
    actor, message = refused_actor
    posted = lambda: paper_batch_mark_posted(actor=actor, batch_id=printed.pk, posted_on=dt.date(2026, 10, 9))  # noqa: E731
    _refused(posted, locked, message)
    statement = BalanceStatement.objects.get(pk=paper_published.pk)
    assert (statement.status, statement.dispatched_at) == (StatementStatus.PUBLISHED, None)


def test_bank_operations_with_the_second_factor_print_and_post(paper_published, ops, settings, locked):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.BANK_STAFF_REQUIRE_2FA = True
    ops = _password_only(ops)
    ops.otp_device = TOTPDevice.objects.create(user=ops, name="phone", confirmed=True)
    with time_machine.travel(PRINTED_AT, tick=False):
        batch = paper_batch_create(actor=ops)
        assert paper_batch_mark_posted(actor=ops, batch_id=batch.pk, posted_on=dt.date(2026, 10, 9)) == 1
    assert BalanceStatement.objects.get(pk=paper_published.pk).status == StatementStatus.DISPATCHED
    assert "BalanceStatement" in locked
