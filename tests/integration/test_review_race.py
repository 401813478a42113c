"""A change to the matches racing the period's submission for review (复核) on PostgreSQL: the submitted table is the
one the reviewer approves, so a change that started before the submission either lands before it (and is in the
submitted table) or is refused after it (awaiting_review), never lands after it.

Gated as the other races here: the audit chain's head, held from another session, stops the submission at its audit
event with the review row written and the account locked, uncommitted. The change starts then. Before, an undo locked
only its match, read no pending review (the submission was not committed), and committed after the submission: a
match of the submitted table undone, the reviewer approving a table that no longer existed. It now waits for the
account lock the submission holds, and then reads the period as awaiting review.
"""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ConflictError
from portal.models import Role
from reconcile.models import BankLine, CloseReview, ImportStatus, JournalEntry, Match, ReviewState
from reconcile.services.imports import import_process, import_receive
from reconcile.services.matching import match_manual, match_run_execute, match_run_start, match_undo
from reconcile.services.review import close_review_submit
from tests.factories import make_user
from tests.integration.support import InThread, audit_head_lock, lock_waiters, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@pytest.fixture
def matched(books, accountant_a, customer_a):
    make_user("reviewer_race", [Role.REVIEWER], customer_a)
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=END).pk)
    assert Match.objects.filter(account=books, undone_at__isnull=True).exists()
    return books


def _submission_then(change, account, actor):
    """Submit, stop the submission at its audit event, start ``change``; release. Outcomes (submit, change)."""
    threads: list[InThread] = []
    try:
        with audit_head_lock() as release:
            threads.append(
                InThread(lambda: close_review_submit(actor=actor, account_id=account.pk, period_end=END)).start()
            )
            wait_until(
                lambda: threads[0].finished() or len(lock_waiters()) >= 1,
                timeout=30,
                what="the submission to wait at the audit head",
            )
            assert not threads[0].finished(), threads[0].outcome.error
            threads.append(InThread(change).start())
            wait_until(
                lambda: threads[1].finished() or len(lock_waiters()) >= 2,
                timeout=30,
                what="the change to wait (for the account, or at the audit head)",
            )
            release()
    finally:
        outcomes = [t.join() for t in threads]
    return outcomes


def test_an_undo_racing_the_submission_is_refused_after_it(matched, accountant_a):
    group = Match.objects.filter(account=matched, undone_at__isnull=True).order_by("pk").first()
    submitted, undo = _submission_then(
        lambda: match_undo(actor=accountant_a, match_id=group.pk, reason="changed my mind"), matched, accountant_a
    )

    assert submitted.error is None, submitted.error
    assert isinstance(undo.error, ConflictError) and undo.error.code == "awaiting_review", undo.error
    group.refresh_from_db()
    assert group.undone_at is None
    assert CloseReview.objects.get(account=matched, period_end=END).state == ReviewState.SUBMITTED


def test_a_manual_match_racing_the_submission_is_refused_after_it(matched, accountant_a):
    """A match by hand (and an accepted suggestion, which is one) locked the account already: kept so."""
    group = Match.objects.filter(account=matched, undone_at__isnull=True).order_by("pk").first()
    bank_ids = list(group.links.filter(bank_line__isnull=False).values_list("bank_line_id", flat=True))
    journal_ids = list(group.links.filter(journal_entry__isnull=False).values_list("journal_entry_id", flat=True))
    match_undo(actor=accountant_a, match_id=group.pk, reason="match it by hand")
    submitted, manual = _submission_then(
        lambda: match_manual(
            actor=accountant_a, account_id=matched.pk, bank_line_ids=bank_ids, journal_entry_ids=journal_ids
        ),
        matched,
        accountant_a,
    )

    assert submitted.error is None, submitted.error
    assert isinstance(manual.error, ConflictError) and manual.error.code == "awaiting_review", manual.error
    assert not Match.objects.filter(account=matched, undone_at__isnull=True, links__journal_entry__in=journal_ids)
    assert JournalEntry.objects.filter(pk__in=journal_ids).count() == len(journal_ids)


def test_an_import_racing_the_submission_is_refused_after_it(matched, accountant_a, settings, tmp_path):
    """An import took the account lock already (where it places the statement): kept so."""
    settings.MEDIA_ROOT = tmp_path
    late_fee = "交易日期,摘要,借方发生额,贷方发生额,交易流水号\n2026-10-31,短信服务费,2.00,,SN20261031099\n"
    received = import_receive(
        actor=accountant_a,
        kind="bank",
        data=late_fee.encode(),
        filename="late-fee.csv",
        account_number=matched.number,
        customer=matched.customer,
    )
    submitted, imported = _submission_then(
        lambda: import_process(import_id=received.pk, actor=accountant_a), matched, accountant_a
    )

    assert submitted.error is None, submitted.error
    assert imported.error is None, imported.error
    assert imported.result.status == ImportStatus.REFUSED
    assert [e["code"] for e in imported.result.errors] == ["period_awaiting_review"]
    assert not BankLine.objects.filter(account=matched, serial="SN20261031099").exists()
