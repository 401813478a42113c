"""match_undo on another customer's match: the caller's right to the match is checked before anything is locked, so
another customer's accountant calling the service with a match id of customer B is refused, the match stays and B's
account never waits on that request's lock; the pages and the API answer 404 before the service."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import ServiceError
from reconcile.models import Match
from reconcile.services.matching import match_undo
from tests.factories import api_key

pytestmark = pytest.mark.django_db


def test_another_customers_accountant_cannot_undo_a_match(client, accountant_a, match_of_b):
    with pytest.raises(ServiceError) as refused:
        match_undo(actor=accountant_a, match_id=match_of_b.pk, reason="<script>x</script>")
    assert refused.value.code == "forbidden"
    client.force_login(accountant_a)
    url = reverse("portal:workbench-undo", args=[match_of_b.account_id])
    assert client.post(url, {"match": match_of_b.pk, "reason": "x", "period": "2026-10-31"}).status_code == 404
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}")
    assert api.post(f"/api/v1/matches/{match_of_b.pk}/undo", {"reason": "x"}, format="json").status_code == 404
    assert Match.objects.get(pk=match_of_b.pk).undone_at is None


def test_a_refused_undo_locks_nothing_of_the_other_customer(locked, accountant_a, match_of_b):
    """The account's lock (taken first by a permitted undo, as a submission for review takes it) is not taken for a
    caller without the right: another customer's request must not make B's account wait."""
    locked.clear()  # what the data's set-up locked
    with pytest.raises(ServiceError) as refused:
        match_undo(actor=accountant_a, match_id=match_of_b.pk, reason="x")
    assert refused.value.code == "forbidden"
    assert locked == []
    assert Match.objects.get(pk=match_of_b.pk).undone_at is None


def test_an_undo_by_the_companys_accountant_locks_the_account_then_the_match(locked, account_b, match_of_b):
    from core.roles import Role
    from tests.factories import make_user

    accountant_b = make_user("accountant_b", [Role.ACCOUNTANT], account_b.customer)
    locked.clear()
    match_undo(actor=accountant_b, match_id=match_of_b.pk, reason="x")
    assert locked[:2] == ["BankAccount", "Match"]
    assert Match.objects.get(pk=match_of_b.pk).undone_at is not None


@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999", "-1", "1e3", None])
def test_a_hostile_match_id_on_the_workbench_undo_is_no_500(client, accountant_a, account_a, value):
    client.force_login(accountant_a)
    data = {"reason": "x", "period": "2026-10-31"} | ({} if value is None else {"match": value})
    assert client.post(reverse("portal:workbench-undo", args=[account_a.pk]), data).status_code in (302, 400, 404)


def test_a_match_of_another_customer_under_ones_own_account_is_not_found(client, accountant_a, account_a, match_of_b):
    client.force_login(accountant_a)
    url = reverse("portal:workbench-undo", args=[account_a.pk])
    assert client.post(url, {"match": match_of_b.pk, "reason": "x", "period": "2026-10-31"}).status_code == 404
    assert Match.objects.get(pk=match_of_b.pk).undone_at is None
