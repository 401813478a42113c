"""Where the company's statements go (contact, mobile, address, channel) is changed by the person who answers them for
the company, its confirmer: a user of the company who only reads statements, keeps its books or reviews them cannot
send the bank a request that redirects the balance confirmations, through the page or the service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.errors import ServiceError
from portal.models import Role
from statements.models import AgreementChangeRequest
from statements.services.change_requests import change_request_submit
from tests.factories import make_user

pytestmark = pytest.mark.django_db
REDIRECTED = {"contact_name": "张伟", "mobile": "13900001111", "address": "北京市某地", "channel": "online_banking"}
NOT_CONFIRMERS = {"viewer": [Role.CLIENT_VIEWER], "accountant": [Role.ACCOUNTANT], "reviewer": [Role.REVIEWER]}


@pytest.mark.parametrize("who", sorted(NOT_CONFIRMERS))
def test_only_the_companys_confirmer_may_ask_to_change_where_statements_go(client, agreement_a, account_a, who):
    user = make_user(f"{who}_a", NOT_CONFIRMERS[who], account_a.customer)
    client.force_login(user)
    url = reverse("portal:account-detail", args=[account_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="contact_name"' not in page.content.decode()  # no form offered
    assert client.post(url, REDIRECTED).status_code == 403
    with pytest.raises(ServiceError) as refused:
        change_request_submit(actor=user, account_id=account_a.pk, **REDIRECTED)
    assert refused.value.code == "forbidden"
    assert not AgreementChangeRequest.objects.exists()


def test_the_confirmer_still_may(client, agreement_a, account_a, client_a):
    client.force_login(client_a)
    response = client.post(reverse("portal:account-detail", args=[account_a.pk]), REDIRECTED)
    assert response.status_code == 302 and AgreementChangeRequest.objects.get().requested_by == client_a
