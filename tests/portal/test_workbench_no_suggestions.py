"""After an automatic run that left no suggestion, the workbench says so, instead of asking to run it (which reads as
if it had not run)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reconcile.models import Suggestion
from reconcile.services.matching import match_run_execute, match_run_start
from tests.fixtures.books import import_both

pytestmark = pytest.mark.django_db
END = dt.date(2026, 10, 31)


def _page(client, account) -> str:
    url = reverse("portal:workbench", args=[account.pk])
    return client.get(url, {"period": END.isoformat()}, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_no_suggestion_after_a_run_is_said_as_such(client, account_a, accountant_a):
    import_both(account_a, accountant_a)
    client.force_login(accountant_a)
    assert "Run the automatic matching to get some." in _page(client, account_a)  # before any run
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=account_a.pk, period_end=END).pk)
    Suggestion.objects.filter(account=account_a).delete()
    page = _page(client, account_a)
    assert "No suggestion: the last automatic matching left none to review." in page
    assert "Run the automatic matching to get some." not in page
