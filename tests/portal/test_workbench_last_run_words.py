"""The workbench says what the last automatic run did in words (已自动勾对 N 组，另有 M 条建议勾对待您审核), not as a bare
"3 / 0" a first-time accountant cannot read."""

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
    page = client.get(reverse("portal:workbench", args=[account_a.pk]), {"period": END.isoformat()}).content.decode()
    # The suggestions are those still left to review (the run's own count once some are accepted or overtaken).
    left = len(suggestion_rows(account_a, END))
    assert f"已自动勾对 {run.matched} 组，另有 {left} 条建议勾对待您审核。" in page
    assert not re.search(rf"· {run.matched} / {left}<", page)
