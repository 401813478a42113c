"""Customer A's accountant sends customer B's file (the same bytes B imported): duplicates are each owner's own, so A's
copy imports into A's account and A is told nothing of B's import; B's own second copy is still refused, naming the
import that holds it; bank staff (who see every company) are refused a company's copy with its import named, and the
bank's imports of accounts of no company are a scope of their own."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from rest_framework.test import APIClient

from portal.models import Role
from reconcile.models import BankLine, Import
from reconcile.services.imports import DuplicateFile, import_file
from reconcile.services.imports.pipeline import import_process, import_start
from reconcile.services.imports.receive import storage_path
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


def test_another_companys_copy_of_the_file_is_imported_as_its_own(
    accountant_a, account_a, import_of_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(accountant_a, account=account_a.number)
    assert response.status_code in (201, 202), response.json()
    mine = Import.objects.get(customer=account_a.customer)
    assert mine.status == "done" and mine.account_id == account_a.pk and mine.pk != import_of_b.pk
    assert BankLine.objects.filter(account=account_a).count() == 1
    assert BankLine.objects.filter(account=import_of_b.account).count() == 1  # B's lines untouched
    body = response.content.decode()
    assert f"#{import_of_b.pk}" not in body and "already imported" not in body
    # One kept file for both imports: the same bytes, still readable by each.
    assert storage_path(mine.sha256).read_bytes() == B_FILE


def test_without_an_account_the_file_waits_for_one_not_for_bs_copy(
    accountant_a, account_a, import_of_b, django_capture_on_commit_callbacks
):
    """The file names no account: A is asked for one, as for any such file, not told that the file exists; the
    account chosen on the import's page imports it (B's copy does not make it stop waiting)."""
    from reconcile.services.imports.choose import import_account_choose, waits_for_account

    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(accountant_a)
    assert response.status_code != 409, response.json()
    mine = Import.objects.exclude(pk=import_of_b.pk).get()
    assert mine.status == "refused" and any(e.get("code") == "no_account" for e in mine.errors)
    assert f"#{import_of_b.pk}" not in str(mine.errors)
    assert waits_for_account(mine)
    with django_capture_on_commit_callbacks(execute=True):
        chosen = import_account_choose(actor=accountant_a, import_id=mine.pk, account_number=account_a.number)
    chosen.refresh_from_db()
    assert chosen.status == "done" and chosen.account_id == account_a.pk


def test_the_companys_own_copy_is_named(customer_b, import_of_b):
    response = _upload(make_user("accountant_b", [Role.ACCOUNTANT], customer_b))
    assert response.status_code == 409 and f"#{import_of_b.pk}" in response.json()["message"]


def test_a_file_another_company_imported_meanwhile_is_imported_too(accountant_a, account_a, customer_b):
    """A's upload is waiting for its turn when B's copy of the same bytes finishes first: A's import goes ahead,
    and its page names nothing of B's."""
    from reconcile.import_messages import import_message

    mine = import_start(
        actor=accountant_a, kind="bank", data=B_FILE, filename="a.csv", account_number=account_a.number,
        customer=account_a.customer,
    )  # fmt: skip
    b_account = BankAccountFactory(customer=customer_b)
    theirs = import_file(
        actor=None, kind="bank", data=B_FILE, filename="b.csv", account_number=b_account.number, customer=customer_b
    )
    assert theirs.status == "done"
    done = import_process(import_id=mine.pk, actor=accountant_a)
    assert done.status == "done" and done.customer_id == account_a.customer_id
    with translation.override("en"):
        text = import_message(done)
    assert f"#{theirs.pk}" not in text and _when(theirs) not in text


def test_bank_staff_are_refused_a_companys_copy_and_told_which(ops, import_of_b):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(ops)}")
    response = api.post(
        "/api/v1/imports/upload/",
        {"kind": "bank", "file": SimpleUploadedFile("again.csv", B_FILE), "account": import_of_b.account.number},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409 and f"#{import_of_b.pk}" in response.json()["message"]


def test_a_bank_upload_queued_behind_the_companys_copy_is_refused_once_its_company_is_known(ops, import_of_b):
    """Bank staff's upload (kept as import_receive would have kept it, had B's copy finished a moment later) has no
    company until the file is read (it belongs to the company of the account it goes into): the second copy is
    refused then, and nothing of it stays stored."""
    queued = Import.objects.create(
        kind="bank", sha256=import_of_b.sha256, size=len(B_FILE), filename="again.csv",
        requested_account=import_of_b.account.number, uploaded_by=ops,
    )  # fmt: skip
    refused = import_process(import_id=queued.pk, actor=ops)
    assert refused.status == "refused" and refused.message_facts["key"] == "import.duplicate"
    assert BankLine.objects.filter(account=import_of_b.account).count() == 1


def test_the_banks_own_imports_are_their_own_scope(ops, account_a):
    """An account of no company: the bank's imports into it are refused as second copies among themselves, and a
    company's copy of the same bytes into its own account is not refused for them."""
    nobodys = BankAccountFactory(customer=None)
    first = import_file(actor=ops, kind="bank", data=B_FILE, filename="x.csv", account_number=nobodys.number)
    assert first.status == "done" and first.customer_id is None
    with pytest.raises(DuplicateFile, match=f"#{first.pk}"):
        import_file(actor=ops, kind="bank", data=B_FILE, filename="y.csv", account_number=nobodys.number)
    company = import_file(
        actor=None, kind="bank", data=B_FILE, filename="a.csv", account_number=account_a.number,
        customer=account_a.customer,
    )  # fmt: skip
    assert company.status == "done"
