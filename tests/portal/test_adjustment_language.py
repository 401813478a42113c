"""The 余额调节表 downloads in English on request (``language=en``): the workbench, the all-accounts ZIP and the API;
Chinese by default whatever the page or Accept-Language; another language refused, naming it; never another
company's table."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from tests.factories import api_key, make_user

pytestmark = pytest.mark.django_db
END = dt.date(2026, 10, 31)


def _sheets(data: bytes) -> list[str]:
    return load_workbook(io.BytesIO(data)).sheetnames


def _api(user, language: str = "en") -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE=language)
    return api


@pytest.mark.parametrize("page_language", ["en", "zh-hans"])
def test_the_workbench_downloads_chinese_by_default_and_english_on_request(client, books, accountant_a, page_language):
    client.force_login(accountant_a)
    url = reverse("portal:adjustment-xlsx", args=[books.pk])
    headers = {"accept-language": page_language}
    assert _sheets(client.get(url, {"period": END}, headers=headers).content) == ["余额调节表", "未达账项明细"]
    english = client.get(url, {"period": END, "language": "en"}, headers=headers)
    assert english.status_code == 200 and _sheets(english.content) == ["Reconciliation", "Outstanding items"]
    pdf = client.get(reverse("portal:adjustment-pdf", args=[books.pk]), {"period": END, "language": "en"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert pdf.status_code == 200 and "Bank reconciliation statement" in text and "银行存款余额调节表" not in text


def test_the_workbench_page_offers_the_english_table(client, books, accountant_a):
    client.force_login(accountant_a)
    page = client.get(reverse("portal:workbench", args=[books.pk]), {"period": END}).content.decode()
    assert "英文版：" in page and "language=en" in page


@pytest.mark.parametrize("value", ["fr", "en\u202e", "x" * 5000])
def test_another_language_is_refused_naming_it_not_a_500(client, books, accountant_a, value):
    client.force_login(accountant_a)
    response = client.get(
        reverse("portal:adjustment-xlsx", args=[books.pk]),
        {"period": END, "language": value},
        headers={"accept-language": "en"},
        follow=True,
    )
    text = response.content.decode()
    assert response.status_code == 200 and "is not a language of the adjustment table" in text
    assert "\x00" not in text and "\u202e" not in text


def test_the_zip_holds_every_table_in_the_language_asked_for(client, books, accountant_a):
    client.force_login(accountant_a)
    response = client.get(reverse("portal:reconcile-zip"), {"period": END, "language": "en"})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    xlsx = [n for n in archive.namelist() if n.endswith(".xlsx")]
    assert xlsx and all(_sheets(archive.read(n))[0] == "Reconciliation" for n in xlsx)
    refused = client.get(
        reverse("portal:reconcile-zip"),
        {"period": END, "language": "de"},
        headers={"accept-language": "en"},
        follow=True,
    )
    assert "“de” is not a language of the adjustment table" in refused.content.decode()


@pytest.mark.parametrize("accept_language", ["en", "zh-hans"])
def test_the_api_gives_chinese_files_unless_english_is_named(books, accountant_a, accept_language):
    api = _api(accountant_a, accept_language)
    url = f"/api/v1/accounts/{books.pk}/adjustment"
    assert _sheets(api.get(url, {"date": END, "format": "xlsx"}).content)[0] == "余额调节表"
    english = api.get(url, {"date": END, "format": "xlsx", "language": "en"})
    assert english.status_code == 200 and _sheets(english.content)[0] == "Reconciliation"
    # The JSON is the same in either language.
    assert api.get(url, {"date": END}).json() == api.get(url, {"date": END, "language": "en"}).json()


@pytest.mark.parametrize("value", ["fr", "x" * 5000])
def test_the_api_refuses_another_language_as_a_bad_parameter(books, accountant_a, value):
    response = _api(accountant_a).get(
        f"/api/v1/accounts/{books.pk}/adjustment", {"date": END, "format": "pdf", "language": value}
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "invalid" and "\x00" not in response.content.decode()


def test_another_companys_table_stays_hidden_in_english_too(client, books, customer_b):
    other = make_user("accountant_b", ["accountant"], customer_b)
    client.force_login(other)
    page = client.get(reverse("portal:adjustment-xlsx", args=[books.pk]), {"period": END, "language": "en"})
    assert page.status_code == 404
    response = _api(other).get(
        f"/api/v1/accounts/{books.pk}/adjustment", {"date": END, "language": "en", "format": "xlsx"}
    )
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_a_nul_in_the_language_is_the_portals_unreadable_input_not_a_500(client, books, accountant_a):
    client.force_login(accountant_a)
    page = client.get(reverse("portal:adjustment-xlsx", args=[books.pk]), {"period": END, "language": "\x00"})
    assert page.status_code == 400
    api = _api(accountant_a).get(f"/api/v1/accounts/{books.pk}/adjustment", {"date": END, "language": "\x00"})
    assert api.status_code == 400 and api.json()["code"] == "unreadable_input"


def test_the_api_names_a_long_language_value_as_it_names_a_short_one(books, accountant_a):
    # The README: 400 for a bad language, naming the value; a value over 20 characters got DRF's bare length rule.
    response = _api(accountant_a).get(f"/api/v1/accounts/{books.pk}/adjustment", {"date": END, "language": "x" * 5000})
    assert response.status_code == 400
    assert "is not a language of the adjustment table" in response.json()["message"]


def test_an_account_number_with_a_slash_makes_no_folder_in_a_download_name(client, accountant_a, customer_a):
    from tests.factories import BankAccountFactory

    german = BankAccountFactory(customer=customer_a, number="37040044/0532013000", currency="EUR")
    client.force_login(accountant_a)
    response = client.get(reverse("portal:adjustment-vouchers", args=[german.pk]), {"period": END})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="vouchers-kingdee-37040044-0532013000-2026-10-31.xlsx"'
    )


@pytest.mark.parametrize("name", ["portal:adjustment-xlsx", "portal:adjustment-pdf"])
def test_a_password_only_bank_officer_gets_no_table_in_either_language(client, ops, settings, books, name):
    settings.BANK_STAFF_REQUIRE_2FA = True
    client.force_login(ops)
    for language in ("en", "zh-hans"):
        response = client.get(reverse(name, args=[books.pk]), {"period": END, "language": language})
        assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))
    response = client.get(reverse("portal:reconcile-zip"), {"period": END, "language": "en"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))


def test_a_formula_as_the_language_is_refused_as_text(books, accountant_a):
    response = _api(accountant_a).get(
        f"/api/v1/accounts/{books.pk}/adjustment", {"date": END, "format": "xlsx", "language": '=HYPERLINK("x")'}
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "is not a language of the adjustment table" in response.json()["message"]
