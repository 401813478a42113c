"""复核 (issue 19.4): the maker-checker close, its refusals, and the names and time the 余额调节表 prints."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core.errors import ConflictError, ServiceError
from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from reconcile.models import CloseReview, PeriodClose
from reconcile.render.adjustment_pdf import render_adjustment_pdf
from reconcile.render.adjustment_xlsx import render_adjustment_xlsx
from reconcile.services.adjustment import adjustment_table_build
from reconcile.services.matching import match_run_execute, match_run_start, period_close, period_reopen
from reconcile.services.review import close_review_approve, close_review_return, close_review_submit
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@pytest.fixture
def named_accountant(accountant_a):
    accountant_a.last_name, accountant_a.first_name = "张", "敏"
    accountant_a.save(update_fields=["last_name", "first_name"])
    return accountant_a


@pytest.fixture
def reviewer_a(customer_a):
    user = make_user("reviewer_a", ["reviewer"], customer_a)
    user.last_name, user.first_name = "李", "芳"
    user.save(update_fields=["last_name", "first_name"])
    return user


@pytest.fixture
def matched(books, named_accountant):
    match_run_execute(run_id=match_run_start(actor=named_accountant, account_id=books.pk, period_end=END).pk)
    return books


def test_approve_closes_the_period_naming_both(matched, named_accountant, reviewer_a):
    review = close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    assert not PeriodClose.objects.filter(account=matched).exists()  # submitting does not close
    approved = close_review_approve(actor=reviewer_a, review_id=review.pk)
    close = PeriodClose.objects.get(account=matched, period_end=END, reopened_at__isnull=True)
    assert (approved.state, approved.period_close_id) == ("approved", close.pk)
    assert (close.prepared_by, close.reviewed_by, close.closed_by) == (named_accountant, reviewer_a, reviewer_a)
    assert close.closed_at == approved.reviewed_at
    actions = list(AuditEvent.objects.filter(action__startswith="period.").values_list("action", flat=True))
    assert {"period.review_submitted", "period.review_approved", "period.closed"} <= set(actions)
    assert audit_chain_verify().ok


def test_the_table_prints_real_names_and_the_approval_time(matched, named_accountant, reviewer_a):
    review = close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    close_review_approve(actor=reviewer_a, review_id=review.pk)
    when = timezone.localtime(CloseReview.objects.get(pk=review.pk).reviewed_at)
    # Whoever downloads it later, the table names who signed the period off, not the caller.
    table = adjustment_table_build(account=matched, period_end=END, prepared_by="someone_else")
    assert (table.prepared_by, table.reviewed_by) == ("张敏", "李芳")
    assert table.reviewed_on == f"{when:%Y-%m-%d %H:%M}"
    sheet = load_workbook(io.BytesIO(render_adjustment_xlsx(table))).worksheets[0]
    cells = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"编制人：张敏", "复核人：李芳", f"日期：{when:%Y-%m-%d %H:%M}"} <= cells
    assert "reviewer_a" not in str(cells) and "accountant_a" not in str(cells)  # real names, not login names
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_adjustment_pdf(table))).pages)
    assert "张敏" in text and "李芳" in text and f"{when:%Y-%m-%d %H:%M}" in text


def test_an_open_period_prints_the_caller_and_no_reviewer(matched, named_accountant, reviewer_a):
    close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    table = adjustment_table_build(account=matched, period_end=END, prepared_by="张敏")
    assert (table.prepared_by, table.reviewed_by, table.reviewed_at) == ("张敏", "", None)


def test_self_review_is_refused_even_with_both_roles(matched, named_accountant, reviewer_a, customer_a):
    both = make_user("both_a", ["accountant", "reviewer"], customer_a)
    review = close_review_submit(actor=both, account_id=matched.pk, period_end=END)
    for decide in (
        lambda: close_review_approve(actor=both, review_id=review.pk),
        lambda: close_review_return(actor=both, review_id=review.pk, note="looks fine to me"),
    ):
        with pytest.raises(ServiceError) as caught:
            decide()
        assert caught.value.code == "self_review"
    assert CloseReview.objects.get(pk=review.pk).state == "submitted"
    assert not PeriodClose.objects.filter(account=matched).exists()
    close_review_approve(actor=reviewer_a, review_id=review.pk)  # another reviewer may


def test_return_needs_a_note_keeps_it_and_the_period_open(matched, named_accountant, reviewer_a):
    review = close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    with pytest.raises(ServiceError) as caught:
        close_review_return(actor=reviewer_a, review_id=review.pk, note=" \x00 ")
    assert caught.value.code == "note_required"
    returned = close_review_return(actor=reviewer_a, review_id=review.pk, note="=1+1 附支票\x00回单")
    assert (returned.state, returned.note, returned.reviewed_by) == ("returned", "=1+1 附支票回单", reviewer_a)
    assert not PeriodClose.objects.filter(account=matched).exists()
    with pytest.raises(ConflictError) as caught:  # decided once
        close_review_approve(actor=reviewer_a, review_id=review.pk)
    assert caught.value.code == "already_reviewed"
    again = close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)  # submitted again
    close_review_approve(actor=reviewer_a, review_id=again.pk)
    assert PeriodClose.objects.filter(account=matched, reopened_at__isnull=True).count() == 1


def test_state_checks(matched, named_accountant, reviewer_a):
    review = close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    with pytest.raises(ConflictError) as caught:
        close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    assert caught.value.code == "already_submitted"
    close_review_approve(actor=reviewer_a, review_id=review.pk)
    with pytest.raises(ConflictError) as caught:
        close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    assert caught.value.code == "already_closed"
    period_reopen(actor=named_accountant, account_id=matched.pk, period_end=END, reason="late cheque")
    table = adjustment_table_build(account=matched, period_end=END, prepared_by="张敏")
    assert table.reviewed_by == ""  # reopened: no longer signed off


def test_a_day_inside_a_closed_period_is_already_closed(matched, named_accountant, reviewer_a, customer_a):
    earlier = dt.date(2026, 10, 30)
    # A submission of a day inside the month, stored before only a month's last day was taken.
    pending = CloseReview.objects.create(
        account=matched, period_end=earlier, submitted_by=named_accountant, submitted_at=timezone.now()
    )
    close_review_approve(
        actor=reviewer_a,
        review_id=close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END).pk,
    )
    # October is signed off up to its end: the 30th lies in it, whether submitted before or after.
    with pytest.raises(ConflictError) as caught:
        close_review_approve(actor=reviewer_a, review_id=pending.pk)
    assert caught.value.code == "already_closed"
    with pytest.raises(ServiceError) as caught:
        close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=dt.date(2026, 10, 15))
    assert caught.value.code == "not_period_end"
    assert list(PeriodClose.objects.filter(account=matched).values_list("period_end", flat=True)) == [END]
    # and a direct close (no other reviewer) of an earlier month end, too
    reviewer_a.is_active = False
    reviewer_a.save(update_fields=["is_active"])
    with pytest.raises(ConflictError) as caught:
        period_close(actor=named_accountant, account_id=matched.pk, period_end=dt.date(2026, 9, 30))
    assert caught.value.code == "already_closed"


def test_who_may_submit_and_decide(matched, named_accountant, reviewer_a, client_a, ops, customer_b):
    other_reviewer = make_user("reviewer_b", ["reviewer"], customer_b)
    with pytest.raises(ServiceError) as caught:  # a reviewer does not prepare
        close_review_submit(actor=reviewer_a, account_id=matched.pk, period_end=END)
    assert caught.value.code == "forbidden"
    review = close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    for actor in (other_reviewer, client_a, ops, named_accountant):
        with pytest.raises(ServiceError) as caught:
            close_review_approve(actor=actor, review_id=review.pk)
        assert caught.value.code == "forbidden", actor
    assert CloseReview.objects.get(pk=review.pk).state == "submitted"


def test_direct_close_only_without_another_reviewer(matched, named_accountant, customer_a):
    # No reviewer in the company: the accountant closes alone, as before, and the table names no reviewer.
    close = period_close(actor=named_accountant, account_id=matched.pk, period_end=END)
    assert (close.prepared_by, close.reviewed_by) == (named_accountant, None)
    assert adjustment_table_build(account=matched, period_end=END).prepared_by == "张敏"
    period_reopen(actor=named_accountant, account_id=matched.pk, period_end=END, reason="reviewer hired")
    make_user("reviewer_a2", ["reviewer"], customer_a)
    with pytest.raises(ServiceError) as caught:
        period_close(actor=named_accountant, account_id=matched.pk, period_end=END)
    assert caught.value.code == "review_required"


def test_an_inactive_reviewer_does_not_block_a_direct_close(matched, named_accountant, customer_a):
    gone = make_user("reviewer_gone", ["reviewer"], customer_a)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    period_close(actor=named_accountant, account_id=matched.pk, period_end=END)


def test_one_pending_submission_per_period_is_a_database_rule(matched, named_accountant, reviewer_a):
    from django.db import IntegrityError, transaction

    close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    with pytest.raises(IntegrityError), transaction.atomic():  # a second writer that raced past the check
        CloseReview.objects.create(
            account=matched, period_end=END, submitted_by=named_accountant, submitted_at=timezone.now()
        )


def test_approving_a_period_closed_meanwhile_is_a_conflict(matched, named_accountant, reviewer_a):
    review = close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    reviewer_a.is_active = False  # the only reviewer leaves: the accountant may close alone
    reviewer_a.save(update_fields=["is_active"])
    period_close(actor=named_accountant, account_id=matched.pk, period_end=END)
    reviewer_a.is_active = True
    reviewer_a.save(update_fields=["is_active"])
    with pytest.raises(ConflictError) as caught:
        close_review_approve(actor=reviewer_a, review_id=review.pk)
    assert caught.value.code == "already_closed"
    assert CloseReview.objects.get(pk=review.pk).state == "submitted"
    assert PeriodClose.objects.filter(account=matched, reopened_at__isnull=True).count() == 1
    from reconcile.models import BankAccount
    from reconcile.selectors.review import pending_reviews

    assert pending_reviews(BankAccount.objects.filter(pk=matched.pk)) == []  # closed: nothing awaits review


@pytest.mark.parametrize("day", [dt.date(2026, 10, 15), dt.date(2026, 10, 30), dt.date(2026, 9, 29)])
def test_only_a_months_last_day_is_submitted(matched, named_accountant, reviewer_a, day):
    """README: an accountant submits "a period end"; any past day was taken, and held the account as submitted."""
    with pytest.raises(ServiceError) as caught:
        close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=day)
    assert caught.value.code == "not_period_end" and caught.value.field == "date"
    assert caught.value.message.startswith(f"{day} is not the end of a period")
    assert not CloseReview.objects.exists()


@pytest.mark.parametrize("day", [dt.date(2026, 10, 15), dt.date(2026, 10, 30), dt.date(2026, 9, 29)])
def test_only_a_months_last_day_is_closed_directly(matched, named_accountant, day):
    """A direct close (a company without another reviewer) takes the same period ends as a submission: a day inside
    a month was closed, making every earlier day of the month read-only mid-month."""
    with pytest.raises(ServiceError) as caught:
        period_close(actor=named_accountant, account_id=matched.pk, period_end=day)
    assert caught.value.code == "not_period_end" and caught.value.field == "date"
    month_end = dt.date(day.year, day.month + 1, 1) - dt.timedelta(days=1)
    assert caught.value.message == (
        f"{day} is not the end of a period: a period ends on the last day of a month; choose {month_end}."
    )
    assert not PeriodClose.objects.exists()
    assert period_close(actor=named_accountant, account_id=matched.pk, period_end=END).period_end == END


def test_a_suggestion_of_a_submitted_or_closed_period_is_not_rejected(matched, named_accountant, reviewer_a):
    """Rejecting a suggestion changes the period's workbench as accepting one would: refused while the period is with
    the reviewer and once it is closed, as the workbench hides the button (a crafted request or the API alike)."""
    from reconcile.models import BankLine, JournalEntry, Suggestion
    from reconcile.services.matching import suggestion_reject

    bank = BankLine.objects.filter(account=matched, booking_date__lte=END).first()
    entry = JournalEntry.objects.filter(account=matched, booking_date__lte=END).first()
    suggestion = Suggestion.objects.create(
        account=matched, bank_line_ids=[bank.pk], journal_entry_ids=[entry.pk], rule="amount_date", score=0.5
    )
    review = close_review_submit(actor=named_accountant, account_id=matched.pk, period_end=END)
    with pytest.raises(ServiceError) as refused:
        suggestion_reject(actor=named_accountant, suggestion_id=suggestion.pk)
    assert refused.value.code == "awaiting_review"
    close_review_approve(actor=reviewer_a, review_id=review.pk)
    with pytest.raises(ServiceError) as refused:
        suggestion_reject(actor=named_accountant, suggestion_id=suggestion.pk)
    assert refused.value.code == "closed"
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()
    assert not AuditEvent.objects.filter(action="suggestion.rejected").exists()
