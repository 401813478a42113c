"""The workbench says what the last automatic run did in words ("N groups matched automatically. M suggestions for you
to review."), not as a bare "3 / 0" a first-time accountant cannot read."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reconcile.models import MatchRun
from reconcile.selectors.matching import suggestion_rows
from tests.portal.test_workbench_actions import END, _books

pytestmark = pytest.mark.django_db


def test_the_last_run_is_said_in_words(client, account_a, accountant_a):
    _books(account_a, accountant_a)
    run = MatchRun.objects.filter(account=account_a).latest("created_at")
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[account_a.pk])
    page = client.get(url, {"period": END.isoformat()}, headers={"accept-language": "en"}).content.decode()
    # The suggestions are those still left to review (the run's own count once some are accepted or overtaken).
    left = len(suggestion_rows(account_a, END))
    said = f"{left} suggestion for you to review." if left == 1 else f"{left} suggestions for you to review."
    assert f"{run.matched} groups matched automatically. {said}" in page
    assert not re.search(rf"· {run.matched} / {left}<", page)
