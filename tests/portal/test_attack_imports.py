"""Customer A's accountant sends customer B's file (the same bytes B imported): the refusal says the file was imported
before, never B's import (its number or time); B's own second copy is still told which import holds it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from rest_framework.test import APIClient

from portal.models import Role
from reconcile.models import Import
from reconcile.services.imports import import_file
from tests.factories import BankAccountFactory, api_key, make_user

pytestmark = pytest.mark.django_db
B_FILE = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-09,手续费,15.00,,985.00\n".encode()


@pytest.fixture
def import_of_b(account_b, customer_b):
    done = import_file(
        actor=None, kind="bank", data=B_FILE, filename="b.csv", account_number=account_b.number, customer=customer_b
    )
    assert done.status == "done"
    return done


def _upload(user, **extra):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
    return api.post(
        "/api/v1/imports/upload/",
        {"kind": "bank", "file": SimpleUploadedFile("mine.csv", B_FILE), **extra},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _when(record: Import) -> str:
    return timezone.localtime(record.finished_at).strftime("%Y-%m-%d %H:%M")


def test_another_companys_copy_of_the_file_is_not_named(accountant_a, account_a, import_of_b):
    response = _upload(accountant_a)
    assert response.status_code == 409 and response.json()["code"] == "duplicate_file"
    message = response.json()["message"]
    assert "already imported" in message
    assert f"#{import_of_b.pk}" not in message and _when(import_of_b) not in message
    response = _upload(accountant_a, account=account_a.number)
    assert response.status_code == 409 and f"#{import_of_b.pk}" not in response.json()["message"]


def test_the_companys_own_copy_is_named(customer_b, import_of_b):
    response = _upload(make_user("accountant_b", [Role.ACCOUNTANT], customer_b))
    assert response.status_code == 409 and f"#{import_of_b.pk}" in response.json()["message"]


def test_a_file_another_company_imported_meanwhile_is_refused_without_naming_it(accountant_a, account_a, customer_b):
    """A's upload is waiting for its turn when B's copy of the same bytes finishes first: A's refusal, kept on A's
    import and shown on its page, names nothing of B's."""
    from reconcile.import_messages import import_message
    from reconcile.services.imports.pipeline import import_process, import_start

    mine = import_start(
        actor=accountant_a, kind="bank", data=B_FILE, filename="a.csv", account_number=account_a.number,
        customer=account_a.customer,
    )  # fmt: skip
    b_account = BankAccountFactory(customer=customer_b)
    theirs = import_file(
        actor=None, kind="bank", data=B_FILE, filename="b.csv", account_number=b_account.number, customer=customer_b
    )
    assert theirs.status == "done"
    refused = import_process(import_id=mine.pk, actor=accountant_a)
    assert refused.status == "refused"
    with translation.override("en"):
        text = import_message(refused)
    assert "already imported" in text and f"#{theirs.pk}" not in text and _when(theirs) not in text
