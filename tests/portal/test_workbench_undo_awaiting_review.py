"""The workbench offered Undo on the matches of a period awaiting review when another period end was shown (the
November view listed October's matches with an Undo button the service then refused), and labelled a later
period's matches "awaiting review" on the submitted period's view. Each match is labelled by its own period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reconcile.models import Match
from reconcile.services.matching import match_run_execute, match_run_start
from reconcile.services.review import close_review_submit
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@pytest.fixture
def submitted(books, accountant_a, customer_a):
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=END).pk)
    make_user("reviewer_a", ["reviewer"], customer_a)  # a second person: only then is a period submitted
    close_review_submit(actor=accountant_a, account_id=books.pk, period_end=END)
    return books


def test_a_later_period_end_offers_no_undo_for_matches_awaiting_review(client, submitted, accountant_a):
    groups = list(Match.objects.active().filter(account=submitted))
    assert groups and all(g.last_date <= END for g in groups)
    client.force_login(accountant_a)
    page = client.get(
        reverse("portal:workbench", args=[submitted.pk]), {"period": "2026-11-30"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    undo = reverse("portal:workbench-undo", args=[submitted.pk])
    assert f'action="{undo}"' not in page
    assert page.count('<span class="hint">awaiting review</span>') >= len(groups)
