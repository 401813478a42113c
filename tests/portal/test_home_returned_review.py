"""A reviewer's return (附意见退回) reached its preparer nowhere: the reviewer's home page lists what awaits review,
the accountant's listed nothing, so a returned period waited until someone opened its workbench at that period end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reconcile.services.matching import match_run_execute, match_run_start
from reconcile.services.review import close_review_return, close_review_submit
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@pytest.fixture
def returned(books, accountant_a, customer_a):
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=END).pk)
    reviewer = make_user("reviewer_a", ["reviewer"], customer_a)  # a second person: only then is a period submitted
    reviewer.last_name, reviewer.first_name = "陈", "静"
    reviewer.save(update_fields=["last_name", "first_name"])
    review = close_review_submit(actor=accountant_a, account_id=books.pk, period_end=END)
    close_review_return(actor=reviewer, review_id=review.pk, note="请附上手续费回单")
    return books


def test_the_accountants_home_lists_the_returned_period_with_the_note(client, returned, accountant_a):
    client.force_login(accountant_a)
    page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Returned to you" in page
    link = f"{reverse('portal:workbench', args=[returned.pk])}?period=2026-10-31#review"
    assert f'href="{link}"' in page
    assert "Returned by 陈静 on " in page and ": 请附上手续费回单" in page


def test_a_period_submitted_again_is_no_longer_listed_as_returned(client, returned, accountant_a):
    close_review_submit(actor=accountant_a, account_id=returned.pk, period_end=END)
    client.force_login(accountant_a)
    page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Returned to you" not in page and "请附上手续费回单" not in page
