"""The reviewer's "Approve and close" closed the period at one click, while the accountant's own close asks to tick
"I have checked the table" first: closing is the same irreversible step (read-only until reopened with a reason)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reconcile.models import CloseReview, PeriodClose
from reconcile.services.matching import match_run_execute, match_run_start
from reconcile.services.review import close_review_submit
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@pytest.fixture
def submitted(books, accountant_a, customer_a):
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=END).pk)
    reviewer = make_user("reviewer_a", ["reviewer"], customer_a)  # a second person: only then is a period submitted
    review = close_review_submit(actor=accountant_a, account_id=books.pk, period_end=END)
    return books, review, reviewer


def test_approving_without_ticking_the_box_closes_nothing_and_says_what_to_do(client, submitted):
    account, review, reviewer = submitted
    client.force_login(reviewer)
    url = reverse("portal:workbench-approve", kwargs={"pk": account.pk})
    answer = client.post(url, {"period": "2026-10-31", "review": review.pk}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert CloseReview.objects.get(pk=review.pk).state == "submitted"
    assert not PeriodClose.objects.filter(account=account, period_end=END).exists()
    assert "tick the box confirming that you have checked the table" in answer.content.decode()


def test_the_approve_form_asks_for_the_box_and_approving_with_it_closes(client, submitted):
    account, review, reviewer = submitted
    client.force_login(reviewer)
    page = client.get(reverse("portal:workbench", kwargs={"pk": account.pk}), {"period": "2026-10-31"}).content
    assert b'id="approve-confirm" name="confirm" value="yes" required' in page
    client.post(
        reverse("portal:workbench-approve", kwargs={"pk": account.pk}),
        {"period": "2026-10-31", "review": review.pk, "confirm": "yes"},
    )
    assert CloseReview.objects.get(pk=review.pk).state == "approved"
    assert PeriodClose.objects.filter(account=account, period_end=END, reopened_at__isnull=True).exists()
