"""Uploading a file that does not name its account: the user's accounts are offered (issue 22 item 8)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reconcile.models import Import
from reconcile.selectors.profiles import remembered_accounts
from tests.factories import BankAccountFactory
from tests.fixtures.language import language_restored  # noqa: F401,E402 (autouse fixture)
from tests.fixtures.worked_example import BANK_CSV

pytestmark = pytest.mark.django_db
URL = reverse("portal:import-upload")


def test_the_form_offers_the_companys_accounts_not_another_companys(client, accountant_a, account_a, account_b):
    client.force_login(accountant_a)
    body = client.get(URL, headers={"accept-language": "en"}).content.decode()
    select = re.search(r'<select name="account"[^>]*>(.*?)</select>', body, re.S)
    assert select, "no account list"
    assert f'value="{account_a.number}"' in select.group(1) and account_b.number not in body
    assert "— the file names its account —" in select.group(1)
    assert 'name="account_number"' in body  # a number may still be typed


def test_a_chosen_account_is_used(client, accountant_a, account_a, django_capture_on_commit_callbacks):
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"kind": "bank", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "account": account_a.number}
        )
    assert response.status_code == 302
    record = Import.objects.get()
    assert (record.status, record.account_id) == ("done", account_a.pk)


def test_a_typed_number_is_still_accepted(client, accountant_a, account_a, django_capture_on_commit_callbacks):
    client.force_login(accountant_a)
    spaced = " ".join(account_a.number[i : i + 4] for i in range(0, len(account_a.number), 4))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL, {"kind": "bank", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "account_number": spaced}
        )
    assert Import.objects.get().account_id == account_a.pk


def test_choosing_one_and_typing_another_is_refused_beside_the_field(client, accountant_a, account_a, customer_a):
    other = BankAccountFactory(customer=customer_a)
    client.force_login(accountant_a)
    body = client.post(
        URL,
        {
            "kind": "bank",
            "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()),
            "account": account_a.number,
            "account_number": other.number,
        },
        headers={"accept-language": "en"},
    ).content.decode()
    assert 'id="id_account_number_error"' in body and "not both" in body
    assert not Import.objects.exists()


def test_another_companys_account_cannot_be_chosen(client, accountant_a, account_a, account_b):
    client.force_login(accountant_a)
    body = client.post(
        URL,
        {"kind": "bank", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "account": account_b.number},
        headers={"accept-language": "en"},
    ).content.decode()
    assert 'id="id_account_error"' in body and not Import.objects.exists()


def test_the_account_is_remembered_per_file_layout(
    client, accountant_a, account_a, customer_a, django_capture_on_commit_callbacks
):
    second = BankAccountFactory(customer=customer_a)
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL, {"kind": "bank", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "account": second.number}
        )
    assert remembered_accounts(accountant_a) == {"bank:csv": second.number}
    body = client.get(URL).content.decode()
    data = re.search(r'<script id="remembered-accounts" type="application/json">(.*?)</script>', body, re.S)
    assert json.loads(data.group(1)) == {"bank:csv": second.number}
    assert remembered_accounts(None) == {}


def test_bank_staff_with_many_accounts_type_the_number(client, ops, monkeypatch):
    import portal.forms

    monkeypatch.setattr(portal.forms, "ACCOUNT_CHOICES_LIMIT", 2)
    for _i in range(3):
        BankAccountFactory()
    client.force_login(ops)
    body = client.get(URL).content.decode()
    assert '<select name="account"' not in body and re.search(r'<input type="text" name="account"', body)
