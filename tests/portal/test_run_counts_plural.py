"""The run's counts under "Match automatically" and on the run's page: "1 group", never "1 groups"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reconcile.models import MatchRun

pytestmark = pytest.mark.django_db
END = dt.date(2026, 10, 31)


@pytest.mark.parametrize(
    ("matched", "suggested", "says"),
    [
        (1, 1, "1 group matched automatically. 1 suggestion for you to review."),
        (2, 0, "2 groups matched automatically. 0 suggestions for you to review."),
    ],
)
def test_the_run_page_says_each_count_in_its_plural(client, accountant_a, account_a, matched, suggested, says):
    run = MatchRun.objects.create(account=account_a, period_end=END, state="done", matched=matched, suggested=suggested)
    client.force_login(accountant_a)
    page = client.get(reverse("portal:reconcile-run", args=[run.pk]), headers={"accept-language": "en"})
    assert says in page.content.decode()


def test_the_workbench_says_one_group_in_the_singular(client, accountant_a, account_a):
    MatchRun.objects.create(account=account_a, period_end=END, state="done", matched=1, suggested=0)
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[account_a.pk])
    page = client.get(url, {"period": END.isoformat()}, headers={"accept-language": "en"}).content.decode()
    assert "1 group matched automatically. 0 suggestions for you to review." in page
    assert "1 groups" not in page
