"""A group user (集团) and its subsidiaries' files: a grant opens the subsidiary's statements (confirmation), not its
books. Uploads, the import pages and the reconciliation of an account stay each company's own, so a group user is
neither offered a subsidiary's account (the form's list and search) nor may it upload for one (form or API), whether
the grant is live, never made or withdrawn: the same neutral refusal as for any other company, nothing stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from core.roles import Role
from reconcile.models import Import
from reconcile.services.groups import customer_parent_set, group_grant, group_grant_withdraw
from tests.factories import BankAccountFactory, CustomerFactory, api_key, make_user
from tests.fixtures.worked_example import BANK_CSV

pytestmark = pytest.mark.django_db

UPLOAD = reverse("portal:import-upload")
SEARCH = reverse("portal:account-search")


@pytest.fixture
def group_accountant(customer_a, customer_b):
    customer_parent_set(actor=None, credit_code=customer_b.credit_code, parent_credit_code=customer_a.credit_code)
    return make_user("group_acc", [Role.ACCOUNTANT], customer_a)


def _grant(user, customer) -> None:
    group_grant(actor=None, user=user, subsidiary_credit_code=customer.credit_code, authorisation="授权书 2026-10")


def _api_upload(user, number: str, data: bytes):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    upload = SimpleUploadedFile("oct.csv", data)
    return api.post("/api/v1/imports/upload/", {"kind": "bank", "file": upload, "account": number}, format="multipart")


@pytest.mark.parametrize("situation", ["granted", "never granted", "withdrawn", "another company"])
def test_a_group_user_uploads_for_its_own_company_only(
    client, group_accountant, account_a, account_b, customer_b, situation
):
    target = account_b
    if situation == "granted":
        _grant(group_accountant, customer_b)
    elif situation == "withdrawn":
        _grant(group_accountant, customer_b)
        group_grant_withdraw(actor=None, user=group_accountant, subsidiary_credit_code=customer_b.credit_code)
    elif situation == "another company":
        target = BankAccountFactory(customer=CustomerFactory(), number="11050162880000007777")
    client.force_login(group_accountant)

    assert client.get(SEARCH, {"q": target.number}).json()["accounts"] == []
    form = client.get(UPLOAD).content.decode()
    assert account_a.number in form and target.number not in form
    refused = client.post(
        UPLOAD,
        {"kind": "bank", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "account": target.number},
        headers={"accept-language": "en"},
    )
    assert refused.status_code == 200 and "is not one of the available choices" in refused.content.decode()

    response = _api_upload(group_accountant, target.number, BANK_CSV.encode())
    assert response.status_code == 400
    assert response.json() == {
        "code": "account_not_registered",
        "message": f"The bank has not registered account {target.number} for your company, so the file was not "
        "imported. Ask your branch to register the account for your company; then upload the same file again.",
    }
    assert not Import.objects.exists()
    assert client.get(reverse("portal:workbench", args=[target.pk])).status_code == 404

    # Its own company's account imports as for any accountant of the company.
    assert _api_upload(group_accountant, account_a.number, BANK_CSV.encode()).status_code in (201, 202)
    assert list(Import.objects.values_list("customer_id", "requested_account")) == [
        (account_a.customer_id, account_a.number)
    ]
