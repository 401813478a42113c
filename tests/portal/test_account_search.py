"""The account search of the upload forms (issue 22 item 8): the JSON the search box asks, and the box itself without
JavaScript, for users who may use more accounts than a list shows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reconcile.models import Import
from tests.factories import BankAccountFactory, CustomerFactory
from tests.fixtures.language import language_restored  # noqa: F401,E402 (autouse fixture)
from tests.fixtures.worked_example import BANK_CSV

pytestmark = pytest.mark.django_db
SEARCH = reverse("portal:account-search")
UPLOAD = reverse("portal:import-upload")


def _found(client, query: str) -> list[str]:
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return [row["number"] for row in response.json()["accounts"]]


def test_an_accountant_finds_their_accounts_by_number_company_and_branch(client, accountant_a, customer_a, account_b):
    mine = BankAccountFactory(customer=customer_a, number="31050161373600009876", branch="浦东分行营业部")
    client.force_login(accountant_a)
    assert _found(client, "0098") == [mine.number]
    assert _found(client, "3105 0161 3736 0000 9876") == [mine.number]  # typed in groups of four
    assert _found(client, "浦东分行") == [mine.number]
    assert mine.number in _found(client, customer_a.legal_name[:4])
    row = client.get(SEARCH, {"q": "0098"}).json()["accounts"][0]
    assert (row["company"], row["branch"], row["currency"]) == (customer_a.legal_name, "浦东分行营业部", "CNY")


def test_the_other_customer_finds_nothing_of_theirs(client, accountant_a, account_a, account_b, customer_b):
    client.force_login(accountant_a)
    assert _found(client, account_b.number) == []
    assert _found(client, account_b.number[-6:]) == []
    assert _found(client, customer_b.legal_name) == []
    assert _found(client, account_a.number[-6:]) == [account_a.number]


def test_bank_operations_find_any_customers_account_and_the_list_is_capped(client, ops, account_a, account_b):
    for n in range(25):
        BankAccountFactory(customer=CustomerFactory(), number=f"62220000111122{n:06d}")
    client.force_login(ops)
    assert _found(client, account_b.number[-8:]) == [account_b.number]
    many = client.get(SEARCH, {"q": "6222000011112200"}).json()
    assert len(many["accounts"]) == 20 and many["more"] is True


def test_a_password_only_bank_officer_is_sent_to_the_second_factor(client, ops, account_a, settings):
    settings.BANK_STAFF_REQUIRE_2FA = True
    client.force_login(ops)
    response = client.get(SEARCH, {"q": account_a.number[-6:]})
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))
    assert account_a.number not in response.content.decode()


def test_a_client_without_the_accountant_role_gets_no_answer(client, client_a, account_a):
    client.force_login(client_a)
    assert client.get(SEARCH, {"q": account_a.number}).status_code == 403
    client.logout()
    assert client.get(SEARCH, {"q": account_a.number}).status_code == 302  # to the login page


@pytest.mark.parametrize(
    "query",
    ["", "3", '=HYPERLINK("http://x")', "+1-2", "@SUM(A1)", "'; DROP TABLE reconcile_bankaccount; --", "%_%", "\\"],
)
def test_odd_text_finds_nothing(client, accountant_a, account_a, query):
    client.force_login(accountant_a)
    assert _found(client, query) == []


def test_a_nul_byte_is_a_400_not_a_500(client, accountant_a, account_a):
    client.force_login(accountant_a)
    assert client.get(f"{SEARCH}?q=0012%00x").status_code == 400


def test_a_query_of_ten_thousand_characters_is_a_400_naming_the_limit(client, accountant_a, account_a, english):
    client.force_login(accountant_a)
    response = client.get(SEARCH, {"q": "1" * 10_000}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.json()["message"] == "Type at most 100 characters to search for an account."


def _many(monkeypatch) -> None:
    import portal.account_fields

    monkeypatch.setattr(portal.account_fields, "ACCOUNT_CHOICES_LIMIT", 1)


def test_without_javascript_a_whole_number_is_taken(
    client, ops, account_a, account_b, monkeypatch, django_capture_on_commit_callbacks
):
    _many(monkeypatch)
    client.force_login(ops)
    spaced = " ".join(account_a.number[i : i + 4] for i in range(0, len(account_a.number), 4))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            UPLOAD, {"kind": "bank", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "account": spaced}
        )
    assert response.status_code == 302
    assert Import.objects.get().account_id == account_a.pk


def test_a_number_that_is_not_one_of_the_users_accounts_is_refused_naming_it(
    client, accountant_a, account_a, account_b, monkeypatch
):
    _many(monkeypatch)
    BankAccountFactory(customer=account_a.customer)
    client.force_login(accountant_a)
    for typed in (account_b.number, "0012", "=1+1"):
        body = client.post(
            UPLOAD,
            {"kind": "bank", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "account": typed},
            headers={"accept-language": "en"},
        ).content.decode()
        assert 'id="id_account_error"' in body
        assert f"{typed} is not one of the accounts you may upload for" in body, typed
    assert not Import.objects.exists()


def test_a_group_accountant_finds_what_an_upload_accepts_their_own_companys_accounts(client, group, customer_a):
    """A grant lets a group user see and answer a subsidiary's statements; files are uploaded by each company's own
    accountants (the upload refuses another company's account), so the search offers the user's company's only."""
    import io

    from django.core.management import call_command

    from portal.models import Role
    from tests.factories import make_user

    user = make_user("group_accountant", [Role.ACCOUNTANT], customer_a)
    granted = group["subs"][0].account
    call_command(
        "group_grant",
        user.username,
        "--subsidiary",
        granted.customer.credit_code,
        "--authorisation",
        "授权书 2026-09-30",
        stdout=io.StringIO(),
    )
    client.force_login(user)
    own = group["parent"].account
    assert _found(client, own.number) == [own.number]
    assert _found(client, granted.number) == []
    assert _found(client, group["outsider"].account.number) == []


def test_hostile_text_in_the_search_box_of_the_form_is_refused_beside_it(client, ops, account_a, monkeypatch):
    _many(monkeypatch)
    BankAccountFactory()
    client.force_login(ops)
    for typed, status in (("1" * 10_000, 200), ("0012\x00", 400), ('=HYPERLINK("x")', 200)):
        response = client.post(
            UPLOAD,
            {"kind": "bank", "file": SimpleUploadedFile("oct.csv", BANK_CSV.encode()), "account": typed},
            headers={"accept-language": "en"},
        )
        assert response.status_code == status, typed[:20]
        if status == 200:
            assert 'id="id_account_error"' in response.content.decode()
    assert not Import.objects.exists()
