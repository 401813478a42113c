"""Answers, approvals, prepared answers, change requests and non-receipt inquiries lock the statement (or the account)
only after the caller's right is checked without a lock: another customer's user naming customer B's statement,
answer or account is refused as before, nothing changes, and nothing of B is locked, so B's own answer never waits
on that request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import ServiceError
from core.roles import Role
from statements.models import (
    AgreementChangeRequest,
    AnswerChallenge,
    AnswerDraft,
    BalanceStatement,
    Confirmation,
    ConfirmationStatus,
    Decision,
    NonReceiptInquiry,
)
from statements.services import confirmations
from statements.services.answer_codes import answer_challenge_start
from statements.services.answer_drafts import answer_draft_prepare
from statements.services.answer_review import review_challenge_start
from statements.services.change_requests import change_request_submit
from statements.services.confirmations import confirmation_review, confirmation_submit
from statements.services.reminders import inquiry_raise
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
NOW = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def locked(monkeypatch) -> list[str]:
    """The models whose rows the code under test selects for update, in order (SQLite takes no row locks to see)."""
    locked = []
    select_for_update = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locked.append(self.model.__name__)
        return select_for_update(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    # The answers lock the statement through a query compiled once per process, which the spy above may never see.
    first = confirmations._LOCKED.first

    def prepared(*args, **kwargs):
        locked.append("BalanceStatement")
        return first(*args, **kwargs)

    monkeypatch.setattr(confirmations._LOCKED, "first", prepared)
    return locked


@pytest.fixture
def b(published, customer_b, account_b, client_b) -> dict[str, Any]:
    """Customer B's statement, and an answer to it awaiting B's second confirmer."""
    statement = published[customer_b.pk]
    confirmation = Confirmation.objects.create(
        statement=statement,
        decision=Decision.AGREE,
        submitted_by=client_b,
        status=ConfirmationStatus.AWAITING_APPROVAL,
        submitted_at=timezone.now(),
    )
    return {"account": account_b, "statement": statement, "confirmation": confirmation}


@pytest.fixture
def other(customer_a):
    """Customer A's user with every company role and a mobile: only the company differs from B's own people."""
    user = make_user("all_roles_a", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER, Role.ACCOUNTANT], customer_a)
    user.mobile = "13812340000"
    user.save(update_fields=["mobile"])
    return user


def _calls(b: dict[str, Any]) -> dict[str, Callable[[Any], Any]]:
    statement, confirmation = b["statement"], b["confirmation"]
    return {
        "confirmation_submit": lambda actor: confirmation_submit(
            actor=actor, statement_id=statement.pk, decision="agree", now=NOW
        ),
        "answer_challenge_start": lambda actor: answer_challenge_start(
            actor=actor, statement_id=statement.pk, decision="agree", now=NOW
        ),
        "confirmation_review": lambda actor: confirmation_review(
            actor=actor, confirmation_id=confirmation.pk, approve=True, now=NOW
        ),
        "review_challenge_start": lambda actor: review_challenge_start(
            actor=actor, confirmation_id=confirmation.pk, now=NOW
        ),
        "answer_draft_prepare": lambda actor: answer_draft_prepare(actor=actor, statement_id=statement.pk),
        "change_request_submit": lambda actor: change_request_submit(
            actor=actor,
            account_id=b["account"].pk,
            contact_name="张伟",
            mobile="139 0000 1111",
            address="上海市",
            channel="website",
        ),
        "inquiry_raise": lambda actor: inquiry_raise(actor=actor, account_id=b["account"].pk, period="2026-09"),
    }


SERVICES = sorted(_calls({"statement": None, "confirmation": None}))


def _state(b: dict[str, Any]) -> tuple:
    return (
        BalanceStatement.objects.get(pk=b["statement"].pk).status,
        list(Confirmation.objects.values_list("pk", "status")),
        AnswerChallenge.objects.count(),
        AnswerDraft.objects.count(),
        AgreementChangeRequest.objects.count(),
        NonReceiptInquiry.objects.count(),
    )


@pytest.mark.parametrize("service", SERVICES)
def test_another_customers_request_is_refused_and_locks_nothing_of_the_company(service, locked, b, other):
    before = _state(b)
    locked.clear()  # what the data's set-up locked
    with pytest.raises(ServiceError) as refused:
        _calls(b)[service](other)
    assert refused.value.code == "forbidden", refused.value
    assert str(b["statement"].account.customer) in refused.value.message or service in (
        "change_request_submit",
        "inquiry_raise",
    )
    assert locked == []
    assert _state(b) == before


@pytest.mark.parametrize("service", SERVICES)
def test_the_companys_own_people_still_lock_the_rows(service, locked, b, customer_b):
    """A permitted caller gets past the check to the locks, as before (the result itself is the other tests')."""
    user = make_user("all_roles_b", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER, Role.ACCOUNTANT], customer_b)
    user.mobile = "13812340001"
    user.save(update_fields=["mobile"])
    locked.clear()
    try:
        _calls(b)[service](user)
    except ServiceError as exc:
        assert exc.code != "forbidden", exc
    assert locked, "nothing was locked"
