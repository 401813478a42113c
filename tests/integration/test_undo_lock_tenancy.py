"""An undo of another customer's match on PostgreSQL: refused before the account's row is locked, so a request of
customer A naming a match of customer B never waits on (nor holds up) B's account, which B's own submission for
review (复核), close or undo may be holding."""

from __future__ import annotations

import pytest

from core.errors import ServiceError
from reconcile.models import Match
from reconcile.services.matching import match_undo
from tests.integration.support import InThread, lock_waiters, row_locks, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]


def test_another_customers_undo_is_refused_without_waiting_for_the_accounts_lock(accountant_a, match_of_b):
    sql = "SELECT id FROM reconcile_bankaccount WHERE id = %s FOR UPDATE"
    with row_locks(sql, (match_of_b.account_id,)):  # B's account held, as by B's submission for review
        undo = InThread(lambda: match_undo(actor=accountant_a, match_id=match_of_b.pk, reason="x")).start()
        wait_until(lambda: undo.finished() or lock_waiters(), timeout=30, what="the undo to end or wait for a lock")
        waiting = lock_waiters()
        finished = undo.finished()
    outcome = undo.join()
    assert finished and not waiting, waiting
    assert isinstance(outcome.error, ServiceError) and outcome.error.code == "forbidden", outcome.error
    assert Match.objects.get(pk=match_of_b.pk).undone_at is None
