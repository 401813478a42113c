"""Account squatting: the bank decides who holds an account. A company user's upload or push for an account number
the bank has not registered for that company is refused (nothing registered, nothing stored, the same message
whether the number is unknown, unassigned or another company's); bank staff and the server's import_file still
register unknown accounts as before. An account a company registered that way before (legacy data) is reassigned by
bank operations on its page, audited, the company's own uploads on it withdrawn; import_agreements names such rows and
says what to do."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import ServiceError
from core.models import AuditEvent
from core.tabular import RowsRefused
from portal.models import Role
from reconcile.import_messages import import_message
from reconcile.models import (
    AccountStatus,
    BankAccount,
    BankLine,
    Import,
    ImportStatus,
    JournalEntry,
    Match,
    PeriodClose,
)
from reconcile.services.books import _insert_account
from reconcile.services.imports import import_file
from reconcile.services.matching import match_manual, period_close
from statements.services.onboarding import agreements_import
from tests.factories import BankAccountFactory, credit_code, make_user
from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

pytestmark = pytest.mark.django_db

NEW = "6222021001122334455"
REFUSAL = "银行尚未为贵公司登记账户"
HEADER = "customer_name,credit_code,account_number,currency,branch,cycle,channel,contact_name,mobile,address,status\n"


def _csv() -> bytes:
    return BANK_CSV.encode()


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def accountant_b(customer_b):
    return make_user("accountant_b", [Role.ACCOUNTANT], customer_b)


@pytest.mark.parametrize("holder", ["nobody", "unassigned", "another company"])
def test_a_company_upload_for_an_account_not_registered_for_it_is_refused(accountant_a, customer_a, customer_b, holder):
    if holder == "unassigned":
        BankAccountFactory(number=NEW, customer=None)
    elif holder == "another company":
        BankAccountFactory(number=NEW, customer=customer_b)
    before = BankAccount.objects.filter(number=NEW).values_list("customer_id", flat=True).first()
    with pytest.raises(ServiceError) as refused:
        import_file(
            actor=accountant_a, kind="bank", data=_csv(), filename="s.csv", account_number=NEW, customer=customer_a
        )
    assert (
        refused.value.code == "account_not_registered"
        and REFUSAL in refused.value.message
        and NEW in refused.value.message
    )
    assert BankAccount.objects.filter(number=NEW).count() == (0 if holder == "nobody" else 1)
    assert BankAccount.objects.filter(number=NEW).values_list("customer_id", flat=True).first() == before
    assert not BankLine.objects.exists()


def test_an_account_named_inside_the_file_is_refused_too(accountant_a, customer_a):
    mt940 = (
        ":20:STMT\n:25:" + NEW + "\n:28C:1/1\n:60F:C261001CNY1000,00\n"
        ":61:2610081008C500,00NTRFNONREF\n:86:货款\n:62F:C261008CNY1500,00\n-"
    ).encode()
    record = import_file(actor=accountant_a, kind="bank", data=mt940, filename="s.sta", customer=customer_a)
    assert record.status == ImportStatus.REFUSED and REFUSAL in import_message(record)
    assert record.errors[0]["code"] == "account_not_registered"
    assert not BankAccount.objects.filter(number=NEW).exists() and not BankLine.objects.exists()


def test_web_upload_and_api_push_are_refused_with_the_message(client, accountant_a):
    client.force_login(accountant_a)
    page = client.post(
        reverse("portal:import-upload"), {"kind": "bank", "account": NEW, "file": SimpleUploadedFile("s.csv", _csv())}
    )
    assert page.status_code == 200 and REFUSAL in page.content.decode()
    pushed = _api(accountant_a).post(
        reverse("api:import-push"),
        {
            "kind": "journal",
            "account_number": NEW,
            "lines": [{"date": "2026-10-08", "amount": "10.00", "direction": "in", "summary": "x"}],
        },
        format="json",
    )
    assert pushed.status_code == 400 and pushed.json()["code"] == "account_not_registered"
    assert REFUSAL in pushed.json()["message"]
    assert not BankAccount.objects.filter(number=NEW).exists()
    assert not Import.objects.filter(status=ImportStatus.DONE).exists()


def test_the_company_can_import_once_the_bank_registered_the_account(accountant_a, customer_a):
    with pytest.raises(ServiceError):
        import_file(
            actor=accountant_a, kind="bank", data=_csv(), filename="s.csv", account_number=NEW, customer=customer_a
        )
    BankAccountFactory(number=NEW, customer=customer_a)
    record = import_file(
        actor=accountant_a, kind="bank", data=_csv(), filename="s.csv", account_number=NEW, customer=customer_a
    )
    assert record.status == ImportStatus.DONE


def test_bank_staff_and_the_server_still_register_unknown_accounts(
    client, ops, customer_a, django_capture_on_commit_callbacks
):
    client.force_login(ops)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "account": NEW, "file": SimpleUploadedFile("s.csv", _csv())},
        )
    account = BankAccount.objects.get(number=NEW)
    assert account.customer is None  # visible to bank staff only until onboarding assigns it
    assert Import.objects.get().status == ImportStatus.DONE
    record = import_file(
        actor=None,
        kind="journal",
        data=JOURNAL_CSV.encode("gb18030"),
        filename="j.csv",
        account_number="6222021009988776655",
        customer=customer_a,
    )
    assert record.status == ImportStatus.DONE and record.accounts_registered == ["6222021009988776655"]
    assert BankAccount.objects.get(number="6222021009988776655").customer == customer_a


@pytest.fixture
def squatted(accountant_a, customer_a):
    """An account a company registered by uploading its statement, before this was refused (legacy data): the
    company's statement and journal imported, a match, a closed period."""
    # Written as the service wrote it then (audited as the company's user): the service now refuses a company user.
    account = _insert_account(
        actor=accountant_a,
        customer=customer_a,
        number=NEW,
        branch="(registered from an imported file)",
        currency="CNY",
        status=AccountStatus.ACTIVE,
        opened_on=None,
    )
    for kind, data in (("bank", BANK_CSV.encode()), ("journal", JOURNAL_CSV.encode("gb18030"))):
        record = import_file(
            actor=accountant_a, kind=kind, data=data, filename=f"{kind}.csv", account_number=NEW, customer=customer_a
        )
        assert record.status == ImportStatus.DONE, record.errors
    line = BankLine.objects.filter(account=account).order_by("pk").first()
    entry = JournalEntry.objects.filter(account=account, amount=line.amount, direction=line.direction).first()
    assert entry is not None
    match_manual(actor=accountant_a, account_id=account.pk, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk])
    period_close(actor=accountant_a, account_id=account.pk, period_end=dt.date(2026, 9, 30))
    return account


def test_ops_reassign_a_squatted_account_in_the_ui(
    client, squatted, ops, accountant_a, accountant_b, customer_b, customer_a
):
    client.force_login(accountant_a)
    before = client.get(reverse("portal:workbench", args=[squatted.pk], query={"period": "2026-10-31"}))
    assert "SN20261031001" in before.content.decode()  # A's lines, before
    client.force_login(ops)
    listing = client.get(reverse("portal:ops-accounts")).content.decode()
    assert NEW in listing and customer_a.legal_name in listing and "accountant_a" in listing
    url = reverse("portal:ops-account-reassign", args=[squatted.pk])
    form = client.get(url)
    assert form.status_code == 200 and customer_a.legal_name in form.content.decode()
    refused = client.post(url, {"credit_code": customer_b.credit_code, "reason": ""})
    assert refused.status_code == 200 and BankAccount.objects.get(pk=squatted.pk).customer == customer_a
    done = client.post(
        url,
        {"credit_code": customer_b.credit_code, "reason": "开户行核实：该账户属于中科信达"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert done.status_code == 302
    [said] = [str(m) for m in get_messages(done.wsgi_request)]
    assert re.search(r": \d+ lines of the previous holder's uploads withdrawn, 1 match undone\.$", said), said
    squatted.refresh_from_db()
    assert squatted.customer == customer_b
    # A's uploads on it are withdrawn: their lines no longer count, the match is undone, the close reopened.
    assert not BankLine.objects.filter(account=squatted, removed_at__isnull=True).exists()
    assert not JournalEntry.objects.filter(account=squatted, removed_at__isnull=True).exists()
    assert not Match.objects.filter(account=squatted, undone_at__isnull=True).exists()
    assert not PeriodClose.objects.filter(account=squatted, reopened_at__isnull=True).exists()
    assert set(Import.objects.filter(account=squatted).values_list("status", flat=True)) == {ImportStatus.WITHDRAWN}
    event = AuditEvent.objects.get(action="bank_account.reassigned")
    assert event.actor_id == ops.pk and event.before["customer_id"] == customer_a.pk
    assert event.after["customer_id"] == customer_b.pk and event.after["reason"] == "开户行核实：该账户属于中科信达"
    assert event.after["lines_retired"] > 0 and event.after["matches_undone"] == 1
    # Now B's: B sees the account and none of A's lines; A no longer sees it.
    client.force_login(accountant_b)
    assert client.get(reverse("portal:account-detail", args=[squatted.pk])).status_code == 200
    workbench = client.get(reverse("portal:workbench", args=[squatted.pk], query={"period": "2026-10-31"}))
    assert workbench.status_code == 200
    assert "SN20261031001" not in workbench.content.decode()
    client.force_login(accountant_a)
    assert client.get(reverse("portal:account-detail", args=[squatted.pk])).status_code == 404
    # B's own statement for the account now imports (A's withdrawn file is no obstacle).
    record = import_file(
        actor=accountant_b,
        kind="bank",
        data=BANK_CSV.replace("SN2026", "SB2026").encode(),
        filename="b.csv",
        account_number=NEW,
        customer=customer_b,
    )
    assert record.status == ImportStatus.DONE, record.errors


def test_reassign_is_for_bank_staff_and_refuses_an_onboarded_account(
    client, squatted, accountant_a, customer_b, agreement_a, account_a
):
    client.force_login(accountant_a)
    url = reverse("portal:ops-account-reassign", args=[squatted.pk])
    assert client.post(url, {"credit_code": customer_b.credit_code, "reason": "x"}).status_code == 403
    from statements.services.account_reassign import bank_account_reassign

    with pytest.raises(ServiceError) as forbidden:
        bank_account_reassign(
            actor=accountant_a, account_id=squatted.pk, credit_code=customer_b.credit_code, reason="x"
        )
    assert forbidden.value.code == "forbidden"
    ops = make_user("ops_reassign", [Role.BANK_OPS])
    with pytest.raises(ServiceError) as onboarded:  # an account with an agreement is not moved here
        bank_account_reassign(actor=ops, account_id=account_a.pk, credit_code=customer_b.credit_code, reason="x")
    assert onboarded.value.code == "has_agreement"
    with pytest.raises(ServiceError) as unknown:
        bank_account_reassign(actor=ops, account_id=squatted.pk, credit_code=credit_code(999), reason="x")
    assert credit_code(999) in unknown.value.message
    assert BankAccount.objects.get(pk=squatted.pk).customer_id == accountant_a.customer_id


def test_onboarding_an_account_a_company_registered_names_the_row_and_what_to_do(squatted, customer_a, english):
    line = ",".join(
        [
            "北京中科信达科技有限公司",
            credit_code(4242),
            NEW,
            "CNY",
            "北京分行",
            "monthly",
            "online_banking",
            "李强",
            "13901234567",
            "北京市",
            "active",
        ]
    )
    data = (
        HEADER
        + ",".join(
            [
                "测试1有限公司",
                credit_code(1),
                "6222000000000001",
                "CNY",
                "上海分行",
                "monthly",
                "online_banking",
                "王丽",
                "13812345678",
                "上海市",
                "active",
            ]
        )
        + "\n"
        + line
        + "\n"
    ).encode()
    with pytest.raises(RowsRefused) as refused:
        agreements_import(actor=None, data=data, filename="a.csv")
    message = refused.value.message
    assert "row 3" in message and NEW in message and customer_a.legal_name in message
    assert "accountant_a" in message  # who registered it, by an upload
    assert reverse("portal:ops-account-reassign", args=[squatted.pk]) in message  # where to resolve it
    assert not BankAccount.objects.filter(number="6222000000000001").exists()  # all-or-nothing, as before
    from statements.services.account_reassign import bank_account_reassign

    ops = make_user("ops_onboard", [Role.BANK_OPS])
    bank_account_reassign(actor=ops, account_id=squatted.pk, credit_code="", reason="待开户行核实归属")
    result = agreements_import(actor=None, data=data, filename="a.csv")
    assert result.counts["accounts assigned"] == 1
    assert BankAccount.objects.get(number=NEW).customer.credit_code == credit_code(4242)


def test_onboarding_keeps_refusing_an_account_the_bank_gave_another_customer(account_a, agreement_a, english):
    data = (
        HEADER
        + ",".join(
            [
                "别的公司",
                credit_code(4243),
                account_a.number,
                "CNY",
                "北京分行",
                "monthly",
                "online_banking",
                "李强",
                "13901234567",
                "北京市",
                "active",
            ]
        )
        + "\n"
    ).encode()
    with pytest.raises(RowsRefused, match="belongs to another customer"):
        agreements_import(actor=None, data=data, filename="a.csv")


def test_reassign_pages_are_in_the_tenancy_walk():
    from tests.portal.test_tenancy import BANK_ONLY

    assert "portal:ops-account-reassign" in BANK_ONLY
