"""Services that lock a company's rows (its account, its period's submission, its file, its rules) check the caller's
right first, without a lock: another customer's accountant (or reviewer) naming them is refused as before, nothing
changes, and nothing of the other company is locked, so its own work never waits on that request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import ServiceError
from core.roles import Role
from reconcile.models import (
    BankLine,
    CloseReview,
    Import,
    JournalEntry,
    Match,
    MatchRule,
    PeriodClose,
    Suggestion,
)
from reconcile.services.imports.opening import opening_item_add, opening_item_remove
from reconcile.services.matching import match_manual, period_close, period_reopen, suggestion_accept
from reconcile.services.review import close_review_approve, close_review_return, close_review_submit
from reconcile.services.rules import (
    match_rule_accept,
    match_rule_create,
    match_rule_delete,
    match_rule_dismiss,
    match_rule_update,
)
from reconcile.services.withdraw import import_withdraw
from tests.factories import make_user
from tests.fixtures.rule_books import import_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@pytest.fixture
def locked(monkeypatch) -> list[str]:
    """The models whose rows the code under test selects for update, in order (SQLite takes no row locks to see)."""
    locked = []
    select_for_update = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locked.append(self.model.__name__)
        return select_for_update(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    return locked


@pytest.fixture
def b(account_b) -> dict[str, Any]:
    """Customer B's work: unmatched lines, a suggestion for them, a closed and a submitted period, a file, a rule and a
    learned name, an opening item."""
    accountant_b = make_user("accountant_b", [Role.ACCOUNTANT], account_b.customer)
    opening = opening_item_add(
        actor=None,
        account_id=account_b.pk,
        kind="journal",
        date="2026-09-15",
        amount="100.00",
        direction="out",
        summary="未兑现支票",
    )
    import_rows(
        account_b,
        None,
        [("2026-10-08", "货款", "", "5000.00", "ACME", "SN1")],
        [("2026-10-08", "记-1", "收货款", "5000.00", "", "ACME")],
    )
    bank, journal = BankLine.objects.get(serial="SN1"), JournalEntry.objects.get(serial="记-1")
    suggestion = Suggestion.objects.create(
        account=account_b, bank_line_ids=[bank.pk], journal_entry_ids=[journal.pk], rule="amount", score=0.9
    )
    closed = PeriodClose.objects.create(
        account=account_b, period_end=dt.date(2026, 8, 31), closed_by=accountant_b, closed_at=timezone.now()
    )
    review = CloseReview.objects.create(
        account=account_b, period_end=dt.date(2026, 9, 30), submitted_by=accountant_b, submitted_at=timezone.now()
    )
    rule = match_rule_create(actor=accountant_b, fields={"kind": "never", "pattern": "支付宝"})
    learned = match_rule_create(actor=accountant_b, fields={"kind": "never", "pattern": "财付通"})
    MatchRule.objects.filter(pk=learned.pk).update(proposed=True, active=False)
    return {
        "account": account_b,
        "bank": bank,
        "journal": journal,
        "suggestion": suggestion,
        "closed": closed,
        "review": review,
        "import": journal.source_import,
        "rule": rule,
        "learned": learned,
        "opening": JournalEntry.objects.get(source_import=opening),
    }


def _state(b: dict[str, Any]) -> tuple:
    """Everything of B's the calls below could change."""
    return (
        Match.objects.count(),
        Suggestion.objects.filter(pk=b["suggestion"].pk).exists(),
        list(PeriodClose.objects.values_list("period_end", "reopened_at")),
        list(CloseReview.objects.values_list("pk", "state")),
        Import.objects.get(pk=b["import"].pk).status,
        list(MatchRule.objects.order_by("pk").values_list("pk", "active", "proposed", "pattern")),
        JournalEntry.objects.live().filter(pk=b["opening"].pk).exists(),
    )


def _calls(b: dict[str, Any]) -> dict[str, Callable[[Any], Any]]:
    account = b["account"]
    return {
        "match_manual": lambda actor: match_manual(
            actor=actor, account_id=account.pk, bank_line_ids=[b["bank"].pk], journal_entry_ids=[b["journal"].pk]
        ),
        "suggestion_accept": lambda actor: suggestion_accept(actor=actor, suggestion_id=b["suggestion"].pk),
        "period_close": lambda actor: period_close(actor=actor, account_id=account.pk, period_end=END),
        "period_reopen": lambda actor: period_reopen(
            actor=actor, account_id=account.pk, period_end=b["closed"].period_end, reason="x"
        ),
        "close_review_submit": lambda actor: close_review_submit(actor=actor, account_id=account.pk, period_end=END),
        "close_review_approve": lambda actor: close_review_approve(actor=actor, review_id=b["review"].pk),
        "close_review_return": lambda actor: close_review_return(actor=actor, review_id=b["review"].pk, note="x"),
        "import_withdraw": lambda actor: import_withdraw(actor=actor, import_id=b["import"].pk, reason="x"),
        "match_rule_update": lambda actor: match_rule_update(
            actor=actor, rule_id=b["rule"].pk, changes={"pattern": "x"}
        ),
        "match_rule_delete": lambda actor: match_rule_delete(actor=actor, rule_id=b["rule"].pk),
        "match_rule_accept": lambda actor: match_rule_accept(actor=actor, rule_id=b["learned"].pk),
        "match_rule_dismiss": lambda actor: match_rule_dismiss(actor=actor, rule_id=b["learned"].pk),
        "opening_item_remove": lambda actor: opening_item_remove(
            actor=actor, account_id=account.pk, side="journal", line_id=b["opening"].pk, reason="x"
        ),
    }


SERVICES = sorted(_calls({"account": None}))


@pytest.fixture
def other(customer_a):
    """Customer A's user with every company role: only the company differs from B's own people."""
    return make_user("all_roles_a", [Role.ACCOUNTANT, Role.REVIEWER, Role.CLIENT_CONFIRMER], customer_a)


@pytest.mark.parametrize("service", SERVICES)
def test_another_customers_request_is_refused_and_locks_nothing_of_the_company(service, locked, b, other):
    before = _state(b)
    locked.clear()  # what the data's set-up locked
    with pytest.raises(ServiceError) as refused:
        _calls(b)[service](other)
    assert refused.value.code == "forbidden", refused.value
    assert locked == []
    assert _state(b) == before


@pytest.mark.parametrize("service", SERVICES)
def test_the_companys_own_people_still_lock_the_rows(service, locked, b):
    """A permitted caller gets past the check to the locks, as before (the result itself is the other tests')."""
    customer = b["account"].customer
    reviewer = make_user("reviewer_b", [Role.REVIEWER], customer)
    accountant = make_user("accountant_b2", [Role.ACCOUNTANT], customer)
    actor = reviewer if service.startswith(("close_review_approve", "close_review_return")) else accountant
    locked.clear()
    try:
        _calls(b)[service](actor)
    except ServiceError as exc:
        assert exc.code != "forbidden", exc
    assert locked, "nothing was locked"
