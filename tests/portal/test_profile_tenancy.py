"""Mapping profiles belong to one customer (or to the bank, created by bank staff): a company sees and uses its own
and the bank-wide ones, never another company's; bank staff see all. Names are unique per owner, so creating a name
another company uses succeeds and reveals nothing. Through the service, the web pages, the API and import_file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import ServiceError
from portal.models import Role
from reconcile.models import BankLine, ImportStatus, MappingProfile
from reconcile.services.imports import import_file
from reconcile.services.profiles import mapping_profile_save
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# A layout detection does not read: the flag column says the direction (1 = in for B's bank, 1 = out for A's).
ODD = "入账日,金额(元),方向码,说明\n2026-10-08,30000.00,1,货款\n2026-10-09,15.00,0,手续费\n"
COLUMNS = {"date": "入账日", "amount": "金额(元)", "flag": "方向码", "summary": "说明"}
NAME = "农商行网银格式"


@pytest.fixture
def accountant_b(customer_b):
    return make_user("accountant_b", [Role.ACCOUNTANT], customer_b)


@pytest.fixture
def b_private(accountant_b, customer_b):
    return mapping_profile_save(
        actor=accountant_b,
        name=NAME,
        kind="bank",
        columns=COLUMNS,
        flag_values={"1": "in", "0": "out"},
        customer=customer_b,
    )


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_another_companys_profile_is_not_found_by_name(b_private, accountant_a, account_a, customer_a):
    record = None
    with pytest.raises(ServiceError) as refused:
        record = import_file(
            actor=accountant_a,
            kind="bank",
            data=ODD.encode(),
            filename="odd.csv",
            account_number=account_a.number,
            profile_name=NAME,
            customer=customer_a,
        )
    assert record is None and NAME in refused.value.message and refused.value.code == "unknown_profile"
    assert not BankLine.objects.exists()


def test_another_companys_profile_is_not_tried_automatically(b_private, accountant_a, account_a, customer_a):
    record = import_file(
        actor=accountant_a,
        kind="bank",
        data=ODD.encode(),
        filename="odd.csv",
        account_number=account_a.number,
        customer=customer_a,
    )
    assert record.status == ImportStatus.REFUSED and record.profile_name == ""
    assert not BankLine.objects.exists()


def test_web_upload_and_api_upload_cannot_name_another_companys_profile(client, b_private, accountant_a, account_a):
    client.force_login(accountant_a)
    response = client.post(
        reverse("portal:import-upload"),
        {
            "kind": "bank",
            "account": account_a.number,
            "profile": NAME,
            "file": SimpleUploadedFile("odd.csv", ODD.encode()),
        },
    )
    assert response.status_code == 200 and NAME in response.content.decode()  # the form says: no such profile
    api = _api(accountant_a).post(
        reverse("api:import-upload"),
        {
            "kind": "bank",
            "account": account_a.number,
            "profile": NAME,
            "file": SimpleUploadedFile("odd.csv", ODD.encode()),
        },
        format="multipart",
    )
    assert api.status_code == 400 and NAME in api.json()["message"]
    assert not BankLine.objects.exists()


def test_creating_a_name_another_company_uses_reveals_nothing(client, b_private, accountant_a, customer_a):
    created = _api(accountant_a).post(
        reverse("api:profile-list"),
        {"name": NAME, "kind": "bank", "columns": COLUMNS, "flag_values": {"1": "out", "0": "in"}},
        format="json",
    )
    assert created.status_code == 201, created.json()
    client.force_login(accountant_a)
    page = client.post(
        reverse("portal:profiles"),
        {
            "name": NAME,
            "kind": "bank",
            "columns": "date = 入账日\namount = 金额(元)\nflag = 方向码",
            "flag_values": "1 = out\n0 = in",
        },
    )
    assert page.status_code == 302  # saved (an update of A's own), no "taken"
    assert MappingProfile.objects.filter(name=NAME).count() == 2
    b_private.refresh_from_db()
    assert b_private.flag_values == {"1": "in", "0": "out"} and b_private.customer_id != customer_a.pk


def test_each_company_uses_its_own_profile_of_a_shared_name(
    b_private, accountant_a, accountant_b, account_a, account_b, customer_a, customer_b
):
    mapping_profile_save(
        actor=accountant_a,
        name=NAME,
        kind="bank",
        columns=COLUMNS,
        flag_values={"1": "out", "0": "in"},
        customer=customer_a,
    )
    mine = import_file(
        actor=accountant_a,
        kind="bank",
        data=ODD.encode(),
        filename="a.csv",
        account_number=account_a.number,
        profile_name=NAME,
        customer=customer_a,
    )
    theirs = import_file(
        actor=accountant_b,
        kind="bank",
        data=ODD.replace("手续费", "费用").encode(),
        filename="b.csv",
        account_number=account_b.number,
        profile_name=NAME,
        customer=customer_b,
    )
    assert mine.status == theirs.status == ImportStatus.DONE
    first = {line.account_id: line.direction for line in BankLine.objects.filter(amount=Decimal("30000.00"))}
    assert first == {account_a.pk: "out", account_b.pk: "in"}


def test_lists_show_own_and_bank_wide_profiles_and_bank_staff_see_all(client, b_private, accountant_a, ops, customer_a):
    mapping_profile_save(actor=ops, name="银行通用格式", kind="bank", columns=COLUMNS, customer=None)
    mapping_profile_save(
        actor=accountant_a,
        name="恒瑞自定义",
        kind="journal",
        columns={"date": "日期", "amount": "金额"},
        customer=customer_a,
    )
    assert sorted(p["name"] for p in _api(accountant_a).get(reverse("api:profile-list")).json()) == [
        "恒瑞自定义",
        "银行通用格式",
    ]
    client.force_login(accountant_a)
    page = client.get(reverse("portal:profiles")).content.decode()
    assert "银行通用格式" in page and "恒瑞自定义" in page and NAME not in page
    seen = {p["name"] for p in _api(ops).get(reverse("api:profile-list")).json()}
    assert seen == {"银行通用格式", "恒瑞自定义", NAME}
    client.force_login(ops)
    page = client.get(reverse("portal:profiles")).content.decode()
    assert NAME in page and b_private.customer.legal_name in page  # bank staff see whose it is


def test_bank_wide_profile_is_used_and_a_companys_own_name_wins(ops, accountant_a, account_a, customer_a):
    mapping_profile_save(
        actor=ops, name=NAME, kind="bank", columns=COLUMNS, flag_values={"1": "in", "0": "out"}, customer=None
    )
    shared = import_file(
        actor=accountant_a,
        kind="bank",
        data=ODD.encode(),
        filename="a.csv",
        account_number=account_a.number,
        profile_name=NAME,
        customer=customer_a,
    )
    assert shared.status == ImportStatus.DONE
    assert BankLine.objects.get(amount=Decimal("30000.00")).direction == "in"
    mapping_profile_save(
        actor=accountant_a,
        name=NAME,
        kind="bank",
        columns=COLUMNS,
        flag_values={"1": "out", "0": "in"},
        customer=customer_a,
    )
    own = import_file(
        actor=accountant_a,
        kind="bank",
        data=ODD.replace("货款", "货款二").encode(),
        filename="b.csv",
        account_number=account_a.number,
        profile_name=NAME,
        customer=customer_a,
    )
    assert own.status == ImportStatus.DONE
    assert BankLine.objects.get(summary="货款二").direction == "out"
    # A company's save made its own profile; the bank-wide one of the same name is untouched.
    assert MappingProfile.objects.get(name=NAME, customer=None).flag_values == {"1": "in", "0": "out"}


def test_names_are_unique_per_owner(b_private, customer_a, customer_b):
    again = mapping_profile_save(
        actor=None, name=NAME, kind="bank", columns={"date": "日期", "amount": "金额"}, customer=customer_b
    )
    assert again.pk == b_private.pk and MappingProfile.objects.filter(customer=customer_b).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        MappingProfile.objects.create(name=NAME, kind="bank", columns=COLUMNS, customer=customer_b)
    MappingProfile.objects.create(name=NAME, kind="bank", columns=COLUMNS, customer=customer_a)
    MappingProfile.objects.create(name=NAME, kind="bank", columns=COLUMNS, customer=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        MappingProfile.objects.create(name=NAME, kind="bank", columns=COLUMNS, customer=None)


def test_only_bank_staff_create_bank_wide_profiles(accountant_a):
    with pytest.raises(ValidationError):
        mapping_profile_save(
            actor=accountant_a, name="x", kind="bank", columns={"date": "日期", "amount": "金额"}, customer=None
        )
    stray = make_user("stray_accountant", [Role.ACCOUNTANT])  # a company role without a company
    response = _api(stray).post(
        reverse("api:profile-list"), {"name": "x", "kind": "bank", "columns": {"date": "日期"}}, format="json"
    )
    assert response.status_code == 400 and not MappingProfile.objects.exists()


def test_import_file_command_profile_is_scoped_to_the_customer(b_private, account_b, customer_b, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(ODD, encoding="utf-8")
    with pytest.raises(CommandError, match=NAME):
        call_command("import_file", str(path), "--kind", "bank", "--account", account_b.number, "--profile", NAME)
    call_command(
        "import_file",
        str(path),
        "--kind",
        "bank",
        "--account",
        account_b.number,
        "--profile",
        NAME,
        "--customer",
        customer_b.credit_code,
    )
    assert BankLine.objects.filter(account=account_b).count() == 2
