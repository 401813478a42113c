"""Uploading a file that does not name its account: the user's accounts are offered (issue 22 item 8)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reconcile.models import Import
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


def test_bank_staff_with_many_accounts_search_instead_of_a_list(client, ops, monkeypatch):
    import portal.account_fields

    monkeypatch.setattr(portal.account_fields, "ACCOUNT_CHOICES_LIMIT", 2)
    for _i in range(3):
        BankAccountFactory()
    client.force_login(ops)
    body = client.get(URL, headers={"accept-language": "en"}).content.decode()
    assert '<select name="account"' not in body
    box = re.search(r'<input type="text" name="account"[^>]*>', body)
    assert box and f'data-account-search="{reverse("portal:account-search")}"' in box.group(0)
    assert 'id="account-search-texts"' in body and "portal/account_search.js" in body
    assert "Type part of the account number, the company&#x27;s name or the branch" in body


def test_a_typed_number_that_is_no_account_number_is_refused_beside_the_box_it_was_typed_in(
    client, accountant_a, account_a
):
    client.force_login(accountant_a)
    response = client.post(
        URL,
        {"kind": "journal", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "account_number": "999"},
        headers={"accept-language": "en"},
    )
    body = response.content.decode()
    assert 'id="id_account_number_error"' in body and "Account number 999 must be 6 to 34" in body
    assert 'id="id_file_error"' not in body  # the file was never read: nothing is wrong with it
    assert re.search(r'<input type="text" name="account_number" value="999"[^>]*aria-invalid="true"', body)
    assert re.search(r'<option value="journal" selected>', body)  # the rest of the form is kept
    assert not Import.objects.exists()


def test_an_unknown_mapping_profile_is_refused_beside_the_profile_box(client, accountant_a, account_a):
    client.force_login(accountant_a)
    body = client.post(
        URL,
        {"kind": "bank", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "profile": "某农商行"},
        headers={"accept-language": "en"},
    ).content.decode()
    assert 'id="id_profile_error"' in body and "No mapping profile named" in body
    assert 'id="id_file_error"' not in body and not Import.objects.exists()
