"""A group user's grant to a subsidiary withdrawn while the user is signed in: the next request, on the pages or the
API, no longer shows the subsidiary's statements and refuses answering them. The grants a user holds are read once
per request at most: they were kept on the user object, so an object that served more than one request (a test
client's forced user, a long job) kept answering for the subsidiary after the withdrawal."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import ServiceError
from reconcile.services.groups import group_grant_withdraw, may_answer
from statements.models import AnswerChallenge, Confirmation
from statements.services.answer_codes import answer_challenge_start
from tests.factories import api_key
from tests.fixtures.groups import DURING, visible

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _withdraw(group_user, statement) -> None:
    group_grant_withdraw(actor=None, user=group_user, subsidiary_credit_code=statement.account.customer.credit_code)


def _listed(api) -> set[int]:
    return {row["id"] for row in api.get(reverse("api:statement-list")).json()["results"]}


def test_the_next_page_and_api_request_no_longer_show_nor_answer_the_subsidiary(client, group, group_user):
    parent, one, two = group["parent"], *group["subs"][:2]
    client.force_login(group_user)
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {api_key(group_user)}")
    forced = APIClient()
    forced.force_authenticate(group_user)  # one user object for every request
    with time_machine.travel(DURING, tick=False):
        assert visible(client) == {parent.pk, one.pk, two.pk}
        assert client.get(reverse("portal:statement-agree", args=[one.pk])).status_code == 200
        assert _listed(token) == _listed(forced) == {parent.pk, one.pk, two.pk}
        _withdraw(group_user, one)
        assert visible(client) == {parent.pk, two.pk}
        assert client.get(reverse("portal:statement-detail", args=[one.pk])).status_code == 404
        assert client.post(reverse("portal:statement-agree", args=[one.pk])).status_code == 404
        for api in (token, forced):
            assert _listed(api) == {parent.pk, two.pk}
            assert api.get(reverse("api:statement-detail", args=[one.pk])).status_code == 404
            confirm = api.post(reverse("api:statement-confirm", args=[one.pk]), {"statement_id": one.pk}, format="json")
            assert confirm.status_code == 404
    assert not AnswerChallenge.objects.exists() and not Confirmation.objects.exists()


def test_a_user_object_that_answered_while_granted_is_refused_once_the_grant_is_withdrawn(group, group_user):
    one = group["subs"][0]
    assert may_answer(group_user, one.account)
    _withdraw(group_user, one)
    assert not may_answer(group_user, one.account)
    with pytest.raises(ServiceError) as refused:
        answer_challenge_start(actor=group_user, statement_id=one.pk, decision="agree", now=DURING)
    assert refused.value.code == "forbidden"
    assert not AnswerChallenge.objects.exists()


def test_a_request_reads_the_grants_once_and_again_after_a_withdrawal_in_it(
    group, group_user, django_assert_num_queries
):
    """What a list page needs (whether each statement may be answered) costs one read per request, as before; a grant
    withdrawn by the request itself is seen by the rest of it."""
    from core.request_scope import request_scope

    one, two = group["subs"][:2]
    assert group_user.roles  # read with the user, as a signed-in request's user is
    with request_scope():
        with django_assert_num_queries(1):
            assert may_answer(group_user, one.account) and may_answer(group_user, two.account)
        _withdraw(group_user, one)
        assert not may_answer(group_user, one.account) and may_answer(group_user, two.account)
