"""集团: an answer a group user gives for a subsidiary states it, wherever the answer is shown (the receipt PDF, the
statement page, the API): who answered, of which company, for which company, under which written authorisation."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent
from reconcile.models import GroupGrant
from statements.calendar.rules import SHANGHAI
from statements.models import Confirmation
from statements.services.receipts import receipt_pdf
from tests.factories import make_user
from tests.fixtures.groups import DURING
from tests.fixtures.pdf_layout import all_text
from tests.fixtures.signing import post_signed, register_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_group_users_answer_names_the_group_user_the_subsidiary_and_the_authorisation(
    client, group, group_user, customer_a
):
    group_user.last_name, group_user.first_name = "赵", "集团"
    group_user.save(update_fields=["last_name", "first_name"])
    one = group["subs"][0]
    subsidiary = one.account.customer
    grant = GroupGrant.objects.get(user=group_user, subsidiary=subsidiary)
    key = register_key(customer_a)
    with time_machine.travel(DURING, tick=False):
        url = reverse("api:statement-confirm", args=[one.pk])
        answer = post_signed(_api(group_user), url, one.pk, key, {"request_id": "G-1"})
        assert answer.status_code == 200, answer.content
        stated = answer.json()["answer"]["group_answer"]
        assert stated == {
            "answered_by": "赵集团",
            "company": customer_a.legal_name,
            "for_company": subsidiary.legal_name,
            "authorisation": "授权书 2026-09-30",
            "granted_at": stated["granted_at"],
        }
        assert stated["granted_at"] == timezone.localtime(grant.granted_at).isoformat()
        # the subsidiary's own users read the same
        own = make_user("sub_viewer", ["client_viewer"], subsidiary)
        read = _api(own).get(reverse("api:statement-detail", args=[one.pk])).json()
        assert read["answer"]["group_answer"] == stated
        client.force_login(group_user)
        page = client.get(reverse("portal:statement-detail", args=[one.pk]), HTTP_ACCEPT_LANGUAGE="en")
    confirmation = Confirmation.objects.get(statement=one)
    assert confirmation.group_grant_id == grant.pk
    event = AuditEvent.objects.get(action="confirmation.submitted", target_id=str(confirmation.pk))
    assert event.after["group_grant"]["authorisation"] == "授权书 2026-09-30"
    registered = timezone.localtime(grant.granted_at, SHANGHAI).date()
    assert (
        f"Answered by 赵集团 of {customer_a.legal_name}, a group user, for {subsidiary.legal_name} under its written "
        f"authorisation “授权书 2026-09-30” (registered {registered})."
    ) in page.content.decode()
    text = all_text(receipt_pdf(one))
    assert f"回复人单位{customer_a.legal_name}" in text
    assert f"代为回复集团用户代{subsidiary.legal_name}回复" in text
    assert f"书面授权授权书2026-09-30（{registered}登记）" in text


def test_a_companys_own_answer_states_no_group_user(client, group, client_a, customer_a):
    parent = group["parent"]
    key = register_key(customer_a)
    confirmer = make_user("own_confirmer", ["client_viewer", "client_confirmer"], customer_a)
    with time_machine.travel(DURING, tick=False):
        url = reverse("api:statement-confirm", args=[parent.pk])
        answer = post_signed(_api(confirmer), url, parent.pk, key, {"request_id": "O-1"})
        assert answer.status_code == 200, answer.content
        assert answer.json()["answer"]["group_answer"] is None
    assert Confirmation.objects.get(statement=parent).group_grant_id is None
    text = all_text(receipt_pdf(parent))
    assert "代为回复" not in text and "书面授权" not in text
