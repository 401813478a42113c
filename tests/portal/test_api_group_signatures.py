"""A group user (集团) answering a subsidiary's statement over the API: the subsidiary's own requirement of signed
answers holds. Before, only the group user's company was asked, so a parent that answers unsigned could answer its
subsidiaries' statements unsigned although each subsidiary requires signatures (the default)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from portal.models import Role
from reconcile.models import Customer
from reconcile.services.groups import customer_parent_set, customer_signed_answers_set, group_grant
from statements.models import Confirmation
from tests.factories import make_user
from tests.fixtures.signing import post_signed, register_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def group_api(published, customer_a, customer_b):
    """A group confirmer of A granted B; A answers unsigned, B (the default) requires signed answers."""
    customer_parent_set(actor=None, credit_code=customer_b.credit_code, parent_credit_code=customer_a.credit_code)
    user = make_user("group_a", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER], customer_a)
    group_grant(actor=None, user=user, subsidiary_credit_code=customer_b.credit_code, authorisation="授权书 2026-10")
    customer_signed_answers_set(actor=None, credit_code=customer_a.credit_code, required=False)
    assert Customer.objects.get(pk=customer_b.pk).require_signed_answers
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_an_unsigned_answer_to_a_subsidiary_that_requires_signatures_is_refused(group_api, published, customer_b):
    statement_b = published[customer_b.pk]
    with time_machine.travel(DURING, tick=False):
        for verb, body in (("confirm", {}), ("dispute", {"book_balance": "1.00", "reason": "x"})):
            response = group_api.post(reverse(f"api:statement-{verb}", args=[statement_b.pk]), body, format="json")
            assert response.status_code == 401 and response.json()["code"] == "signature_required", verb
        batch = group_api.post(
            reverse("api:statement-confirm-batch"), {"statement_ids": [statement_b.pk]}, format="json"
        )
        assert batch.status_code == 401 and batch.json()["code"] == "signature_required"
    assert not Confirmation.objects.exists()


def test_signed_with_the_parents_key_it_is_answered_and_the_parents_own_stay_unsigned(
    group_api, published, customer_a, customer_b
):
    key = register_key(customer_a)
    statement_a, statement_b = published[customer_a.pk], published[customer_b.pk]
    with time_machine.travel(DURING, tick=False):
        signed = post_signed(group_api, reverse("api:statement-confirm", args=[statement_b.pk]), statement_b.pk, key)
        assert signed.status_code == 200, signed.json()
        own = group_api.post(reverse("api:statement-confirm", args=[statement_a.pk]), {}, format="json")
        assert own.status_code == 200, own.json()
    assert Confirmation.objects.get(statement=statement_b).signed_with == "key"
    assert Confirmation.objects.get(statement=statement_a).signed_with == ""


def test_an_empty_batch_is_refused_in_words_not_drfs_at_least_1_elements(group_api):
    """README: a list of 1 to 200 entries. DRF's own refusal read "Ensure this field has at least 1 elements."."""
    response = group_api.post(
        reverse("api:statement-confirm-batch"), {"statement_ids": []}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert response.json()["errors"]["statement_ids"] == ["Select at least one statement."]
    assert not Confirmation.objects.exists()
