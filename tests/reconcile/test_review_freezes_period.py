"""复核 is about the table as submitted: while a period awaits review its matches do not change, by the preparer, by
a reviewer who also holds the accountant role, or by a run. Before, the preparer could undo and re-match lines after
submitting, and the reviewer's approval then closed (and the table printed as reviewed) a table nobody reviewed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import ConflictError
from core.models import AuditEvent
from reconcile.models import BankLine, CloseReview, JournalEntry, Match, MatchLink, PeriodClose
from reconcile.services.matching import match_manual, match_run_execute, match_run_start, match_undo
from reconcile.services.review import close_review_approve, close_review_return, close_review_submit
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@pytest.fixture
def reviewer_a(customer_a):
    return make_user("reviewer_a", ["reviewer", "accountant"], customer_a)


@pytest.fixture
def matched(books, accountant_a):
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=END).pk)
    return books


def _a_match(account) -> Match:
    return Match.objects.filter(account=account, undone_at__isnull=True).order_by("pk").first()


def test_nobody_changes_the_matches_of_a_period_awaiting_review(matched, accountant_a, reviewer_a):
    review = close_review_submit(actor=accountant_a, account_id=matched.pk, period_end=END)
    group = _a_match(matched)
    links = set(MatchLink.objects.active().filter(match__account=matched).values_list("pk", flat=True))
    for actor in (accountant_a, reviewer_a):
        with pytest.raises(ConflictError) as refused:
            match_undo(actor=actor, match_id=group.pk, reason="re-do it after submitting")
        assert refused.value.code == "awaiting_review" and "2026-10-31" in refused.value.message
    with pytest.raises(ConflictError) as refused:
        match_run_start(actor=accountant_a, account_id=matched.pk, period_end=END)
    assert refused.value.code == "awaiting_review"
    assert set(MatchLink.objects.active().filter(match__account=matched).values_list("pk", flat=True)) == links
    assert not AuditEvent.objects.filter(action="match.undone").exists()
    close_review_approve(actor=reviewer_a, review_id=review.pk)
    assert PeriodClose.objects.filter(account=matched, period_end=END).exists()


def test_open_lines_of_a_submitted_period_are_not_matched_by_hand_either(books, accountant_a, reviewer_a):
    close_review_submit(actor=accountant_a, account_id=books.pk, period_end=END)
    bank = BankLine.objects.filter(account=books).order_by("pk").first()
    journal = JournalEntry.objects.filter(account=books, amount=bank.amount, direction=bank.direction).first()
    assert journal is not None
    with pytest.raises(ConflictError) as refused:
        match_manual(actor=accountant_a, account_id=books.pk, bank_line_ids=[bank.pk], journal_entry_ids=[journal.pk])
    assert refused.value.code == "awaiting_review"
    assert not Match.objects.filter(account=books).exists()


def test_a_run_started_before_the_submission_leaves_the_submitted_period_alone(books, accountant_a, reviewer_a):
    run = match_run_start(actor=accountant_a, account_id=books.pk, period_end=END)
    close_review_submit(actor=accountant_a, account_id=books.pk, period_end=END)
    match_run_execute(run_id=run.pk)
    assert not Match.objects.filter(account=books).exists()


def test_a_returned_period_can_be_changed_again(matched, accountant_a, reviewer_a):
    review = close_review_submit(actor=accountant_a, account_id=matched.pk, period_end=END)
    close_review_return(actor=reviewer_a, review_id=review.pk, note="match 3 is wrong")
    group = match_undo(actor=accountant_a, match_id=_a_match(matched).pk, reason="the reviewer's note")
    assert group.undone_at is not None


def test_an_import_into_a_period_awaiting_review_is_refused_and_stores_nothing(account_a, accountant_a, reviewer_a):
    from reconcile.import_messages import import_message
    from reconcile.services.imports import import_file

    # A submission as it stands (only a table that agrees can be submitted; this account's is empty, and the import
    # refusal is what is tested).
    CloseReview.objects.create(
        account=account_a, period_end=END, submitted_by=accountant_a, submitted_at=timezone.now()
    )
    csv = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-09,手续费,15.00,,985.00\n".encode()
    record = import_file(
        actor=accountant_a,
        kind="bank",
        data=csv,
        filename="late.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert record.status == "refused", (record.status, record.errors)
    message = import_message(record)
    assert "awaiting review" in message and "2026-10-31" in message and "row 2, dated 2026-10-09" in message
    assert not BankLine.objects.filter(account=account_a).exists()
    # the next period is open
    november = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-11-09,手续费,15.00,,985.00\n".encode()
    done = import_file(
        actor=accountant_a,
        kind="bank",
        data=november,
        filename="nov.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert done.status == "done", done.errors


def test_a_period_submitted_while_the_engine_runs_keeps_its_table(books, accountant_a, reviewer_a, monkeypatch):
    """The run reads which periods are frozen under the account lock it stores with, not before the engine: a period
    submitted while the engine worked gets no automatic matches."""
    from reconcile.services import matching

    run = match_run_start(actor=accountant_a, account_id=books.pk, period_end=END)
    engine = matching.match  # the engine a run calls (reconcile.services.match_engine.engine_result)

    def submitted_meanwhile(*args, **kwargs):
        close_review_submit(actor=accountant_a, account_id=books.pk, period_end=END)
        return engine(*args, **kwargs)

    monkeypatch.setattr(matching, "match", submitted_meanwhile)
    match_run_execute(run_id=run.pk)
    assert CloseReview.objects.filter(account=books, period_end=END, state="submitted").exists()
    assert not Match.objects.filter(account=books).exists()
