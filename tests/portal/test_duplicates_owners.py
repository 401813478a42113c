"""Duplicates are each owner's own, seen from the bank's side: a race lost to the company's own import is not a
'duplicate' of another company's copy; a refused file waiting for its account keeps waiting when another company
imports the same bytes; a bank system feed is told the number and time of its own imports only; a file holding
statements of several companies' accounts, or of a company's and of no company's, is refused (an import belongs to one
owner)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.utils import translation
from rest_framework.test import APIClient

from core.roles import Role
from reconcile.import_messages import import_message
from reconcile.models import BankAccount, BankLine, Import, ImportStatus
from reconcile.services.imports import import_file, pipeline
from reconcile.services.imports.choose import waits_for_account
from reconcile.services.imports.pipeline import import_process, import_start
from tests.factories import BankAccountFactory, api_key, make_user

pytestmark = pytest.mark.django_db

NO_ACCOUNT = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-09,手续费,15.00,,985.00\n".encode()


def _statement(number: str, serial: str) -> str:
    return (
        f":20:STMT{serial}\n:25:{number}\n:28C:1/1\n:60F:C261008CNY1000,00\n"
        f":61:2610091009D20,00NTRFNONREF//{serial}\n:86:手续费\n:62F:C261009CNY980,00\n-\n"
    )


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


def _import_of_b(account_b) -> Import:
    done = import_file(
        actor=None, kind="bank", data=NO_ACCOUNT, filename="b.csv", account_number=account_b.number,
        customer=account_b.customer,
    )  # fmt: skip
    assert done.status == ImportStatus.DONE
    return done


def test_bank_staffs_import_losing_a_race_in_its_company_is_told_so_not_of_another_companys_copy(
    ops, account_a, account_b, monkeypatch
):
    """Another import of A's account stored the same lines at the same moment (the constraint refuses this one); B
    holds the same bytes. Bank staff were told 'already imported' naming B's import, which is not why."""
    theirs = _import_of_b(account_b)
    real = pipeline.store_statements

    def raced(**kwargs):
        real(**kwargs)
        raise IntegrityError("UNIQUE constraint failed: reconcile_bankline.account_id, reconcile_bankline.fingerprint")

    monkeypatch.setattr(pipeline, "store_statements", raced)
    record = import_start(actor=ops, kind="bank", data=NO_ACCOUNT, filename="a.csv", account_number=account_a.number)
    done = import_process(import_id=record.pk)
    assert done.status == ImportStatus.REFUSED
    assert done.message_facts["key"] == "import.concurrent", done.message_facts
    with translation.override("en"):
        text = import_message(done)
    assert "at the same moment" in text and f"#{theirs.pk}" not in text
    assert not BankLine.objects.filter(account=account_a).exists()


def test_a_race_lost_to_the_companys_own_finished_copy_names_it(ops, account_a, monkeypatch):
    ours = import_file(
        actor=None, kind="bank", data=NO_ACCOUNT, filename="a.csv", account_number=account_a.number,
        customer=account_a.customer,
    )  # fmt: skip
    record = Import.objects.create(
        kind="bank", source="upload", filename="a2.csv", sha256=ours.sha256, size=ours.size, uploaded_by=ops,
        requested_account=account_a.number,
    )  # fmt: skip

    def raced(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: reconcile_import.customer_id, reconcile_import.sha256")

    monkeypatch.setattr(pipeline, "store_statements", raced)
    done = import_process(import_id=record.pk)
    assert done.message_facts == {"key": "import.duplicate", "params": done.message_facts["params"]}
    assert done.message_facts["params"]["id"] == ours.pk


def test_bank_staffs_file_waiting_for_its_account_keeps_waiting_when_another_company_imports_the_bytes(
    ops, account_a, account_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        waiting = import_start(actor=ops, kind="bank", data=NO_ACCOUNT, filename="x.csv")
    waiting.refresh_from_db()
    assert waiting.status == ImportStatus.REFUSED and waits_for_account(waiting)
    _import_of_b(account_b)
    assert waits_for_account(waiting)  # B's copy said it was imported since
    from reconcile.services.imports.choose import import_account_choose

    with django_capture_on_commit_callbacks(execute=True):
        created = import_account_choose(actor=ops, import_id=waiting.pk, account_number=account_a.number)
    created.refresh_from_db()
    assert created.status == ImportStatus.DONE and created.customer_id == account_a.customer_id


def test_a_bank_staff_import_of_no_company_done_since_stops_the_wait(ops, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        waiting = import_start(actor=ops, kind="bank", data=NO_ACCOUNT, filename="x.csv")
    waiting.refresh_from_db()
    loose = BankAccountFactory(customer=None)
    import_file(actor=None, kind="bank", data=NO_ACCOUNT, filename="x.csv", account_number=loose.number)
    assert not waits_for_account(waiting)


def test_a_feed_is_not_told_another_companys_import_of_the_same_bytes(account_b):
    theirs = _import_of_b(account_b)
    feed = _api(make_user("corebank", [Role.BANK_FEED]))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = feed.post(
        "/api/v1/imports/upload/", {"kind": "bank", "file": SimpleUploadedFile("s.csv", NO_ACCOUNT)}, format="multipart"
    )
    assert response.status_code == 409, response.json()
    message = response.json()["message"]
    assert "already imported" in message and f"#{theirs.pk}" not in message
    assert theirs.finished_at.strftime("%H:%M") not in message
    assert Import.objects.count() == 1


def test_a_feeds_stored_refusal_names_no_other_companys_import(account_a, monkeypatch):
    """The company's copy is found once the file's account is known (the queued path): the refusal the feed reads
    back names nothing of it; bank staff reading it see the same words."""
    feed_user = make_user("corebank", [Role.BANK_FEED])
    data = _statement(account_a.number, "SN1").encode()
    ours = import_file(actor=make_user("acc_a", [Role.ACCOUNTANT], account_a.customer), kind="bank", data=data,
                       filename="a.sta")  # fmt: skip
    assert ours.status == ImportStatus.DONE, ours.message_facts
    record = Import.objects.create(
        kind="bank", source="api", filename="f.sta", sha256=ours.sha256, size=ours.size, uploaded_by=feed_user
    )
    done = import_process(import_id=record.pk)
    assert done.status == ImportStatus.REFUSED and done.message_facts["key"] == "import.duplicate_elsewhere"
    body = _api(feed_user).get(f"/api/v1/imports/{record.pk}/").json()
    assert f"#{ours.pk}" not in str(body) and "already imported" in body["message"]


def test_a_file_of_several_companies_accounts_is_refused_naming_them(ops, account_a, account_b):
    data = (_statement(account_a.number, "SN1") + _statement(account_b.number, "SN2")).encode()
    record = import_file(actor=ops, kind="bank", data=data, filename="hub.sta")
    assert record.status == ImportStatus.REFUSED and record.customer_id is None
    assert record.message_facts["key"] == "import.several_companies"
    with translation.override("en"):
        text = import_message(record)
    assert account_a.number in text and account_b.number in text and "Split the file" in text
    assert not BankLine.objects.exists()


@pytest.mark.parametrize("new_first", [True, False])
def test_a_file_of_a_companys_account_and_one_of_no_company_is_refused_naming_both(ops, account_a, new_first):
    """The import belonged to the company, and its row (lines, totals, accounts registered) told the company's users
    of the other account, of no company yet: the bank's own, or a customer's not yet onboarded, which once assigned
    to it left its statement inside the first company's import. An import belongs to one owner: refused, nothing
    stored, the new account not registered."""
    new = "6222020200112233445"
    statements = [_statement(new, "SN1"), _statement(account_a.number, "SN2")]
    data = "".join(statements if new_first else statements[::-1]).encode()
    record = import_file(actor=ops, kind="bank", data=data, filename="two.sta")
    assert record.status == ImportStatus.REFUSED and record.customer_id is None
    assert record.message_facts["key"] == "import.company_and_no_company", record.message_facts
    assert [e["code"] for e in record.errors] == ["several_companies"]
    with translation.override("en"):
        text = import_message(record)
    assert new in text and account_a.number in text and "belongs to no company" in text
    assert not BankLine.objects.exists() and not BankAccount.objects.filter(number=new).exists()


def test_a_file_of_accounts_of_no_company_alone_is_the_banks_own(ops):
    loose = BankAccountFactory(customer=None)
    data = (_statement("6222020200112233445", "SN1") + _statement(loose.number, "SN2")).encode()
    record = import_file(actor=ops, kind="bank", data=data, filename="own.sta")
    assert record.status == ImportStatus.DONE and record.customer_id is None, record.message_facts
    # A second copy of the bank's side is found in the bank's own scope once the accounts are known.
    copy = Import.objects.create(kind="bank", source="api", filename="c.sta", sha256=record.sha256, size=1,
                                 uploaded_by=ops)  # fmt: skip
    refused = import_process(import_id=copy.pk)
    assert refused.message_facts["key"] == "import.duplicate" and refused.message_facts["params"]["id"] == record.pk


def test_a_company_users_file_holding_another_companys_account_is_refused_whole(accountant_a, account_a, account_b):
    data = (_statement(account_a.number, "SN1") + _statement(account_b.number, "SN2")).encode()
    record = import_file(actor=accountant_a, kind="bank", data=data, filename="two.sta")
    assert record.status == ImportStatus.REFUSED
    assert record.message_facts["key"] != "import.several_companies"  # said as any account not the company's
    assert {e["code"] for e in record.errors} == {"account_not_registered"}
    assert not BankLine.objects.exists()


def test_a_refused_file_of_several_companies_names_one_account_of_each(ops, account_a, account_b):
    """A hub file of many of one company's accounts and then another company's: the refusal named every account of
    the first company read so far (thousands, in a file of a group's accounts), which says nothing about where to
    split; one account of each company does."""
    more = [BankAccountFactory(customer=account_a.customer, number=f"3105016137360009{n:04d}") for n in range(40)]
    data = "".join(_statement(a.number, f"S{n}") for n, a in enumerate([account_a, *more, account_b])).encode()
    record = import_file(actor=ops, kind="bank", data=data, filename="hub.sta")
    assert record.status == ImportStatus.REFUSED and record.message_facts["key"] == "import.several_companies"
    assert record.message_facts["params"]["accounts"] == [account_a.number, account_b.number]
    assert not BankLine.objects.exists()
