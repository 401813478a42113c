from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.errors import ConflictError, ServiceError
from statements.models import Agreement, AgreementChangeRequest
from statements.services.change_requests import change_request_decide, change_request_submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_change_applies_only_after_approval_and_keeps_history(agreement_a, account_a, client_a, ops):
    request = change_request_submit(
        actor=client_a,
        account_id=account_a.pk,
        contact_name="张伟",
        mobile="139 0000 1111",
        address="上海市",
        channel="online_banking",
    )
    assert Agreement.objects.get(account=account_a, valid_to__isnull=True).contact_name == "王丽"
    with pytest.raises(ConflictError, match="already waiting"):
        change_request_submit(
            actor=client_a,
            account_id=account_a.pk,
            contact_name="x",
            mobile="13900001111",
            address="",
            channel="online_banking",
        )
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        change_request_decide(actor=ops, request_id=request.pk, approve=True)
    versions = list(Agreement.objects.filter(account=account_a).order_by("valid_from"))
    assert [(a.contact_name, a.mobile, a.valid_to) for a in versions] == [
        ("王丽", "+8613812345678", dt.date(2026, 11, 1)),
        ("张伟", "+8613900001111", None),
    ]
    with pytest.raises(ConflictError, match="already decided"):
        change_request_decide(actor=ops, request_id=request.pk, approve=False)


def test_channel_change_needs_a_written_request_and_bad_input_is_named(agreement_a, account_a, client_a, client_b):
    with pytest.raises(ValidationError) as info:
        change_request_submit(
            actor=client_a,
            account_id=account_a.pk,
            contact_name="张伟",
            mobile="13900001111",
            address="上海市",
            channel="paper",
        )
    assert "written_request" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        change_request_submit(
            actor=client_a, account_id=account_a.pk, contact_name="", mobile="123", address="", channel="fax"
        )
    assert set(info.value.message_dict) == {"contact_name", "mobile", "channel"}
    with pytest.raises(ServiceError, match="your own company"):
        change_request_submit(
            actor=client_b,
            account_id=account_a.pk,
            contact_name="x",
            mobile="13900001111",
            address="",
            channel="online_banking",
        )
    assert AgreementChangeRequest.objects.count() == 0


def test_clients_cannot_decide(agreement_a, account_a, client_a):
    request = change_request_submit(
        actor=client_a,
        account_id=account_a.pk,
        contact_name="张伟",
        mobile="13900001111",
        address="",
        channel="online_banking",
    )
    with pytest.raises(ServiceError, match="Only bank operations"):
        change_request_decide(actor=client_a, request_id=request.pk, approve=True)


def test_pages(client, agreement_a, account_a, client_a, ops):
    client.force_login(client_a)
    response = client.post(
        reverse("portal:account-detail", args=[account_a.pk]),
        {"contact_name": "张伟", "mobile": "13900001111", "address": "上海市", "channel": "online_banking"},
    )
    assert response.status_code == 302
    client.force_login(ops)
    page = client.get(reverse("portal:ops-change-requests")).content.decode()
    assert "张伟" in page
    request = AgreementChangeRequest.objects.get()
    client.post(reverse("portal:ops-change-requests"), {"request": request.pk, "approve": "1"})
    assert Agreement.objects.get(account=account_a, valid_to__isnull=True).contact_name == "张伟"
